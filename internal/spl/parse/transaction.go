package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseTransaction parses transaction fields [options] with startswith= and
// endswith= filters (spl-semantics.md §9.17).
func parseTransaction(p *parser, name token) ast.Command {
	c := &ast.TransactionCommand{}
	for !p.atEnd() {
		t := p.peek(modeArg)
		switch {
		case t.kind == tComma:
			p.next(modeArg)
		case p.isOptionAhead() && (strings.EqualFold(t.text, "startswith") || strings.EqualFold(t.text, "endswith")):
			f := p.transactionFilter()
			if strings.EqualFold(t.text, "startswith") {
				c.StartsWith = f
			} else {
				c.EndsWith = f
			}
		case p.isOptionAhead():
			c.Options = append(c.Options, p.option())
		default:
			c.Fields = append(c.Fields, p.fieldArg("a field name or option"))
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// transactionFilter reads key=(search), key=eval(expr) or key="search".
func (p *parser) transactionFilter() *ast.TransactionFilter {
	k := p.next(modeArg)
	p.next(modeArg) // =
	p.node()
	f := &ast.TransactionFilter{Key: k.text}
	t := p.peek(modeArg)
	switch {
	case t.kind == tLParen:
		p.next(modeArg)
		p.enter(t.sp)
		f.Search = p.searchConj(nil, true)
		p.leave()
		if f.Search == nil {
			p.errorExpected(p.peek(modeSearch), "a search expression")
		}
		p.expect(modeSearch, tRParen, "\")\" after the "+k.text+" filter")
	case isKeyword(t, "eval"):
		p.next(modeArg)
		p.expect(modeArg, tLParen, "\"(\" after eval")
		f.Eval = p.evalExpr()
		p.expect(modeEval, tRParen, "\")\" after the eval expression")
	case t.kind == tString:
		p.next(modeArg)
		f.Text = unquote(t)
	default:
		p.errorExpected(t, "(search), eval(expr) or a quoted search after "+k.text+"=")
	}
	f.Sp = p.span(k.sp.Start)
	return f
}
