package ast

import "github.com/riskhound/riskhound/internal/source"

// AnomalydetectionCommand is anomalydetection [options] [fields]: flags
// anomalous values (Args are the fields, quoted or not).
type AnomalydetectionCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *AnomalydetectionCommand) Span() source.Span { return c.Sp }
func (c *AnomalydetectionCommand) Name() string      { return "anomalydetection" }
func (c *AnomalydetectionCommand) command()          {}
func (c *AnomalydetectionCommand) String() string {
	return optionsArgs("anomalydetection", c.Options, c.Args)
}
