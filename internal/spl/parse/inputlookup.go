package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseInputlookup parses inputlookup [options] table [WHERE search-expr]
// (spl-semantics.md §9.7).
func parseInputlookup(p *parser, name token) ast.Command {
	c := &ast.InputlookupCommand{}
	c.Options = p.options()
	c.Table = p.fieldArg("a lookup name")
	c.Options = append(c.Options, p.options()...)
	if t := p.peek(modeArg); isKeyword(t, "where") {
		p.next(modeArg)
		c.Where = p.searchExpr(nil)
		if c.Where == nil {
			p.errorExpected(p.peek(modeSearch), "a search expression after WHERE")
		}
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

// parseOutputlookup parses outputlookup [options] table [options]
// (spl-semantics.md §9.8).
func parseOutputlookup(p *parser, name token) ast.Command {
	c := &ast.OutputlookupCommand{}
	c.Options = p.options()
	c.Table = p.fieldArg("a lookup name")
	c.Options = append(c.Options, p.options()...)
	c.Sp = p.span(name.sp.Start)
	return c
}

// checkInputlookups reports an inputlookup without append=true that is not
// the first command of its pipeline (spl-semantics.md §9.7: Splunk fails
// with "This command must be the first command of a search"). Each
// subsearch is a pipeline of its own, so [| inputlookup t] is allowed.
func (p *parser) checkInputlookups(pl *ast.Pipeline) {
	for i, c := range pl.Commands {
		il, ok := c.(*ast.InputlookupCommand)
		if !ok || i == 0 || appendOption(il.Options) {
			continue
		}
		p.errorf(source.ErrSyntax, il.Sp, "inputlookup must be the first command of a search unless append=true")
	}
}

// appendOption reports whether options hold append=true (t, true, 1 or yes,
// any case; the last append= wins).
func appendOption(opts []*ast.Option) bool {
	on := false
	for _, o := range opts {
		if strings.EqualFold(o.Key, "append") {
			switch strings.ToLower(o.Value) {
			case "t", "true", "1", "yes":
				on = true
			default:
				on = false
			}
		}
	}
	return on
}
