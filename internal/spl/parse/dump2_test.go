package parse

import (
	"os"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

func walkSearch(e ast.SearchExpr, fn func(ast.SearchExpr)) {
	if e == nil {
		return
	}
	fn(e)
	switch e := e.(type) {
	case *ast.SearchAnd:
		for _, x := range e.Terms {
			walkSearch(x, fn)
		}
	case *ast.SearchOr:
		for _, x := range e.Terms {
			walkSearch(x, fn)
		}
	case *ast.SearchNot:
		walkSearch(e.X, fn)
	}
}

func TestDumpTerms(t *testing.T) {
	if os.Getenv("DUMP") == "" {
		t.Skip()
	}
	searches, lookup := loadCorpus(t)
	seen := map[string]bool{}
	for _, s := range searches {
		x, err := macro.Expand(source.NewFile(s.path, s.text), lookup)
		if err != nil {
			continue
		}
		pl, err := Parse(x.File)
		if err != nil {
			continue
		}
		for _, c := range pl.Commands {
			var e ast.SearchExpr
			switch c := c.(type) {
			case *ast.SearchCommand:
				e = c.Expr
			case *ast.TstatsCommand:
				e = c.Where
			}
			walkSearch(e, func(e ast.SearchExpr) {
				if tm, ok := e.(*ast.SearchTerm); ok && !seen[tm.Value.Text] {
					seen[tm.Value.Text] = true
					if strings.ContainsAny(tm.Value.Text, "=()<>!,") || !tm.Value.Quoted {
						t.Logf("term %q quoted=%v in %s", tm.Value.Text, tm.Value.Quoted, s.name)
					}
				}
			})
		}
	}
}
