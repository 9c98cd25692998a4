package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// OutputlookupCommand is outputlookup [options] table (spl-semantics.md
// §9.8).
type OutputlookupCommand struct {
	Sp      source.Span
	Options []*Option
	Table   *Field
}

func (c *OutputlookupCommand) Span() source.Span { return c.Sp }
func (c *OutputlookupCommand) Name() string      { return "outputlookup" }
func (c *OutputlookupCommand) command()          {}
func (c *OutputlookupCommand) String() string {
	var b strings.Builder
	b.WriteString("outputlookup")
	writeOptions(&b, c.Options)
	b.WriteString(" " + c.Table.String())
	return b.String()
}
