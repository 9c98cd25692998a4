package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Subsearches (spl-semantics.md §3): a [...] inside a search expression is
// run first and replaced by its results formatted as search terms; append,
// join and appendpipe consume a subsearch's results directly.

// MaxSubsearchResults caps a subsearch in a search expression (limits.conf
// [subsearch] maxout).
const MaxSubsearchResults = 10000

// MaxJoinResults caps the subsearch of append and join (§9.9, §9.16).
const MaxJoinResults = 50000

// RunOver runs prog over events the way Env.Subsearch must: the events
// prog.Match accepts, in the given order, or none for a generating program.
func RunOver(ctx context.Context, prog *Program, events []*event.Event) ([]*event.Event, error) {
	if prog.Generating() {
		return prog.Run(ctx, nil)
	}
	var in []*event.Event
	for _, e := range events {
		if prog.Match(e) {
			in = append(in, e)
		}
	}
	return prog.Run(ctx, in)
}

// subEnv is the environment of a subsearch: the job's, with the time range
// of the job (earliest=/latest= written in the outer search do not apply).
func (c *compiler) subsearch(sub *ast.Pipeline, sp source.Span, cmd string) *Program {
	if c.env.Subsearch == nil {
		c.errf(source.ErrUnsupported, sp, "%s: subsearches are not available here", cmd)
		return nil
	}
	prog, err := CompileContext(c.ctx, sub, c.env)
	if err != nil {
		c.addErr(err)
		return nil
	}
	return prog
}

// runSub runs a compiled subsearch, keeping at most limit results.
func runSub(ctx context.Context, env Env, prog *Program, limit int) ([]*event.Event, error) {
	out, err := env.Subsearch(ctx, prog)
	if err != nil {
		return nil, err
	}
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

// resolveSubsearches returns p with every [...] in a search expression
// replaced by its formatted results. p itself is not modified (nodes on the
// path to a subsearch are copied).
func resolveSubsearches(ctx context.Context, p *ast.Pipeline, env Env) (*ast.Pipeline, error) {
	var errs source.List
	var out *ast.Pipeline
	for i, cmd := range p.Commands {
		var expr ast.SearchExpr
		switch cmd := cmd.(type) {
		case *ast.SearchCommand:
			expr = cmd.Expr
		case *ast.TstatsCommand:
			expr = cmd.Where
		case *ast.InputlookupCommand:
			expr = cmd.Where
		}
		if expr == nil || !hasSubsearch(expr) {
			continue
		}
		if out == nil {
			out = &ast.Pipeline{Sp: p.Sp, Leading: p.Leading, Commands: append([]ast.Command(nil), p.Commands...)}
		}
		expr = replaceSubsearches(ctx, expr, env, &errs)
		switch cmd := cmd.(type) {
		case *ast.SearchCommand:
			out.Commands[i] = &ast.SearchCommand{Sp: cmd.Sp, Expr: expr}
		case *ast.TstatsCommand:
			c := *cmd
			c.Where = expr
			out.Commands[i] = &c
		case *ast.InputlookupCommand:
			c := *cmd
			c.Where = expr
			out.Commands[i] = &c
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if out == nil {
		return p, nil
	}
	return out, nil
}

func hasSubsearch(e ast.SearchExpr) bool {
	switch e := e.(type) {
	case *ast.SearchSubsearch:
		return true
	case *ast.SearchAnd:
		for _, t := range e.Terms {
			if hasSubsearch(t) {
				return true
			}
		}
	case *ast.SearchOr:
		for _, t := range e.Terms {
			if hasSubsearch(t) {
				return true
			}
		}
	case *ast.SearchNot:
		return hasSubsearch(e.X)
	}
	return false
}

func replaceSubsearches(ctx context.Context, e ast.SearchExpr, env Env, errs *source.List) ast.SearchExpr {
	switch e := e.(type) {
	case *ast.SearchSubsearch:
		if env.Subsearch == nil {
			errs.Add(source.Errorf(source.ErrUnsupported, env.File, e.Sp, "subsearches are not available here"))
			return e
		}
		prog, err := CompileContext(ctx, e.Pipeline, env)
		if err != nil {
			if d, ok := err.(*source.Diagnostic); ok {
				errs.Add(d)
			} else if l, ok := err.(source.List); ok {
				*errs = append(*errs, l...)
			}
			return e
		}
		rows, err := runSub(ctx, env, prog, MaxSubsearchResults)
		if err != nil {
			errs.Add(source.Errorf(source.ErrRuntime, env.File, e.Sp, "subsearch failed: %v", err))
			return e
		}
		return formatResults(rows, e.Sp, rawSearch(env))
	case *ast.SearchAnd:
		terms := make([]ast.SearchExpr, len(e.Terms))
		for i, t := range e.Terms {
			terms[i] = replaceSubsearches(ctx, t, env, errs)
		}
		return &ast.SearchAnd{Sp: e.Sp, Terms: terms}
	case *ast.SearchOr:
		terms := make([]ast.SearchExpr, len(e.Terms))
		for i, t := range e.Terms {
			terms[i] = replaceSubsearches(ctx, t, env, errs)
		}
		return &ast.SearchOr{Sp: e.Sp, Terms: terms}
	case *ast.SearchNot:
		return &ast.SearchNot{Sp: e.Sp, X: replaceSubsearches(ctx, e.X, env, errs)}
	}
	return e
}

// rawSearch returns how a search/query field's value is pasted: parsed as
// search text when Env.ParseSearch is set, nil otherwise.
func rawSearch(env Env) func(string) (ast.SearchExpr, bool) {
	if env.ParseSearch == nil {
		return nil
	}
	return func(text string) (ast.SearchExpr, bool) {
		p, _, err := env.ParseSearch(text)
		if err != nil || len(p.Commands) != 1 {
			return nil, false
		}
		sc, ok := p.Commands[0].(*ast.SearchCommand)
		if !ok || sc.Expr == nil {
			return nil, false
		}
		return sc.Expr, true
	}
}

// FormatResults is the implicit format of a subsearch in a search expression
// (spl-semantics.md §3): each row becomes the conjunction of field="value"
// terms (a multivalue the disjunction of its values), rows are OR-ed, fields
// starting with "_" are ignored, and a field named search or query is pasted
// as a quoted phrase (Compile pastes it as search text when Env.ParseSearch
// is set). No rows gives NOT (), which matches nothing. sp is given to every
// node created.
func FormatResults(rows []*event.Event, sp source.Span) ast.SearchExpr {
	return formatResults(rows, sp, nil)
}

func formatResults(rows []*event.Event, sp source.Span, raw func(string) (ast.SearchExpr, bool)) ast.SearchExpr {
	var disj []ast.SearchExpr
	for _, r := range rows {
		var conj []ast.SearchExpr
		for _, f := range r.Fields {
			if strings.HasPrefix(f.Name, "_") || f.Value.IsNull() {
				continue
			}
			var alts []ast.SearchExpr
			for _, s := range f.Value.Values() {
				if f.Name == "search" || f.Name == "query" {
					if raw != nil {
						if x, ok := raw(s); ok {
							alts = append(alts, x)
							continue
						}
					}
					alts = append(alts, &ast.SearchTerm{Sp: sp, Value: &ast.SearchValue{Sp: sp, Text: s, Quoted: true}})
					continue
				}
				alts = append(alts, &ast.SearchCompare{Sp: sp, Field: &ast.Field{Sp: sp, Name: f.Name},
					Op: ast.OpEq, Value: &ast.SearchValue{Sp: sp, Text: s, Quoted: true}})
			}
			if len(alts) == 1 {
				conj = append(conj, alts[0])
			} else {
				conj = append(conj, &ast.SearchOr{Sp: sp, Terms: alts})
			}
		}
		switch len(conj) {
		case 0:
		case 1:
			disj = append(disj, conj[0])
		default:
			disj = append(disj, &ast.SearchAnd{Sp: sp, Terms: conj})
		}
	}
	switch len(disj) {
	case 0:
		// NOT (): the empty conjunction is TRUE, so this matches nothing.
		return &ast.SearchNot{Sp: sp, X: &ast.SearchAnd{Sp: sp}}
	case 1:
		return disj[0]
	}
	return &ast.SearchOr{Sp: sp, Terms: disj}
}
