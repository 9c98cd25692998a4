package ast

import "github.com/riskhound/riskhound/internal/source"

// XmlkvCommand is xmlkv [field] [maxinputs=n]: a field per XML leaf
// element (spl-semantics.md §9.19). Field is nil for the default _raw.
type XmlkvCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *XmlkvCommand) Span() source.Span { return c.Sp }
func (c *XmlkvCommand) Name() string      { return "xmlkv" }
func (c *XmlkvCommand) command()          {}
func (c *XmlkvCommand) String() string    { return optionsField("xmlkv", c.Options, c.Field) }
