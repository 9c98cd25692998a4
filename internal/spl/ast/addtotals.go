package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// AddtotalsCommand is addtotals [options] [fields] (spl-semantics.md §9.23).
type AddtotalsCommand struct {
	Sp      source.Span
	Options []*Option // row=, col=, fieldname=, labelfield=, label=
	Fields  []*Field
}

func (c *AddtotalsCommand) Span() source.Span { return c.Sp }
func (c *AddtotalsCommand) Name() string      { return "addtotals" }
func (c *AddtotalsCommand) command()          {}
func (c *AddtotalsCommand) String() string {
	var b strings.Builder
	b.WriteString("addtotals")
	writeOptions(&b, c.Options)
	writeFields(&b, c.Fields)
	return b.String()
}
