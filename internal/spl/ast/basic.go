package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// EvalCommand is eval f=expr[, g=expr ...]; assignments run left to right
// (spl-semantics.md §6).
type EvalCommand struct {
	Sp          source.Span
	Assignments []*Assignment
}

// Assignment is one target=expr of eval.
type Assignment struct {
	Sp     source.Span
	Target *Field
	Expr   EvalExpr
}

func (c *EvalCommand) Span() source.Span { return c.Sp }
func (c *EvalCommand) Name() string      { return "eval" }
func (c *EvalCommand) command()          {}
func (c *EvalCommand) String() string {
	parts := make([]string, len(c.Assignments))
	for i, a := range c.Assignments {
		parts[i] = a.String()
	}
	return "eval " + strings.Join(parts, ", ")
}

func (a *Assignment) Span() source.Span { return a.Sp }
func (a *Assignment) String() string {
	t := a.Target.Name
	if !isIdent(t) {
		t = "'" + strings.ReplaceAll(t, "'", "\\'") + "'"
	}
	return t + "=" + a.Expr.String()
}

// WhereCommand is where expr: keeps results where expr is TRUE (§6).
type WhereCommand struct {
	Sp   source.Span
	Expr EvalExpr
}

func (c *WhereCommand) Span() source.Span { return c.Sp }
func (c *WhereCommand) Name() string      { return "where" }
func (c *WhereCommand) command()          {}
func (c *WhereCommand) String() string    { return "where " + c.Expr.String() }

// RenameCommand is rename a as b[, c as d ...]; `*` in names is a wildcard
// (spl-semantics.md §9.1).
type RenameCommand struct {
	Sp    source.Span
	Pairs []*RenamePair
}

// RenamePair is one `from as to` of rename.
type RenamePair struct {
	Sp       source.Span
	From, To *Field
}

func (c *RenameCommand) Span() source.Span { return c.Sp }
func (c *RenameCommand) Name() string      { return "rename" }
func (c *RenameCommand) command()          {}
func (c *RenameCommand) String() string {
	parts := make([]string, len(c.Pairs))
	for i, p := range c.Pairs {
		parts[i] = p.From.String() + " as " + p.To.String()
	}
	return "rename " + strings.Join(parts, ", ")
}
func (p *RenamePair) Span() source.Span { return p.Sp }
func (p *RenamePair) String() string    { return p.From.String() + " as " + p.To.String() }

// TableCommand is table f1 f2 ... (wildcards allowed) (§9.2).
type TableCommand struct {
	Sp     source.Span
	Fields []*Field
}

func (c *TableCommand) Span() source.Span { return c.Sp }
func (c *TableCommand) Name() string      { return "table" }
func (c *TableCommand) command()          {}
func (c *TableCommand) String() string    { return "table " + FieldList(c.Fields) }

// FieldsCommand is fields [+|-] f1 f2 ... (§9.3).
type FieldsCommand struct {
	Sp     source.Span
	Remove bool
	Fields []*Field
}

func (c *FieldsCommand) Span() source.Span { return c.Sp }
func (c *FieldsCommand) Name() string      { return "fields" }
func (c *FieldsCommand) command()          {}
func (c *FieldsCommand) String() string {
	if c.Remove {
		return "fields - " + FieldList(c.Fields)
	}
	return "fields " + FieldList(c.Fields)
}
