package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/output"
)

type searchOptions struct {
	lookupDir  string
	geoip      string
	query      string
	content    []string
	format     string
	outputPath string
	earliest   string
	latest     string
	input      inputOptions
}

func newSearch(s *streams) *cobra.Command {
	var o searchOptions
	c := &cobra.Command{
		Use:   "search [flags] 'SPL' [PATH...]",
		Short: "Run an ad-hoc SPL search over logs",
		Long: `Parse, plan and run one SPL search over the logs in PATH and print the result
rows. A search that does not start with "|" begins with an implicit search
command over the events; one that starts with a generating command
(| makeresults ...) needs no PATH. Macros come from --content folders, or the
built-in ones (powershell, security_content_ctime, ...).`,
		Example: `  riskhound search 'EventCode=4104 | stats count by Computer' examples/
  riskhound search '| makeresults | eval x=relative_time(now(), "-70m@m")'`,
		Args: needArgs(1, "an SPL search ('EventCode=4104 | stats count by Computer')"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.query, o.input.paths = args[0], args[1:]
			o.input.progress = false
			return runSearch(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.content, "content", nil, "content folder supplying macros and lookups (repeatable)")
	f.StringVar(&o.format, "format", "", "output format: table, jsonl or csv (default table on a terminal, else jsonl)")
	f.StringVarP(&o.outputPath, "output", "o", "", "write results to this file instead of stdout")
	f.StringVar(&o.earliest, "earliest", "", "only events at or after this time (e.g. -24h@h, 2024-05-15T00:00:00Z)")
	f.StringVar(&o.latest, "latest", "", "only events before this time")
	f.StringVar(&o.geoip, "geoip", "", "MaxMind City database (.mmdb) for iplocation")
	f.StringVar(&o.lookupDir, "outputlookup-dir", "", "folder where outputlookup writes its CSV files (default: not written, with a warning)")
	f.BoolVarP(&o.input.quiet, "quiet", "q", false, "do not print input warnings")
	return c
}

func runSearch(ctx context.Context, s *streams, o searchOptions) error {
	w, format, closeOut, err := tableOutput(s, o.outputPath, o.format)
	if err != nil {
		return err
	}
	tr, err := timeRange(o.earliest, o.latest)
	if err != nil {
		return err
	}
	res, err := engine.Search(ctx, engine.SearchOptions{
		Query:           o.query,
		ContentDirs:     o.content,
		Inputs:          o.input.engineInputs(s),
		Time:            tr,
		GeoIP:           o.geoip,
		OutputLookupDir: o.lookupDir,
		Warn:            func(msg string) { fmt.Fprintln(s.err, "warning: "+msg) },
	})
	if err != nil {
		return err
	}
	if err := output.Rows(w, format, res.Rows, 0); err != nil {
		return err
	}
	return closeOut()
}

// timeRange resolves --earliest/--latest against the current time.
func timeRange(earliest, latest string) (engine.TimeRange, error) {
	tr := engine.TimeRange{Now: time.Now().UTC()}
	var err error
	if earliest != "" {
		if tr.Earliest, err = engine.ResolveTime(earliest, tr.Now); err != nil {
			return tr, usageError{fmt.Errorf("--earliest: %w", err)}
		}
	}
	if latest != "" {
		if tr.Latest, err = engine.ResolveTime(latest, tr.Now); err != nil {
			return tr, usageError{fmt.Errorf("--latest: %w", err)}
		}
	}
	return tr, nil
}

func asWriter(w any) io.Writer {
	if ww, ok := w.(io.Writer); ok {
		return ww
	}
	return nil
}
