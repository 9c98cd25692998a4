package filter

import "github.com/riskhound/riskhound/internal/spl/ast"

// Constraint is a condition every matching event satisfies: Field equals one
// of Values. Values are search-language patterns (case-insensitive, `*`
// wildcards, possibly CIDR). A router or store may use constraints to skip
// events cheaply; the Filter itself still decides.
type Constraint struct {
	Field  string
	Values []string
}

// Required returns the constraints implied by the top-level conjunction of the
// expression: each field=value term, field IN (...) term, and OR of equality
// terms on one field (the expanded `powershell` macro). Terms under NOT and
// other shapes contribute nothing.
func (f *Filter) Required() []Constraint { return f.required }

func required(e ast.SearchExpr) []Constraint {
	var out []Constraint
	var terms []ast.SearchExpr
	if and, ok := e.(*ast.SearchAnd); ok {
		terms = and.Terms
	} else {
		terms = []ast.SearchExpr{e}
	}
	for _, t := range terms {
		if c, ok := constraintOf(t); ok {
			out = append(out, c)
		}
	}
	return out
}

func constraintOf(e ast.SearchExpr) (Constraint, bool) {
	switch e := e.(type) {
	case *ast.SearchCompare:
		if e.Op == ast.OpEq {
			return Constraint{Field: e.Field.Name, Values: []string{e.Value.Text}}, true
		}
	case *ast.SearchIn:
		c := Constraint{Field: e.Field.Name}
		for _, v := range e.Values {
			c.Values = append(c.Values, v.Text)
		}
		return c, len(c.Values) > 0
	case *ast.SearchOr:
		var c Constraint
		for i, t := range e.Terms {
			sub, ok := constraintOf(t)
			if !ok || i > 0 && sub.Field != c.Field {
				return Constraint{}, false
			}
			c.Field = sub.Field
			c.Values = append(c.Values, sub.Values...)
		}
		return c, c.Field != ""
	case *ast.SearchAnd:
		if len(e.Terms) == 1 {
			return constraintOf(e.Terms[0])
		}
	}
	return Constraint{}, false
}
