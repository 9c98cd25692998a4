package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// SearchCommand is the search command, implicit at the start of a pipeline
// (spl-semantics.md §4). Expr is nil for an empty search, which matches every
// event.
type SearchCommand struct {
	Sp   source.Span
	Expr SearchExpr
}

func (c *SearchCommand) Span() source.Span { return c.Sp }
func (c *SearchCommand) Name() string      { return "search" }
func (c *SearchCommand) command()          {}
func (c *SearchCommand) String() string {
	if c.Expr == nil {
		return "search"
	}
	return "search " + c.Expr.String()
}

// SearchExpr is a node of the search language (search command, tstats where).
type SearchExpr interface {
	Node
	searchExpr()
}

// SearchAnd is a conjunction, written by juxtaposition or with AND.
type SearchAnd struct {
	Sp    source.Span
	Terms []SearchExpr
}

// SearchOr is a disjunction; in the search language OR binds tighter than AND
// (spl-semantics.md §4.2).
type SearchOr struct {
	Sp    source.Span
	Terms []SearchExpr
}

// SearchNot negates the term right after NOT. Unlike !=, it keeps events that
// lack the field (spl-semantics.md §4.4).
type SearchNot struct {
	Sp source.Span
	X  SearchExpr
}

// CompareOp is a comparison operator of the search language.
type CompareOp uint8

// Comparison operators.
const (
	OpEq CompareOp = iota // =
	OpNe                  // !=
	OpLt                  // <
	OpLe                  // <=
	OpGt                  // >
	OpGe                  // >=
)

func (op CompareOp) String() string { return [...]string{"=", "!=", "<", "<=", ">", ">="}[op] }

// SearchValue is a value in the search language after one level of backslash
// unescaping. `*` stays a wildcard whether quoted or not (§4.3).
type SearchValue struct {
	Sp     source.Span
	Text   string
	Quoted bool
}

func (v *SearchValue) Span() source.Span { return v.Sp }
func (v *SearchValue) String() string {
	if v.Quoted || needsQuoteValue(v.Text) {
		return Quote(v.Text)
	}
	return v.Text
}

func needsQuoteValue(s string) bool {
	if s == "" {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '"', '(', ')', '[', ']', '|', '=', ',', '!', '<', '>', '`', '\\':
			return true
		}
	}
	switch s {
	case "AND", "OR", "NOT":
		return true
	}
	// A bare IN before a parenthesized group would read back as an IN
	// list, and a bare leading "search" as the command keyword.
	return strings.EqualFold(s, "IN") || strings.EqualFold(s, "search")
}

// SearchCompare is field op value, e.g. EventCode=4104 or dest_ip!=10.0.0.0/8.
type SearchCompare struct {
	Sp    source.Span
	Field *Field
	Op    CompareOp
	Value *SearchValue
}

// SearchIn is field IN (v1, v2, ...), the disjunction of field=vi.
type SearchIn struct {
	Sp     source.Span
	Field  *Field
	Values []*SearchValue
}

// TermKind tells plain terms from TERM() and CASE() ones.
type TermKind uint8

// Term kinds.
const (
	TermPlain TermKind = iota // bare word or quoted phrase matched against _raw segments
	TermTERM                  // TERM(x): x as one token bounded by major breakers
	TermCASE                  // CASE(x): case-sensitive match
)

// SearchTerm is a bare term or quoted phrase matched against _raw (§4.7).
type SearchTerm struct {
	Sp    source.Span
	Kind  TermKind
	Value *SearchValue
}

// SearchSubsearch is [ pipeline ] inside a search expression: its results are
// turned into search text by the implicit format (spl-semantics.md §3).
type SearchSubsearch struct {
	Sp       source.Span
	Pipeline *Pipeline
}

func (x *SearchAnd) Span() source.Span       { return x.Sp }
func (x *SearchOr) Span() source.Span        { return x.Sp }
func (x *SearchNot) Span() source.Span       { return x.Sp }
func (x *SearchCompare) Span() source.Span   { return x.Sp }
func (x *SearchIn) Span() source.Span        { return x.Sp }
func (x *SearchTerm) Span() source.Span      { return x.Sp }
func (x *SearchSubsearch) Span() source.Span { return x.Sp }

func (*SearchAnd) searchExpr()       {}
func (*SearchOr) searchExpr()        {}
func (*SearchNot) searchExpr()       {}
func (*SearchCompare) searchExpr()   {}
func (*SearchIn) searchExpr()        {}
func (*SearchTerm) searchExpr()      {}
func (*SearchSubsearch) searchExpr() {}

// String prints the conjunction with explicit parentheses around
// sub-conjunctions only; juxtaposition means AND.
func (x *SearchAnd) String() string {
	parts := make([]string, len(x.Terms))
	for i, t := range x.Terms {
		parts[i] = t.String()
		if _, ok := t.(*SearchAnd); ok {
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " ")
}

// String parenthesizes conjunction operands, since OR binds tighter.
func (x *SearchOr) String() string {
	parts := make([]string, len(x.Terms))
	for i, t := range x.Terms {
		parts[i] = t.String()
		switch t.(type) {
		case *SearchAnd, *SearchOr:
			parts[i] = "(" + parts[i] + ")"
		}
	}
	return strings.Join(parts, " OR ")
}

func (x *SearchNot) String() string {
	switch x.X.(type) {
	case *SearchAnd, *SearchOr:
		return "NOT (" + x.X.String() + ")"
	}
	return "NOT " + x.X.String()
}

func (x *SearchCompare) String() string {
	return x.Field.String() + x.Op.String() + x.Value.String()
}

func (x *SearchIn) String() string {
	parts := make([]string, len(x.Values))
	for i, v := range x.Values {
		parts[i] = v.String()
	}
	return x.Field.String() + " IN (" + strings.Join(parts, ", ") + ")"
}

func (x *SearchTerm) String() string {
	switch x.Kind {
	case TermTERM:
		return "TERM(" + x.Value.String() + ")"
	case TermCASE:
		return "CASE(" + x.Value.String() + ")"
	}
	return x.Value.String()
}

func (x *SearchSubsearch) String() string { return "[" + x.Pipeline.String() + "]" }
