package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// ForeachCommand is foreach [options] fields [ subpipeline ] (§9.18). The
// subpipeline starts with a command name (no pipe) and may hold templates
// such as <<FIELD>> and <<MATCHSTR>> in field names and strings; it is
// substituted textually per matching field, so it prints without a leading
// pipe.
type ForeachCommand struct {
	Sp      source.Span
	Options []*Option
	Fields  []*Field
	Sub     *Pipeline
}

func (c *ForeachCommand) Span() source.Span { return c.Sp }
func (c *ForeachCommand) Name() string      { return "foreach" }
func (c *ForeachCommand) command()          {}
func (c *ForeachCommand) String() string {
	var b strings.Builder
	b.WriteString("foreach")
	writeOptions(&b, c.Options)
	writeFields(&b, c.Fields)
	parts := make([]string, len(c.Sub.Commands))
	for i, cmd := range c.Sub.Commands {
		parts[i] = cmd.String()
	}
	b.WriteString(" [" + strings.Join(parts, " | ") + "]")
	return b.String()
}
