package eval

import (
	"math"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

var (
	trueV  = value.Boolean(true)
	falseV = value.Boolean(false)
	null   = value.NullValue
)

func boolV(b bool) value.Value {
	if b {
		return trueV
	}
	return falseV
}

// tri reads v as a three-valued truth: (b, true) for a Boolean, (_, false)
// for null or anything that is not a Boolean.
func tri(v value.Value) (b, known bool) { return v.Truth() }

func not(v value.Value) value.Value {
	if b, ok := tri(v); ok {
		return boolV(!b)
	}
	return null
}

func (c *Compiler) binary(e *ast.EvalBinary) node {
	x, y := c.compile(e.X), c.compile(e.Y)
	xf, yf := x.fn, y.fn
	switch e.Op {
	case ast.OpAnd:
		return boolNode(func(ev *event.Event) value.Value {
			a, ak := tri(xf(ev))
			if ak && !a {
				return falseV
			}
			b, bk := tri(yf(ev))
			switch {
			case bk && !b:
				return falseV
			case ak && bk:
				return trueV
			}
			return null
		})
	case ast.OpOr:
		return boolNode(func(ev *event.Event) value.Value {
			a, ak := tri(xf(ev))
			if ak && a {
				return trueV
			}
			b, bk := tri(yf(ev))
			switch {
			case bk && b:
				return trueV
			case ak && bk:
				return falseV
			}
			return null
		})
	case ast.OpXor:
		return boolNode(func(ev *event.Event) value.Value {
			a, ak := tri(xf(ev))
			b, bk := tri(yf(ev))
			if !ak || !bk {
				return null
			}
			return boolV(a != b)
		})
	case ast.OpEqual, ast.OpNotEqual, ast.OpLess, ast.OpLessEq, ast.OpGreater, ast.OpGreaterEq:
		op := e.Op
		return boolNode(func(ev *event.Event) value.Value {
			return compareAny(xf(ev), yf(ev), func(c int) bool { return cmpHolds(op, c) })
		})
	case ast.OpLike:
		return c.likeNode(x, y)
	case ast.OpConcat:
		return anyNode(func(ev *event.Event) value.Value { return concat(xf(ev), yf(ev)) })
	case ast.OpAdd:
		return anyNode(func(ev *event.Event) value.Value { return add(xf(ev), yf(ev)) })
	}
	op := e.Op
	return anyNode(func(ev *event.Event) value.Value {
		a, ok1 := xf(ev).Number()
		b, ok2 := yf(ev).Number()
		if !ok1 || !ok2 {
			return null
		}
		switch op {
		case ast.OpSub:
			return value.Num(a - b)
		case ast.OpMul:
			return value.Num(a * b)
		case ast.OpDiv:
			if b == 0 {
				return null
			}
			return value.Num(a / b)
		case ast.OpMod:
			if b == 0 {
				return null
			}
			return value.Num(math.Mod(a, b))
		}
		return null
	})
}

func cmpHolds(op ast.BinaryOp, c int) bool {
	switch op {
	case ast.OpEqual:
		return c == 0
	case ast.OpNotEqual:
		return c != 0
	case ast.OpLess:
		return c < 0
	case ast.OpLessEq:
		return c <= 0
	case ast.OpGreater:
		return c > 0
	}
	return c >= 0
}

// compareScalars orders two non-null scalars: numerically when both are
// numeric, otherwise as case-sensitive byte strings (§6.3).
func compareScalars(a, b value.Value) int {
	if fa, ok := a.Number(); ok {
		if fb, ok := b.Number(); ok {
			switch {
			case fa < fb:
				return -1
			case fa > fb:
				return 1
			}
			return 0
		}
	}
	return strings.Compare(a.Text(), b.Text())
}

// compareAny applies a comparison to a and b: null when either is null, and
// for multivalues TRUE when any pair of values satisfies it (§6.6).
func compareAny(a, b value.Value, holds func(int) bool) value.Value {
	if a.IsNull() || b.IsNull() {
		return null
	}
	if !a.IsMulti() && !b.IsMulti() {
		return boolV(holds(compareScalars(a, b)))
	}
	for _, s := range a.Values() {
		for _, t := range b.Values() {
			if holds(compareScalars(value.Str(s), value.Str(t))) {
				return trueV
			}
		}
	}
	return falseV
}

func inList(x value.Value, list []Func, ev *event.Event) value.Value {
	if x.IsNull() {
		return null
	}
	for _, f := range list {
		v := f(ev)
		if v.IsNull() {
			continue
		}
		if Truth(compareAny(x, v, func(c int) bool { return c == 0 })) {
			return trueV
		}
	}
	return falseV
}

// concat is the . operator: text of both operands, null if either is null. A
// multivalue operand is concatenated value by value [VERIFY; ESCU avoids it].
func concat(a, b value.Value) value.Value {
	if a.IsNull() || b.IsNull() {
		return null
	}
	if !a.IsMulti() && !b.IsMulti() {
		return value.Str(a.Text() + b.Text())
	}
	var out []string
	for _, s := range a.Values() {
		for _, t := range b.Values() {
			out = append(out, s+t)
		}
	}
	return value.MV(out)
}

// add is +: numeric addition when both operands are numbers, otherwise string
// concatenation (§6.4: counter=sourcetype+"__"+signature_id) [VERIFY for
// number + non-numeric string].
func add(a, b value.Value) value.Value {
	if a.IsNull() || b.IsNull() {
		return null
	}
	if fa, ok := a.Number(); ok {
		if fb, ok := b.Number(); ok {
			return value.Num(fa + fb)
		}
	}
	return concat(a, b)
}
