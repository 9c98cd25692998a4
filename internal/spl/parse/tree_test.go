package parse

import (
	"fmt"
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// tree prints search and eval expressions as S-expressions, making grouping
// explicit for precedence tests.
func tree(n ast.Node) string {
	switch n := n.(type) {
	case *ast.SearchAnd:
		return list("AND", n.Terms)
	case *ast.SearchOr:
		return list("OR", n.Terms)
	case *ast.SearchNot:
		return "(NOT " + tree(n.X) + ")"
	case *ast.SearchCompare:
		return fmt.Sprintf("(%s %q %q)", n.Op, n.Field.Name, n.Value.Text)
	case *ast.SearchIn:
		vs := make([]string, len(n.Values))
		for i, v := range n.Values {
			vs[i] = fmt.Sprintf("%q", v.Text)
		}
		return fmt.Sprintf("(IN %q %s)", n.Field.Name, strings.Join(vs, " "))
	case *ast.SearchTerm:
		k := map[ast.TermKind]string{ast.TermPlain: "term", ast.TermTERM: "TERM", ast.TermCASE: "CASE"}[n.Kind]
		return fmt.Sprintf("(%s %q)", k, n.Value.Text)
	case *ast.SearchSubsearch:
		return "[" + n.Pipeline.String() + "]"
	case *ast.EvalBinary:
		return "(" + n.Op.String() + " " + tree(n.X) + " " + tree(n.Y) + ")"
	case *ast.EvalUnary:
		op := "NOT"
		if n.Op == ast.OpNeg {
			op = "neg"
		}
		return "(" + op + " " + tree(n.X) + ")"
	case *ast.EvalIn:
		parts := []string{tree(n.X)}
		for _, e := range n.List {
			parts = append(parts, tree(e))
		}
		return "(IN " + strings.Join(parts, " ") + ")"
	case *ast.EvalCall:
		parts := []string{n.Name}
		for _, e := range n.Args {
			parts = append(parts, tree(e))
		}
		return "(call " + strings.Join(parts, " ") + ")"
	case *ast.EvalField:
		return "$" + n.Name
	case *ast.EvalLiteral:
		return n.String()
	}
	return fmt.Sprintf("?%T", n)
}

func list[T ast.Node](op string, xs []T) string {
	parts := []string{op}
	for _, x := range xs {
		parts = append(parts, tree(x))
	}
	return "(" + strings.Join(parts, " ") + ")"
}
