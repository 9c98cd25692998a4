package eval

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// Date and time functions (spl-semantics.md §7.6), in UTC.
func init() {
	register("now", 0, 0, func(c *Compiler, _ *ast.EvalCall, _ []node) node {
		now := value.Num(spltime.Epoch(c.now()))
		return anyNode(func(*event.Event) value.Value { return now })
	})
	register("time", 0, 0, func(c *Compiler, _ *ast.EvalCall, _ []node) node {
		return anyNode(func(*event.Event) value.Value { return value.Num(spltime.Epoch(c.clock())) })
	})
	register("relative_time", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			t, ok := a[0].fn(ev).Number()
			m := a[1].fn(ev)
			if !ok || m.IsNull() {
				return null
			}
			r, err := spltime.Resolve(m.Text(), spltime.EpochTime(t))
			if err != nil {
				return null
			}
			return value.Num(spltime.Epoch(r))
		})
	})
	register("strftime", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			t, ok := a[0].fn(ev).Number()
			f := a[1].fn(ev)
			if !ok || f.IsNull() {
				return null
			}
			return value.Str(spltime.Strftime(spltime.EpochTime(t), f.Text()))
		})
	})
	register("strptime", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			s, f := a[0].fn(ev), a[1].fn(ev)
			if s.IsNull() || f.IsNull() || s.IsMulti() {
				return null
			}
			t, ok := spltime.Strptime(s.Text(), f.Text())
			if !ok {
				return null
			}
			return value.Num(spltime.Epoch(t))
		})
	})
}
