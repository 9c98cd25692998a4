package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// dedup keeps the first N (default 1) results of each combination of the
// fields' values in the current order and removes later ones
// (spl-semantics.md §9.14). A result missing any field is removed unless
// keepempty=true; consecutive=true only removes adjacent duplicates;
// keepevents=true keeps duplicates but blanks the fields; sortby sorts the
// output. Values compare exactly, a multivalue as its whole list.
func (c *compiler) dedup(cmd *ast.DedupCommand) stage {
	opts, ok := c.options("dedup", cmd.Options, "keepevents", "keepempty", "consecutive")
	if !ok {
		return nil
	}
	keepEmpty, ok1 := c.boolOption(opts["keepempty"], false)
	consecutive, ok2 := c.boolOption(opts["consecutive"], false)
	keepEvents, ok3 := c.boolOption(opts["keepevents"], false)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	names := make([]string, len(cmd.Fields))
	for i, f := range cmd.Fields {
		names[i] = f.Name
	}
	n := max(cmd.Count, 1)
	var sorter *sortSpec
	if len(cmd.SortBy) > 0 {
		if sorter = c.sortSpec(cmd.SortBy, false, 0); sorter == nil {
			return nil
		}
	}
	sp := cmd.Sp
	return &blockingStage{name: "dedup", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		seen := map[string]int{}
		prev, prevN := "", 0
		out := in[:0]
		for _, ev := range in {
			key, ok := dedupKey(ev, names)
			if !ok {
				if keepEmpty {
					out = append(out, ev)
				}
				continue
			}
			dup := false
			if consecutive {
				if key == prev && prevN >= n {
					dup = true
				} else if key == prev {
					prevN++
				} else {
					prev, prevN = key, 1
				}
			} else {
				if _, had := seen[key]; !had {
					if err := rs.budget.charge(int64(len(key))+32, "dedup", sp); err != nil {
						return nil, err
					}
				}
				seen[key]++
				dup = seen[key] > n
			}
			if dup {
				if keepEvents {
					for _, name := range names {
						ev.Delete(name)
					}
					out = append(out, ev)
				}
				continue
			}
			out = append(out, ev)
		}
		if sorter != nil {
			return sorter.sort(ctx, out)
		}
		return out, nil
	}}
}

func dedupKey(ev *event.Event, names []string) (string, bool) {
	var b strings.Builder
	for _, name := range names {
		v := ev.Get(name)
		if v.IsNull() {
			return "", false
		}
		for _, s := range v.Values() {
			b.WriteString(s)
			b.WriteByte(0)
		}
		b.WriteByte(1)
	}
	return b.String(), true
}
