package ast

import "github.com/riskhound/riskhound/internal/source"

// FormatCommand is format [options] [row/column prefix and separator
// strings]: turns results into a search string (spl-semantics.md §3).
type FormatCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *FormatCommand) Span() source.Span { return c.Sp }
func (c *FormatCommand) Name() string      { return "format" }
func (c *FormatCommand) command()          {}
func (c *FormatCommand) String() string    { return optionsArgs("format", c.Options, c.Args) }
