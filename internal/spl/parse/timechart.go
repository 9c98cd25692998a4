package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseTimechart parses timechart [options] aggs [BY field]
// (spl-semantics.md §9.24).
func parseTimechart(p *parser, name token) ast.Command {
	c := &ast.TimechartCommand{}
	c.Options = p.options()
	c.Aggs = p.aggregations(func(t token) bool { return isKeyword(t, "by") })
	if isKeyword(p.peek(modeArg), "by") {
		p.next(modeArg)
		c.By = p.fieldList(nil)
		if len(c.By) == 0 {
			p.errorExpected(p.peek(modeArg), "a field name after BY")
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
