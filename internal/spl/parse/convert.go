package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseConvert parses convert [timeformat=...] fn(field) [AS new] ...
// (spl-semantics.md §9.22).
func parseConvert(p *parser, name token) ast.Command {
	c := &ast.ConvertCommand{}
	for !p.atEnd() {
		if p.isOptionAhead() {
			o := p.option()
			if !strings.EqualFold(o.Key, "timeformat") || c.Timeformat != nil {
				p.fail(o.Sp, "unknown or repeated convert option %q", o.Key)
			}
			c.Timeformat = o
			continue
		}
		if p.peek(modeArg).kind == tComma && len(c.Conversions) > 0 {
			p.next(modeArg)
			continue
		}
		fn := p.next(modeArg)
		if fn.kind != tWord {
			p.errorExpected(fn, "a conversion such as ctime(field)")
		}
		p.expect(modeArg, tLParen, "\"(\" after "+fn.text)
		f := p.fieldArg("a field name in " + fn.text + "()")
		p.expect(modeArg, tRParen, "\")\" after the field of "+fn.text)
		cv := &ast.Conversion{Func: strings.ToLower(fn.text), Field: f}
		if t := p.peek(modeArg); isKeyword(t, "as") {
			p.next(modeArg)
			cv.As = p.fieldArg("a name after AS")
		}
		p.node()
		cv.Sp = p.span(fn.sp.Start)
		c.Conversions = append(c.Conversions, cv)
	}
	if len(c.Conversions) == 0 {
		p.errorExpected(p.peek(modeArg), "a conversion such as ctime(field)")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
