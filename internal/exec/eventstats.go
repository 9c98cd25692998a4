package exec

import (
	"context"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// eventstats computes the aggregations of stats and adds them to every input
// result, which all pass through in order (spl-semantics.md §8.3). A result
// whose by-field is null gets no aggregate fields but is kept; an aggregate
// overwrites a field of the same name. With a multivalue by-field, a result
// gets the values of the first group it belongs to [VERIFY].
func (c *compiler) eventstats(cmd *ast.StatsCommand) stage {
	for _, o := range cmd.Options {
		if !strings.EqualFold(o.Key, "allnum") {
			c.errf(source.ErrUnsupported, o.Sp, "eventstats option %q is not supported", o.Key)
			return nil
		}
	}
	specs, by, ok := c.aggCompile(cmd)
	if !ok {
		return nil
	}
	sp := cmd.Sp
	return &blockingStage{name: "eventstats", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		groups := map[string]*group{}
		for _, ev := range in {
			for _, key := range byKeys(ev, by) {
				k := joinKey(key)
				g := groups[k]
				if g == nil {
					g = newGroup(specs, key)
					groups[k] = g
				}
				if err := rs.budget.charge(feed(specs, g, ev), "eventstats", sp); err != nil {
					return nil, err
				}
			}
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		for _, ev := range in {
			keys := byKeys(ev, by)
			if len(by) == 0 {
				keys = [][]string{nil}
			}
			if len(keys) == 0 {
				continue
			}
			g := groups[joinKey(keys[0])]
			if g == nil {
				g = newGroup(specs, nil) // no BY and no input cannot happen here
			}
			for i, s := range specs {
				ev.Set(s.out, g.states[i].result())
			}
		}
		return in, nil
	}}
}

// streamstats adds running aggregations to each result in order
// (spl-semantics.md §8.3): the aggregation over the results so far in the
// result's group, including itself unless current=false. window=N limits it
// to the last N results of the group [VERIFY: Splunk's window is global by
// default]. Results with a null by-field pass through unchanged.
func (c *compiler) streamstats(cmd *ast.StatsCommand) stage {
	window, current := 0, true
	for _, o := range cmd.Options {
		switch strings.ToLower(o.Key) {
		case "window":
			n, err := strconv.Atoi(o.Value)
			if err != nil || n < 0 {
				c.errf(source.ErrSyntax, o.Sp, "streamstats window must be a non-negative integer")
				return nil
			}
			window = n
		case "current":
			b, ok := parseBool(o.Value)
			if !ok {
				c.errf(source.ErrSyntax, o.Sp, "streamstats current must be true or false")
				return nil
			}
			current = b
		case "global", "allnum":
		default:
			c.errf(source.ErrUnsupported, o.Sp, "streamstats option %q is not supported", o.Key)
			return nil
		}
	}
	specs, by, ok := c.aggCompile(cmd)
	if !ok {
		return nil
	}
	sp := cmd.Sp
	return &blockingStage{name: "streamstats", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		groups := map[string]*group{}
		recent := map[string][]*event.Event{} // last window inputs per group
		for _, ev := range in {
			keys := byKeys(ev, by)
			if len(by) == 0 {
				keys = [][]string{nil}
			}
			if len(keys) == 0 {
				continue
			}
			k := joinKey(keys[0])
			orig := ev.Clone() // aggregate over input values, not our outputs
			var g *group
			if window > 0 {
				g = newGroup(specs, keys[0])
				hist := recent[k]
				prior := hist
				if current && len(prior) >= window {
					prior = prior[len(prior)-window+1:]
				}
				for _, h := range prior {
					feed(specs, g, h)
				}
				if current {
					feed(specs, g, orig)
				}
				hist = append(hist, orig)
				if len(hist) > window {
					hist = hist[1:]
				}
				recent[k] = hist
			} else {
				g = groups[k]
				if g == nil {
					g = newGroup(specs, keys[0])
					groups[k] = g
				}
				if current {
					if err := rs.budget.charge(feed(specs, g, orig), "streamstats", sp); err != nil {
						return nil, err
					}
				}
			}
			for i, s := range specs {
				ev.Set(s.out, g.states[i].result())
			}
			if window == 0 && !current {
				if err := rs.budget.charge(feed(specs, g, orig), "streamstats", sp); err != nil {
					return nil, err
				}
			}
		}
		return in, ctx.Err()
	}}
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(s) {
	case "t", "true", "1", "yes":
		return true, true
	case "f", "false", "0", "no":
		return false, true
	}
	return false, false
}
