package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseFillnull parses fillnull [value=v] [fields] (spl-semantics.md §9.11).
func parseFillnull(p *parser, name token) ast.Command {
	c := &ast.FillnullCommand{}
	opts, fs := p.optionsAndFields(nil)
	for _, o := range opts {
		if !strings.EqualFold(o.Key, "value") || c.Value != nil {
			p.fail(o.Sp, "unknown or repeated fillnull option %q", o.Key)
		}
		c.Value = o
	}
	c.Fields = fs
	c.Sp = p.span(name.sp.Start)
	return c
}

// parseBin parses bin or bucket [options] field [AS new] (spl-semantics.md
// §9.10).
func parseBin(p *parser, name token) ast.Command {
	c := &ast.BinCommand{Cmd: strings.ToLower(name.text)}
	for !p.atEnd() {
		t := p.peek(modeArg)
		switch {
		case p.isOptionAhead():
			c.Options = append(c.Options, p.option())
		case isKeyword(t, "as") && c.Field != nil && c.As == nil:
			p.next(modeArg)
			c.As = p.fieldArg("a field name after AS")
		case c.Field == nil:
			c.Field = p.fieldArg("a field name")
		default:
			p.errorExpected(t, "an option such as span=")
		}
	}
	if c.Field == nil {
		p.errorExpected(p.peek(modeArg), "a field name for "+c.Cmd)
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
