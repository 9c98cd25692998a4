package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseLookup parses lookup [options] table field [AS f] [, ...]
// [OUTPUT|OUTPUTNEW field [AS f] ...] (spl-semantics.md §9.6).
func parseLookup(p *parser, name token) ast.Command {
	c := &ast.LookupCommand{}
	c.Options = p.options()
	c.Table = p.fieldArg("a lookup name")
	isOutput := func(t token) bool { return isKeyword(t, "output") || isKeyword(t, "outputnew") }
	c.Inputs = p.lookupFields(isOutput)
	if len(c.Inputs) == 0 {
		p.errorExpected(p.peek(modeArg), "a lookup field after "+c.Table.Name)
	}
	if t := p.peek(modeArg); isOutput(t) {
		p.next(modeArg)
		c.OutputMode = strings.ToUpper(t.text)
		c.Outputs = p.lookupFields(nil)
		if len(c.Outputs) == 0 {
			p.errorExpected(p.peek(modeArg), "a field after "+t.text)
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// lookupFields reads field [AS f] items separated by spaces or commas.
func (p *parser) lookupFields(stop func(token) bool) []*ast.LookupField {
	var out []*ast.LookupField
	for !p.atEnd() {
		t := p.peek(modeArg)
		if stop != nil && stop(t) {
			break
		}
		if t.kind == tComma {
			p.next(modeArg)
			continue
		}
		f := p.fieldArg("a field name")
		lf := &ast.LookupField{Sp: f.Sp, Field: f}
		if isKeyword(p.peek(modeArg), "as") {
			p.next(modeArg)
			lf.As = p.fieldArg("a field name after AS")
			lf.Sp = lf.Sp.Join(lf.As.Sp)
		}
		p.node()
		out = append(out, lf)
	}
	return out
}
