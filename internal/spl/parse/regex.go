package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseRegex parses regex "re", regex field="re" or regex field!="re"
// (spl-semantics.md §9.5); spaces around the operator are allowed. The
// pattern must be quoted: Splunk rejects regex f=re.
func parseRegex(p *parser, name token) ast.Command {
	c := &ast.RegexCommand{}
	t := p.next(modeArg)
	if t.kind != tWord && t.kind != tString {
		p.errorExpected(t, "a field name or a quoted regular expression")
	}
	if op := p.peek(modeArg); op.kind == tEq || op.kind == tNe {
		c.Field = p.fieldTok(t)
		p.next(modeArg)
		c.Negate = op.kind == tNe
		t = p.next(modeArg)
		if t.kind != tString {
			p.errorExpected(t, "a quoted regular expression after "+op.text)
		}
	} else if t.kind != tString {
		p.errorExpected(p.peek(modeArg), "\"=\" or \"!=\" after "+t.text)
	}
	c.Pattern = unquote(t)
	c.Sp = p.span(name.sp.Start)
	return c
}
