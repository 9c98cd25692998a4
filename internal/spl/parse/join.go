package parse

import "github.com/riskhound/riskhound/internal/spl/ast"

// parseJoin parses join [options] [fields] [ subsearch ] (spl-semantics.md
// §9.9); options may follow the fields.
func parseJoin(p *parser, name token) ast.Command {
	c := &ast.JoinCommand{}
	c.Options, c.Fields = p.optionsAndFields(func(t token) bool { return t.kind == tLBrack })
	if !isSubsearchAhead(p) {
		p.errorExpected(p.peek(modeArg), "a [subsearch] for join")
	}
	c.Sub = p.subsearch()
	c.Sp = p.span(name.sp.Start)
	return c
}

// parseAppend parses append [options] [ subsearch ].
func parseAppend(p *parser, name token) ast.Command {
	opts := p.options()
	if !isSubsearchAhead(p) {
		p.errorExpected(p.peek(modeArg), "a [subsearch] for append")
	}
	sub := p.subsearch()
	return &ast.AppendCommand{Sp: p.span(name.sp.Start), Options: opts, Sub: sub}
}

// parseAppendpipe parses appendpipe [options] [ subpipeline ].
func parseAppendpipe(p *parser, name token) ast.Command {
	opts := p.options()
	if !isSubsearchAhead(p) {
		p.errorExpected(p.peek(modeArg), "a [subpipeline] for appendpipe")
	}
	sub := p.subsearch()
	return &ast.AppendpipeCommand{Sp: p.span(name.sp.Start), Options: opts, Sub: sub}
}

// parseMap parses map [options] search="..." or map [options] [ subsearch ].
func parseMap(p *parser, name token) ast.Command {
	c := &ast.MapCommand{}
	c.Options = p.options()
	if isSubsearchAhead(p) {
		c.Sub = p.subsearch()
		c.Options = append(c.Options, p.options()...)
	} else if ast.FindOption(c.Options, "search") == nil {
		p.errorExpected(p.peek(modeArg), "search=\"...\" or a [subsearch] for map")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
