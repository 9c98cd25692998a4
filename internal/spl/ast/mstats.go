package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// MstatsCommand is mstats [options] aggs WHERE search-expr [BY fields
// [span=...]] over metric indexes (spl-semantics.md §9.28). Out of scope for
// execution; parsed so diagnostics name it precisely.
type MstatsCommand struct {
	Sp        source.Span
	Options   []*Option
	Aggs      []*Aggregation
	Where     SearchExpr
	By        []*Field
	ByOptions []*Option
}

func (c *MstatsCommand) Span() source.Span { return c.Sp }
func (c *MstatsCommand) Name() string      { return "mstats" }
func (c *MstatsCommand) command()          {}
func (c *MstatsCommand) String() string {
	var b strings.Builder
	b.WriteString("mstats")
	writeOptions(&b, c.Options)
	writeAggs(&b, c.Aggs)
	if c.Where != nil {
		b.WriteString(" where " + c.Where.String())
	}
	if len(c.By) > 0 {
		b.WriteString(" by " + FieldList(c.By))
		writeOptions(&b, c.ByOptions)
	}
	return b.String()
}
