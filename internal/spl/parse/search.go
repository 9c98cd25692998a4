package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// The search language (spl-semantics.md §4.1):
//
//	expr    := conj
//	conj    := disj ( [AND] disj )*
//	disj    := unary ( OR unary )*
//	unary   := NOT unary | primary
//	primary := '(' expr ')' | field op value | field IN '(' values ')'
//	         | TERM '(' value ')' | CASE '(' value ')' | phrase | term | '[' pipeline ']'
//
// OR binds tighter than the implicit AND, and the operators are keywords
// only in upper case.

// searchStop tells searchExpr where an embedding command's clause ends,
// e.g. at "by" in tstats where.
type searchStop func(t token) bool

// searchExpr parses a search expression; nil when there are no terms.
func (p *parser) searchExpr(stop searchStop) ast.SearchExpr {
	return p.searchConj(stop, false)
}

func (p *parser) searchEnd(t token, stop searchStop, inParen bool) bool {
	switch t.kind {
	case tEOF, tPipe:
		return true
	case tRBrack:
		return p.sub > 0
	case tRParen:
		return inParen
	}
	return stop != nil && stop(t)
}

func (p *parser) searchConj(stop searchStop, inParen bool) ast.SearchExpr {
	var terms []ast.SearchExpr
	for {
		t := p.peek(modeSearch)
		if p.searchEnd(t, stop, inParen) {
			break
		}
		if t.kind == tWord && t.text == "AND" {
			p.next(modeSearch)
			if len(terms) == 0 {
				p.fail(t.sp, "AND needs a term on its left")
			}
			if n := p.peek(modeSearch); p.searchEnd(n, stop, inParen) {
				p.errorExpected(n, "a search term after AND")
			}
			continue
		}
		terms = append(terms, p.searchDisj(stop, inParen))
	}
	switch len(terms) {
	case 0:
		return nil
	case 1:
		return terms[0]
	}
	p.node()
	return &ast.SearchAnd{Sp: terms[0].Span().Join(terms[len(terms)-1].Span()), Terms: terms}
}

func (p *parser) searchDisj(stop searchStop, inParen bool) ast.SearchExpr {
	x := p.searchUnary(stop, inParen)
	terms := []ast.SearchExpr{x}
	for {
		t := p.peek(modeSearch)
		if t.kind != tWord || t.text != "OR" {
			break
		}
		p.next(modeSearch)
		if n := p.peek(modeSearch); p.searchEnd(n, stop, inParen) || n.kind == tWord && (n.text == "OR" || n.text == "AND") {
			p.errorExpected(n, "a search term after OR")
		}
		terms = append(terms, p.searchUnary(stop, inParen))
	}
	if len(terms) == 1 {
		return x
	}
	p.node()
	return &ast.SearchOr{Sp: terms[0].Span().Join(terms[len(terms)-1].Span()), Terms: terms}
}

func (p *parser) searchUnary(stop searchStop, inParen bool) ast.SearchExpr {
	t := p.peek(modeSearch)
	if t.kind == tWord && t.text == "NOT" {
		if _, op := p.peek2(modeSearch, modeSearch); isCompareOp(op.kind) {
			// "NOT=x" compares a field named NOT.
			return p.searchPrimary(stop, inParen)
		}
		p.next(modeSearch)
		if n := p.peek(modeSearch); p.searchEnd(n, stop, inParen) || n.kind == tWord && (n.text == "OR" || n.text == "AND") {
			p.errorExpected(n, "a search term after NOT")
		}
		p.enter(t.sp)
		x := p.searchUnary(stop, inParen)
		p.leave()
		p.node()
		return &ast.SearchNot{Sp: t.sp.Join(x.Span()), X: x}
	}
	return p.searchPrimary(stop, inParen)
}

func isCompareOp(k tokKind) bool {
	switch k {
	case tEq, tNe, tLt, tLe, tGt, tGe, tEqEq:
		return true
	}
	return false
}

func compareOp(k tokKind) ast.CompareOp {
	switch k {
	case tNe:
		return ast.OpNe
	case tLt:
		return ast.OpLt
	case tLe:
		return ast.OpLe
	case tGt:
		return ast.OpGt
	case tGe:
		return ast.OpGe
	}
	return ast.OpEq
}

func (p *parser) searchPrimary(stop searchStop, inParen bool) ast.SearchExpr {
	t := p.next(modeSearch)
	p.node()
	switch t.kind {
	case tLParen:
		p.enter(t.sp)
		x := p.searchConj(stop, true)
		p.leave()
		end := p.next(modeSearch)
		if end.kind != tRParen {
			p.fail(end.sp, "expected \")\" to close the \"(\" at offset %d, found %s", t.sp.Start, describe(end))
		}
		if x == nil {
			p.fail(source.Span{Start: t.sp.Start, End: end.sp.End}, "empty parentheses in search")
		}
		return x
	case tLBrack:
		p.lx.pos = int(t.sp.Start)
		pl := p.subsearch()
		return &ast.SearchSubsearch{Sp: pl.Sp, Pipeline: pl}
	case tString, tWord:
		if t.kind == tWord && (t.text == "TERM" || t.text == "CASE") && p.peekAdjacent('(') {
			return p.searchTermFunc(t)
		}
		n1, n2 := p.peek2(modeSearch, modeSearch)
		if isCompareOp(n1.kind) {
			return p.searchCompare(t)
		}
		if n1.kind == tWord && strings.EqualFold(n1.text, "IN") && n2.kind == tLParen {
			return p.searchIn(t)
		}
		if t.kind == tString {
			return &ast.SearchTerm{Sp: t.sp, Value: &ast.SearchValue{Sp: t.sp, Text: unquote(t), Quoted: true}}
		}
		return &ast.SearchTerm{Sp: t.sp, Value: &ast.SearchValue{Sp: t.sp, Text: bareValue(t.text)}}
	case tError:
		if strings.HasPrefix(t.text, "\"") {
			p.fail(t.sp, "unterminated string")
		}
	}
	p.errorExpected(t, "a search term")
	return nil
}

// peekAdjacent reports whether the next byte is c, with no space between.
func (p *parser) peekAdjacent(c byte) bool {
	return p.lx.pos < len(p.lx.src) && p.lx.src[p.lx.pos] == c
}

// field makes a Field from a word or quoted token.
func (p *parser) field(t token) *ast.Field {
	p.node()
	if t.kind == tString {
		return &ast.Field{Sp: t.sp, Name: unquote(t), Quoted: true}
	}
	return &ast.Field{Sp: t.sp, Name: unescape(t.text)}
}

func (p *parser) searchCompare(ft token) ast.SearchExpr {
	f := p.field(ft)
	op := p.next(modeSearch)
	if op.kind == tEqEq {
		p.fail(op.sp, "\"==\" is not a search operator; use \"=\"")
	}
	v := p.searchValue(modeValue, "a value after "+op.text)
	return &ast.SearchCompare{Sp: ft.sp.Join(v.Sp), Field: f, Op: compareOp(op.kind), Value: v}
}

// searchValue reads a quoted or bare search value.
func (p *parser) searchValue(m mode, what string) *ast.SearchValue {
	t := p.next(m)
	p.node()
	switch t.kind {
	case tString:
		return &ast.SearchValue{Sp: t.sp, Text: unquote(t), Quoted: true}
	case tWord:
		return &ast.SearchValue{Sp: t.sp, Text: bareValue(t.text)}
	case tError:
		if strings.HasPrefix(t.text, "\"") {
			p.fail(t.sp, "unterminated string")
		}
	}
	p.errorExpected(t, what)
	return nil
}

func (p *parser) searchIn(ft token) ast.SearchExpr {
	f := p.field(ft)
	p.next(modeSearch) // IN
	p.next(modeSearch) // (
	var vals []*ast.SearchValue
	// Commas are optional and empty elements, as in (,"a",), are skipped:
	// ESCU writes both.
loop:
	for {
		t := p.peek(modeList)
		switch t.kind {
		case tComma:
			p.next(modeList)
		case tRParen:
			if len(vals) == 0 {
				p.fail(t.sp, "empty IN list")
			}
			break loop
		case tWord, tString:
			vals = append(vals, p.searchValue(modeList, "a value in IN list"))
		default:
			if len(vals) > 0 {
				p.errorExpected(t, "\")\" after IN list")
			}
			p.searchValue(modeList, "a value in IN list")
		}
	}
	end := p.next(modeList)
	return &ast.SearchIn{Sp: ft.sp.Join(end.sp), Field: f, Values: vals}
}

// searchTermFunc parses TERM(x) or CASE(x).
func (p *parser) searchTermFunc(kw token) ast.SearchExpr {
	p.next(modeSearch) // (
	v := p.searchValue(modeValue, "a value in "+kw.text+"()")
	end := p.next(modeSearch)
	if end.kind != tRParen {
		p.errorExpected(end, "\")\" after "+kw.text+" value")
	}
	kind := ast.TermTERM
	if kw.text == "CASE" {
		kind = ast.TermCASE
	}
	return &ast.SearchTerm{Sp: kw.sp.Join(end.sp), Kind: kind, Value: v}
}
