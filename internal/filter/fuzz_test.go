package filter

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// FuzzTermAndGlob: no panic, and a term without wildcards found as a whole
// token is found by its wildcard forms too.
func FuzzTermAndGlob(f *testing.F) {
	f.Add("wmiexec", "x Invoke-WmiExec y")
	f.Add("a*b", "AxB")
	f.Add("*", "")
	f.Add("É", "été")
	f.Fuzz(func(t *testing.T, term, raw string) {
		e := ev(event.Raw, raw, "f", raw)
		plain, err := Compile(&ast.SearchTerm{Value: &ast.SearchValue{Text: term}}, nil)
		if err != nil {
			t.Fatal(err)
		}
		hit := plain.Match(e)
		g, _ := Compile(eq("f", term), nil)
		g.Match(e)
		if hit && term != "" && !containsStar(term) {
			star, _ := Compile(&ast.SearchTerm{Value: &ast.SearchValue{Text: "*" + term + "*"}}, nil)
			if !star.Match(e) {
				t.Errorf("%q matches %q but *%s* does not", term, raw, term)
			}
		}
	})
}

func containsStar(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] == '*' {
			return true
		}
	}
	return false
}
