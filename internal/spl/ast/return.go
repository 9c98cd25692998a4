package ast

import "github.com/riskhound/riskhound/internal/source"

// ReturnCommand is return [count] [alias=field | field | $field] ...:
// the subsearch form of format. Args holds the count (if written) and the
// bare or $-prefixed fields; alias=field pairs are Options.
type ReturnCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *ReturnCommand) Span() source.Span { return c.Sp }
func (c *ReturnCommand) Name() string      { return "return" }
func (c *ReturnCommand) command()          {}
func (c *ReturnCommand) String() string    { return optionsArgs("return", c.Options, c.Args) }
