package ast

import "github.com/riskhound/riskhound/internal/source"

// FromjsonCommand is fromjson field [prefix=s]: a field per
// top-level JSON key (spl-semantics.md §9.20).
type FromjsonCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *FromjsonCommand) Span() source.Span { return c.Sp }
func (c *FromjsonCommand) Name() string      { return "fromjson" }
func (c *FromjsonCommand) command()          {}
func (c *FromjsonCommand) String() string    { return optionsField("fromjson", c.Options, c.Field) }
