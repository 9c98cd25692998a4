package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseStats parses stats, eventstats and streamstats (spl-semantics.md
// §8.1): [options] agg [AS name] [,] ... [BY f1[,] f2 ...].
func parseStats(p *parser, name token) ast.Command {
	c := &ast.StatsCommand{Cmd: strings.ToLower(name.text)}
	c.Options = p.options()
	c.Aggs = p.aggregations(func(t token) bool { return isKeyword(t, "by") })
	if t := p.peek(modeArg); isKeyword(t, "by") {
		p.next(modeArg)
		c.By = p.fieldList(nil)
		if len(c.By) == 0 {
			p.errorExpected(p.peek(modeArg), "a field name after BY")
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// aggregations reads one or more aggregations up to the end of the command
// or a token for which stop returns true.
func (p *parser) aggregations(stop func(token) bool) []*ast.Aggregation {
	var aggs []*ast.Aggregation
	for !p.atEnd() {
		t := p.peek(modeArg)
		if stop(t) {
			break
		}
		if t.kind == tComma && len(aggs) > 0 {
			p.next(modeArg)
			continue
		}
		aggs = append(aggs, p.aggregation())
	}
	if len(aggs) == 0 {
		p.errorExpected(p.peek(modeArg), "an aggregation such as count")
	}
	return aggs
}

// aggregation reads fn, fn(field) or fn(eval(expr)), then [AS name].
func (p *parser) aggregation() *ast.Aggregation {
	fn := p.next(modeArg)
	if fn.kind != tWord {
		p.errorExpected(fn, "an aggregation such as count")
	}
	p.node()
	a := &ast.Aggregation{Func: strings.ToLower(fn.text)}
	if p.peek(modeArg).kind == tLParen {
		p.next(modeArg)
		if t1, t2 := p.peek2(modeArg, modeArg); isKeyword(t1, "eval") && t2.kind == tLParen {
			p.next(modeArg)
			p.next(modeArg)
			a.Eval = p.evalExpr()
			p.expect(modeEval, tRParen, "\")\" after eval expression")
		} else {
			a.Field = p.fieldArg("a field name in " + fn.text + "()")
		}
		p.expect(modeArg, tRParen, "\")\" after the argument of "+fn.text)
	}
	if t := p.peek(modeArg); isKeyword(t, "as") {
		p.next(modeArg)
		a.As = p.fieldArg("a name after AS")
	}
	a.Sp = p.span(fn.sp.Start)
	return a
}
