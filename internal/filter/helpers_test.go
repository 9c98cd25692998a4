package filter

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Small AST constructors: the parser is written in parallel, so tests build
// trees directly.

func and(ts ...ast.SearchExpr) ast.SearchExpr { return &ast.SearchAnd{Terms: ts} }
func or(ts ...ast.SearchExpr) ast.SearchExpr  { return &ast.SearchOr{Terms: ts} }
func not(t ast.SearchExpr) ast.SearchExpr     { return &ast.SearchNot{X: t} }
func cmp(f string, op ast.CompareOp, v string) ast.SearchExpr {
	return &ast.SearchCompare{Field: &ast.Field{Name: f}, Op: op, Value: &ast.SearchValue{Text: v}}
}
func eq(f, v string) ast.SearchExpr { return cmp(f, ast.OpEq, v) }
func ne(f, v string) ast.SearchExpr { return cmp(f, ast.OpNe, v) }
func in(f string, vs ...string) ast.SearchExpr {
	x := &ast.SearchIn{Field: &ast.Field{Name: f}}
	for _, v := range vs {
		x.Values = append(x.Values, &ast.SearchValue{Text: v})
	}
	return x
}
func term(t string) ast.SearchExpr { return &ast.SearchTerm{Value: &ast.SearchValue{Text: t}} }
func phrase(t string) ast.SearchExpr {
	return &ast.SearchTerm{Value: &ast.SearchValue{Text: t, Quoted: true}}
}
func termTERM(t string) ast.SearchExpr {
	return &ast.SearchTerm{Kind: ast.TermTERM, Value: &ast.SearchValue{Text: t}}
}
func termCASE(t string) ast.SearchExpr {
	return &ast.SearchTerm{Kind: ast.TermCASE, Value: &ast.SearchValue{Text: t}}
}

// ev builds an event from name, value pairs; a value of type []string is a
// multivalue.
func ev(kv ...any) *event.Event {
	e := event.New(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			e.Set(kv[i].(string), value.Str(v))
		case []string:
			e.Set(kv[i].(string), value.MV(v))
		}
	}
	return e
}
