package exec

import (
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// flattenJSONPrefix adds the leaves of s, the first spathCutoff bytes of a
// longer JSON text, under their spath names (as flattenJSON does, but in
// text order): every leaf that is complete within s, and nothing when s is
// not the start of valid JSON (a syntax error rather than the cut). A
// number at the very end may itself be cut, so it counts only once another
// token follows it.
func flattenJSONPrefix(f *flatList, s string) {
	d := json.NewDecoder(strings.NewReader(s))
	d.UseNumber()
	type frame struct {
		prefix string // the spath name of the container
		array  bool
		key    string // the pending key of an object (keys and values alternate)
		isKey  bool   // the next string of the object is a key
	}
	pending := func() {}
	var leaves [][2]string
	var stack []*frame
	name := func() string {
		if len(stack) == 0 {
			return ""
		}
		top := stack[len(stack)-1]
		if top.array {
			return top.prefix + "{}"
		}
		if top.prefix == "" {
			return top.key
		}
		return top.prefix + "." + top.key
	}
	// afterValue moves an object back to expecting a key.
	afterValue := func() {
		if len(stack) > 0 && !stack[len(stack)-1].array {
			stack[len(stack)-1].isKey = true
		}
	}
	for {
		tok, err := d.Token()
		if err != nil {
			var syn *json.SyntaxError
			if errors.As(err, &syn) || !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
				return // not JSON: nothing, as for a short input
			}
			break
		}
		pending()
		pending = func() {}
		if len(stack) > 0 {
			if top := stack[len(stack)-1]; !top.array && top.isKey {
				if k, ok := tok.(string); ok {
					top.key, top.isKey = k, false
					continue
				}
			}
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				stack = append(stack, &frame{prefix: name(), array: t == '[', isKey: t == '{'})
			default:
				if len(stack) > 0 {
					stack = stack[:len(stack)-1]
				}
				afterValue()
			}
		case json.Number:
			if n, v := name(), t.String(); n != "" {
				pending = func() { leaves = append(leaves, [2]string{n, v}) }
			}
			afterValue()
		default:
			if n := name(); n != "" {
				leaves = append(leaves, [2]string{n, jsonText(t)})
			}
			afterValue()
		}
	}
	for _, l := range leaves {
		f.add(l[0], l[1])
	}
}
