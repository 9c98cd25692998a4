package ast

import "github.com/riskhound/riskhound/internal/source"

// RegexCommand is regex [field=|field!=]"pattern" (spl-semantics.md §9.5).
// Field is nil for the _raw form; Negate is set for !=. Pattern is after
// one level of backslash unescaping.
type RegexCommand struct {
	Sp      source.Span
	Field   *Field
	Negate  bool
	Pattern string
}

func (c *RegexCommand) Span() source.Span { return c.Sp }
func (c *RegexCommand) Name() string      { return "regex" }
func (c *RegexCommand) command()          {}
func (c *RegexCommand) String() string {
	switch {
	case c.Field == nil:
		return "regex " + Quote(c.Pattern)
	case c.Negate:
		return "regex " + c.Field.String() + "!=" + Quote(c.Pattern)
	}
	return "regex " + c.Field.String() + "=" + Quote(c.Pattern)
}
