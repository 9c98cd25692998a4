package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// table keeps only the listed fields, in list order; a wildcard adds the
// fields it matches in lexicographic order; a listed field the result lacks
// is kept as an explicit null column (a Field with a null Value), so that
// renderers show it (spl-semantics.md §9.2).
func (c *compiler) table(cmd *ast.TableCommand) stage {
	pats := make([]namePattern, len(cmd.Fields))
	for i, f := range cmd.Fields {
		pats[i] = newNamePattern(f.Name)
	}
	return mapStage(func(ev *event.Event) {
		out := make([]event.Field, 0, len(pats))
		seen := make(map[string]bool, len(pats))
		for _, p := range pats {
			if !p.wild() {
				name := p.parts[0]
				if !seen[name] {
					seen[name] = true
					out = append(out, event.Field{Name: name, Value: ev.Get(name)})
				}
				continue
			}
			for _, name := range matchingFields(ev, p) {
				if !seen[name] {
					seen[name] = true
					out = append(out, event.Field{Name: name, Value: ev.Get(name)})
				}
			}
		}
		ev.Fields = out
	})
}

// fields keeps the listed fields (in list order) plus the internal fields
// whose names start with "_", or with `fields -` removes the listed ones
// (spl-semantics.md §9.3). Wildcards are allowed in both forms.
func (c *compiler) fields(cmd *ast.FieldsCommand) stage {
	pats := make([]namePattern, len(cmd.Fields))
	for i, f := range cmd.Fields {
		pats[i] = newNamePattern(f.Name)
	}
	if cmd.Remove {
		return mapStage(func(ev *event.Event) {
			out := ev.Fields[:0]
			for _, f := range ev.Fields {
				drop := false
				for _, p := range pats {
					if _, ok := p.match(f.Name); ok {
						drop = true
						break
					}
				}
				if !drop {
					out = append(out, f)
				}
			}
			ev.Fields = out
		})
	}
	return mapStage(func(ev *event.Event) {
		out := make([]event.Field, 0, len(ev.Fields))
		seen := make(map[string]bool)
		for _, p := range pats {
			for _, name := range matchingFields(ev, p) {
				if v := ev.Get(name); !seen[name] && !v.IsNull() {
					seen[name] = true
					out = append(out, event.Field{Name: name, Value: v})
				}
			}
		}
		for _, f := range ev.Fields {
			if strings.HasPrefix(f.Name, "_") && !seen[f.Name] {
				out = append(out, f)
			}
		}
		ev.Fields = out
	})
}
