package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseTstats parses tstats [options] aggs [FROM datamodel=DM[.DS]]
// [WHERE search-expr] [BY fields [span=...]] (spl-semantics.md §8.4).
func parseTstats(p *parser, name token) ast.Command {
	c := &ast.TstatsCommand{}
	c.Options = p.options()
	clause := func(t token) bool { return isKeyword(t, "from") || isKeyword(t, "where") || isKeyword(t, "by") }
	c.Aggs = p.aggregations(clause)
	for !p.atEnd() {
		t := p.next(modeArg)
		switch {
		case isKeyword(t, "from") && c.From == nil:
			c.From = p.datamodel()
		case isKeyword(t, "where") && c.Where == nil:
			c.Where = p.searchExpr(func(t token) bool { return isKeyword(t, "by") })
			if c.Where == nil {
				p.errorExpected(p.peek(modeSearch), "a search expression after WHERE")
			}
		case isKeyword(t, "by") && c.By == nil:
			c.By, c.ByOptions = p.byList()
		default:
			p.errorExpected(t, "FROM, WHERE or BY in tstats")
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// datamodel reads the argument of FROM: datamodel=X, datamodel:X or
// datamodel:"X".
func (p *parser) datamodel() *ast.Option {
	k := p.next(modeArg)
	if k.kind != tWord || !strings.HasPrefix(strings.ToLower(k.text), "datamodel") {
		p.errorExpected(k, "datamodel=<name> after FROM")
	}
	key := k.text
	if i := strings.IndexByte(k.text, ':'); i >= 0 {
		key = k.text[:i]
		if rest := k.text[i+1:]; rest != "" {
			p.node()
			return &ast.Option{Sp: k.sp, Key: key, Value: unescape(rest)}
		}
	} else {
		p.expect(modeArg, tEq, "\"=\" after datamodel")
	}
	v := p.next(modeArg)
	if v.kind != tWord && v.kind != tString {
		p.errorExpected(v, "a data model name")
	}
	p.node()
	o := &ast.Option{Sp: k.sp.Join(v.sp), Key: key, Value: unescape(v.text), Quoted: v.kind == tString}
	if v.kind == tString {
		o.Value = unquote(v)
	}
	return o
}
