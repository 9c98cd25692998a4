package main

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/output"
)

type datamodelOptions struct {
	model      string
	format     string
	outputPath string
	input      inputOptions
}

func newDatamodel(s *streams) *cobra.Command {
	var o datamodelOptions
	c := &cobra.Command{
		Use:   "datamodel [--model MODEL.DATASET] [--format table|jsonl|csv] PATH...",
		Short: "Show the CIM data-model rows (what tstats sees) derived from logs",
		Long: `Derive the CIM data-model rows that tstats detections read (Endpoint.Processes,
Endpoint.Registry, Network_Traffic, Authentication, ...) from the events in
PATH and print them, so you can see why a tstats detection did or did not
match. Fields carry their dataset prefix (Processes.process_name) as in
tstats; the field "datasets" lists the datasets (including child datasets such
as Authentication.Failed_Authentication) each row belongs to.`,
		Example: `  riskhound datamodel --model Endpoint.Processes sysmon.evtx
  riskhound datamodel --format jsonl logs/ | jq 'select(.["Processes.process_name"]=="cmd.exe")'`,
		Args: needArgs(1, "at least one PATH (a log file or folder)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.input.paths = args
			return runDatamodel(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringVar(&o.model, "model", "", "only rows of this dataset, e.g. Endpoint.Processes or Authentication.Failed_Authentication")
	f.StringVar(&o.format, "format", "", "output format: table, jsonl or csv (default table on a terminal, else jsonl)")
	f.StringVarP(&o.outputPath, "output", "o", "", "write rows to this file instead of stdout")
	f.BoolVarP(&o.input.quiet, "quiet", "q", false, "do not print input warnings")
	return c
}

func runDatamodel(ctx context.Context, s *streams, o datamodelOptions) error {
	w, format, closeOut, err := tableOutput(s, o.outputPath, o.format)
	if err != nil {
		return err
	}
	var rows []*event.Event
	_, err = engine.DataModelRows(ctx, engine.DataModelOptions{Dataset: o.model, Inputs: o.input.engineInputs(s)},
		func(ev *event.Event) error { rows = append(rows, ev); return nil })
	if err != nil {
		return usageError{err}
	}
	if err := output.Rows(w, format, rows, 0); err != nil {
		return err
	}
	return closeOut()
}
