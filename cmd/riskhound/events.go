package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/output"
)

type eventsOptions struct {
	format     string
	outputPath string
	input      inputOptions
}

func newEvents(s *streams) *cobra.Command {
	var o eventsOptions
	c := &cobra.Command{
		Use:   "events [flags] PATH...",
		Short: "Print the events read from logs, after field extraction",
		Long: `Print every event riskhound reads from PATH with the fields a detection sees.

  jsonl  one object per event: {"_time", "index", "host", "source", "sourcetype",
         "fields": {"Name": "value" | ["v1", "v2"]}}
  xml    Splunk-style XmlWinEventLog text, one <Event> per line (newlines inside
         values written as &#10;), e.g. to convert EVTX for replay elsewhere`,
		Example: `  riskhound events examples/
  riskhound events --format xml Security.evtx > Security.log`,
		Args: needArgs(1, "at least one PATH (a log file or folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input.paths = args
			return runEvents(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.format, "format", "jsonl", "output format: jsonl or xml")
	f.StringVarP(&o.outputPath, "output", "o", "", "write events to this file instead of stdout")
	f.BoolVarP(&o.input.quiet, "quiet", "q", false, "do not print input warnings")
	return c
}

func runEvents(ctx context.Context, s *streams, o eventsOptions) error {
	format, err := output.ParseFormat(o.format, output.JSONL, output.XML)
	if err != nil {
		return usageError{err}
	}
	w, closeOut, err := openOutput(s, o.outputPath)
	if err != nil {
		return err
	}
	ew := output.NewEventWriter(w, format)
	skipped := 0
	st, err := engine.Events(ctx, o.input.engineInputs(s), func(ev *event.Event) error {
		if err := ew.Write(ev); err != nil {
			if format == output.XML {
				skipped++
				return nil
			}
			return err
		}
		return nil
	})
	if ferr := ew.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return usageError{err}
	}
	if skipped > 0 {
		fmt.Fprintf(s.err, "warning: %d events have no XML rendering (JSON input) and were not written\n", skipped)
	}
	if err := closeOut(); err != nil {
		return err
	}
	if st.Events == 0 && st.Problems > 0 {
		return usageError{fmt.Errorf("no events could be read from the inputs")}
	}
	return nil
}
