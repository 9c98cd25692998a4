package eval

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// builtin describes one eval function: its arity and how to compile a call
// from the compiled arguments. max < 0 means variadic.
type builtin struct {
	min, max int
	build    func(c *Compiler, call *ast.EvalCall, args []node) node
}

// builtins is the function table, filled by the init functions of the
// funcs_*.go files and read-only afterwards.
var builtins = map[string]builtin{}

func register(name string, min, max int, build func(c *Compiler, call *ast.EvalCall, args []node) node) {
	builtins[name] = builtin{min, max, build}
}

// Functions returns the names of the supported functions (unordered).
func Functions() []string {
	out := make([]string, 0, len(builtins))
	for n := range builtins {
		out = append(out, n)
	}
	return out
}

// lazyArgs lists functions whose arguments must not all be compiled up front
// because one of them is evaluated per value (mvfilter, mvmap).
var lazyArgs = map[string]bool{"mvfilter": true, "mvmap": true}

func (c *Compiler) call(e *ast.EvalCall) node {
	b, ok := builtins[e.Name]
	if !ok {
		c.errf(source.ErrUnsupported, e.Sp, "function %q is not supported", e.Name)
		return anyNode(func(*event.Event) value.Value { return null })
	}
	if len(e.Args) < b.min || b.max >= 0 && len(e.Args) > b.max {
		want := ""
		switch {
		case b.min == b.max:
			want = plural(b.min)
		case b.max < 0:
			want = "at least " + plural(b.min)
		default:
			want = plural(b.min) + " to " + plural(b.max)
		}
		c.errf(source.ErrSyntax, e.Sp, "function %s takes %s, got %d", e.Name, want, len(e.Args))
		return anyNode(func(*event.Event) value.Value { return null })
	}
	var args []node
	if !lazyArgs[e.Name] {
		args = make([]node, len(e.Args))
		for i, a := range e.Args {
			args[i] = c.compile(a)
		}
	}
	return b.build(c, e, args)
}

func plural(n int) string {
	if n == 1 {
		return "1 argument"
	}
	return string(rune('0'+n)) + " arguments"
}

// fn1 builds a null-propagating one-argument function.
func fn1(f func(value.Value) value.Value) func(*Compiler, *ast.EvalCall, []node) node {
	return func(_ *Compiler, _ *ast.EvalCall, args []node) node {
		a := args[0].fn
		return anyNode(func(ev *event.Event) value.Value {
			v := a(ev)
			if v.IsNull() {
				return null
			}
			return f(v)
		})
	}
}

// perValue applies f to each value of a (possibly multivalue) non-null v.
func perValue(v value.Value, f func(string) value.Value) value.Value {
	if !v.IsMulti() {
		return f(v.Text())
	}
	out := make([]string, 0, v.Len())
	for _, s := range v.Values() {
		r := f(s)
		out = append(out, r.Values()...)
	}
	return value.MV(out)
}

// anyValueTrue evaluates a predicate on each value: TRUE when one holds.
func anyValueTrue(v value.Value, f func(string) bool) value.Value {
	if v.IsNull() {
		return null
	}
	for _, s := range v.Values() {
		if f(s) {
			return trueV
		}
	}
	return falseV
}

// literalText returns the text of a string or number literal argument.
func literalText(n node) (string, bool) {
	if n.lit == nil || n.lit.IsNull() {
		return "", false
	}
	return n.lit.Text(), true
}
