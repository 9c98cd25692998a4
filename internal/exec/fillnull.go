package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// fillnull sets null fields to value= (default "0") (spl-semantics.md
// §9.11). With a field list, each listed field is filled in every result
// (streaming). Without one, it fills the fields present in at least one
// result, internal fields (_time ...) excepted, so it needs all results
// first. Empty strings are values and stay.
func (c *compiler) fillnull(cmd *ast.FillnullCommand) stage {
	fill := value.Str("0")
	if cmd.Value != nil {
		fill = value.Str(cmd.Value.Value)
	}
	if len(cmd.Fields) > 0 {
		pats := make([]namePattern, len(cmd.Fields))
		for i, f := range cmd.Fields {
			pats[i] = newNamePattern(f.Name)
		}
		return mapStage(func(ev *event.Event) {
			for _, p := range pats {
				if !p.wild() {
					if ev.Get(p.parts[0]).IsNull() {
						ev.Set(p.parts[0], fill)
					}
					continue
				}
				for i := range ev.Fields {
					if _, ok := p.match(ev.Fields[i].Name); ok && ev.Fields[i].Value.IsNull() {
						ev.Fields[i].Value = fill
					}
				}
			}
		})
	}
	return &blockingStage{name: "fillnull", span: cmd.Sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		var names []string
		seen := map[string]bool{}
		for _, ev := range in {
			for _, f := range ev.Fields {
				if !seen[f.Name] && !strings.HasPrefix(f.Name, "_") && !f.Value.IsNull() {
					seen[f.Name] = true
					names = append(names, f.Name)
				}
			}
		}
		for _, ev := range in {
			for _, name := range names {
				if ev.Get(name).IsNull() {
					ev.Set(name, fill)
				}
			}
		}
		return in, nil
	}}
}
