package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// InputlookupCommand is inputlookup [options] table [WHERE search-expr]
// (spl-semantics.md §9.7).
type InputlookupCommand struct {
	Sp      source.Span
	Options []*Option // append=, start=, max=
	Table   *Field
	Where   SearchExpr
}

func (c *InputlookupCommand) Span() source.Span { return c.Sp }
func (c *InputlookupCommand) Name() string      { return "inputlookup" }
func (c *InputlookupCommand) command()          {}
func (c *InputlookupCommand) String() string {
	var b strings.Builder
	b.WriteString("inputlookup")
	writeOptions(&b, c.Options)
	b.WriteString(" " + c.Table.String())
	if c.Where != nil {
		b.WriteString(" where " + c.Where.String())
	}
	return b.String()
}
