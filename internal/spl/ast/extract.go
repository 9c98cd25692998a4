package ast

import "github.com/riskhound/riskhound/internal/source"

// ExtractCommand is extract [options] (alias kv): search-time
// key/value extraction, e.g. extract pairdelim=";" kvdelim=":".
type ExtractCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *ExtractCommand) Span() source.Span { return c.Sp }
func (c *ExtractCommand) Name() string      { return "extract" }
func (c *ExtractCommand) command()          {}
func (c *ExtractCommand) String() string    { return optionsArgs("extract", c.Options, c.Args) }
