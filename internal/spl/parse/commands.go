package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// parseFunc parses the arguments of one command; name is the command name
// token, already consumed. It fails (bailout) on a syntax error.
type parseFunc func(p *parser, name token) ast.Command

// commands is the registry of supported commands, keyed by lower-case name.
// A command missing here is reported as unsupported, never ignored.
var commands map[string]parseFunc

func init() {
	commands = map[string]parseFunc{
		"search":      parseSearch,
		"stats":       parseStats,
		"eventstats":  parseStats,
		"streamstats": parseStats,
		"convert":     parseConvert,
		"eval":        parseEval,
		"where":       parseWhere,
		"rename":      parseRename,
		"table":       parseTable,
		"fields":      parseFields,
	}
	for name, fn := range moreCommands {
		commands[name] = fn
	}
}

// Helpers shared by command parsers.

// isKeyword reports whether t is the word kw, case-insensitively.
func isKeyword(t token, kw string) bool {
	return t.kind == tWord && strings.EqualFold(t.text, kw)
}

// fieldArg reads a field name argument: a bare word or a quoted string.
func (p *parser) fieldArg(what string) *ast.Field {
	t := p.next(modeArg)
	if t.kind != tWord && t.kind != tString {
		p.errorExpected(t, what)
	}
	return p.fieldTok(t)
}

// fieldTok makes a Field from a word or string token; a word directly
// followed by a parenthesized group takes the group into the name, so that
// stats output names such as dc(user) or predicted(x) are single fields.
func (p *parser) fieldTok(t token) *ast.Field {
	if t.kind == tWord && p.peekAdjacent('(') {
		s := p.lx.src
		depth, i := 0, p.lx.pos
	loop:
		for ; i < len(s); i++ {
			switch s[i] {
			case '(':
				depth++
			case ')':
				depth--
				if depth == 0 {
					i++
					break loop
				}
			case '|', '"', '[', ']', ' ', '\t', '\n', '\r':
				break loop
			}
		}
		if depth == 0 {
			p.lx.pos = i
			p.lastEnd = source.Pos(i)
			t.sp.End = source.Pos(i)
			t.text = s[t.sp.Start:i]
		}
	}
	return p.field(t)
}

// isOptionAhead reports whether the next tokens are word "=".
func (p *parser) isOptionAhead() bool {
	t1, t2 := p.peek2(modeArg, modeArg)
	return t1.kind == tWord && t2.kind == tEq
}

// option reads key=value; the value is a quoted string or a bare word.
func (p *parser) option() *ast.Option {
	k := p.next(modeArg)
	if k.kind != tWord {
		p.errorExpected(k, "an option name")
	}
	p.expect(modeArg, tEq, "\"=\" after "+k.text)
	v := p.next(modeArg)
	p.node()
	switch v.kind {
	case tString:
		return &ast.Option{Sp: k.sp.Join(v.sp), Key: k.text, Value: unquote(v), Quoted: true}
	case tWord:
		return &ast.Option{Sp: k.sp.Join(v.sp), Key: k.text, Value: unescape(v.text)}
	}
	p.errorExpected(v, "a value for option "+k.text)
	return nil
}

// options reads consecutive key=value options.
func (p *parser) options() []*ast.Option {
	var opts []*ast.Option
	for p.isOptionAhead() {
		opts = append(opts, p.option())
	}
	return opts
}

// fieldList reads fields separated by spaces or commas up to the end of the
// command or a word for which stop returns true.
func (p *parser) fieldList(stop func(token) bool) []*ast.Field {
	var fs []*ast.Field
	for !p.atEnd() {
		t := p.peek(modeArg)
		if stop != nil && stop(t) {
			break
		}
		if t.kind == tComma {
			p.next(modeArg)
			continue
		}
		fs = append(fs, p.fieldArg("a field name"))
	}
	return fs
}

func parseSearch(p *parser, name token) ast.Command {
	p.skipSearchKeyword(true)
	expr := p.searchExpr(nil)
	return &ast.SearchCommand{Sp: p.span(name.sp.Start), Expr: expr}
}

func parseWhere(p *parser, name token) ast.Command {
	if p.atEnd() {
		p.errorExpected(p.peek(modeArg), "an expression after where")
	}
	x := p.evalExpr()
	return &ast.WhereCommand{Sp: p.span(name.sp.Start), Expr: x}
}

func parseEval(p *parser, name token) ast.Command {
	c := &ast.EvalCommand{}
	for {
		var target *ast.Field
		if t := p.peek(modeEval); t.kind == tSQuote {
			p.next(modeEval)
			p.node()
			target = &ast.Field{Sp: t.sp, Name: unquoteSingle(t.text), Quoted: true}
		} else {
			target = p.fieldArg("a field name to assign")
			if strings.HasSuffix(target.Name, `\`) {
				// It could not be written back in single quotes.
				p.fail(target.Sp, "eval target %q ends with a backslash", target.Name)
			}
		}
		p.expect(modeArg, tEq, "\"=\" after "+target.Name)
		x := p.evalExpr()
		p.node()
		c.Assignments = append(c.Assignments, &ast.Assignment{Sp: target.Sp.Join(x.Span()), Target: target, Expr: x})
		if p.peek(modeArg).kind != tComma {
			break
		}
		p.next(modeArg)
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

func parseRename(p *parser, name token) ast.Command {
	c := &ast.RenameCommand{}
	for !p.atEnd() {
		if p.peek(modeArg).kind == tComma && len(c.Pairs) > 0 {
			p.next(modeArg)
			continue
		}
		from := p.fieldArg("a field name to rename")
		if as := p.next(modeArg); !isKeyword(as, "as") {
			p.errorExpected(as, "AS after "+from.Name)
		}
		to := p.fieldArg("a new field name after AS")
		p.node()
		c.Pairs = append(c.Pairs, &ast.RenamePair{Sp: from.Sp.Join(to.Sp), From: from, To: to})
	}
	if len(c.Pairs) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name to rename")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}

func parseTable(p *parser, name token) ast.Command {
	fs := p.fieldList(nil)
	if len(fs) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name")
	}
	return &ast.TableCommand{Sp: p.span(name.sp.Start), Fields: fs}
}

func parseFields(p *parser, name token) ast.Command {
	c := &ast.FieldsCommand{}
	// A lone + or - before the names is the mode; alone it is a field name.
	if t1, t2 := p.peek2(modeArg, modeArg); t1.kind == tWord && (t1.text == "+" || t1.text == "-") &&
		t2.kind != tEOF && t2.kind != tPipe && t2.kind != tRBrack {
		p.next(modeArg)
		c.Remove = t1.text == "-"
	}
	c.Fields = append(c.Fields, p.fieldList(nil)...)
	if len(c.Fields) > 1 && (c.Fields[0].Name == "+" || c.Fields[0].Name == "-") {
		// Print a first field named + or - quoted, or it reads back as the
		// mode.
		c.Fields[0].Quoted = true
	}
	if len(c.Fields) == 0 {
		p.errorExpected(p.peek(modeArg), "a field name")
	}
	c.Sp = p.span(name.sp.Start)
	return c
}
