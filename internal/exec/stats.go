package exec

import (
	"context"
	"slices"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// stats aggregates its input into one row per combination of by-values
// (spl-semantics.md §8.1): by-fields first, then the aggregations in the
// order written; rows sorted by the by-values (byte order); an event with a
// null by-field joins no group; a multivalue by-field fans out. Without BY
// there is exactly one row, even on no input (count 0).
func (c *compiler) stats(cmd *ast.StatsCommand) stage {
	for _, o := range cmd.Options {
		switch strings.ToLower(o.Key) {
		case "partitions", "allnum", "delim", "dedup_splitvals":
		default:
			c.errf(source.ErrUnsupported, o.Sp, "stats option %q is not supported", o.Key)
			return nil
		}
	}
	specs, by, ok := c.aggCompile(cmd)
	if !ok {
		return nil
	}
	a := &aggregator{name: "stats", span: cmd.Sp, specs: specs, by: by}
	return &blockingStage{name: "stats", span: cmd.Sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		return a.run(ctx, rs, in)
	}}
}

// aggregator is the grouping core shared by stats and tstats.
type aggregator struct {
	name  string
	span  source.Span
	specs []*aggSpec
	by    []string
	// fill, when set, replaces a null by-value instead of dropping the
	// event (tstats fillnull_value=).
	fill *string
	// prepare, when set, rewrites each input (tstats: _time to its span).
	prepare func(*event.Event)
}

func (a *aggregator) run(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
	groups := map[string]*group{}
	var order []*group
	if len(a.by) == 0 {
		g := newGroup(a.specs, nil)
		groups[""] = g
		order = append(order, g)
	}
	for i, ev := range in {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if a.prepare != nil {
			a.prepare(ev)
		}
		if a.fill != nil {
			for _, name := range a.by {
				if ev.Get(name).IsNull() {
					ev.Set(name, value.Str(*a.fill))
				}
			}
		}
		for _, key := range byKeys(ev, a.by) {
			k := joinKey(key)
			g := groups[k]
			if g == nil {
				g = newGroup(a.specs, key)
				groups[k] = g
				order = append(order, g)
				if err := rs.budget.charge(int64(len(k))+64+64*int64(len(a.specs)), a.name, a.span); err != nil {
					return nil, err
				}
			}
			if n := feed(a.specs, g, ev); n > 0 {
				if err := rs.budget.charge(n, a.name, a.span); err != nil {
					return nil, err
				}
			}
		}
	}
	slices.SortStableFunc(order, func(x, y *group) int {
		for i := range x.by {
			if c := strings.Compare(x.by[i], y.by[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	out := make([]*event.Event, 0, len(order))
	for _, g := range order {
		out = append(out, groupRow(a.specs, a.by, g))
	}
	return out, nil
}

// groupRow renders a group as a result row.
func groupRow(specs []*aggSpec, by []string, g *group) *event.Event {
	row := event.New(len(by) + len(specs))
	for i, name := range by {
		row.Set(name, value.Str(g.by[i]))
	}
	for i, s := range specs {
		row.Set(s.out, g.states[i].result())
	}
	return row
}
