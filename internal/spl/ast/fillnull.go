package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// FillnullCommand is fillnull [value=v] [fields] (spl-semantics.md §9.11).
// Value is nil when not given (the default is "0"); no fields means every
// field seen in some result.
type FillnullCommand struct {
	Sp     source.Span
	Value  *Option
	Fields []*Field
}

func (c *FillnullCommand) Span() source.Span { return c.Sp }
func (c *FillnullCommand) Name() string      { return "fillnull" }
func (c *FillnullCommand) command()          {}
func (c *FillnullCommand) String() string {
	var b strings.Builder
	b.WriteString("fillnull")
	if c.Value != nil {
		b.WriteString(" " + c.Value.String())
	}
	writeFields(&b, c.Fields)
	return b.String()
}
