package exec

import (
	"strconv"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// foreach runs its subpipeline once per field matching its wildcard list,
// with <<FIELD>>, <<MATCHSTR>> and <<MATCHSEGn>> substituted in field names
// and string literals (spl-semantics.md §9.18). Fields are visited in
// lexicographic order and `*` does not match internal fields (names starting
// with "_") [BELIEF]. The subpipeline may hold eval and where commands; each
// substituted form is compiled once, on first use.
func (c *compiler) foreach(cmd *ast.ForeachCommand) stage {
	if _, ok := c.options("foreach", cmd.Options, "fieldstr", "matchstr", "matchseg1", "matchseg2", "matchseg3"); !ok {
		return nil
	}
	if len(cmd.Options) > 0 {
		c.errf(source.ErrUnsupported, cmd.Options[0].Sp, "foreach template options are not supported")
		return nil
	}
	for _, sc := range cmd.Sub.Commands {
		switch sc.(type) {
		case *ast.EvalCommand, *ast.WhereCommand:
		default:
			c.errf(source.ErrUnsupported, sc.Span(), "foreach supports only eval and where in its subpipeline, not %q", sc.Name())
			return nil
		}
	}
	// Check the template once with a sample substitution, so that errors
	// surface at compile time.
	if _, err := compileForeachBody(c.ev, cmd.Sub, func(s string) string { return s }); err != nil {
		c.addErr(err)
		return nil
	}
	pats := make([]namePattern, len(cmd.Fields))
	for i, f := range cmd.Fields {
		pats[i] = newNamePattern(f.Name)
	}
	// A compiler of its own: bodies compile lazily during runs, possibly
	// concurrently with other foreach stages, under this stage's mutex.
	fb := &foreachBody{ev: eval.NewCompiler(c.evalEnv), sub: cmd.Sub, cache: map[string]*foreachStep{}}
	return &streamStage{fn: func(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
		type hit struct {
			name string
			caps []string
		}
		var hits []hit
		seen := map[string]bool{}
		for _, p := range pats {
			for _, name := range matchingFields(ev, p) {
				if seen[name] || p.wild() && strings.HasPrefix(name, "_") {
					continue
				}
				seen[name] = true
				caps, _ := p.match(name)
				hits = append(hits, hit{name, caps})
			}
		}
		for _, h := range hits {
			step, err := fb.get(h.name, h.caps)
			if err != nil {
				return dst, err
			}
			if !step.apply(ev) {
				return dst, nil
			}
		}
		return append(dst, ev), nil
	}}
}

type foreachBody struct {
	ev    *eval.Compiler
	sub   *ast.Pipeline
	mu    sync.Mutex
	cache map[string]*foreachStep
}

// foreachStep is the subpipeline compiled for one field.
type foreachStep struct {
	ops []func(*event.Event) bool // false drops the result
}

func (s *foreachStep) apply(ev *event.Event) bool {
	for _, op := range s.ops {
		if !op(ev) {
			return false
		}
	}
	return true
}

func (b *foreachBody) get(field string, caps []string) (*foreachStep, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if s, ok := b.cache[field]; ok {
		return s, nil
	}
	repl := func(s string) string {
		if !strings.Contains(s, "<<") {
			return s
		}
		s = strings.ReplaceAll(s, "<<FIELD>>", field)
		s = strings.ReplaceAll(s, "<<MATCHSTR>>", strings.Join(caps, ""))
		for i, c := range caps {
			s = strings.ReplaceAll(s, "<<MATCHSEG"+strconv.Itoa(i+1)+">>", c)
		}
		return s
	}
	s, err := compileForeachBody(b.ev, b.sub, repl)
	if err != nil {
		return nil, err
	}
	b.cache[field] = s
	return s, nil
}

func compileForeachBody(ec *eval.Compiler, sub *ast.Pipeline, repl func(string) string) (*foreachStep, error) {
	step := &foreachStep{}
	for _, sc := range sub.Commands {
		switch sc := sc.(type) {
		case *ast.EvalCommand:
			for _, a := range sc.Assignments {
				fn, err := ec.CompileAssignable(substEval(a.Expr, repl))
				if err != nil {
					return nil, err
				}
				name := repl(a.Target.Name)
				step.ops = append(step.ops, func(ev *event.Event) bool {
					ev.Set(name, fn(ev))
					return true
				})
			}
		case *ast.WhereCommand:
			fn, err := ec.Compile(substEval(sc.Expr, repl))
			if err != nil {
				return nil, err
			}
			step.ops = append(step.ops, func(ev *event.Event) bool { return eval.Truth(fn(ev)) })
		}
	}
	return step, nil
}

// substEval copies e with repl applied to field names and string literals.
func substEval(e ast.EvalExpr, repl func(string) string) ast.EvalExpr {
	switch e := e.(type) {
	case *ast.EvalLiteral:
		if e.Value.Kind() == value.String {
			return &ast.EvalLiteral{Sp: e.Sp, Value: value.Str(repl(e.Value.Text()))}
		}
		return e
	case *ast.EvalField:
		return &ast.EvalField{Sp: e.Sp, Name: repl(e.Name), Quoted: e.Quoted}
	case *ast.EvalCall:
		args := make([]ast.EvalExpr, len(e.Args))
		for i, a := range e.Args {
			args[i] = substEval(a, repl)
		}
		return &ast.EvalCall{Sp: e.Sp, Name: e.Name, Args: args}
	case *ast.EvalBinary:
		return &ast.EvalBinary{Sp: e.Sp, Op: e.Op, X: substEval(e.X, repl), Y: substEval(e.Y, repl)}
	case *ast.EvalUnary:
		return &ast.EvalUnary{Sp: e.Sp, Op: e.Op, X: substEval(e.X, repl)}
	case *ast.EvalIn:
		list := make([]ast.EvalExpr, len(e.List))
		for i, a := range e.List {
			list[i] = substEval(a, repl)
		}
		return &ast.EvalIn{Sp: e.Sp, X: substEval(e.X, repl), List: list}
	}
	return e
}
