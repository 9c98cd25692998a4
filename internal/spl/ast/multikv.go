package ast

import "github.com/riskhound/riskhound/internal/source"

// MultikvCommand is multikv [options] [fields]: extracts table-formatted
// events into one result per row.
type MultikvCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *MultikvCommand) Span() source.Span { return c.Sp }
func (c *MultikvCommand) Name() string      { return "multikv" }
func (c *MultikvCommand) command()          {}
func (c *MultikvCommand) String() string    { return optionsArgs("multikv", c.Options, c.Args) }
