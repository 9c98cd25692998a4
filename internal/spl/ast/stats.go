package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// StatsCommand is stats, eventstats or streamstats (spl-semantics.md §8.1-8.3):
// aggregations, optionally by fields. Options holds command options written
// before the aggregations (e.g. streamstats window=5).
type StatsCommand struct {
	Sp      source.Span
	Cmd     string // "stats", "eventstats" or "streamstats"
	Options []*Option
	Aggs    []*Aggregation
	By      []*Field
}

func (c *StatsCommand) Span() source.Span { return c.Sp }
func (c *StatsCommand) Name() string      { return c.Cmd }
func (c *StatsCommand) command()          {}
func (c *StatsCommand) String() string {
	var b strings.Builder
	b.WriteString(c.Cmd)
	for _, o := range c.Options {
		b.WriteString(" " + o.String())
	}
	for i, a := range c.Aggs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + a.String())
	}
	if len(c.By) > 0 {
		b.WriteString(" by " + FieldList(c.By))
	}
	return b.String()
}

// Aggregation is one aggregate: count, count(x), dc(x), values(eval(...)),
// perc95(x), ... Func is the function name in lower case as written (c,
// count, distinct_count, perc95). At most one of Field and Eval is set; both
// are nil for a bare count. As is nil when no AS name was given; the output
// name is then DefaultName().
type Aggregation struct {
	Sp    source.Span
	Func  string
	Field *Field
	Eval  EvalExpr
	As    *Field
}

func (a *Aggregation) Span() source.Span { return a.Sp }

// DefaultName is the output field name without AS: the function text as
// written, e.g. "count", "dc(user)", "min(_time)".
func (a *Aggregation) DefaultName() string {
	switch {
	case a.Field != nil:
		return a.Func + "(" + a.Field.Name + ")"
	case a.Eval != nil:
		return a.Func + "(eval(" + a.Eval.String() + "))"
	}
	return a.Func
}

// OutputName returns the AS name or the default name.
func (a *Aggregation) OutputName() string {
	if a.As != nil {
		return a.As.Name
	}
	return a.DefaultName()
}

func (a *Aggregation) String() string {
	var s string
	switch {
	case a.Field != nil:
		s = a.Func + "(" + a.Field.String() + ")"
	case a.Eval != nil:
		s = a.Func + "(eval(" + a.Eval.String() + "))"
	default:
		s = a.Func
	}
	if a.As != nil {
		s += " as " + a.As.String()
	}
	return s
}
