package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseFrom parses from datamodel DM.DS, from datamodel:DM.DS and
// from datamodel:"DM.DS" (spl-semantics.md §9.27).
func parseFrom(p *parser, name token) ast.Command {
	c := &ast.FromCommand{}
	t := p.next(modeArg)
	if t.kind != tWord {
		p.errorExpected(t, "a dataset kind such as datamodel")
	}
	if t.text[0] == ':' {
		p.errorExpected(t, "a dataset kind such as datamodel")
	}
	if i := strings.IndexByte(t.text, ':'); i > 0 {
		c.Kind = strings.ToLower(t.text[:i])
		if rest := t.text[i+1:]; rest != "" {
			p.node()
			sp := source.Span{Start: t.sp.Start + source.Pos(i+1), End: t.sp.End}
			c.Dataset = &ast.Field{Sp: sp, Name: unescape(rest)}
		}
	} else {
		c.Kind = strings.ToLower(t.text)
	}
	if c.Dataset == nil {
		c.Dataset = p.fieldArg("a dataset name")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
