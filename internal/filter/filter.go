// Package filter compiles search-language expressions (the search command and
// tstats WHERE, spl-semantics.md §4) into predicates over events, and extracts
// the equality constraints a store or router can use to skip events early.
//
// Semantics in brief: field values match case-insensitively as whole-value
// globs (`*` only); != needs the field to be present while NOT does not; a
// multivalue field matches when any value does; bare terms and quoted phrases
// match whole tokens of _raw; CIDR values test subnet membership.
package filter

import (
	"net/netip"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Filter is a compiled search expression. It is immutable and safe for
// concurrent use.
type Filter struct {
	pred     pred
	required []Constraint
	expr     ast.SearchExpr
}

// matchCtx is the per-event scratch of one Match call: it caches the folded
// _raw so that many terms fold it once.
type matchCtx struct {
	ev       *event.Event
	raw      string
	rawState uint8 // 0 unknown, 1 folded raw cached, 2 no _raw
}

func (c *matchCtx) foldedRaw() (string, bool) {
	if c.rawState == 0 {
		v := c.ev.Get(event.Raw)
		if v.IsNull() {
			c.rawState = 2
		} else {
			c.raw = strings.ToLower(v.Text())
			c.rawState = 1
		}
	}
	return c.raw, c.rawState == 1
}

type pred func(c *matchCtx) bool

// Compile compiles expr. A nil expr (an empty search) matches everything. f is
// the text the spans point into, for diagnostics; it may be nil. Subsearches
// must have been replaced by their formatted text before Compile; one left in
// place is an error of class source.ErrUnsupported.
func Compile(expr ast.SearchExpr, f *source.File) (*Filter, error) {
	if expr == nil {
		return &Filter{pred: func(*matchCtx) bool { return true }}, nil
	}
	c := compiler{file: f}
	p := c.compile(expr)
	if err := c.errs.Err(); err != nil {
		return nil, err
	}
	return &Filter{pred: p, required: required(expr), expr: expr}, nil
}

// Match reports whether ev satisfies the expression. It does not modify ev.
func (f *Filter) Match(ev *event.Event) bool {
	c := matchCtx{ev: ev}
	return f.pred(&c)
}

// Expr returns the expression f was compiled from (nil for an empty search).
func (f *Filter) Expr() ast.SearchExpr { return f.expr }

type compiler struct {
	file *source.File
	errs source.List
}

func (c *compiler) compile(e ast.SearchExpr) pred {
	switch e := e.(type) {
	case *ast.SearchAnd:
		ps := make([]pred, len(e.Terms))
		for i, t := range e.Terms {
			ps[i] = c.compile(t)
		}
		return func(m *matchCtx) bool {
			for _, p := range ps {
				if !p(m) {
					return false
				}
			}
			return true
		}
	case *ast.SearchOr:
		ps := make([]pred, len(e.Terms))
		for i, t := range e.Terms {
			ps[i] = c.compile(t)
		}
		return func(m *matchCtx) bool {
			for _, p := range ps {
				if p(m) {
					return true
				}
			}
			return false
		}
	case *ast.SearchNot:
		p := c.compile(e.X)
		return func(m *matchCtx) bool { return !p(m) }
	case *ast.SearchCompare:
		return c.compare(e)
	case *ast.SearchIn:
		ms := make([]valueMatcher, len(e.Values))
		for i, v := range e.Values {
			inner, sensitive := caseValue(v)
			ms[i] = newValueMatcherFold(inner, !sensitive)
		}
		name := e.Field.Name
		return func(m *matchCtx) bool {
			v := m.ev.Get(name)
			for i := 0; i < v.Len(); i++ {
				s := v.Index(i)
				for _, vm := range ms {
					if vm.match(s) {
						return true
					}
				}
			}
			return false
		}
	case *ast.SearchTerm:
		return c.term(e)
	case *ast.SearchSubsearch:
		c.errs.Add(source.Errorf(source.ErrUnsupported, c.file, e.Sp, "subsearch was not resolved before filtering"))
		return func(*matchCtx) bool { return false }
	}
	c.errs.Add(source.Errorf(source.ErrUnsupported, c.file, e.Span(), "unsupported search expression %s", e))
	return func(*matchCtx) bool { return false }
}

// valueMatcher is one right-hand value of = or IN: a glob, plus a subnet when
// the value is written in CIDR notation.
type valueMatcher struct {
	glob   *Glob
	prefix netip.Prefix
	cidr   bool
}

func newValueMatcher(text string) valueMatcher {
	return newValueMatcherFold(text, true)
}

// caseValue recognises an unquoted CASE(x) value, which makes the test
// case-sensitive (host=CASE(LOCALHOST), §4.3), and returns x.
func caseValue(v *ast.SearchValue) (string, bool) {
	t := v.Text
	if v.Quoted || len(t) < 6 || !strings.HasPrefix(t, "CASE(") || !strings.HasSuffix(t, ")") {
		return t, false
	}
	return t[5 : len(t)-1], true
}

func newValueMatcherFold(text string, fold bool) valueMatcher {
	vm := valueMatcher{glob: CompileGlob(text, fold)}
	if !strings.Contains(text, "*") && strings.Contains(text, "/") {
		if p, err := netip.ParsePrefix(text); err == nil {
			vm.prefix, vm.cidr = p.Masked(), true
		}
	}
	return vm
}

// match tests one field value. A CIDR value matches an IP inside the subnet;
// a field value that is not an IP falls back to text matching.
func (vm valueMatcher) match(s string) bool {
	if vm.cidr {
		if a, err := netip.ParseAddr(s); err == nil {
			return vm.prefix.Contains(a.Unmap())
		}
	}
	return vm.glob.Match(s)
}

func (c *compiler) compare(e *ast.SearchCompare) pred {
	name := e.Field.Name
	text := e.Value.Text
	switch e.Op {
	case ast.OpEq, ast.OpNe:
		inner, sensitive := caseValue(e.Value)
		vm := newValueMatcherFold(inner, !sensitive)
		if e.Op == ast.OpEq {
			if vm.glob.MatchAll() {
				return func(m *matchCtx) bool { return m.ev.Has(name) }
			}
			return func(m *matchCtx) bool { return anyValue(m.ev.Get(name), vm.match) }
		}
		if vm.glob.MatchAll() {
			return func(*matchCtx) bool { return false }
		}
		// != keeps events that have the field and some value that does not
		// match (§4.4).
		return func(m *matchCtx) bool {
			return anyValue(m.ev.Get(name), func(s string) bool { return !vm.match(s) })
		}
	}
	num, isNum := value.ParseNumber(text)
	op := e.Op
	return func(m *matchCtx) bool {
		return anyValue(m.ev.Get(name), func(s string) bool {
			var cmp int
			if f, ok := value.ParseNumber(s); ok && isNum {
				switch {
				case f < num:
					cmp = -1
				case f > num:
					cmp = 1
				}
			} else {
				cmp = strings.Compare(s, text)
			}
			switch op {
			case ast.OpLt:
				return cmp < 0
			case ast.OpLe:
				return cmp <= 0
			case ast.OpGt:
				return cmp > 0
			}
			return cmp >= 0
		})
	}
}

func anyValue(v value.Value, f func(string) bool) bool {
	for i := 0; i < v.Len(); i++ {
		if f(v.Index(i)) {
			return true
		}
	}
	return false
}

// term compiles a bare term or phrase (§4.7). On a result without _raw (after
// stats, say) the term is tested against every field value instead [BELIEF].
func (c *compiler) term(e *ast.SearchTerm) pred {
	kind := kindPlain
	switch e.Kind {
	case ast.TermTERM:
		kind = kindTERM
	case ast.TermCASE:
		kind = kindCase
	}
	tm := newTermMatcher(e.Value.Text, kind)
	if tm.glob != nil && tm.glob.MatchAll() {
		return func(*matchCtx) bool { return true } // search *
	}
	return func(m *matchCtx) bool {
		if tm.fold {
			if raw, ok := m.foldedRaw(); ok {
				return tm.match(raw)
			}
		} else if v := m.ev.Get(event.Raw); !v.IsNull() {
			return tm.match(v.Text())
		}
		for _, f := range m.ev.Fields {
			for i := 0; i < f.Value.Len(); i++ {
				s := f.Value.Index(i)
				if tm.fold {
					s = strings.ToLower(s)
				}
				if tm.match(s) {
					return true
				}
			}
		}
		return false
	}
}
