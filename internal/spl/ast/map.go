package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// MapCommand is map [options] search="..." or map [options] [ subsearch ]
// (spl-semantics.md §9.26). The search= option holds the search text with
// its $field$ tokens (and possibly macro calls) unexpanded: it is expanded
// and parsed per input row. Sub is set for the bracket form.
type MapCommand struct {
	Sp      source.Span
	Options []*Option // search=, maxsearches=
	Sub     *Pipeline
}

func (c *MapCommand) Span() source.Span { return c.Sp }
func (c *MapCommand) Name() string      { return "map" }
func (c *MapCommand) command()          {}
func (c *MapCommand) String() string {
	if c.Sub != nil {
		return subCommand("map", c.Options, c.Sub)
	}
	var b strings.Builder
	b.WriteString("map")
	writeOptions(&b, c.Options)
	return b.String()
}
