package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// JoinCommand is join [options] [fields] [ subsearch ] (spl-semantics.md
// §9.9). Options and fields may be interleaved in the text.
type JoinCommand struct {
	Sp      source.Span
	Options []*Option // type=, max=, overwrite=, usetime=, earlier=
	Fields  []*Field
	Sub     *Pipeline
}

func (c *JoinCommand) Span() source.Span { return c.Sp }
func (c *JoinCommand) Name() string      { return "join" }
func (c *JoinCommand) command()          {}
func (c *JoinCommand) String() string {
	var b strings.Builder
	b.WriteString("join")
	writeOptions(&b, c.Options)
	if len(c.Fields) > 0 {
		parts := make([]string, len(c.Fields))
		for i, f := range c.Fields {
			parts[i] = f.String()
		}
		b.WriteString(" " + strings.Join(parts, ", "))
	}
	b.WriteString(" [" + c.Sub.String() + "]")
	return b.String()
}
