package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// spathCutoff is how much of the input auto-extraction reads
// (limits.conf [spath] extraction_cutoff).
const spathCutoff = 5000

// spath extracts fields from JSON or XML text (spl-semantics.md §9.12):
// input= (default _raw), path= or a positional path, output= (default the
// path). {} takes every array element (a multivalue), {N} element N, {@a}
// an XML attribute; objects come out as JSON text. Without a path every leaf
// of the first 5000 characters is extracted (the leaves complete within the
// cutoff, in text order, when the input is longer). Invalid input extracts
// nothing.
func (c *compiler) spath(cmd *ast.SpathCommand) stage {
	opts, ok := c.options("spath", cmd.Options, "input", "output", "path")
	if !ok {
		return nil
	}
	input, output, path := event.Raw, "", ""
	if o := opts["input"]; o != nil {
		input = o.Value
	}
	if o := opts["path"]; o != nil {
		path = o.Value
	}
	if cmd.Field != nil {
		path = cmd.Field.Name
	}
	if o := opts["output"]; o != nil {
		output = o.Value
	}
	if output == "" {
		output = path
	}
	steps := parsePath(path)
	return mapStage(func(ev *event.Event) {
		v := ev.Get(input)
		if v.IsNull() {
			return
		}
		text := strings.TrimSpace(v.Index(0))
		isXML := strings.HasPrefix(text, "<")
		if path == "" {
			truncated := len(text) > spathCutoff
			if truncated {
				text = text[:spathCutoff]
			}
			f := newFlatList()
			if isXML {
				flattenXML(f, text, false)
			} else if truncated {
				flattenJSONPrefix(f, text)
			} else if j, ok := decodeJSON(text); ok {
				flattenJSON(f, "", j)
			}
			for _, name := range f.names {
				ev.Set(name, value.MV(f.vals[name]))
			}
			return
		}
		var vals []string
		if isXML {
			f := newFlatList()
			flattenXML(f, text, false)
			vals = f.vals[xmlPathKey(steps)]
		} else if j, ok := decodeJSON(text); ok {
			vals = jsonPath(j, steps)
		}
		if len(vals) > 0 {
			ev.Set(output, value.MV(vals))
		}
	})
}

// xmlPathKey maps an spath path to the flattened XML name, dropping array
// markers (repeated elements already collect into a multivalue).
func xmlPathKey(steps []pathStep) string {
	parts := make([]string, 0, len(steps))
	attr := ""
	for _, st := range steps {
		if st.key != "" {
			parts = append(parts, st.key)
		}
		if st.attr != "" {
			attr = "{@" + st.attr + "}"
		}
	}
	return strings.Join(parts, ".") + attr
}

// xmlkv sets a field per leaf element of the XML in a field (default _raw),
// named after the element; a repeated element keeps its first value and
// attributes are ignored (spl-semantics.md §9.19) [VERIFY].
func (c *compiler) xmlkv(cmd *ast.XmlkvCommand) stage {
	if _, ok := c.options("xmlkv", cmd.Options, "maxinputs"); !ok {
		return nil
	}
	input := event.Raw
	if cmd.Field != nil {
		input = cmd.Field.Name
	}
	return mapStage(func(ev *event.Event) {
		v := ev.Get(input)
		if v.IsNull() {
			return
		}
		f := newFlatList()
		flattenXML(f, v.Index(0), true)
		for _, name := range f.names {
			ev.Set(name, value.Str(f.vals[name][0]))
		}
	})
}

// fromjson makes each top-level key of the JSON object in a field a field,
// with prefix= prepended (spl-semantics.md §9.20): arrays become
// multivalues, nested objects stay JSON text, invalid JSON is ignored.
func (c *compiler) fromjson(cmd *ast.FromjsonCommand) stage {
	opts, ok := c.options("fromjson", cmd.Options, "prefix")
	if !ok {
		return nil
	}
	prefix := ""
	if o := opts["prefix"]; o != nil {
		prefix = o.Value
	}
	input := cmd.Field.Name
	return mapStage(func(ev *event.Event) {
		v := ev.Get(input)
		if v.IsNull() {
			return
		}
		j, ok := decodeJSON(v.Index(0))
		obj, isObj := j.(map[string]any)
		if !ok || !isObj {
			return
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		sortStrings(keys)
		for _, k := range keys {
			var vals []string
			if arr, ok := obj[k].([]any); ok {
				for _, e := range arr {
					vals = append(vals, jsonText(e))
				}
			} else {
				vals = []string{jsonText(obj[k])}
			}
			ev.Set(prefix+k, value.MV(vals))
		}
	})
}
