package parse

import (
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseForeach parses foreach [options] fields [ subpipeline ]
// (spl-semantics.md §9.18). The subpipeline starts with a command name; its
// <<FIELD>>-style templates lex as parts of names.
func parseForeach(p *parser, name token) ast.Command {
	c := &ast.ForeachCommand{}
	c.Options, c.Fields = p.optionsAndFields(func(t token) bool { return t.kind == tLBrack })
	if len(c.Fields) == 0 {
		p.errorExpected(p.peek(modeArg), "a field pattern for foreach")
	}
	open := p.expect(modeArg, tLBrack, "\"[\" to start the foreach subpipeline")
	p.enter(open.sp)
	p.sub++
	before := len(p.errs)
	sub := &ast.Pipeline{Leading: true}
	if p.peek(modeArg).kind == tPipe {
		p.next(modeArg)
	}
	for {
		if cmd := p.command(); cmd != nil {
			sub.Commands = append(sub.Commands, cmd)
		}
		if p.peek(modeArg).kind != tPipe || len(p.errs) >= maxErrors {
			break
		}
		p.next(modeArg)
	}
	p.sub--
	p.leave()
	if len(p.errs) > before {
		p.failAt = -1
		panic(bailout{})
	}
	end := p.next(modeArg)
	if end.kind != tRBrack {
		p.errorf(source.ErrSyntax, open.sp, "unclosed \"[\": expected \"]\", found %s", describe(end))
		panic(bailout{})
	}
	sub.Sp = source.Span{Start: open.sp.Start, End: end.sp.End}
	c.Sub = sub
	c.Sp = p.span(name.sp.Start)
	return c
}
