package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/output"
)

// streams are the standard streams a command writes to; tests replace them.
type streams struct {
	in       io.Reader
	out, err io.Writer
}

func newRoot(in io.Reader, out, errw io.Writer) *cobra.Command {
	s := &streams{in: in, out: out, err: errw}
	root := &cobra.Command{
		Use:   "riskhound",
		Short: "Run Splunk ESCU detections and SPL on raw Windows logs, offline",
		Long: `riskhound runs Splunk Enterprise Security Content Update (ESCU) detections and
ad-hoc SPL directly on raw logs -- EVTX files, XmlWinEventLog text and JSON --
with no Splunk, and reports the notables and risk events Splunk ES would raise.

Inputs are files or folders (walked recursively, .zip and .gz read directly);
each file's format is detected from its content.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetIn(in)
	root.SetOut(out)
	root.SetErr(errw)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return usageError{fmt.Errorf("%w\nrun '%s -h' for usage", err, c.CommandPath())}
	})
	var profile string
	var profFile *os.File
	root.PersistentFlags().StringVar(&profile, "cpuprofile", "", "write a CPU profile to this file (for performance work)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		if profile == "" {
			return nil
		}
		f, err := os.Create(profile)
		if err != nil {
			return usageError{err}
		}
		profFile = f
		return pprof.StartCPUProfile(f)
	}
	root.PersistentPostRunE = func(cmd *cobra.Command, args []string) error {
		if profFile == nil {
			return nil
		}
		pprof.StopCPUProfile()
		return profFile.Close()
	}
	root.AddCommand(newHunt(s), newSearch(s), newEvents(s), newValidate(s), newTest(s), newDatamodel(s))
	return root
}

const version = "0.1.0-dev"

// needArgs requires at least n positional arguments, naming what is missing
// as a usage error (exit status 1).
func needArgs(n int, what string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) < n {
			return usageError{fmt.Errorf("%s needs %s\nrun '%s -h' for usage", cmd.Name(), what, cmd.CommandPath())}
		}
		return nil
	}
}

func isFlagError(err error) bool {
	return strings.Contains(err.Error(), "unknown flag") || strings.Contains(err.Error(), "unknown command")
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// inputOptions are the flags every command that reads logs shares.
type inputOptions struct {
	paths    []string
	quiet    bool
	progress bool
}

// engineInputs wires input problems and progress to stderr.
func (o inputOptions) engineInputs(s *streams) engine.Inputs {
	in := engine.Inputs{Paths: o.paths}
	in.Problem = func(p event.Problem) {
		if !o.quiet {
			fmt.Fprintf(s.err, "warning: %v\n", p)
		}
	}
	if o.progress {
		start := time.Now()
		in.Progress = func(st inputs.Stats) {
			fmt.Fprintf(s.err, "\rread %d files, %d events, %.1f MB in %.1fs ", st.Files, st.Events, float64(st.Bytes)/1e6, time.Since(start).Seconds())
		}
	}
	return in
}

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	lvl := slog.LevelWarn
	if verbose {
		lvl = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: lvl}))
}

// openOutput returns where results go: the --output file or stdout.
func openOutput(s *streams, path string) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return s.out, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, usageError{err}
	}
	return f, f.Close, nil
}

// tableOutput opens the --output destination and resolves the --format flag
// of the commands that print rows (table, jsonl or csv; empty means table on
// a terminal and jsonl otherwise).
func tableOutput(s *streams, path, flag string) (io.Writer, output.Format, func() error, error) {
	w, closeOut, err := openOutput(s, path)
	if err != nil {
		return nil, "", nil, err
	}
	format, err := chooseFormat(flag, w, output.Table, output.JSONL, output.CSV)
	if err != nil {
		closeOut()
		return nil, "", nil, err
	}
	return w, format, closeOut, nil
}
