package parse

import (
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// ParseSearch parses f's text as one search-language expression, such as an
// eventtype definition or a data-model constraint. It returns nil for empty
// text (which matches everything). Errors are as for Parse.
func ParseSearch(f *source.File) (ast.SearchExpr, error) {
	var x ast.SearchExpr
	err := parseWhole(f, func(p *parser) {
		x = p.searchExpr(nil)
	})
	return x, err
}

// ParseEval parses f's text as one eval-language expression, such as a
// data-model calculated field. Errors are as for Parse.
func ParseEval(f *source.File) (ast.EvalExpr, error) {
	var x ast.EvalExpr
	err := parseWhole(f, func(p *parser) {
		x = p.evalExpr()
	})
	return x, err
}

// parseWhole runs fn over the whole of f and requires it to consume all
// input.
func parseWhole(f *source.File, fn func(p *parser)) error {
	if len(f.Text) > MaxInput {
		return source.List{source.Errorf(source.ErrLimit, f, source.Span{}, "expression is %d bytes, more than the limit of %d", len(f.Text), MaxInput)}
	}
	p := &parser{f: f, lx: lexer{src: f.Text}, failAt: -1}
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(bailout); !ok {
					panic(r)
				}
			}
		}()
		fn(p)
		if t := p.peek(modeArg); t.kind != tEOF {
			p.fail(t.sp, "unexpected %s after the expression", describe(t))
		}
	}()
	if len(p.errs) > 0 {
		return p.errs
	}
	return nil
}
