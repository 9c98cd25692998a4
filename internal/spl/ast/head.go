package ast

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// HeadCommand is head [N] [options]: the first N results (default 10).
type HeadCommand struct {
	Sp       source.Span
	HasCount bool
	Count    int
	Options  []*Option // limit=, keeplast=, null=
}

func (c *HeadCommand) Span() source.Span { return c.Sp }
func (c *HeadCommand) Name() string      { return "head" }
func (c *HeadCommand) command()          {}
func (c *HeadCommand) String() string    { return countCommand("head", c.HasCount, c.Count, c.Options) }

func countCommand(name string, has bool, n int, opts []*Option) string {
	var b strings.Builder
	b.WriteString(name)
	if has {
		b.WriteString(" " + strconv.Itoa(n))
	}
	writeOptions(&b, opts)
	return b.String()
}
