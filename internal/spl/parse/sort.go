package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseSort parses sort [N] [limit=N] [+|-]key [, ...] [desc]
// (spl-semantics.md §9.15).
func parseSort(p *parser, name token) ast.Command {
	c := &ast.SortCommand{}
	c.Count, c.HasCount = p.count()
	c.Options = p.options()
	for !p.atEnd() {
		t := p.peek(modeArg)
		if t.kind == tComma && len(c.Keys) > 0 {
			p.next(modeArg)
			continue
		}
		if (isKeyword(t, "desc") || isKeyword(t, "d")) && len(c.Keys) > 0 {
			p.next(modeArg)
			if p.atEnd() {
				c.Reverse = true
				break
			}
			p.lx.pos = int(t.sp.Start)
		}
		c.Keys = append(c.Keys, p.sortKey())
	}
	if len(c.Keys) == 0 {
		p.errorExpected(p.peek(modeArg), "a field to sort by")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// sortKey reads [+|-][num|str|ip|auto(]field[)].
func (p *parser) sortKey() *ast.SortKey {
	t := p.next(modeArg)
	k := &ast.SortKey{Sp: t.sp}
	if t.kind == tWord && (t.text == "-" || t.text == "+") {
		k.Desc = t.text == "-"
		t = p.next(modeArg)
	} else if t.kind == tWord && len(t.text) > 1 && (t.text[0] == '-' || t.text[0] == '+') {
		k.Desc = t.text[0] == '-'
		t.text = t.text[1:]
		t.sp.Start++
	}
	if t.kind != tWord && t.kind != tString {
		p.errorExpected(t, "a field to sort by")
	}
	switch fn := strings.ToLower(t.text); fn {
	case "num", "str", "ip", "auto":
		if t.kind == tWord && p.peekAdjacent('(') {
			p.next(modeArg)
			k.Func = fn
			k.Field = p.fieldArg("a field name in " + fn + "()")
			p.expect(modeArg, tRParen, "\")\" after the field of "+fn)
		}
	}
	if k.Field == nil {
		k.Field = p.fieldTok(t)
	}
	p.node()
	k.Sp = source.Span{Start: k.Sp.Start, End: p.lastEnd}
	return k
}

// parseDedup parses dedup [N] fields [options] [sortby keys]
// (spl-semantics.md §9.14).
func parseDedup(p *parser, name token) ast.Command {
	c := &ast.DedupCommand{}
	c.Count, _ = p.count()
	c.Options, c.Fields = p.optionsAndFields(func(t token) bool { return isKeyword(t, "sortby") })
	if isKeyword(p.peek(modeArg), "sortby") {
		p.next(modeArg)
		for !p.atEnd() {
			if p.peek(modeArg).kind == tComma && len(c.SortBy) > 0 {
				p.next(modeArg)
				continue
			}
			c.SortBy = append(c.SortBy, p.sortKey())
		}
		if len(c.SortBy) == 0 {
			p.errorExpected(p.peek(modeArg), "a field after sortby")
		}
	}
	if len(c.Fields) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name for dedup")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
