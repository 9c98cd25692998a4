package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// TransactionCommand is transaction fields [options] (spl-semantics.md
// §9.17). StartsWith and EndsWith are the startswith=/endswith= filters;
// other options (maxspan, maxpause, connected, keepevicted, ...) are in
// Options.
type TransactionCommand struct {
	Sp         source.Span
	Fields     []*Field
	Options    []*Option
	StartsWith *TransactionFilter
	EndsWith   *TransactionFilter
}

// TransactionFilter is the value of startswith= or endswith=: a search
// expression in parentheses, eval(expr), or a quoted search string (Text).
// Exactly one of Search, Eval and Text is set.
type TransactionFilter struct {
	Sp     source.Span
	Key    string // as written, e.g. "startsWith"
	Search SearchExpr
	Eval   EvalExpr
	Text   string
}

func (f *TransactionFilter) Span() source.Span { return f.Sp }
func (f *TransactionFilter) String() string {
	switch {
	case f.Search != nil:
		return f.Key + "=(" + f.Search.String() + ")"
	case f.Eval != nil:
		return f.Key + "=eval(" + f.Eval.String() + ")"
	}
	return f.Key + "=" + Quote(f.Text)
}

func (c *TransactionCommand) Span() source.Span { return c.Sp }
func (c *TransactionCommand) Name() string      { return "transaction" }
func (c *TransactionCommand) command()          {}
func (c *TransactionCommand) String() string {
	var b strings.Builder
	b.WriteString("transaction")
	writeFields(&b, c.Fields)
	writeOptions(&b, c.Options)
	if c.StartsWith != nil {
		b.WriteString(" " + c.StartsWith.String())
	}
	if c.EndsWith != nil {
		b.WriteString(" " + c.EndsWith.String())
	}
	return b.String()
}
