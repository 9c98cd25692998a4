package main

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/output"
	"github.com/riskhound/riskhound/internal/source"
)

type huntOptions struct {
	lookupDir  string
	geoip      string
	content    []string
	sigma      []string
	detections []string
	format     string
	outputPath string
	earliest   string
	latest     string
	verbose    bool
	input      inputOptions
}

func newHunt(s *streams) *cobra.Command {
	var o huntOptions
	c := &cobra.Command{
		Use:   "hunt [flags] PATH...",
		Short: "Run detections over logs and report findings (notables and risk events)",
		Long: `Run every detection of the content over the logs in PATH (files or folders) and
print one finding per result row: the row, the notable and risk events Splunk
Enterprise Security would create, and the ATT&CK mapping.

Without --content the built-in content is used: the two seed PowerShell
detections (PowerShell Invoke WmiExec Usage; Remote Process Instantiation via
WinRM and PowerShell Script Block). --sigma adds Sigma rules (files or folders
of .yml), compiled to SPL and run on the same engine; with --sigma alone only
the Sigma rules run. Each Sigma match is a finding with a notable whose
severity is the rule's level and a risk event on the host (score 10, 30, 50,
70 or 90 for informational to critical). Detections run over all time unless
--earliest/--latest say otherwise.

The output format defaults to table on a terminal and jsonl otherwise. A
summary (detections run and fired, findings, events read, elapsed time) goes to
stderr.`,
		Example: `  riskhound hunt examples/
  riskhound hunt --content ../security_content --format jsonl logs/
  riskhound hunt --sigma ../sigma/rules/windows host1.evtx
  riskhound hunt --detection "PowerShell Invoke WmiExec Usage" host1.evtx`,
		Args: needArgs(1, "at least one PATH (a log file or folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input.paths = args
			o.input.progress = o.input.progress && isTerminal(s.err)
			return runHunt(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.content, "content", nil, "ESCU-style content folder (repeatable; default: built-in content)")
	f.StringArrayVar(&o.sigma, "sigma", nil, "Sigma rule file or folder (repeatable)")
	f.StringArrayVar(&o.detections, "detection", nil, "run only this detection, by name or ID (repeatable)")
	f.StringVar(&o.format, "format", "", "output format: table, jsonl or csv (default table on a terminal, else jsonl)")
	f.StringVarP(&o.outputPath, "output", "o", "", "write findings to this file instead of stdout")
	f.StringVar(&o.earliest, "earliest", "", "only events at or after this time (e.g. -24h@h, 2024-05-15T00:00:00Z)")
	f.StringVar(&o.latest, "latest", "", "only events before this time")
	f.StringVar(&o.geoip, "geoip", "", "MaxMind City database (.mmdb) for iplocation")
	f.StringVar(&o.lookupDir, "outputlookup-dir", "", "folder where outputlookup writes its CSV files (default: not written, with a warning)")
	f.BoolVarP(&o.input.quiet, "quiet", "q", false, "do not print input warnings")
	f.BoolVar(&o.input.progress, "progress", true, "show progress on stderr when it is a terminal")
	f.BoolVarP(&o.verbose, "verbose", "v", false, "log debug information to stderr")
	return c
}

func runHunt(ctx context.Context, s *streams, o huntOptions) error {
	w, format, closeOut, err := tableOutput(s, o.outputPath, o.format)
	if err != nil {
		return err
	}
	tr, err := timeRange(o.earliest, o.latest)
	if err != nil {
		return err
	}
	rep, err := engine.Hunt(ctx, engine.HuntOptions{
		ContentDirs:     o.content,
		SigmaDirs:       o.sigma,
		Detections:      o.detections,
		Inputs:          o.input.engineInputs(s),
		Time:            tr,
		GeoIP:           o.geoip,
		OutputLookupDir: o.lookupDir,
		Warn:            func(msg string) { fmt.Fprintln(s.err, "warning: "+msg) },
		Logger:          newLogger(s.err, o.verbose),
	})
	if o.input.progress {
		fmt.Fprintln(s.err)
	}
	if err != nil {
		return usageError{err}
	}
	for _, p := range rep.ContentProblems {
		fmt.Fprintf(s.err, "content error: %s\n", p.Render())
	}
	reportDetectionErrors(s, rep.Errors, o.verbose)
	if err := output.Findings(w, format, rep.Findings, 0); err != nil {
		return err
	}
	if err := closeOut(); err != nil {
		return err
	}
	in := rep.Input
	fmt.Fprintf(s.err, "%d detections loaded, %d run, %d fired, %d failed; %d findings; %d events from %d files (%d problems, %d skipped) in %s\n",
		rep.Loaded, rep.Run, rep.Fired, len(rep.Errors), len(rep.Findings), in.Events, in.Files, in.Problems, in.Skipped, rep.Elapsed.Round(1e6))
	if in.Events == 0 && in.Files+in.Skipped > 0 && in.Problems > 0 {
		return usageError{fmt.Errorf("no events could be read from the inputs")}
	}
	return nil
}

// reportDetectionErrors prints detections that could not run. With verbose
// each gets its full diagnostic; otherwise up to 5 are shown in full and the
// rest are counted by reason, so that a content folder with hundreds of
// detections needing unsupported commands stays readable.
func reportDetectionErrors(s *streams, errs []engine.DetectionError, verbose bool) {
	const shown = 5
	reasons := map[string]int{}
	for i, e := range errs {
		if verbose || i < shown {
			fmt.Fprintf(s.err, "detection error: %s (%s):\n  %s\n", e.Detection, e.File, indent(source.Render(e.Err)))
			continue
		}
		reason := firstLine(e.Err)
		if i := strings.Index(reason, "; known:"); i >= 0 {
			reason = reason[:i] // the list of known names is in the full message
		}
		reasons[reason]++
	}
	if len(reasons) == 0 {
		return
	}
	fmt.Fprintf(s.err, "%d more detections could not run (-v shows each):\n", len(errs)-shown)
	keys := output.SortedKeys(reasons)
	sort.SliceStable(keys, func(i, j int) bool { return reasons[keys[i]] > reasons[keys[j]] })
	for _, k := range keys {
		fmt.Fprintf(s.err, "  %5d  %s\n", reasons[k], k)
	}
}

// firstLine is the message of err without its position and caret lines.
func firstLine(err error) string {
	var d *source.Diagnostic
	if errors.As(err, &d) {
		return d.Msg
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}

func indent(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		out = append(out, r)
		if r == '\n' {
			out = append(out, ' ', ' ')
		}
	}
	return string(out)
}

// chooseFormat validates the --format flag; empty means table on a terminal
// and jsonl otherwise.
func chooseFormat(flag string, w any, allowed ...output.Format) (output.Format, error) {
	if flag == "" {
		if isTerminal(asWriter(w)) {
			return output.Table, nil
		}
		return output.JSONL, nil
	}
	f, err := output.ParseFormat(flag, allowed...)
	if err != nil {
		return "", usageError{err}
	}
	return f, nil
}
