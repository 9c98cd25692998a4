package ast

import "github.com/riskhound/riskhound/internal/source"

// TailCommand is tail [N]: the last N results (default 10), last first.
type TailCommand struct {
	Sp       source.Span
	HasCount bool
	Count    int
}

func (c *TailCommand) Span() source.Span { return c.Sp }
func (c *TailCommand) Name() string      { return "tail" }
func (c *TailCommand) command()          {}
func (c *TailCommand) String() string    { return countCommand("tail", c.HasCount, c.Count, nil) }
