package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// append runs its subsearch over the job's events and adds the results
// (at most maxout=, default 50,000) after the current ones (§9.16).
func (c *compiler) append(cmd *ast.AppendCommand) stage {
	opts, ok := c.options("append", cmd.Options, "maxout", "maxtime", "timeout", "extendtimerange")
	if !ok {
		return nil
	}
	limit, ok := c.intOption(opts["maxout"], MaxJoinResults)
	if !ok {
		return nil
	}
	prog := c.subsearch(cmd.Sub, cmd.Sp, "append")
	if prog == nil {
		return nil
	}
	env := c.env
	return &blockingStage{name: "append", span: cmd.Sp, run: func(ctx context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		rows, err := runSub(ctx, env, prog, limit)
		if err != nil {
			return nil, err
		}
		return append(in, rows...), nil
	}}
}

// appendpipe runs its subpipeline over copies of the current results and
// adds its output after them (§9.16). The subpipeline's first command may be
// a search, which then filters.
func (c *compiler) appendpipe(cmd *ast.AppendpipeCommand) stage {
	if _, ok := c.options("appendpipe", cmd.Options, "run_in_preview"); !ok {
		return nil
	}
	var stages []stage
	for _, sc := range cmd.Sub.Commands {
		st := c.command(sc)
		if st == nil {
			return nil
		}
		stages = append(stages, st)
	}
	return &blockingStage{name: "appendpipe", span: cmd.Sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		var op Operator = &sliceSource{events: in}
		for _, st := range stages {
			op = st.open(op, rs)
		}
		defer op.Close()
		out := in
		err := drain(ctx, op, func(e *event.Event) error {
			out = append(out, e)
			return nil
		})
		return out, err
	}}
}

// join joins each result with the first (max=1; max=0 all) subsearch row
// whose join fields are exactly equal (§9.9). type=inner drops unmatched
// results, type=left/outer keeps them unchanged; overwrite=true lets the
// subsearch's values replace the result's. A result missing a join field
// never matches. Without a field list the fields common to both sides are
// used [DOC], per pair of rows.
func (c *compiler) join(cmd *ast.JoinCommand) stage {
	opts, ok := c.options("join", cmd.Options, "type", "max", "overwrite", "usetime", "earlier")
	if !ok {
		return nil
	}
	inner := true
	if o := opts["type"]; o != nil {
		switch strings.ToLower(o.Value) {
		case "inner":
		case "left", "outer":
			inner = false
		default:
			c.errf(source.ErrSyntax, o.Sp, "join type must be inner, left or outer")
			return nil
		}
	}
	maxN, ok1 := c.intOption(opts["max"], 1)
	overwrite, ok2 := c.boolOption(opts["overwrite"], true)
	usetime, ok3 := c.boolOption(opts["usetime"], false)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	if usetime {
		c.errf(source.ErrUnsupported, opts["usetime"].Sp, "join usetime=true is not supported")
		return nil
	}
	names := make([]string, len(cmd.Fields))
	for i, f := range cmd.Fields {
		names[i] = f.Name
	}
	prog := c.subsearch(cmd.Sub, cmd.Sp, "join")
	if prog == nil {
		return nil
	}
	env, sp := c.env, cmd.Sp
	return &blockingStage{name: "join", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		right, err := runSub(ctx, env, prog, MaxJoinResults)
		if err != nil {
			return nil, err
		}
		for _, r := range right {
			if err := rs.budget.charge(eventSize(r), "join", sp); err != nil {
				return nil, err
			}
		}
		var index map[string][]*event.Event
		if len(names) > 0 {
			index = map[string][]*event.Event{}
			for _, r := range right {
				if k, ok := joinKeyOf(r, names); ok {
					index[k] = append(index[k], r)
				}
			}
		}
		var out []*event.Event
		for _, l := range in {
			var matches []*event.Event
			if index != nil {
				if k, ok := joinKeyOf(l, names); ok {
					matches = index[k]
				}
			} else {
				for _, r := range right {
					if commonMatch(l, r) {
						matches = append(matches, r)
					}
				}
			}
			if maxN > 0 && len(matches) > maxN {
				matches = matches[:maxN]
			}
			if len(matches) == 0 {
				if !inner {
					out = append(out, l)
				}
				continue
			}
			for i, r := range matches {
				row := l
				if i < len(matches)-1 {
					row = l.Clone()
				}
				for _, f := range r.Fields {
					if overwrite || row.Get(f.Name).IsNull() {
						row.Set(f.Name, f.Value)
					}
				}
				out = append(out, row)
			}
		}
		return out, nil
	}}
}

func joinKeyOf(ev *event.Event, names []string) (string, bool) {
	return dedupKey(ev, names)
}

// commonMatch reports whether l and r agree on every field they share (and
// share at least one).
func commonMatch(l, r *event.Event) bool {
	shared := false
	for _, f := range r.Fields {
		v := l.Get(f.Name)
		if v.IsNull() {
			continue
		}
		shared = true
		if !value.Equal(valueAsText(v), valueAsText(f.Value)) {
			return false
		}
	}
	return shared
}

func valueAsText(v value.Value) value.Value {
	if v.IsMulti() {
		return v
	}
	return value.Str(v.Text())
}
