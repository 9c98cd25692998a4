package ast

import "github.com/riskhound/riskhound/internal/source"

// FromCommand is from datamodel DM.Dataset (also written
// datamodel:"DM.Dataset"): the dataset's events with unprefixed fields
// (spl-semantics.md §9.27). Kind is the dataset kind in lower case
// ("datamodel", "lookup", "savedsearch", ...).
type FromCommand struct {
	Sp      source.Span
	Kind    string
	Dataset *Field
}

func (c *FromCommand) Span() source.Span { return c.Sp }
func (c *FromCommand) Name() string      { return "from" }
func (c *FromCommand) command()          {}
func (c *FromCommand) String() string    { return "from " + c.Kind + ":" + c.Dataset.String() }
