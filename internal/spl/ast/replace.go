package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// ReplaceCommand is replace old WITH new [, old WITH new ...] IN fields: in
// the listed fields, a whole value matching old (a wildcard pattern; `*` in
// new receives the text `*` matched) is replaced by new.
type ReplaceCommand struct {
	Sp     source.Span
	Pairs  []*ReplacePair
	Fields []*Field
}

// ReplacePair is one old WITH new of replace; values are unescaped once.
type ReplacePair struct {
	Sp       source.Span
	Old, New *SearchValue
}

func (p *ReplacePair) Span() source.Span { return p.Sp }
func (p *ReplacePair) String() string    { return p.Old.String() + " with " + p.New.String() }

func (c *ReplaceCommand) Span() source.Span { return c.Sp }
func (c *ReplaceCommand) Name() string      { return "replace" }
func (c *ReplaceCommand) command()          {}
func (c *ReplaceCommand) String() string {
	parts := make([]string, len(c.Pairs))
	for i, p := range c.Pairs {
		parts[i] = p.String()
	}
	fs := make([]string, len(c.Fields))
	for i, f := range c.Fields {
		fs[i] = f.String()
	}
	return "replace " + strings.Join(parts, ", ") + " in " + strings.Join(fs, ", ")
}
