package eval

import (
	"net/netip"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Conditional and comparison functions (spl-semantics.md §7.1).
func init() {
	register("if", 3, 3, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		cond, t, f := a[0].fn, a[1].fn, a[2].fn
		k := kindAny
		if a[1].kind == kindBool && a[2].kind == kindBool {
			k = kindBool
		}
		return node{kind: k, fn: func(ev *event.Event) value.Value {
			if Truth(cond(ev)) {
				return t(ev)
			}
			return f(ev)
		}}
	})
	register("case", 2, -1, func(c *Compiler, call *ast.EvalCall, a []node) node {
		if len(a)%2 != 0 {
			c.errf(source.ErrSyntax, call.Sp, "case takes condition, value pairs")
		}
		return anyNode(func(ev *event.Event) value.Value {
			for i := 0; i+1 < len(a); i += 2 {
				if Truth(a[i].fn(ev)) {
					return a[i+1].fn(ev)
				}
			}
			return null
		})
	})
	register("coalesce", 1, -1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			for _, x := range a {
				if v := x.fn(ev); !v.IsNull() {
					return v
				}
			}
			return null
		})
	})
	register("isnull", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value { return boolV(a[0].fn(ev).IsNull()) })
	})
	register("isnotnull", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value { return boolV(!a[0].fn(ev).IsNull()) })
	})
	register("null", 0, 0, func(*Compiler, *ast.EvalCall, []node) node {
		return anyNode(func(*event.Event) value.Value { return null })
	})
	register("true", 0, 0, func(*Compiler, *ast.EvalCall, []node) node {
		return boolNode(func(*event.Event) value.Value { return trueV })
	})
	register("false", 0, 0, func(*Compiler, *ast.EvalCall, []node) node {
		return boolNode(func(*event.Event) value.Value { return falseV })
	})
	register("like", 2, 2, func(c *Compiler, _ *ast.EvalCall, a []node) node { return c.likeNode(a[0], a[1]) })
	register("match", 2, 2, func(c *Compiler, call *ast.EvalCall, a []node) node {
		re := c.regexArg(call.Args[1], a[1])
		s := a[0].fn
		return boolNode(func(ev *event.Event) value.Value {
			v := s(ev)
			r := re(ev)
			if v.IsNull() || r == nil {
				return null
			}
			return anyValueTrue(v, r.MatchString)
		})
	})
	register("cidrmatch", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value {
			cv, ip := a[0].fn(ev), a[1].fn(ev)
			if cv.IsNull() || ip.IsNull() {
				return null
			}
			p, err := netip.ParsePrefix(strings.TrimSpace(cv.Text()))
			if err != nil {
				return falseV
			}
			p = p.Masked()
			return anyValueTrue(ip, func(s string) bool {
				addr, err := netip.ParseAddr(strings.TrimSpace(s))
				return err == nil && p.Contains(addr.Unmap())
			})
		})
	})
	register("in", 1, -1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		list := make([]Func, len(a)-1)
		for i := range list {
			list[i] = a[i+1].fn
		}
		x := a[0].fn
		return boolNode(func(ev *event.Event) value.Value { return inList(x(ev), list, ev) })
	})
	register("nullif", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			x, y := a[0].fn(ev), a[1].fn(ev)
			if !x.IsNull() && !y.IsNull() && Truth(compareAny(x, y, func(c int) bool { return c == 0 })) {
				return null
			}
			return x
		})
	})
}

// likeNode compiles s LIKE pat: anchored, % any run, _ one character,
// case-sensitive, backslash literal [VERIFY both, §7.1].
func (c *Compiler) likeNode(s, pat node) node {
	if p, ok := literalText(pat); ok {
		m := compileLike(p)
		return boolNode(func(ev *event.Event) value.Value {
			return anyValueTrue(s.fn(ev), m.match)
		})
	}
	return boolNode(func(ev *event.Event) value.Value {
		v, p := s.fn(ev), pat.fn(ev)
		if v.IsNull() || p.IsNull() {
			return null
		}
		return anyValueTrue(v, compileLike(p.Text()).match)
	})
}

// likePattern is a compiled LIKE pattern.
type likePattern struct{ p []rune }

func compileLike(p string) likePattern { return likePattern{[]rune(p)} }

func (l likePattern) match(s string) bool {
	// Iterative wildcard matching with backtracking to the last %.
	r := []rune(s)
	p := l.p
	i, j, star, mark := 0, 0, -1, 0
	for i < len(r) {
		switch {
		case j < len(p) && (p[j] == '_' || p[j] == r[i]) && p[j] != '%':
			i++
			j++
		case j < len(p) && p[j] == '%':
			star, mark = j, i
			j++
		case star >= 0:
			j = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for j < len(p) && p[j] == '%' {
		j++
	}
	return j == len(p)
}

// regexArg compiles a regex argument: once at compile time when it is a
// literal (a bad literal is a diagnostic), through the program's cache
// otherwise (a bad pattern from data yields nil, hence null).
func (c *Compiler) regexArg(e ast.EvalExpr, n node) func(*event.Event) *Regex {
	if p, ok := literalText(n); ok {
		re, err := CompileRegex(p)
		if err != nil {
			c.errf(source.ErrSyntax, e.Span(), "invalid regular expression: %v", err)
			return func(*event.Event) *Regex { return nil }
		}
		return func(*event.Event) *Regex { return re }
	}
	cache := c.cache
	return func(ev *event.Event) *Regex {
		v := n.fn(ev)
		if v.IsNull() {
			return nil
		}
		re, err := cache.get(v.Text())
		if err != nil {
			return nil
		}
		return re
	}
}
