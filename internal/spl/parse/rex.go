package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseRex parses rex [options] "pattern" (spl-semantics.md §9.4). Options
// may also follow the pattern.
func parseRex(p *parser, name token) ast.Command {
	c := &ast.RexCommand{}
	have := false
	for !p.atEnd() {
		if p.isOptionAhead() {
			c.Options = append(c.Options, p.option())
			continue
		}
		t := p.next(modeArg)
		if t.kind != tString || have {
			p.errorExpected(t, "a quoted regular expression or an option")
		}
		c.Pattern, c.PatternSp, have = unquote(t), t.sp, true
	}
	if !have {
		p.errorExpected(p.peek(modeArg), "a quoted regular expression")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
