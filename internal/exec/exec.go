// Package exec runs SPL pipelines: it compiles a parsed pipeline once into
// operators and runs it over events many times.
//
// Compile plans the pipeline (package plan: leading search or tstats, time
// range, earliest=/latest= terms), runs subsearches written inside search
// expressions, compiles every later command into a stage, and reports
// unsupported commands and functions as diagnostics with their span. Run
// opens one Operator per stage (see Operator for the contract) and pulls
// the results through them. Each command's stage is in a file named after
// it, documented with its section of spl-semantics.md.
//
// Commands: search, where, eval, stats, eventstats, streamstats, tstats
// (through Env.DataModels), from datamodel, convert, rename, table, fields,
// dedup, sort, head, tail, reverse, fillnull, mvexpand, makemv, rex, regex,
// bin/bucket, timechart, transaction, foreach (eval/where bodies), lookup,
// inputlookup, outputlookup, append, appendpipe, join, map (through
// Env.ParseSearch), iplocation (through Env.GeoIP), spath, xmlkv, fromjson,
// replace, addtotals, makeresults, extract, multikv, anomalydetection
// (histogram method), outlier.
package exec

import (
	"context"
	"time"

	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/plan"
	"github.com/riskhound/riskhound/internal/source"
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

	// File is the text the pipeline's spans point into, for diagnostics
	// (optional).
	File *source.File
	// Clock returns wall-clock time for eval's time(); nil means Now.
	Clock func() time.Time
	// Lookups resolves the table named in lookup and inputlookup (a lookup
	// definition or a file name) at compile time; nil means no tables.
	Lookups func(name string) (*lookup.Table, bool)
	// Subsearch runs a compiled subsearch (of append, join, or a [...] in a
	// search expression) over the job's events: it selects the events
	// prog.Match accepts, newest first, and returns prog.Run's results (a
	// generating prog runs with none). RunOver does exactly that over a
	// slice. nil makes subsearches a compile error.
	Subsearch func(ctx context.Context, prog *Program) ([]*event.Event, error)
	// ParseSearch expands the macros of and parses a search given as text
	// at run time (map search="..."); nil makes map a compile error.
	ParseSearch func(text string) (*ast.Pipeline, *source.File, error)
	// GeoIP resolves an IP address for iplocation into fields such as City,
	// Country, Region, lat and lon (more with all set); false for unknown
	// or private addresses. nil makes iplocation a compile error rather
	// than silently adding nothing.
	GeoIP func(ip string, all bool) (map[string]string, bool)
	// OutputLookup receives the results outputlookup writes to table;
	// appendRows is set for outputlookup append=true, when the rows are to
	// be added after the table's existing rows instead of replacing them
	// (spl-semantics.md §9.8). nil discards them. Results pass through
	// either way.
	OutputLookup func(table string, rows []*event.Event, appendRows bool) error
	// DataModels gives tstats the data-model rows of events; nil makes
	// tstats ... FROM datamodel=... a compile error.
	DataModels DataModels
	// MemoryLimit bounds the bytes the stateful commands of one Run may
	// retain; 0 means DefaultMemoryLimit, negative means unlimited.
	MemoryLimit int64
}

// Program is a compiled pipeline. It is safe for concurrent use by Match, and
// Run may be called many times (each call has its own state).
type Program struct {
	// rowOf maps a scanned event to the row tstats sees (nil unless the
	// pipeline starts with tstats).
	rowOf  func(*event.Event) (*event.Event, bool)
	plan   *plan.Plan
	stages []stage
	env    Env
}

// Compile plans and compiles p. Unsupported commands and functions are
// diagnostics of class source.ErrUnsupported with their position.
//
// Subsearches inside search expressions run during compilation (Splunk runs
// them first); Compile uses context.Background for them, CompileContext the
// given context.
func Compile(p *ast.Pipeline, env Env) (*Program, error) {
	return CompileContext(context.Background(), p, env)
}

// CompileContext is Compile with a context for the subsearches it runs.
func CompileContext(ctx context.Context, p *ast.Pipeline, env Env) (*Program, error) {
	p, err := resolveSubsearches(ctx, p, env)
	if err != nil {
		return nil, err
	}
	pl, err := plan.Build(p, plan.Options{File: env.File, Now: env.Now, Earliest: env.Earliest, Latest: env.Latest})
	if err != nil {
		return nil, err
	}
	c := &compiler{
		plan: pl,
		ctx:  ctx,
		env:  env,
		file: env.File,
	}
	c.evalEnv = eval.Env{File: env.File, Now: env.Now, Clock: env.Clock}
	c.ev = eval.NewCompiler(c.evalEnv)
	prog := &Program{plan: pl, env: env}
	cmds := pl.Commands
	if pl.Tstats != nil {
		st, rowOf := c.tstats(pl.Tstats, pl.Nodename)
		if st != nil {
			prog.stages = append(prog.stages, st)
			prog.rowOf = rowOf
		}
		cmds = cmds[1:]
	}
	if pl.From != nil {
		st, rowOf := c.from(pl.From)
		if st != nil {
			prog.stages = append(prog.stages, st)
			prog.rowOf = rowOf
		}
		cmds = cmds[1:]
	}
	for _, cmd := range cmds {
		if st := c.command(cmd); st != nil {
			prog.stages = append(prog.stages, st)
		}
	}
	if err := c.errs.Err(); err != nil {
		return nil, err
	}
	return prog, nil
}

// Generating reports whether the pipeline starts with a generating command
// (| makeresults, | inputlookup, | tstats ...) rather than an event search; a
// generating program ignores Match and is Run with no events.
func (p *Program) Generating() bool { return p.plan.Generating }

// Plan returns the program's plan (leading filter, time range).
func (p *Program) Plan() *plan.Plan { return p.plan }

// Match reports whether ev passes the leading search command and the time
// range. It lets one pass over the input serve many programs (shared scan). It
// does not modify ev and may be called from several goroutines.
func (p *Program) Match(ev *event.Event) bool {
	if p.plan.Generating {
		return false
	}
	if p.plan.Bounded() {
		t, ok := ev.EpochTime()
		if !ok || !p.plan.InRange(t) {
			return false
		}
	}
	if p.rowOf != nil {
		row, ok := p.rowOf(ev)
		return ok && p.plan.Search.Match(row)
	}
	return p.plan.Search.Match(ev)
}

// Run runs the pipeline after its leading search over events, which must be
// the events Match accepted, newest first (Splunk's order). It returns the
// result rows in order. Run owns nothing it is given: it clones events before
// changing them.
func (p *Program) Run(ctx context.Context, events []*event.Event) ([]*event.Event, error) {
	limit := p.env.MemoryLimit
	if limit == 0 {
		limit = DefaultMemoryLimit
	}
	rs := &runState{budget: &budget{limit: limit, file: p.env.File}}
	if p.plan.Generating {
		events = nil
	}
	src := &sliceSource{events: events}
	if len(p.stages) > 0 {
		if a, ok := p.stages[0].(*aggregator); ok && a.readOnly() {
			src.shared = true
		}
	}
	var op Operator = src
	for _, st := range p.stages {
		op = st.open(op, rs)
	}
	defer op.Close()
	var out []*event.Event
	err := drain(ctx, op, func(e *event.Event) error {
		out = append(out, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// compiler compiles the commands of one pipeline.
type compiler struct {
	plan *plan.Plan
	ctx  context.Context
	env  Env
	file *source.File
	ev   *eval.Compiler
	// evalEnv is the environment of ev, for compilers created later.
	evalEnv eval.Env
	errs    source.List
}

func (c *compiler) errf(class error, sp source.Span, format string, args ...any) {
	c.errs.Add(source.Errorf(class, c.file, sp, format, args...))
}

// addErr records err (a diagnostic or list) from a sub-compiler.
func (c *compiler) addErr(err error) {
	switch e := err.(type) {
	case *source.Diagnostic:
		c.errs.Add(e)
	case source.List:
		c.errs = append(c.errs, e...)
	default:
		c.errs.Add(&source.Diagnostic{Class: source.ErrRuntime, Msg: err.Error()})
	}
}

// unsupported records that cmd has no executor.
func (c *compiler) unsupported(cmd ast.Command) stage {
	c.errf(source.ErrUnsupported, cmd.Span(), "command %q is not supported yet", cmd.Name())
	return nil
}
