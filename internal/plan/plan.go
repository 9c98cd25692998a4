// Package plan turns a parsed pipeline into what the executor runs: the
// leading search compiled into a filter together with the time range it
// selects, and the commands after it. It resolves everything that does not
// depend on events: earliest=/latest= written in the search, relative time
// modifiers, the filter's pushdown constraints.
package plan

import (
	"strings"
	"time"

	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
)

// Options is what planning depends on besides the pipeline.
type Options struct {
	// File is the text the pipeline's spans point into (may be nil).
	File *source.File
	// Now resolves relative time modifiers such as earliest=-70m@m.
	Now time.Time
	// Earliest and Latest are the job's time range (zero = unbounded). An
	// earliest= or latest= written in the leading search overrides them
	// (spl-semantics.md §4.8).
	Earliest, Latest time.Time
}

// Plan is a planned pipeline. It is immutable.
type Plan struct {
	File *source.File
	// Generating reports that the pipeline starts with a generating command
	// (| makeresults ...), which is then Commands[0]; Search is nil.
	Generating bool
	// Search is the leading search's filter (nil when Generating).
	Search *filter.Filter
	// Earliest and Latest bound _time for the leading search:
	// Earliest <= _time < Latest; a zero time is unbounded.
	Earliest, Latest time.Time
	// Commands are the commands after the leading search.
	Commands []ast.Command

	// Tstats is set when the pipeline starts with tstats, which is then
	// Commands[0]. Such a plan is not Generating: its Search filters the
	// data-model rows of events (the WHERE clause without time bounds and
	// nodename), so that one scan can serve it like any search.
	Tstats *ast.TstatsCommand
	// Nodename is the nodename= of the tstats WHERE clause, "" when absent.
	Nodename string
	// From is set when the pipeline starts with from datamodel ..., which
	// is then Commands[0]; like Tstats it reads the rows of scanned events
	// and is not Generating. Search then matches everything.
	From *ast.FromCommand
}

// generating lists the commands that produce results rather than filter
// events when they start a pipeline.
var generating = map[string]bool{
	"makeresults": true, "inputlookup": true, "mstats": true,
	"rest": true, "metadata": true, "datamodel": true,
}

// IsGenerating reports whether a command named name generates results when
// it starts a pipeline. tstats is not generating here: it reads the
// data-model rows of the scanned events.
func IsGenerating(name string) bool { return generating[name] }

// tstats plans a pipeline that starts with tstats (spl-semantics.md §8.4).
func (pl *Plan) tstats(ts *ast.TstatsCommand, p *ast.Pipeline, o Options) (*Plan, error) {
	var errs source.List
	expr := ts.Where
	if expr != nil {
		expr = pl.extractTime(expr, o, &errs)
	}
	if expr != nil {
		expr = pl.extractNodename(expr, o.File, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	f, err := filter.Compile(expr, o.File)
	if err != nil {
		return nil, err
	}
	pl.Search, pl.Tstats, pl.Commands = f, ts, p.Commands
	return pl, nil
}

// extractNodename removes nodename=X from the top-level conjunction.
func (pl *Plan) extractNodename(e ast.SearchExpr, f *source.File, errs *source.List) ast.SearchExpr {
	terms := []ast.SearchExpr{e}
	and, isAnd := e.(*ast.SearchAnd)
	if isAnd {
		terms = and.Terms
	}
	var kept []ast.SearchExpr
	for _, t := range terms {
		if c, ok := t.(*ast.SearchCompare); ok && strings.EqualFold(c.Field.Name, "nodename") {
			if c.Op != ast.OpEq {
				errs.Add(source.Errorf(source.ErrUnsupported, f, c.Sp, "nodename only supports ="))
			}
			pl.Nodename = c.Value.Text
			continue
		}
		kept = append(kept, t)
	}
	switch {
	case len(kept) == len(terms):
		return e
	case len(kept) == 0:
		return nil
	case len(kept) == 1:
		return kept[0]
	}
	return &ast.SearchAnd{Sp: and.Sp, Terms: kept}
}

// Build plans p.
func Build(p *ast.Pipeline, o Options) (*Plan, error) {
	pl := &Plan{File: o.File, Earliest: o.Earliest, Latest: o.Latest}
	if len(p.Commands) == 0 {
		f, _ := filter.Compile(nil, o.File)
		pl.Search = f
		return pl, nil
	}
	first := p.Commands[0]
	if ts, ok := first.(*ast.TstatsCommand); ok {
		return pl.tstats(ts, p, o)
	}
	if fc, ok := first.(*ast.FromCommand); ok {
		f, _ := filter.Compile(nil, o.File)
		pl.Search, pl.From, pl.Commands = f, fc, p.Commands
		return pl, nil
	}
	sc, isSearch := first.(*ast.SearchCommand)
	if !isSearch {
		if !generating[first.Name()] {
			return nil, source.Errorf(source.ErrUnsupported, o.File, first.Span(),
				"a search cannot start with %q: it is not a generating command", first.Name())
		}
		pl.Generating = true
		pl.Commands = p.Commands
		return pl, nil
	}
	var errs source.List
	expr := sc.Expr
	if expr != nil {
		expr = pl.extractTime(expr, o, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	f, err := filter.Compile(expr, o.File)
	if err != nil {
		return nil, err
	}
	pl.Search = f
	pl.Commands = p.Commands[1:]
	return pl, nil
}

// extractTime removes earliest=/latest= terms from the top-level conjunction
// of the leading search and applies them to the plan's range. Such terms in
// other positions (under OR or NOT) are rejected: their meaning as time
// bounds would be unclear.
func (pl *Plan) extractTime(e ast.SearchExpr, o Options, errs *source.List) ast.SearchExpr {
	terms := []ast.SearchExpr{e}
	and, isAnd := e.(*ast.SearchAnd)
	if isAnd {
		terms = and.Terms
	}
	var kept []ast.SearchExpr
	for _, t := range terms {
		c, ok := t.(*ast.SearchCompare)
		if !ok || !isTimeField(c.Field.Name) {
			checkNoTime(t, o.File, errs)
			kept = append(kept, t)
			continue
		}
		if c.Op != ast.OpEq {
			errs.Add(source.Errorf(source.ErrUnsupported, o.File, c.Sp, "%s only supports =", c.Field.Name))
			continue
		}
		at, err := spltime.Resolve(c.Value.Text, o.Now)
		if err != nil {
			errs.Add(source.Errorf(source.ErrSyntax, o.File, c.Value.Sp, "%v", err))
			continue
		}
		if strings.EqualFold(c.Field.Name, "earliest") {
			pl.Earliest = at
		} else {
			pl.Latest = at
		}
	}
	if len(kept) == len(terms) {
		return e
	}
	switch len(kept) {
	case 0:
		return nil
	case 1:
		return kept[0]
	}
	sp := and.Sp
	return &ast.SearchAnd{Sp: sp, Terms: kept}
}

func isTimeField(name string) bool {
	return strings.EqualFold(name, "earliest") || strings.EqualFold(name, "latest")
}

func checkNoTime(e ast.SearchExpr, f *source.File, errs *source.List) {
	switch e := e.(type) {
	case *ast.SearchCompare:
		if isTimeField(e.Field.Name) {
			errs.Add(source.Errorf(source.ErrUnsupported, f, e.Sp, "%s= is only supported at the top level of the search", e.Field.Name))
		}
	case *ast.SearchAnd:
		for _, t := range e.Terms {
			checkNoTime(t, f, errs)
		}
	case *ast.SearchOr:
		for _, t := range e.Terms {
			checkNoTime(t, f, errs)
		}
	case *ast.SearchNot:
		checkNoTime(e.X, f, errs)
	}
}

// InRange reports whether epoch seconds t fall in [Earliest, Latest).
func (pl *Plan) InRange(t float64) bool {
	if !pl.Earliest.IsZero() && t < spltime.Epoch(pl.Earliest) {
		return false
	}
	if !pl.Latest.IsZero() && t >= spltime.Epoch(pl.Latest) {
		return false
	}
	return true
}

// Bounded reports whether the plan restricts _time at all.
func (pl *Plan) Bounded() bool { return !pl.Earliest.IsZero() || !pl.Latest.IsZero() }
