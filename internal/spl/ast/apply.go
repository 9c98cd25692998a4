package ast

import "github.com/riskhound/riskhound/internal/source"

// ApplyCommand is apply model [options] (Machine Learning Toolkit): Args
// holds the model name (and "as" target words, if written). The engine
// cannot run it; it is parsed so that it is reported as unsupported by the
// planner with its arguments, not as a syntax error.
type ApplyCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *ApplyCommand) Span() source.Span { return c.Sp }
func (c *ApplyCommand) Name() string      { return "apply" }
func (c *ApplyCommand) command()          {}
func (c *ApplyCommand) String() string    { return optionsArgs("apply", c.Options, c.Args) }
