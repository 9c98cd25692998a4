package exec

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// replace rewrites whole field values: in the listed fields (wildcards
// allowed), each value matching an old pattern (`*` wildcards, compared
// case-sensitively [VERIFY]) becomes the new value, whose stars receive the
// text the old pattern's stars matched. The first matching pair applies.
func (c *compiler) replace(cmd *ast.ReplaceCommand) stage {
	type pair struct{ old, new namePattern }
	ps := make([]pair, len(cmd.Pairs))
	for i, p := range cmd.Pairs {
		ps[i] = pair{newNamePattern(p.Old.Text), newNamePattern(p.New.Text)}
	}
	fields := make([]namePattern, len(cmd.Fields))
	for i, f := range cmd.Fields {
		fields[i] = newNamePattern(f.Name)
	}
	return mapStage(func(ev *event.Event) {
		for i := range ev.Fields {
			f := &ev.Fields[i]
			selected := false
			for _, p := range fields {
				if _, ok := p.match(f.Name); ok {
					selected = true
					break
				}
			}
			if !selected || f.Value.IsNull() {
				continue
			}
			vs := f.Value.Values()
			out := make([]string, len(vs))
			changed := false
			for j, s := range vs {
				out[j] = s
				for _, p := range ps {
					if caps, ok := p.old.match(s); ok {
						out[j], changed = p.new.fill(caps), true
						break
					}
				}
			}
			if changed {
				f.Value = value.MV(out)
			}
		}
	})
}
