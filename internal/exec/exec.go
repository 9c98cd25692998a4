// Package exec runs SPL pipelines: it compiles a parsed pipeline once into
// operators and runs it over events many times.
package exec

import (
	"context"
	"errors"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Env is what a compiled search may depend on besides its input events. It is
// injected so that detection runs are reproducible (STYLE.md rule 14).
type Env struct {
	// Now is the search's start time: now(), relative_time and relative time
	// range modifiers use it.
	Now time.Time
	// Earliest and Latest bound the events the leading search selects
	// (earliest <= _time < latest); zero means unbounded.
	Earliest, Latest time.Time
}

// Program is a compiled pipeline. It is safe for concurrent use by Match, and
// Run may be called many times (each call has its own state).
type Program struct{}

// Compile plans and compiles p. Unsupported commands and functions are
// diagnostics of class source.ErrUnsupported with their position.
func Compile(p *ast.Pipeline, env Env) (*Program, error) {
	return nil, errors.New("exec: not implemented yet")
}

// Generating reports whether the pipeline starts with a generating command
// (| makeresults, | inputlookup, | tstats ...) rather than an event search; a
// generating program ignores Match and is Run with no events.
func (p *Program) Generating() bool { return false }

// Match reports whether ev passes the leading search command and the time
// range. It lets one pass over the input serve many programs (shared scan). It
// does not modify ev and may be called from several goroutines.
func (p *Program) Match(ev *event.Event) bool { return false }

// Run runs the pipeline after its leading search over events, which must be
// the events Match accepted, newest first (Splunk's order). It returns the
// result rows in order. Run owns nothing it is given: it clones events before
// changing them.
func (p *Program) Run(ctx context.Context, events []*event.Event) ([]*event.Event, error) {
	return nil, errors.New("exec: not implemented yet")
}
