package ast

import "github.com/riskhound/riskhound/internal/source"

// OutlierCommand is outlier [options] [fields]: removes or transforms
// numeric outliers.
type OutlierCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *OutlierCommand) Span() source.Span { return c.Sp }
func (c *OutlierCommand) Name() string      { return "outlier" }
func (c *OutlierCommand) command()          {}
func (c *OutlierCommand) String() string    { return optionsArgs("outlier", c.Options, c.Args) }
