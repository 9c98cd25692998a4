package exec

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// mvexpand emits one copy of each result per value of the field, in value
// order (spl-semantics.md §9.13); limit=N expands at most N values. Results
// whose field is null are dropped [VERIFY].
func (c *compiler) mvexpand(cmd *ast.MvexpandCommand) stage {
	opts, ok := c.options("mvexpand", cmd.Options, "limit")
	if !ok {
		return nil
	}
	limit, ok := c.intOption(opts["limit"], 0)
	if !ok {
		return nil
	}
	name := cmd.Field.Name
	return &streamStage{fn: func(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
		v := ev.Get(name)
		vs := v.Values()
		if limit > 0 && len(vs) > limit {
			vs = vs[:limit]
		}
		for i, s := range vs {
			e := ev
			if i < len(vs)-1 {
				e = ev.Clone()
			}
			e.Set(name, value.Str(s))
			dst = append(dst, e)
		}
		return dst, nil
	}}
}
