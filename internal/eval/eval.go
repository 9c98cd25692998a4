// Package eval compiles eval-language expressions (eval, where, stats
// eval(...), spl-semantics.md §6 and §7) into Go closures over events.
//
// Values follow Splunk: field values are strings that act as numbers when
// they look numeric; logic is three-valued (null is "unknown"); an operation
// on null yields null except in the null-handling functions; comparisons are
// case-sensitive and numeric only when both sides are numeric; a multivalue
// operand compares TRUE when any of its values does. A per-event failure (a
// bad regex from a field, division by zero) yields null, never an error.
package eval

import (
	"math/rand/v2"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Func is a compiled expression. It does not modify the event and is safe for
// concurrent use.
type Func func(*event.Event) value.Value

// Env is what compiled expressions may depend on besides the event.
type Env struct {
	// File is the text spans point into, for diagnostics; may be nil.
	File *source.File
	// Now is the search start time returned by now() and used by
	// relative_time; it stays constant for the whole search.
	Now time.Time
	// Clock returns wall-clock time for time(); nil means Now.
	Clock func() time.Time
	// Seed seeds random(); runs with the same seed are reproducible.
	Seed uint64
}

// Compiler compiles expressions that share one environment and one cache of
// regexes compiled at run time (one per program).
type Compiler struct {
	env   Env
	cache *regexCache
	rng   *lockedRand
	errs  source.List
}

// NewCompiler returns a compiler for env.
func NewCompiler(env Env) *Compiler {
	return &Compiler{env: env, cache: &regexCache{}, rng: newLockedRand(env.Seed)}
}

// Compile compiles one expression. Unknown functions are diagnostics of
// class source.ErrUnsupported, wrong argument counts and bad literal regexes
// of class source.ErrSyntax.
func (c *Compiler) Compile(e ast.EvalExpr) (Func, error) {
	n := len(c.errs)
	f := c.compile(e)
	if len(c.errs) > n {
		errs := c.errs[n:]
		c.errs = c.errs[:n]
		return nil, errs.Err()
	}
	return f.fn, nil
}

// CompileAssignable compiles the right-hand side of an eval assignment, which
// cannot be a Boolean (spl-semantics.md §6.2: eval x=(a>1) is an error).
func (c *Compiler) CompileAssignable(e ast.EvalExpr) (Func, error) {
	n := len(c.errs)
	f := c.compile(e)
	if f.kind == kindBool && len(c.errs) == n {
		c.errf(source.ErrSyntax, e.Span(), "eval cannot store a Boolean in a field; wrap the condition in if(...)")
	}
	if len(c.errs) > n {
		errs := c.errs[n:]
		c.errs = c.errs[:n]
		return nil, errs.Err()
	}
	return f.fn, nil
}

// Compile compiles e with a fresh compiler for env.
func Compile(e ast.EvalExpr, env Env) (Func, error) { return NewCompiler(env).Compile(e) }

// Truth reports whether v is the Boolean TRUE: where keeps a result only then.
func Truth(v value.Value) bool {
	b, ok := v.Truth()
	return ok && b
}

func (c *Compiler) errf(class error, sp source.Span, format string, args ...any) {
	c.errs.Add(source.Errorf(class, c.env.File, sp, format, args...))
}

func (c *Compiler) now() time.Time { return c.env.Now }

func (c *Compiler) clock() time.Time {
	if c.env.Clock != nil {
		return c.env.Clock()
	}
	return c.env.Now
}

// kind is the static type of a compiled node: Booleans are known statically
// in SPL (comparisons, logic, predicates), everything else is dynamic.
type kind uint8

const (
	kindAny kind = iota
	kindBool
)

type node struct {
	fn   Func
	kind kind
	lit  *value.Value // the constant value, for literals
}

func anyNode(f Func) node  { return node{fn: f} }
func boolNode(f Func) node { return node{fn: f, kind: kindBool} }

func (c *Compiler) compile(e ast.EvalExpr) node {
	switch e := e.(type) {
	case *ast.EvalLiteral:
		v := e.Value
		return node{fn: func(*event.Event) value.Value { return v }, lit: &v}
	case *ast.EvalField:
		name := e.Name
		return anyNode(func(ev *event.Event) value.Value { return ev.Get(name) })
	case *ast.EvalBinary:
		return c.binary(e)
	case *ast.EvalUnary:
		x := c.compile(e.X)
		if e.Op == ast.OpNot {
			return boolNode(func(ev *event.Event) value.Value { return not(x.fn(ev)) })
		}
		return anyNode(func(ev *event.Event) value.Value {
			if f, ok := x.fn(ev).Number(); ok {
				return value.Num(-f)
			}
			return value.NullValue
		})
	case *ast.EvalIn:
		x := c.compile(e.X)
		list := make([]Func, len(e.List))
		for i, it := range e.List {
			list[i] = c.compile(it).fn
		}
		return boolNode(func(ev *event.Event) value.Value { return inList(x.fn(ev), list, ev) })
	case *ast.EvalCall:
		return c.call(e)
	}
	c.errf(source.ErrUnsupported, e.Span(), "unsupported expression %s", e)
	return anyNode(func(*event.Event) value.Value { return value.NullValue })
}

// lockedRand is random()'s generator, shared by concurrent evaluations.
type lockedRand struct {
	ch chan *rand.Rand
}

func newLockedRand(seed uint64) *lockedRand {
	l := &lockedRand{ch: make(chan *rand.Rand, 1)}
	l.ch <- rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	return l
}

func (l *lockedRand) next() int64 {
	r := <-l.ch
	n := r.Int64N(1 << 31)
	l.ch <- r
	return n
}
