package ast

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// DedupCommand is dedup [N] fields [options] [sortby keys]
// (spl-semantics.md §9.14). Count is 0 when N is not given (keep one).
type DedupCommand struct {
	Sp      source.Span
	Count   int
	Fields  []*Field
	Options []*Option // keepevents=, keepempty=, consecutive=
	SortBy  []*SortKey
}

func (c *DedupCommand) Span() source.Span { return c.Sp }
func (c *DedupCommand) Name() string      { return "dedup" }
func (c *DedupCommand) command()          {}
func (c *DedupCommand) String() string {
	var b strings.Builder
	b.WriteString("dedup")
	if c.Count > 0 {
		b.WriteString(" " + strconv.Itoa(c.Count))
	}
	for _, f := range c.Fields {
		b.WriteString(" " + countSafe(f))
	}
	writeOptions(&b, c.Options)
	if len(c.SortBy) > 0 {
		b.WriteString(" sortby")
		writeSortKeys(&b, c.SortBy)
	}
	return b.String()
}
