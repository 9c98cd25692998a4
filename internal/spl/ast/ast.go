// Package ast is the SPL syntax tree: a Pipeline of Commands, and the nodes of
// the two expression languages (search language and eval language, which have
// opposite AND/OR precedence: spl-semantics.md §4.2 and §6.2).
//
// The tree is a sealed sum type: Command, SearchExpr and EvalExpr are
// interfaces with unexported marker methods, implemented only here. Nodes are
// immutable after parsing; analysis results live in the plan, never in fields
// set later. Every node has a Span (byte offsets into the parsed text) and
// prints back to canonical SPL with String(); parse(n.String()) yields an equal
// tree, which makes the printed text usable as a wire format.
//
// Each command has its own file named after it (stats.go, convert.go, ...).
package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// Node is implemented by every syntax tree node.
type Node interface {
	Span() source.Span
	String() string
}

// Command is one command of a pipeline.
type Command interface {
	Node
	// Name returns the command name in lower case, e.g. "stats".
	Name() string
	command()
}

// Pipeline is a search: commands separated by pipes. A search that does not
// start with a pipe begins with an implicit search command, which the parser
// makes explicit (Leading reports whether the text began with "|").
type Pipeline struct {
	Sp       source.Span
	Leading  bool
	Commands []Command
}

func (p *Pipeline) Span() source.Span { return p.Sp }

// String prints the pipeline in canonical form. An implicit leading search is
// printed without the "search" keyword.
func (p *Pipeline) String() string {
	var b strings.Builder
	for i, c := range p.Commands {
		if i > 0 {
			b.WriteString(" | ")
		} else if p.Leading {
			b.WriteString("| ")
		}
		if s, ok := c.(*SearchCommand); ok && i == 0 && !p.Leading {
			if s.Expr != nil {
				b.WriteString(s.Expr.String())
			} else if len(p.Commands) > 1 {
				// An empty leading search before a pipe must not print as a
				// leading pipe, which would mean "no search".
				b.WriteString("search")
			}
			continue
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// Field is a field name as written in a command argument. Name is the name
// after unquoting; Quoted records that it was written in double quotes (or
// single quotes in eval), which matters only for printing.
type Field struct {
	Sp     source.Span
	Name   string
	Quoted bool
}

func (f *Field) Span() source.Span { return f.Sp }
func (f *Field) String() string {
	if f.Quoted || needsQuote(f.Name) {
		return Quote(f.Name)
	}
	return f.Name
}

// FieldList prints fields separated by single spaces.
func FieldList(fs []*Field) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, " ")
}

// Option is a key=value command option such as timeformat="%Y" or max_match=10.
type Option struct {
	Sp    source.Span
	Key   string // as written; compare case-insensitively
	Value string // unquoted
	// Quoted reports the value was written in double quotes.
	Quoted bool
}

func (o *Option) Span() source.Span { return o.Sp }
func (o *Option) String() string {
	if o.Quoted || needsQuote(o.Value) {
		return o.Key + "=" + Quote(o.Value)
	}
	return o.Key + "=" + o.Value
}

// Quote returns s in double quotes with backslashes and double quotes escaped,
// the inverse of SPL's one level of unescaping (spl-semantics.md §1.3).
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// needsQuote reports whether s cannot be printed bare as a field name or
// option value.
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case ' ', '\t', '\n', '\r', '"', '\'', '(', ')', '[', ']', '|', '=', ',', '!', '<', '>', '`', '\\':
			return true
		}
	}
	switch s {
	case "AND", "OR", "NOT", "BY", "AS", "by", "as":
		return true
	}
	return false
}
