package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseReplace parses replace old WITH new [, old WITH new ...] IN f1[, f2].
func parseReplace(p *parser, name token) ast.Command {
	c := &ast.ReplaceCommand{}
	for {
		old := p.searchValue(modeList, "a value to replace")
		if t := p.next(modeArg); !isKeyword(t, "with") {
			p.errorExpected(t, "WITH after "+old.Text)
		}
		nw := p.searchValue(modeList, "a replacement value after WITH")
		p.node()
		c.Pairs = append(c.Pairs, &ast.ReplacePair{Sp: old.Sp.Join(nw.Sp), Old: old, New: nw})
		if p.peek(modeArg).kind == tComma {
			p.next(modeArg)
			continue
		}
		break
	}
	if t := p.next(modeArg); !isKeyword(t, "in") {
		p.errorExpected(t, "IN and the fields to replace in")
	}
	c.Fields = p.fieldList(nil)
	if len(c.Fields) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name after IN")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
