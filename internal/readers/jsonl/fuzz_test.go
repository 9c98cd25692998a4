package jsonl

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/event"
)

// FuzzRead checks that any input is read without panicking, that every
// event's _raw is a piece of the input, that fields are distinct and
// non-empty, and that chunk boundaries change nothing.
func FuzzRead(f *testing.F) {
	if b, err := os.ReadFile("testdata/flat.jsonl"); err == nil {
		f.Add(string(b))
	}
	f.Add(`{"EventID":1,"Channel":"C","a":[1,{"b":"\\u00e9"}]}`)
	f.Add("[{\"a\":1},\n{\"b\"")
	f.Fuzz(func(t *testing.T, in string) {
		var big, small []string
		for _, size := range []int{chunkSize, 7} {
			var out []string
			err := read(context.Background(), "fuzz", strings.NewReader(in), size, func(e *event.Event) error {
				if raw := e.Get(event.Raw).Text(); !strings.Contains(in, raw) {
					t.Fatalf("_raw %q not in input", raw)
				}
				seen := map[string]bool{}
				for _, fl := range e.Fields {
					if seen[fl.Name] || fl.Value.Text() == "" {
						t.Fatalf("field %q repeated or empty", fl.Name)
					}
					seen[fl.Name] = true
				}
				out = append(out, fieldsText(e))
				return nil
			}, func(p event.Problem) { out = append(out, p.Where) })
			if err != nil {
				t.Fatal(err)
			}
			if size == chunkSize {
				big = out
			} else {
				small = out
			}
		}
		if strings.Join(big, "\n") != strings.Join(small, "\n") {
			t.Fatalf("chunk size changes the result:\n%q\n%q", big, small)
		}
	})
}

// FuzzParser checks the parser against encoding/json: every value that
// encoding/json accepts must parse to the same structure (the parser is
// more lenient, so the converse is not checked).
func FuzzParser(f *testing.F) {
	f.Add(`{"a":"\u00e9\t\n\\\/\"","b":[1,-2.5e3,true,false,null,{"c":{}}],"d":"\ud83d\ude00 \udc00"}`)
	f.Add(`[1, "x", {"k": [null]}]`)
	f.Add(`"\ud83d"`)
	f.Fuzz(func(t *testing.T, in string) {
		if !utf8.ValidString(in) {
			return // encoding/json replaces bad bytes; the parser keeps them
		}
		var want any
		d := json.NewDecoder(strings.NewReader(in))
		d.UseNumber()
		if err := d.Decode(&want); err != nil || d.More() {
			return
		}
		if _, err := d.Token(); err != io.EOF {
			return // trailing garbage
		}
		var p parser
		p.reset(in + " ") // a number at the very end would look incomplete
		root, _, err := p.value(strings.IndexAny(in, "{[\"-0123456789tfn"), 0)
		if err != nil {
			if strings.Count(in, "[")+strings.Count(in, "{") >= maxDepth {
				return
			}
			t.Fatalf("parser rejects %q: %v", in, err)
		}
		gb, _ := json.Marshal(toAny(&p, root))
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Fatalf("%q:\n got %s\nwant %s", in, gb, wb)
		}
	})
}
