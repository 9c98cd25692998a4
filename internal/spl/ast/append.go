package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// AppendCommand is append [options] [ subsearch ]: the subsearch's results
// after the current ones (spl-semantics.md §9.16).
type AppendCommand struct {
	Sp      source.Span
	Options []*Option
	Sub     *Pipeline
}

func (c *AppendCommand) Span() source.Span { return c.Sp }
func (c *AppendCommand) Name() string      { return "append" }
func (c *AppendCommand) command()          {}
func (c *AppendCommand) String() string    { return subCommand("append", c.Options, c.Sub) }

func subCommand(name string, opts []*Option, sub *Pipeline) string {
	var b strings.Builder
	b.WriteString(name)
	writeOptions(&b, opts)
	b.WriteString(" [" + sub.String() + "]")
	return b.String()
}
