package ast

import "github.com/riskhound/riskhound/internal/source"

// MakemvCommand is makemv [delim="s"|tokenizer="re"] [allowempty=b]
// [setsv=b] field: splits a value into a multivalue (spl-semantics.md §9.21).
type MakemvCommand struct {
	Sp      source.Span
	Options []*Option
	Field   *Field
}

func (c *MakemvCommand) Span() source.Span { return c.Sp }
func (c *MakemvCommand) Name() string      { return "makemv" }
func (c *MakemvCommand) command()          {}
func (c *MakemvCommand) String() string    { return optionsField("makemv", c.Options, c.Field) }
