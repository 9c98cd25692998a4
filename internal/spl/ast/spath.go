package ast

import "github.com/riskhound/riskhound/internal/source"

// SpathCommand is spath [input=f] [output=f] [path=p | p]
// (spl-semantics.md §9.12). Field is the positional path, nil when absent
// (then path= may be among Options, or every leaf is extracted).
type SpathCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *SpathCommand) Span() source.Span { return c.Sp }
func (c *SpathCommand) Name() string      { return "spath" }
func (c *SpathCommand) command()          {}
func (c *SpathCommand) String() string    { return optionsField("spath", c.Options, c.Field) }
