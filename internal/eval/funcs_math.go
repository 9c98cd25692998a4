package eval

import (
	"math"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Math functions (spl-semantics.md §7.5). A non-numeric argument gives null.
func init() {
	num1 := func(f func(float64) float64) func(*Compiler, *ast.EvalCall, []node) node {
		return func(_ *Compiler, _ *ast.EvalCall, a []node) node {
			return anyNode(func(ev *event.Event) value.Value {
				x, ok := a[0].fn(ev).Number()
				if !ok {
					return null
				}
				r := f(x)
				if math.IsNaN(r) && !math.IsNaN(x) {
					return null
				}
				return value.Num(r)
			})
		}
	}
	register("abs", 1, 1, num1(math.Abs))
	register("floor", 1, 1, num1(math.Floor))
	register("ceil", 1, 1, num1(math.Ceil))
	register("ceiling", 1, 1, num1(math.Ceil))
	register("sqrt", 1, 1, num1(math.Sqrt))
	register("exp", 1, 1, num1(math.Exp))
	register("ln", 1, 1, num1(func(x float64) float64 {
		if x <= 0 {
			return math.NaN()
		}
		return math.Log(x)
	}))
	register("exact", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node { return a[0] })
	register("pi", 0, 0, func(*Compiler, *ast.EvalCall, []node) node {
		return anyNode(func(*event.Event) value.Value { return value.Num(math.Pi) })
	})
	register("log", 1, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			x, ok := a[0].fn(ev).Number()
			base := 10.0
			if len(a) > 1 {
				var ok2 bool
				if base, ok2 = a[1].fn(ev).Number(); !ok2 {
					return null
				}
			}
			if !ok || x <= 0 || base <= 0 || base == 1 {
				return null
			}
			return value.Num(math.Log(x) / math.Log(base))
		})
	})
	register("pow", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			x, ok1 := a[0].fn(ev).Number()
			y, ok2 := a[1].fn(ev).Number()
			if !ok1 || !ok2 {
				return null
			}
			r := math.Pow(x, y)
			if math.IsNaN(r) {
				return null
			}
			return value.Num(r)
		})
	})
	register("round", 1, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			x, ok := a[0].fn(ev).Number()
			if !ok {
				return null
			}
			n := 0.0
			if len(a) > 1 {
				if n, ok = a[1].fn(ev).Number(); !ok {
					return null
				}
			}
			return value.Num(round(x, int(n)))
		})
	})
	register("random", 0, 0, func(c *Compiler, _ *ast.EvalCall, _ []node) node {
		rng := c.rng
		return anyNode(func(*event.Event) value.Value { return value.Int(rng.next()) })
	})
	minmax := func(sign int) func(*Compiler, *ast.EvalCall, []node) node {
		return func(_ *Compiler, _ *ast.EvalCall, a []node) node {
			return anyNode(func(ev *event.Event) value.Value {
				var best value.Value
				for _, x := range a {
					v := x.fn(ev)
					for i := 0; i < v.Len(); i++ {
						var cand value.Value
						if v.IsMulti() {
							cand = value.Str(v.Index(i))
						} else {
							cand = v
						}
						if best.IsNull() || sign*minMaxOrder(cand, best) > 0 {
							best = cand
						}
					}
				}
				if f, ok := best.Number(); ok {
					return value.Num(f)
				}
				return best
			})
		}
	}
	register("max", 1, -1, minmax(1))
	register("min", 1, -1, minmax(-1))
}

// minMaxOrder orders values for eval min/max: numbers below strings, numbers
// numerically, strings byte-wise (§7.5: "Strings are greater than numbers").
func minMaxOrder(a, b value.Value) int { return value.Compare(a, b) }

// round rounds half away from zero at n decimals, correcting for binary
// representation (2.345 rounds to 2.35 as its decimal text suggests) [VERIFY].
func round(x float64, n int) float64 {
	if n < 0 {
		p := math.Pow(10, float64(-n))
		return math.Round(x/p) * p
	}
	p := math.Pow(10, float64(n))
	y := x * p
	// Nudge by a few ulps so decimal halves that are stored just below .5
	// still round up.
	r := math.Round(y + math.Copysign(1e-9*math.Max(1, math.Abs(y))*1e-3, y))
	return r / p
}
