package content

import (
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// decoder reads schema fields out of nodes, collecting a diagnostic for each
// field of the wrong shape and carrying on, so one bad field does not hide
// the rest of the file.
type decoder struct {
	f    *source.File
	errs source.List
}

func (d *decoder) fail(n *node, key, want string) {
	d.errs.Add(typeErr(d.f, n, key, want))
}

// str reads a scalar; null or absent gives "".
func (d *decoder) str(m *node, key string) string {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return ""
	}
	if n.kind != scalarNode {
		d.fail(n, key, "a string")
		return ""
	}
	return n.text
}

// integer reads an integer scalar; absent gives 0 and has false.
func (d *decoder) integer(m *node, key string) (v int, has bool) {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return 0, false
	}
	if n.kind == scalarNode {
		if i, err := strconv.Atoi(strings.TrimSpace(n.text)); err == nil {
			return i, true
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(n.text), 64); err == nil && f == float64(int(f)) {
			return int(f), true
		}
	}
	d.fail(n, key, "an integer")
	return 0, false
}

// list reads a sequence of scalars; a single scalar is a one-element list,
// as contentctl accepts it.
func (d *decoder) list(m *node, key string) []string {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return nil
	}
	switch n.kind {
	case scalarNode:
		return []string{n.text}
	case seqNode:
		out := make([]string, 0, len(n.vals))
		for _, it := range n.vals {
			switch it.kind {
			case scalarNode:
				out = append(out, it.text)
			case nullNode:
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
func (d *decoder) items(m *node, key string) []*node {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return nil
	}
	if n.kind != seqNode {
		d.fail(n, key, "a list")
		return nil
	}
	var out []*node
	for _, it := range n.vals {
		if it.kind != mapNode {
			d.fail(it, key+" item", "a mapping")
			continue
		}
		out = append(out, it)
	}
	return out
}

// mapping returns the mapping at key, nil when absent.
func (d *decoder) mapping(m *node, key string) *node {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return nil
	}
	if n.kind != mapNode {
		d.fail(n, key, "a mapping")
		return nil
	}
	return n
}

// boolean reads a YAML Boolean written as true/false (any case, quoted or
// not, as ESCU writes 'false'); absent gives def.
func (d *decoder) boolean(m *node, key string, def bool) bool {
	n := m.get(key)
	if n == nil || n.kind == nullNode {
		return def
	}
	if n.kind == scalarNode {
		switch strings.ToLower(strings.TrimSpace(n.text)) {
		case "true", "t", "1", "yes":
			return true
		case "false", "f", "0", "no":
			return false
		}
	}
	d.fail(n, key, "true or false")
	return def
}
