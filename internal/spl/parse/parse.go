// Package parse is the SPL front end: a hand-written lexer driven by a
// recursive-descent parser, one parse function per command found through a
// table, and the two expression languages.
package parse

import (
	"fmt"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Limits that bound the work and memory of a parse, so hostile or broken
// input fails with an ErrLimit diagnostic instead of exhausting the process.
const (
	MaxInput  = 1 << 20 // bytes of search text
	MaxDepth  = 200     // nesting of parentheses, NOT chains and subsearches
	MaxNodes  = 200000  // syntax tree nodes
	maxErrors = 10
)

// Parse parses f's text (macros already expanded, comments stripped) into a
// pipeline. Errors are a source.List of *source.Diagnostic with spans into f;
// an unknown or unsupported command is an error of class
// source.ErrUnsupported naming the command.
func Parse(f *source.File) (*ast.Pipeline, error) {
	if len(f.Text) > MaxInput {
		return nil, source.List{source.Errorf(source.ErrLimit, f, source.Span{}, "search is %d bytes, more than the limit of %d", len(f.Text), MaxInput)}
	}
	p := &parser{f: f, lx: lexer{src: f.Text}, failAt: -1}
	pl := p.pipeline(false)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return pl, nil
}

// parser holds the state of one parse. Errors inside a command abandon that
// command (through a bailout panic recovered in command), and parsing resumes
// at the next top-level pipe, so one search yields several diagnostics.
type parser struct {
	f       *source.File
	lx      lexer
	errs    source.List
	depth   int
	nodes   int
	lastEnd source.Pos // end of the last consumed token
	sub     int        // subsearch nesting
	// failAt is where the error that abandons a command was found, or -1:
	// recovery skips to the next pipe from there, so that a "|" the failing
	// parse function consumed still starts the next command.
	failAt int
}

// bailout is the panic value that abandons the current command.
type bailout struct{}

func (p *parser) peek(m mode) token {
	save := p.lx.pos
	t := p.lx.next(m)
	p.lx.pos = save
	return t
}

// peek2 returns the two tokens after the cursor, both read in mode m.
func (p *parser) peek2(m1, m2 mode) (token, token) {
	save := p.lx.pos
	t1 := p.lx.next(m1)
	t2 := p.lx.next(m2)
	p.lx.pos = save
	return t1, t2
}

func (p *parser) next(m mode) token {
	t := p.lx.next(m)
	if t.kind != tEOF {
		p.lastEnd = t.sp.End
	}
	return t
}

// errorf records a diagnostic; the eleventh aborts the whole parse.
func (p *parser) errorf(class error, sp source.Span, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs.Add(source.Errorf(class, p.f, sp, format, args...))
	}
}

// fail records a syntax error and abandons the current command.
func (p *parser) fail(sp source.Span, format string, args ...any) {
	p.errorf(source.ErrSyntax, sp, format, args...)
	p.failAt = int(sp.Start)
	panic(bailout{})
}

// errorExpected fails with `expected what, found "tok"`.
func (p *parser) errorExpected(t token, what string) {
	p.fail(t.sp, "expected %s, found %s", what, describe(t))
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "end of search"
	case tError:
		if strings.HasPrefix(t.text, "\"") || strings.HasPrefix(t.text, "'") {
			return "unterminated string"
		}
	}
	s := t.text
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return fmt.Sprintf("%q", s)
}

// expect consumes a token of kind k or fails.
func (p *parser) expect(m mode, k tokKind, what string) token {
	t := p.next(m)
	if t.kind != k {
		if t.kind == tError && (strings.HasPrefix(t.text, "\"") || strings.HasPrefix(t.text, "'")) {
			p.fail(t.sp, "unterminated string")
		}
		p.errorExpected(t, what)
	}
	return t
}

// node counts a syntax tree node against MaxNodes.
func (p *parser) node() {
	p.nodes++
	if p.nodes >= MaxNodes {
		if p.nodes == MaxNodes {
			p.errorf(source.ErrLimit, source.Span{Start: p.lastEnd, End: p.lastEnd}, "search has more than %d syntax nodes", MaxNodes)
		}
		panic(bailout{})
	}
}

// enter and leave bound recursion depth.
func (p *parser) enter(sp source.Span) {
	p.depth++
	if p.depth > MaxDepth {
		p.errorf(source.ErrLimit, sp, "expression nested deeper than %d", MaxDepth)
		panic(bailout{})
	}
}

func (p *parser) leave() { p.depth-- }

// span returns the span from start to the end of the last consumed token.
func (p *parser) span(start source.Pos) source.Span {
	end := p.lastEnd
	if end < start {
		end = start
	}
	return source.Span{Start: start, End: end}
}

// atEnd reports whether the current command has no more arguments: the next
// token is a pipe, the end of the search or the "]" closing a subsearch.
func (p *parser) atEnd() bool {
	switch p.peek(modeArg).kind {
	case tEOF, tPipe:
		return true
	case tRBrack:
		return p.sub > 0
	}
	return false
}

// endCommand fails unless the command's arguments are all consumed.
func (p *parser) endCommand(name string) {
	if !p.atEnd() {
		t := p.peek(modeArg)
		p.fail(t.sp, "unexpected %s in %s command", describe(t), name)
	}
}

// pipeline parses commands up to the end of input, or up to the "]" that
// closes a subsearch when sub is true (the "]" is not consumed).
func (p *parser) pipeline(sub bool) *ast.Pipeline {
	p.node()
	pl := &ast.Pipeline{}
	first := p.peek(modeArg)
	pl.Sp.Start = first.sp.Start
	if first.kind == tPipe {
		pl.Leading = true
		p.next(modeArg)
	} else if c := p.implicitSearch(); c != nil {
		pl.Commands = append(pl.Commands, c)
	}
	for i := 0; ; i++ {
		if i > 0 || pl.Leading {
			if c := p.command(); c != nil {
				pl.Commands = append(pl.Commands, c)
			}
		}
		if len(p.errs) >= maxErrors {
			break
		}
		t := p.peek(modeArg)
		if t.kind == tEOF || (sub && t.kind == tRBrack) {
			break
		}
		if t.kind != tPipe {
			p.errorf(source.ErrSyntax, t.sp, "expected \"|\" or end of search, found %s", describe(t))
			p.skip()
			continue
		}
		p.next(modeArg)
	}
	p.checkInputlookups(pl)
	pl.Sp = p.span(pl.Sp.Start)
	return pl
}

// implicitSearch parses the search command that starts a pipeline whose text
// does not begin with "|".
func (p *parser) implicitSearch() (c ast.Command) {
	start := p.peek(modeSearch).sp.Start
	defer p.recoverCommand(&c, p.depth, p.sub)
	p.skipSearchKeyword(false)
	expr := p.searchExpr(nil)
	p.endCommand("search")
	return &ast.SearchCommand{Sp: p.span(start), Expr: expr}
}

// skipSearchKeyword consumes a leading "search" keyword of a search
// expression: "search x" at the start of a pipeline is the same as "x", and
// in "| search search *" (ESCU's "| search `x_filter`", with the filter
// macro defined as "search *") the inner keyword is taken as a keyword too,
// so the filter keeps everything [BELIEF]. When explicit is set (after
// "| search") a lone "search" stays a term.
func (p *parser) skipSearchKeyword(explicit bool) {
	t1, t2 := p.peek2(modeSearch, modeSearch)
	if t1.kind != tWord || !strings.EqualFold(t1.text, "search") || isCompareOp(t2.kind) {
		return
	}
	if t2.kind == tWord && strings.EqualFold(t2.text, "IN") {
		return
	}
	if explicit && p.searchEnd(t2, nil, false) {
		return
	}
	p.next(modeSearch)
}

// recoverCommand turns a bailout into a nil command and skips to the next
// pipe so that parsing can go on.
func (p *parser) recoverCommand(c *ast.Command, depth, sub int) {
	if r := recover(); r != nil {
		if _, ok := r.(bailout); !ok {
			panic(r)
		}
		*c = nil
		p.depth, p.sub = depth, sub
		if p.failAt >= 0 && p.failAt < p.lx.pos {
			p.lx.pos = p.failAt
		}
		p.failAt = -1
		p.skip()
	}
}

// command parses one command after a pipe.
func (p *parser) command() (c ast.Command) {
	defer p.recoverCommand(&c, p.depth, p.sub)
	name := p.next(modeArg)
	if name.kind != tWord {
		p.fail(name.sp, "expected a command name after \"|\", found %s", describe(name))
	}
	fn, ok := commands[strings.ToLower(name.text)]
	if !ok {
		p.errorf(source.ErrUnsupported, name.sp, "command %q is not supported", name.text)
		panic(bailout{})
	}
	p.node()
	c = fn(p, name)
	p.endCommand(strings.ToLower(name.text))
	return c
}

// skip moves the cursor to the next pipe outside quotes and brackets, or to
// the "]" closing the current subsearch, or to the end.
func (p *parser) skip() {
	s := p.lx.src
	depth, inQuote := 0, false
	i := p.lx.pos
	for i < len(s) {
		c := s[i]
		switch {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case c == ']' && p.sub > 0, c == '|' && depth == 0:
			p.lx.pos = i
			return
		}
		i++
	}
	p.lx.pos = len(s)
}

// subsearch parses "[ pipeline ]"; the cursor is at "[".
func (p *parser) subsearch() *ast.Pipeline {
	open := p.expect(modeArg, tLBrack, "\"[\"")
	p.enter(open.sp)
	p.sub++
	before := len(p.errs)
	pl := p.pipeline(true)
	p.sub--
	p.leave()
	if len(p.errs) > before {
		// A broken subsearch cannot be closed reliably; abandon the command.
		p.failAt = -1
		panic(bailout{})
	}
	t := p.next(modeArg)
	if t.kind != tRBrack {
		p.errorf(source.ErrSyntax, open.sp, "unclosed \"[\": expected \"]\", found %s", describe(t))
		panic(bailout{})
	}
	pl.Sp = source.Span{Start: open.sp.Start, End: t.sp.End}
	return pl
}
