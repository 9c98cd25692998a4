package eval

import (
	"slices"
	"sort"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Multivalue functions (spl-semantics.md §7.3). Indexes are 0-based.
func init() {
	register("mvcount", 1, 1, fn1(func(v value.Value) value.Value { return value.Int(int64(v.Len())) }))
	register("mvindex", 2, 3, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			fi, ok := a[1].fn(ev).Number()
			if v.IsNull() || !ok {
				return null
			}
			n := v.Len()
			i := int(fi)
			if i < 0 {
				i += n
			}
			if i < 0 || i >= n {
				return null
			}
			if len(a) == 2 {
				return value.Str(v.Index(i))
			}
			fj, ok := a[2].fn(ev).Number()
			if !ok {
				return null
			}
			j := int(fj)
			if j < 0 {
				j += n
			}
			j = min(j, n-1)
			if j < i {
				return null
			}
			return value.MV(slices.Clone(v.Values()[i : j+1]))
		})
	})
	register("mvjoin", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v, d := a[0].fn(ev), a[1].fn(ev)
			if v.IsNull() || d.IsNull() {
				return null
			}
			vs := v.Values()
			out := ""
			for i, s := range vs {
				if i > 0 {
					out += d.Text()
				}
				out += s
			}
			return value.Str(out)
		})
	})
	register("mvappend", 1, -1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			var out []string
			for _, x := range a {
				out = append(out, x.fn(ev).Values()...)
			}
			return value.MV(out)
		})
	})
	register("mvfind", 2, 2, func(c *Compiler, call *ast.EvalCall, a []node) node {
		re := c.regexArg(call.Args[1], a[1])
		return anyNode(func(ev *event.Event) value.Value {
			v, r := a[0].fn(ev), re(ev)
			if v.IsNull() || r == nil {
				return null
			}
			for i, s := range v.Values() {
				if r.MatchString(s) {
					return value.Int(int64(i))
				}
			}
			return null
		})
	})
	register("mvdedup", 1, 1, fn1(func(v value.Value) value.Value {
		seen := make(map[string]bool, v.Len())
		var out []string
		for _, s := range v.Values() {
			if !seen[s] {
				seen[s] = true
				out = append(out, s)
			}
		}
		return value.MV(out)
	}))
	register("mvsort", 1, 1, fn1(func(v value.Value) value.Value {
		out := slices.Clone(v.Values())
		sort.Strings(out)
		return value.MV(out)
	}))
	register("mvzip", 2, 3, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			x, y := a[0].fn(ev), a[1].fn(ev)
			if x.IsNull() || y.IsNull() {
				return null
			}
			d := ","
			if len(a) > 2 {
				dv := a[2].fn(ev)
				if dv.IsNull() {
					return null
				}
				d = dv.Text()
			}
			xs, ys := x.Values(), y.Values()
			n := min(len(xs), len(ys))
			out := make([]string, n)
			for i := range n {
				out[i] = xs[i] + d + ys[i]
			}
			return value.MV(out)
		})
	})
	register("mvrange", 2, 3, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			s, ok1 := a[0].fn(ev).Number()
			e, ok2 := a[1].fn(ev).Number()
			step := 1.0
			if len(a) > 2 {
				var ok bool
				if step, ok = a[2].fn(ev).Number(); !ok {
					return null
				}
			}
			if !ok1 || !ok2 || step <= 0 {
				return null
			}
			var out []string
			for x := s; x < e && len(out) < 100000; x += step {
				out = append(out, value.FormatNumber(x))
			}
			return value.MV(out)
		})
	})
	register("mvfilter", 1, 1, func(c *Compiler, call *ast.EvalCall, _ []node) node {
		names := fieldsOf(call.Args[0], nil)
		if len(names) != 1 {
			c.errf(source.ErrSyntax, call.Sp, "mvfilter's predicate must refer to exactly one field, found %d", len(names))
			return anyNode(func(*event.Event) value.Value { return null })
		}
		name := names[0]
		pred := c.compile(call.Args[0]).fn
		return anyNode(func(ev *event.Event) value.Value {
			v := ev.Get(name)
			if v.IsNull() {
				return null
			}
			var out []string
			forEachValue(ev, name, v, func(s string, tmp *event.Event) {
				if Truth(pred(tmp)) {
					out = append(out, s)
				}
			})
			return value.MV(out)
		})
	})
	register("mvmap", 2, 2, func(c *Compiler, call *ast.EvalCall, _ []node) node {
		x := c.compile(call.Args[0]).fn
		expr := c.compile(call.Args[1]).fn
		name := ""
		if f, ok := call.Args[0].(*ast.EvalField); ok {
			name = f.Name
		}
		return anyNode(func(ev *event.Event) value.Value {
			v := x(ev)
			if v.IsNull() {
				return null
			}
			var out []string
			forEachValue(ev, name, v, func(_ string, tmp *event.Event) {
				out = append(out, expr(tmp).Values()...)
			})
			return value.MV(out)
		})
	})
}

// forEachValue calls f once per value of v with an event in which field name
// holds just that value; the event passed to f is scratch, valid only during
// the call. An empty name binds nothing.
func forEachValue(ev *event.Event, name string, v value.Value, f func(s string, tmp *event.Event)) {
	tmp := ev.Clone()
	for _, s := range v.Values() {
		if name != "" {
			tmp.Set(name, value.Str(s))
		}
		f(s, tmp)
	}
}

// fieldsOf returns the distinct field names e refers to.
func fieldsOf(e ast.EvalExpr, acc []string) []string {
	switch e := e.(type) {
	case *ast.EvalField:
		if !slices.Contains(acc, e.Name) {
			acc = append(acc, e.Name)
		}
	case *ast.EvalBinary:
		acc = fieldsOf(e.Y, fieldsOf(e.X, acc))
	case *ast.EvalUnary:
		acc = fieldsOf(e.X, acc)
	case *ast.EvalIn:
		acc = fieldsOf(e.X, acc)
		for _, x := range e.List {
			acc = fieldsOf(x, acc)
		}
	case *ast.EvalCall:
		for _, x := range e.Args {
			acc = fieldsOf(x, acc)
		}
	}
	return acc
}
