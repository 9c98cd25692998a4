package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseMstats parses mstats [options] aggs [WHERE search-expr] [BY fields
// [span=...]] (spl-semantics.md §9.28).
func parseMstats(p *parser, name token) ast.Command {
	c := &ast.MstatsCommand{}
	c.Options = p.options()
	c.Aggs = p.aggregations(func(t token) bool { return isKeyword(t, "where") || isKeyword(t, "by") })
	if isKeyword(p.peek(modeArg), "where") {
		p.next(modeArg)
		c.Where = p.searchExpr(func(t token) bool { return isKeyword(t, "by") })
		if c.Where == nil {
			p.errorExpected(p.peek(modeSearch), "a search expression after WHERE")
		}
	}
	if isKeyword(p.peek(modeArg), "by") {
		p.next(modeArg)
		c.By, c.ByOptions = p.byList()
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// byList reads the fields of a BY clause, with options such as span=1h
// anywhere among them.
func (p *parser) byList() ([]*ast.Field, []*ast.Option) {
	opts, fields := p.optionsAndFields(nil)
	if len(fields) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name after BY")
	}
	return fields, opts
}
