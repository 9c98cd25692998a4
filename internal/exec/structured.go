package exec

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"sort"
	"strconv"
	"strings"
)

// Helpers for spath, xmlkv and fromjson: decoding JSON and XML text into
// named leaf values.

// flatList collects leaf values under their names in first-seen order.
type flatList struct {
	names []string
	vals  map[string][]string
}

func newFlatList() *flatList { return &flatList{vals: map[string][]string{}} }

func (f *flatList) add(name, v string) {
	if _, ok := f.vals[name]; !ok {
		f.names = append(f.names, name)
	}
	f.vals[name] = append(f.vals[name], v)
}

// decodeJSON parses s keeping numbers as written; ok is false for invalid
// JSON.
func decodeJSON(s string) (any, bool) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// jsonText renders a JSON value as a field value: strings as is, numbers as
// written, objects and arrays as compact JSON.
func jsonText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return "null"
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return ""
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// flattenJSON adds every leaf of v under its spath name: keys joined with
// dots, "{}" after an array (spl-semantics.md §9.12). Object keys are visited
// in sorted order (the decoder does not keep the text's order).
func flattenJSON(f *flatList, prefix string, v any) {
	switch v := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "." + k
			}
			flattenJSON(f, name, v[k])
		}
	case []any:
		for _, e := range v {
			flattenJSON(f, prefix+"{}", e)
		}
	default:
		if prefix != "" {
			f.add(prefix, jsonText(v))
		}
	}
}

// pathStep is one level of an spath path: a key, optionally followed by {}
// (every element) or {N} (element N, 1-based).
type pathStep struct {
	key   string
	all   bool
	index int // 0 when absent
	attr  string
}

func parsePath(p string) []pathStep {
	var steps []pathStep
	for _, part := range splitPath(p) {
		st := pathStep{key: part}
		for {
			i := strings.LastIndex(st.key, "{")
			if i < 0 || !strings.HasSuffix(st.key, "}") {
				break
			}
			inner := st.key[i+1 : len(st.key)-1]
			switch {
			case inner == "":
				st.all = true
			case strings.HasPrefix(inner, "@"):
				st.attr = inner[1:]
			default:
				n, err := strconv.Atoi(inner)
				if err != nil {
					return append(steps, st)
				}
				st.index = n
			}
			st.key = st.key[:i]
		}
		steps = append(steps, st)
	}
	return steps
}

// splitPath splits on dots outside braces.
func splitPath(p string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(p); i++ {
		switch p[i] {
		case '{':
			depth++
		case '}':
			depth--
		case '.':
			if depth == 0 {
				out = append(out, p[start:i])
				start = i + 1
			}
		}
	}
	return append(out, p[start:])
}

// jsonPath returns the values at path in v.
func jsonPath(v any, steps []pathStep) []string {
	cur := []any{v}
	for _, st := range steps {
		var next []any
		for _, c := range cur {
			if st.key != "" {
				m, ok := c.(map[string]any)
				if !ok {
					continue
				}
				if c, ok = m[st.key]; !ok {
					continue
				}
			}
			arr, isArr := c.([]any)
			switch {
			case st.all && isArr:
				next = append(next, arr...)
			case st.index > 0 && isArr:
				if st.index <= len(arr) {
					next = append(next, arr[st.index-1])
				}
			case st.all || st.index > 0:
			default:
				next = append(next, c)
			}
		}
		cur = next
	}
	out := make([]string, 0, len(cur))
	for _, c := range cur {
		out = append(out, jsonText(c))
	}
	return out
}

// flattenXML adds the text of every leaf element under its dotted element
// path, and every attribute as path{@name}; with short set, leaf names are
// the element name alone (xmlkv). ok is false when the text is not XML.
func flattenXML(f *flatList, s string, short bool) bool {
	d := xml.NewDecoder(strings.NewReader(s))
	d.Strict = false
	type frame struct {
		path     string
		name     string
		text     strings.Builder
		children int
	}
	var stack []*frame
	seen := false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return seen
		}
		if err != nil {
			return seen
		}
		switch t := tok.(type) {
		case xml.StartElement:
			seen = true
			path := t.Name.Local
			if len(stack) > 0 {
				path = stack[len(stack)-1].path + "." + path
				stack[len(stack)-1].children++
			}
			fr := &frame{path: path, name: t.Name.Local}
			stack = append(stack, fr)
			if !short {
				for _, a := range t.Attr {
					f.add(path+"{@"+a.Name.Local+"}", a.Value)
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return seen
			}
			fr := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if fr.children == 0 {
				text := strings.TrimSpace(fr.text.String())
				name := fr.path
				if short {
					name = fr.name
				}
				if text != "" || !short {
					f.add(name, text)
				}
			}
		}
	}
}

func sortStrings(s []string) { sort.Strings(s) }
