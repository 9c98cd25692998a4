package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// RexCommand is rex [field=f] [max_match=n] [mode=sed] [offset_field=f]
// "pattern" (spl-semantics.md §9.4). Pattern is after SPL's one level of
// backslash unescaping, ready for the regex engine.
type RexCommand struct {
	Sp        source.Span
	Options   []*Option
	Pattern   string
	PatternSp source.Span
}

func (c *RexCommand) Span() source.Span { return c.Sp }
func (c *RexCommand) Name() string      { return "rex" }
func (c *RexCommand) command()          {}
func (c *RexCommand) String() string {
	var b strings.Builder
	b.WriteString("rex")
	writeOptions(&b, c.Options)
	b.WriteString(" " + Quote(c.Pattern))
	return b.String()
}
