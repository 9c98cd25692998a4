package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// TstatsCommand is tstats over a data model (spl-semantics.md §8.4):
// tstats [options] aggs [FROM datamodel=DM[.Dataset]] [WHERE search-expr]
// [BY fields [span=...]]. Where uses the search language, nodename=... in it
// included.
type TstatsCommand struct {
	Sp      source.Span
	Options []*Option // summariesonly=, allow_old_summaries=, fillnull_value=, prestats=, ...
	Aggs    []*Aggregation
	// From is the FROM clause as an option, Key "datamodel" (as written) and
	// Value "Endpoint.Processes"; nil when there is no FROM.
	From      *Option
	Where     SearchExpr // nil without WHERE
	By        []*Field
	ByOptions []*Option // options written in the BY list, e.g. span=1h
}

func (c *TstatsCommand) Span() source.Span { return c.Sp }
func (c *TstatsCommand) Name() string      { return "tstats" }
func (c *TstatsCommand) command()          {}
func (c *TstatsCommand) String() string {
	var b strings.Builder
	b.WriteString("tstats")
	writeOptions(&b, c.Options)
	writeAggs(&b, c.Aggs)
	if c.From != nil {
		b.WriteString(" from " + c.From.String())
	}
	if c.Where != nil {
		b.WriteString(" where " + c.Where.String())
	}
	if len(c.By) > 0 {
		b.WriteString(" by " + FieldList(c.By))
		writeOptions(&b, c.ByOptions)
	}
	return b.String()
}
