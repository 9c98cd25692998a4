package ast

import "github.com/riskhound/riskhound/internal/source"

// MvexpandCommand is mvexpand field [limit=n]: one result per value of
// the field (spl-semantics.md §9.13).
type MvexpandCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *MvexpandCommand) Span() source.Span { return c.Sp }
func (c *MvexpandCommand) Name() string      { return "mvexpand" }
func (c *MvexpandCommand) command()          {}
func (c *MvexpandCommand) String() string    { return optionsField("mvexpand", c.Options, c.Field) }
