package content

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// decodeMacro reads a macros/*.yml file: name, definition and optional
// arguments. The definition's File and Span point at the definition text in
// the YAML file, for "expanded from macro" notes.
func decodeMacro(f *source.File, root *yamlnode.Node) (*macro.Definition, error) {
	if root.Kind != yamlnode.Map {
		return nil, source.Errorf(source.ErrInput, f, root.Span, "macro: want a mapping at the top level, got %s", yamlnode.Describe(root))
	}
	dec := &decoder{f: f}
	m := &macro.Definition{Name: strings.TrimSpace(dec.str(root, "name")), Args: dec.list(root, "arguments")}
	if m.Name == "" {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "macro has no name"))
	}
	def := root.Get("definition")
	switch {
	case def == nil:
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "macro %q has no definition", m.Name))
	case def.Kind == yamlnode.Scalar:
		m.Body = def.Text
		m.File = f
		m.Span = def.Span
		if def.Quoted {
			m.Span.Start++
		}
		m.Span.End = source.Pos(min(int(m.Span.Start)+len(def.Text), len(f.Text)))
	case def.Kind == yamlnode.Null:
		// An empty definition expands to nothing.
	default:
		dec.fail(def, "definition", "a string")
	}
	if err := dec.errs.Err(); err != nil {
		return nil, err
	}
	return m, nil
}
