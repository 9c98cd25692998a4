package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseInputlookup parses inputlookup [options] table [WHERE search-expr]
// (spl-semantics.md §9.7).
func parseInputlookup(p *parser, name token) ast.Command {
	c := &ast.InputlookupCommand{}
	c.Options = p.options()
	c.Table = p.fieldArg("a lookup name")
	c.Options = append(c.Options, p.options()...)
	if t := p.peek(modeArg); isKeyword(t, "where") {
		p.next(modeArg)
		c.Where = p.searchExpr(nil)
		if c.Where == nil {
			p.errorExpected(p.peek(modeSearch), "a search expression after WHERE")
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// parseOutputlookup parses outputlookup [options] table [options]
// (spl-semantics.md §9.8).
func parseOutputlookup(p *parser, name token) ast.Command {
	c := &ast.OutputlookupCommand{}
	c.Options = p.options()
	c.Table = p.fieldArg("a lookup name")
	c.Options = append(c.Options, p.options()...)
	c.Sp = p.span(name.sp.Start)
	return c
}
