package parse

import (
	"math"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// The eval language (spl-semantics.md §6.2), loosest first: OR, XOR, AND,
// NOT, comparisons (= == != < > <= >= LIKE IN), + - ., * / %, unary minus,
// call. Keywords are case-insensitive here, unlike in search.

// binaryOps maps operator tokens to eval binary operators; keyword
// operators (OR, XOR, AND, LIKE) are matched by keywordOp.
func binaryOp(t token) (ast.BinaryOp, bool) {
	switch t.kind {
	case tEq, tEqEq:
		return ast.OpEqual, true
	case tNe:
		return ast.OpNotEqual, true
	case tLt:
		return ast.OpLess, true
	case tLe:
		return ast.OpLessEq, true
	case tGt:
		return ast.OpGreater, true
	case tGe:
		return ast.OpGreaterEq, true
	case tPlus:
		return ast.OpAdd, true
	case tMinus:
		return ast.OpSub, true
	case tDot:
		return ast.OpConcat, true
	case tStar:
		return ast.OpMul, true
	case tSlash:
		return ast.OpDiv, true
	case tPercent:
		return ast.OpMod, true
	case tWord:
		switch {
		case strings.EqualFold(t.text, "OR"):
			return ast.OpOr, true
		case strings.EqualFold(t.text, "XOR"):
			return ast.OpXor, true
		case strings.EqualFold(t.text, "AND"):
			return ast.OpAnd, true
		case strings.EqualFold(t.text, "LIKE"):
			return ast.OpLike, true
		}
	}
	return 0, false
}

// evalExpr parses an eval expression.
func (p *parser) evalExpr() ast.EvalExpr {
	return p.evalBinary(1)
}

// evalBinary parses operators of precedence prec and tighter (precedence
// climbing over ast.BinaryOp.Precedence; NOT sits at 4, between AND and the
// comparisons).
func (p *parser) evalBinary(prec int) ast.EvalExpr {
	var x ast.EvalExpr
	if prec <= 4 {
		if t := p.peek(modeEval); t.kind == tWord && strings.EqualFold(t.text, "NOT") {
			p.next(modeEval)
			p.enter(t.sp)
			y := p.evalBinary(4)
			p.leave()
			p.node()
			x = &ast.EvalUnary{Sp: t.sp.Join(y.Span()), Op: ast.OpNot, X: y}
			prec = max(prec, 1)
		}
	}
	if x == nil {
		x = p.evalUnary()
	}
	for {
		t := p.peek(modeEval)
		if t.kind == tWord && strings.EqualFold(t.text, "IN") {
			if prec > 5 {
				return x
			}
			x = p.evalIn(x)
			continue
		}
		op, ok := binaryOp(t)
		if !ok || op.Precedence() < prec {
			return x
		}
		p.next(modeEval)
		p.enter(t.sp)
		y := p.evalBinary(op.Precedence() + 1)
		p.leave()
		p.node()
		x = &ast.EvalBinary{Sp: x.Span().Join(y.Span()), Op: op, X: x, Y: y}
	}
}

// evalIn parses "IN (e1, e2, ...)" after x.
func (p *parser) evalIn(x ast.EvalExpr) ast.EvalExpr {
	p.next(modeEval) // IN
	p.expect(modeEval, tLParen, "\"(\" after IN")
	var list []ast.EvalExpr
	for {
		list = append(list, p.evalExpr())
		t := p.next(modeEval)
		if t.kind == tRParen {
			p.node()
			return &ast.EvalIn{Sp: x.Span().Join(t.sp), X: x, List: list}
		}
		if t.kind != tComma {
			p.errorExpected(t, "\",\" or \")\" in IN list")
		}
	}
}

func (p *parser) evalUnary() ast.EvalExpr {
	t := p.peek(modeEval)
	if t.kind == tMinus {
		p.next(modeEval)
		p.enter(t.sp)
		x := p.evalUnary()
		p.leave()
		p.node()
		return &ast.EvalUnary{Sp: t.sp.Join(x.Span()), Op: ast.OpNeg, X: x}
	}
	if t.kind == tPlus {
		p.next(modeEval)
		return p.evalUnary()
	}
	return p.evalPrimary()
}

func (p *parser) evalPrimary() ast.EvalExpr {
	t := p.next(modeEval)
	p.node()
	switch t.kind {
	case tNumber:
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil || math.IsInf(f, 0) {
			p.fail(t.sp, "number %s is out of range", t.text)
		}
		return &ast.EvalLiteral{Sp: t.sp, Value: value.Num(f)}
	case tString:
		return &ast.EvalLiteral{Sp: t.sp, Value: value.Str(unquote(t))}
	case tSQuote:
		return &ast.EvalField{Sp: t.sp, Name: unquoteSingle(t.text), Quoted: true}
	case tLParen:
		p.enter(t.sp)
		x := p.evalExpr()
		p.leave()
		p.expect(modeEval, tRParen, "\")\"")
		return x
	case tWord:
		if p.peek(modeEval).kind == tLParen {
			return p.evalCall(t)
		}
		switch strings.ToUpper(t.text) {
		case "AND", "OR", "XOR", "NOT", "LIKE", "IN":
			p.fail(t.sp, "expected an expression, found operator %s", t.text)
		}
		return &ast.EvalField{Sp: t.sp, Name: t.text}
	case tError:
		if strings.HasPrefix(t.text, "\"") || strings.HasPrefix(t.text, "'") {
			p.fail(t.sp, "unterminated string")
		}
	}
	p.errorExpected(t, "an expression")
	return nil
}

// unquoteSingle returns the field name in a single-quoted token; \' stands
// for a quote inside it.
func unquoteSingle(s string) string {
	s = s[1 : len(s)-1]
	if strings.Contains(s, `\'`) {
		s = strings.ReplaceAll(s, `\'`, `'`)
	}
	return s
}

// evalCall parses name(args); the name is case-insensitive and stored in
// lower case (except foreach templates such as <<FIELD>> in it, which are
// upper case by definition).
func (p *parser) evalCall(name token) ast.EvalExpr {
	fn := name.text
	if !strings.Contains(fn, "<<") {
		fn = strings.ToLower(fn)
	}
	open := p.next(modeEval)
	p.enter(open.sp)
	defer p.leave()
	var args []ast.EvalExpr
	if p.peek(modeEval).kind == tRParen {
		end := p.next(modeEval)
		return &ast.EvalCall{Sp: name.sp.Join(end.sp), Name: fn}
	}
	for {
		args = append(args, p.evalExpr())
		t := p.next(modeEval)
		if t.kind == tRParen {
			return &ast.EvalCall{Sp: name.sp.Join(t.sp), Name: fn, Args: args}
		}
		if t.kind != tComma {
			p.errorExpected(t, "\",\" or \")\" in arguments of "+name.text)
		}
	}
}
