package ast

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// SortCommand is sort [N] [+|-]key [, ...] [desc] (spl-semantics.md §9.15).
// HasCount records an explicit N (0 means unlimited); the default limit is
// 10,000.
type SortCommand struct {
	Sp       source.Span
	HasCount bool
	Count    int
	Options  []*Option // limit=
	Keys     []*SortKey
	Reverse  bool // a trailing "desc" (or "d") reverses the whole order
}

// SortKey is one [+|-][func(]field[)]; Func is "", "num", "str", "ip" or
// "auto".
type SortKey struct {
	Sp    source.Span
	Desc  bool
	Func  string
	Field *Field
}

func (k *SortKey) Span() source.Span { return k.Sp }
func (k *SortKey) String() string {
	s := countSafe(k.Field)
	if k.Func != "" {
		s = k.Func + "(" + s + ")"
	}
	if k.Desc {
		return "-" + s
	}
	return s
}

func writeSortKeys(b *strings.Builder, keys []*SortKey) {
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + k.String())
	}
}

func (c *SortCommand) Span() source.Span { return c.Sp }
func (c *SortCommand) Name() string      { return "sort" }
func (c *SortCommand) command()          {}
func (c *SortCommand) String() string {
	var b strings.Builder
	b.WriteString("sort")
	if c.HasCount {
		b.WriteString(" " + strconv.Itoa(c.Count))
	}
	writeOptions(&b, c.Options)
	writeSortKeys(&b, c.Keys)
	if c.Reverse {
		b.WriteString(" desc")
	}
	return b.String()
}

// countSafe prints f, quoted when it would read back as something else in
// sort or dedup: a count (all digits), a sign (+x, -x), the sortby keyword
// or a trailing d/desc.
func countSafe(f *Field) string {
	s := f.String()
	if s == "" || f.Quoted {
		return s
	}
	switch strings.ToLower(s) {
	case "sortby", "d", "desc":
		return Quote(s)
	}
	if s[0] == '-' || s[0] == '+' {
		return Quote(s)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return s
		}
	}
	return Quote(s)
}
