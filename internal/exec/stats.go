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
	sp := cmd.Sp
	return &blockingStage{name: "stats", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		groups := map[string]*group{}
		var order []*group
		if len(by) == 0 {
			g := newGroup(specs, nil)
			groups[""] = g
			order = append(order, g)
		}
		for i, ev := range in {
			if i%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, err
				}
			}
			for _, key := range byKeys(ev, by) {
				k := joinKey(key)
				g := groups[k]
				if g == nil {
					g = newGroup(specs, key)
					groups[k] = g
					order = append(order, g)
					if err := rs.budget.charge(int64(len(k))+64+64*int64(len(specs)), "stats", sp); err != nil {
						return nil, err
					}
				}
				if n := feed(specs, g, ev); n > 0 {
					if err := rs.budget.charge(n, "stats", sp); err != nil {
						return nil, err
					}
				}
			}
		}
		slices.SortStableFunc(order, func(a, b *group) int {
			for i := range a.by {
				if c := strings.Compare(a.by[i], b.by[i]); c != 0 {
					return c
				}
			}
			return 0
		})
		out := make([]*event.Event, 0, len(order))
		for _, g := range order {
			out = append(out, groupRow(specs, by, g))
		}
		return out, nil
	}}
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
