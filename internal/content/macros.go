package content

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

// decodeMacro reads a macros/*.yml file: name, definition and optional
// arguments. The definition's File and Span point at the definition text in
// the YAML file, for "expanded from macro" notes.
func decodeMacro(f *source.File, root *node) (*macro.Definition, error) {
	if root.kind != mapNode {
		return nil, source.Errorf(source.ErrInput, f, root.span, "macro: want a mapping at the top level, got %s", describe(root))
	}
	dec := &decoder{f: f}
	m := &macro.Definition{Name: strings.TrimSpace(dec.str(root, "name")), Args: dec.list(root, "arguments")}
	if m.Name == "" {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.span, "macro has no name"))
	}
	def := root.get("definition")
	switch {
	case def == nil:
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.span, "macro %q has no definition", m.Name))
	case def.kind == scalarNode:
		m.Body = def.text
		m.File = f
		m.Span = def.span
		if def.quoted {
			m.Span.Start++
		}
		m.Span.End = source.Pos(min(int(m.Span.Start)+len(def.text), len(f.Text)))
	case def.kind == nullNode:
		// An empty definition expands to nothing.
	default:
		dec.fail(def, "definition", "a string")
	}
	if err := dec.errs.Err(); err != nil {
		return nil, err
	}
	return m, nil
}
