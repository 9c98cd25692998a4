package ast

import "github.com/riskhound/riskhound/internal/source"

// IplocationCommand is iplocation [prefix=s] [allfields=b] field:
// GeoIP fields for an IP address (spl-semantics.md §9.25).
type IplocationCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *IplocationCommand) Span() source.Span { return c.Sp }
func (c *IplocationCommand) Name() string      { return "iplocation" }
func (c *IplocationCommand) command()          {}
func (c *IplocationCommand) String() string    { return optionsField("iplocation", c.Options, c.Field) }
