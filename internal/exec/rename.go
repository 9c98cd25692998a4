package exec

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// rename renames fields, with `*` capturing text in the source pattern and
// filling the stars of the target (spl-semantics.md §9.1). A renamed field
// keeps its position; an existing target is overwritten. A plain (wildcard
// free) source that does not exist removes the target, the lean of
// spl-semantics.md §9.1 [VERIFY §9.1]; a wildcard source that matches
// nothing changes nothing.
func (c *compiler) rename(cmd *ast.RenameCommand) stage {
	type pair struct{ from, to namePattern }
	var ps []pair
	for _, p := range cmd.Pairs {
		from, to := newNamePattern(p.From.Name), newNamePattern(p.To.Name)
		if to.wild() && len(to.parts) != len(from.parts) {
			c.errf(source.ErrSyntax, p.Sp, "rename: %s and %s must have the same number of wildcards", p.From.Name, p.To.Name)
			return nil
		}
		ps = append(ps, pair{from, to})
	}
	return mapStage(func(ev *event.Event) {
		for _, p := range ps {
			if !p.from.wild() {
				renameField(ev, p.from.parts[0], p.to.fill(nil))
				continue
			}
			type mv struct{ from, to string }
			var moves []mv
			for _, f := range ev.Fields {
				if caps, ok := p.from.match(f.Name); ok {
					moves = append(moves, mv{f.Name, p.to.fill(caps)})
				}
			}
			for _, m := range moves {
				renameField(ev, m.from, m.to)
			}
		}
	})
}

func renameField(ev *event.Event, from, to string) {
	if from == to {
		return
	}
	idx := -1
	for i := range ev.Fields {
		if ev.Fields[i].Name == from {
			idx = i
			break
		}
	}
	if idx < 0 {
		ev.Delete(to)
		return
	}
	for i := range ev.Fields {
		if ev.Fields[i].Name == to {
			ev.Fields = append(ev.Fields[:i], ev.Fields[i+1:]...)
			if i < idx {
				idx--
			}
			break
		}
	}
	ev.Fields[idx].Name = to
}
