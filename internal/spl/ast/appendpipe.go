package ast

import "github.com/riskhound/riskhound/internal/source"

// AppendpipeCommand is appendpipe [options] [ subpipeline ]: the subpipeline
// runs over the current results and its output is appended (§9.16).
type AppendpipeCommand struct {
	Sp      source.Span
	Options []*Option
	Sub     *Pipeline
}

func (c *AppendpipeCommand) Span() source.Span { return c.Sp }
func (c *AppendpipeCommand) Name() string      { return "appendpipe" }
func (c *AppendpipeCommand) command()          {}
func (c *AppendpipeCommand) String() string    { return subCommand("appendpipe", c.Options, c.Sub) }
