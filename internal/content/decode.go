package content

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// decoder reads schema fields out of nodes, collecting a diagnostic for each
// field of the wrong shape and carrying on, so one bad field does not hide
// the rest of the file.
type decoder struct {
	f    *source.File
	errs source.List
}

func (d *decoder) fail(n *yamlnode.Node, key, want string) {
	d.errs.Add(yamlnode.TypeErr(d.f, n, key, want))
}

// str reads a scalar; null or absent gives "".
func (d *decoder) str(m *yamlnode.Node, key string) string {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return ""
	}
	if n.Kind != yamlnode.Scalar {
		d.fail(n, key, "a string")
		return ""
	}
	return n.Text
}

// integer reads an integer scalar; absent gives 0 and has false.
func (d *decoder) integer(m *yamlnode.Node, key string) (v int, has bool) {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return 0, false
	}
	if n.Kind == yamlnode.Scalar {
		if i, err := strconv.Atoi(strings.TrimSpace(n.Text)); err == nil {
			return i, true
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(n.Text), 64); err == nil && f == float64(int(f)) {
			return int(f), true
		}
	}
	d.fail(n, key, "an integer")
	return 0, false
}

// list reads a sequence of scalars; a single scalar is a one-element list,
// as contentctl accepts it.
func (d *decoder) list(m *yamlnode.Node, key string) []string {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	switch n.Kind {
	case yamlnode.Scalar:
		return []string{n.Text}
	case yamlnode.Seq:
		out := make([]string, 0, len(n.Vals))
		for _, it := range n.Vals {
			switch it.Kind {
			case yamlnode.Scalar:
				out = append(out, it.Text)
			case yamlnode.Null:
			default:
				d.fail(it, key+" item", "a string")
			}
		}
		return out
	}
	d.fail(n, key, "a list of strings")
	return nil
}

// items returns the mappings of a sequence of mappings.
func (d *decoder) items(m *yamlnode.Node, key string) []*yamlnode.Node {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	if n.Kind != yamlnode.Seq {
		d.fail(n, key, "a list")
		return nil
	}
	var out []*yamlnode.Node
	for _, it := range n.Vals {
		if it.Kind != yamlnode.Map {
			d.fail(it, key+" item", "a mapping")
			continue
		}
		out = append(out, it)
	}
	return out
}

// mapping returns the mapping at key, nil when absent.
func (d *decoder) mapping(m *yamlnode.Node, key string) *yamlnode.Node {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	if n.Kind != yamlnode.Map {
		d.fail(n, key, "a mapping")
		return nil
	}
	return n
}

// boolean reads a YAML Boolean written as true/false (any case, quoted or
// not, as ESCU writes 'false'); absent gives def.
func (d *decoder) boolean(m *yamlnode.Node, key string, def bool) bool {
	n := m.Get(key)
	if n == nil || n.Kind == yamlnode.Null {
		return def
	}
	if n.Kind == yamlnode.Scalar {
		switch strings.ToLower(strings.TrimSpace(n.Text)) {
		case "true", "t", "1", "yes":
			return true
		case "false", "f", "0", "no":
			return false
		}
	}
	d.fail(n, key, "true or false")
	return def
}
