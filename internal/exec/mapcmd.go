package exec

import (
	"context"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// DefaultMaxSearches is map's maxsearches default (spl-semantics.md §9.26).
const DefaultMaxSearches = 10

// mapCmd runs the search= text once per input result (the first
// maxsearches= of them), with $field$ replaced by the result's value (the
// first value of a multivalue, "" when absent), and concatenates the
// outputs. Each distinct text is expanded, parsed (Env.ParseSearch) and
// compiled once, then run as a subsearch (Env.Subsearch). The [subsearch]
// form is not supported.
func (c *compiler) mapCmd(cmd *ast.MapCommand) stage {
	opts, ok := c.options("map", cmd.Options, "search", "maxsearches")
	if !ok {
		return nil
	}
	if cmd.Sub != nil {
		c.errf(source.ErrUnsupported, cmd.Sp, "map with a [subsearch] is not supported; use search=\"...\"")
		return nil
	}
	o := opts["search"]
	if o == nil {
		c.errf(source.ErrSyntax, cmd.Sp, "map needs search=\"...\"")
		return nil
	}
	maxN, ok := c.intOption(opts["maxsearches"], DefaultMaxSearches)
	if !ok {
		return nil
	}
	if c.env.ParseSearch == nil || c.env.Subsearch == nil {
		c.errf(source.ErrUnsupported, cmd.Sp, "map: searches cannot be run from here")
		return nil
	}
	tmpl, env, sp := o.Value, c.env, cmd.Sp
	var mu sync.Mutex
	progs := map[string]*Program{}
	compile := func(ctx context.Context, text string) (*Program, error) {
		mu.Lock()
		defer mu.Unlock()
		if p, ok := progs[text]; ok {
			return p, nil
		}
		p, f, err := env.ParseSearch(text)
		if err != nil {
			return nil, err
		}
		sub := env
		sub.File = f
		prog, err := CompileContext(ctx, p, sub)
		if err != nil {
			return nil, err
		}
		if len(progs) < 1024 {
			progs[text] = prog
		}
		return prog, nil
	}
	return &blockingStage{name: "map", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		if maxN > 0 && len(in) > maxN {
			in = in[:maxN]
		}
		var out []*event.Event
		for _, row := range in {
			text := substituteTokens(tmpl, row)
			prog, err := compile(ctx, text)
			if err != nil {
				return nil, source.Errorf(source.ErrRuntime, env.File, sp, "map: %v", err)
			}
			rows, err := runSub(ctx, env, prog, MaxJoinResults)
			if err != nil {
				return nil, err
			}
			for _, r := range rows {
				if err := rs.budget.charge(eventSize(r), "map", sp); err != nil {
					return nil, err
				}
			}
			out = append(out, rows...)
		}
		return out, nil
	}}
}

// substituteTokens replaces each $name$ in s with row's value of name.
func substituteTokens(s string, row *event.Event) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i+1:], '$')
		if j < 0 {
			break
		}
		name := s[i+1 : i+1+j]
		b.WriteString(s[:i])
		if name == "" {
			b.WriteByte('$') // $$ is a literal dollar
		} else if v := row.Get(name); !v.IsNull() {
			b.WriteString(v.Index(0))
		}
		s = s[i+2+j:]
	}
	b.WriteString(s)
	return b.String()
}
