package eval

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Small AST constructors: tests build trees directly so that they do not
// depend on the parser.

func s(x string) ast.EvalExpr    { return &ast.EvalLiteral{Value: value.Str(x)} }
func n(x float64) ast.EvalExpr   { return &ast.EvalLiteral{Value: value.Num(x)} }
func f(name string) ast.EvalExpr { return &ast.EvalField{Name: name} }
func call(name string, args ...ast.EvalExpr) ast.EvalExpr {
	return &ast.EvalCall{Name: name, Args: args}
}
func bin(op ast.BinaryOp, x, y ast.EvalExpr) ast.EvalExpr { return &ast.EvalBinary{Op: op, X: x, Y: y} }
func notE(x ast.EvalExpr) ast.EvalExpr                    { return &ast.EvalUnary{Op: ast.OpNot, X: x} }
func neg(x ast.EvalExpr) ast.EvalExpr                     { return &ast.EvalUnary{Op: ast.OpNeg, X: x} }
func inE(x ast.EvalExpr, list ...ast.EvalExpr) ast.EvalExpr {
	return &ast.EvalIn{X: x, List: list}
}

// ev builds an event from name, value pairs; []string values are multivalues.
func ev(kv ...any) *event.Event {
	e := event.New(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			e.Set(kv[i].(string), value.Str(v))
		case []string:
			e.Set(kv[i].(string), value.MV(v))
		case float64:
			e.Set(kv[i].(string), value.Num(v))
		case int:
			e.Set(kv[i].(string), value.Int(int64(v)))
		}
	}
	return e
}
