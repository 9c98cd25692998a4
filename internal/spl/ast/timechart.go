package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// TimechartCommand is timechart [options] aggs [BY field] (§9.24).
type TimechartCommand struct {
	Sp      source.Span
	Options []*Option // span=, limit=, cont=, ...
	Aggs    []*Aggregation
	By      []*Field
}

func (c *TimechartCommand) Span() source.Span { return c.Sp }
func (c *TimechartCommand) Name() string      { return "timechart" }
func (c *TimechartCommand) command()          {}
func (c *TimechartCommand) String() string {
	var b strings.Builder
	b.WriteString("timechart")
	writeOptions(&b, c.Options)
	writeAggs(&b, c.Aggs)
	if len(c.By) > 0 {
		b.WriteString(" by " + FieldList(c.By))
	}
	return b.String()
}
