package jsonl

import (
	"context"
	"os"
	"strings"
	"testing"

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
