// Command riskhound runs Splunk ESCU detections (and ad-hoc SPL) directly on
// raw Windows logs: EVTX, XmlWinEventLog text and JSON.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/riskhound/riskhound/internal/source"
)

// Exit codes (DESIGN.md): 0 ran, with or without findings; 1 usage or input
// error; 2 internal error.
const (
	exitOK       = 0
	exitInput    = 1
	exitInternal = 2
)

// usageError marks errors caused by how riskhound was called or by its
// input, as opposed to internal failures.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// silentExit makes riskhound exit with status 1 after a command has already
// reported why (validate with failing detections).
type silentExit struct{}

func (silentExit) Error() string { return "exit status 1" }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line and returns the exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	if errors.As(err, new(silentExit)) {
		return exitInput
	}
	fmt.Fprintln(stderr, "riskhound: "+source.Render(err))
	var ue usageError
	var d *source.Diagnostic
	var l source.List
	switch {
	case errors.As(err, &ue), errors.As(err, &d), errors.As(err, &l), isFlagError(err):
		return exitInput
	}
	return exitInternal
}
