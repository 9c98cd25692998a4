package sigma

import (
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// condParser parses a Sigma condition: `or` binds loosest, then `and`, then
// `not`; `1 of X*`, `all of X*`, `1 of them`, `all of them` quantify over
// the selections whose names match; parentheses group.
type condParser struct {
	c     *detCompiler
	text  string
	base  source.Pos // where text starts in the file (for error spans)
	toks  []condTok
	i     int
	sels  map[string]expr
	names []string // selection names, sorted
	used  map[string]bool
}

type condTok struct {
	text       string
	start, end int
}

func lexCondition(s string) []condTok {
	var out []condTok
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(' || c == ')' || c == '|':
			out = append(out, condTok{s[i : i+1], i, i + 1})
			i++
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n\r()|", rune(s[j])) {
				j++
			}
			out = append(out, condTok{s[i:j], i, j})
			i = j
		}
	}
	return out
}

func (p *condParser) span(t condTok) source.Span {
	return source.Span{Start: p.base + source.Pos(t.start), End: p.base + source.Pos(t.end)}
}

func (p *condParser) errAt(t condTok, format string, args ...any) {
	p.c.errf(source.ErrSyntax, p.span(t), format, args...)
}

func (p *condParser) peek() (condTok, bool) {
	if p.i < len(p.toks) {
		return p.toks[p.i], true
	}
	return condTok{}, false
}

func (p *condParser) is(word string) bool {
	t, ok := p.peek()
	return ok && strings.EqualFold(t.text, word)
}

// parse parses the whole condition.
func (p *condParser) parse() expr {
	p.toks = lexCondition(p.text)
	if len(p.toks) == 0 {
		p.c.errf(source.ErrSyntax, source.Span{Start: p.base, End: p.base}, "empty condition")
		return constExpr(false)
	}
	x := p.or()
	if t, ok := p.peek(); ok {
		if t.text == "|" {
			p.c.errf(source.ErrUnsupported, source.Span{Start: p.base + source.Pos(t.start), End: p.base + source.Pos(len(p.text))},
				"aggregations in a condition (| count() ...) are not supported; Sigma correlation rules replace them")
		} else {
			p.errAt(t, "unexpected %q in condition", t.text)
		}
	}
	return x
}

func (p *condParser) or() expr {
	x := p.and()
	var or orExpr
	for p.is("or") {
		p.i++
		if or == nil {
			or = orExpr{x}
		}
		or = append(or, p.and())
	}
	if or != nil {
		return or
	}
	return x
}

func (p *condParser) and() expr {
	x := p.not()
	var and andExpr
	for p.is("and") {
		p.i++
		if and == nil {
			and = andExpr{x}
		}
		and = append(and, p.not())
	}
	if and != nil {
		return and
	}
	return x
}

func (p *condParser) not() expr {
	if p.is("not") {
		p.i++
		return notExpr{p.not()}
	}
	return p.primary()
}

func (p *condParser) primary() expr {
	t, ok := p.peek()
	if !ok {
		end := p.base + source.Pos(len(p.text))
		p.c.errf(source.ErrSyntax, source.Span{Start: end, End: end}, "condition ends where a selection name is expected")
		return constExpr(false)
	}
	p.i++
	switch {
	case t.text == "(":
		x := p.or()
		if !p.is(")") {
			p.errAt(t, "unclosed parenthesis")
		} else {
			p.i++
		}
		return x
	case t.text == ")" || t.text == "|" || strings.EqualFold(t.text, "and") || strings.EqualFold(t.text, "or"):
		p.errAt(t, "unexpected %q where a selection name is expected", t.text)
		return constExpr(false)
	case (t.text == "1" || strings.EqualFold(t.text, "all") || strings.EqualFold(t.text, "any")) && p.is("of"):
		p.i++
		target, ok := p.peek()
		if !ok {
			p.errAt(t, "%q of what?", t.text+" of")
			return constExpr(false)
		}
		p.i++
		names := p.match(target)
		if len(names) == 0 {
			return constExpr(false)
		}
		xs := make([]expr, len(names))
		for i, n := range names {
			xs[i] = p.sels[n]
		}
		if strings.EqualFold(t.text, "all") {
			return andExpr(xs)
		}
		return orExpr(xs)
	}
	x, ok := p.sels[t.text]
	if !ok {
		p.errAt(t, "condition names %q, which is not a selection of this rule", t.text)
		return constExpr(false)
	}
	p.used[t.text] = true
	return x
}

// match returns the selection names a quantifier target names: `them` (all
// but those starting with an underscore, as Sigma says) or a name pattern.
func (p *condParser) match(t condTok) []string {
	var out []string
	for _, n := range p.names {
		if strings.EqualFold(t.text, "them") {
			if !strings.HasPrefix(n, "_") {
				out = append(out, n)
			}
			continue
		}
		if ok, _ := path.Match(t.text, n); ok {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		p.errAt(t, "%q matches no selection of this rule", t.text)
	}
	for _, n := range out {
		p.used[n] = true
	}
	return out
}

func sortedNames(m map[string]expr) []string { return slices.Sorted(maps.Keys(m)) }
