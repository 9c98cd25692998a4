package ast

import "github.com/riskhound/riskhound/internal/source"

// ReverseCommand is reverse: the results in the opposite order.
type ReverseCommand struct {
	Sp source.Span
}

func (c *ReverseCommand) Span() source.Span { return c.Sp }
func (c *ReverseCommand) Name() string      { return "reverse" }
func (c *ReverseCommand) command()          {}
func (c *ReverseCommand) String() string    { return "reverse" }
