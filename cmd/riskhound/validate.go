package main

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/output"
	"github.com/riskhound/riskhound/internal/source"
)

type validateOptions struct {
	content []string
	sigma   []string
	format  string
}

func newValidate(s *streams) *cobra.Command {
	var o validateOptions
	c := &cobra.Command{
		Use:   "validate [--content DIR]... [--sigma DIR]... [--format text|json]",
		Short: "Check that every detection loads, parses and plans, without running it",
		Long: `Load every detection, macro, lookup definition and story of the content, expand
macros, parse and plan every search, and report each detection that fails: the
file, the position in the search (inside a macro: the macro and the position
in its definition) and the message with a caret. Then one summary line:

  N detections: N loaded, P parsed, M planned, K unsupported, E errors

--format json prints one object per detection with its status (ok,
unsupported, parse_error, plan_error, load_error), errors, and the commands and
functions it uses. Exit status 0 when everything loaded, parsed and planned,
1 otherwise. Without --content the built-in content is validated; --sigma
validates Sigma rules (files or folders), each compiled to SPL.`,
		Example: `  riskhound validate --content ../security_content
  riskhound validate --content ../security_content --format json | jq -r 'select(.status!="ok") | .name'`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return usageError{fmt.Errorf("validate takes no arguments (did you mean --content %s?)", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runValidate(cmd.Context(), s, o)
		},
	}
	f := c.Flags()
	f.StringArrayVar(&o.content, "content", nil, "ESCU-style content folder (repeatable; default: built-in content)")
	f.StringArrayVar(&o.sigma, "sigma", nil, "Sigma rule file or folder (repeatable)")
	f.StringVar(&o.format, "format", "text", "output format: text or json")
	return c
}

type validateJSON struct {
	engine.DetectionStatus
	Errors []string `json:"errors"`
}

func runValidate(ctx context.Context, s *streams, o validateOptions) error {
	if _, err := output.ParseFormat(o.format, "text", output.Format("json")); err != nil {
		return usageError{err}
	}
	rep, err := engine.Validate(ctx, o.content, o.sigma)
	if err != nil {
		return usageError{err}
	}
	if o.format == "json" {
		enc := json.NewEncoder(s.out)
		enc.SetEscapeHTML(false)
		for _, d := range rep.Detections {
			j := validateJSON{DetectionStatus: d, Errors: []string{}}
			for _, e := range d.Errors {
				j.Errors = append(j.Errors, source.Render(e))
			}
			if j.Commands == nil {
				j.Commands = []string{}
			}
			if j.Functions == nil {
				j.Functions = []string{}
			}
			if err := enc.Encode(j); err != nil {
				return err
			}
		}
	} else {
		for _, d := range rep.Detections {
			if d.Status == engine.StatusOK {
				continue
			}
			name := d.Name
			if name == "" {
				name = d.File
			}
			fmt.Fprintf(s.out, "%s: %s (%s)\n", d.Status, name, d.File)
			for _, e := range d.Errors {
				fmt.Fprintf(s.out, "  %s\n", indent(source.Render(e)))
			}
		}
	}
	fmt.Fprintf(s.err, "%d detections: %d loaded, %d parsed, %d planned, %d unsupported, %d errors\n",
		rep.Loaded, rep.Loaded, rep.Parsed, rep.Planned, rep.Unsupported, rep.Errors)
	if !rep.OK() {
		return silentExit{}
	}
	return nil
}
