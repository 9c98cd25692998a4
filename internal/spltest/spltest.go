// Package spltest runs SPL conformance scripts (STYLE.md rule 11), in the
// manner of Prometheus's promqltest: a script loads events, runs searches
// and states the expected rows or error. It is a test-only harness: import it
// only from _test.go files.
//
// Script syntax, one directive per line; blank lines and lines starting with
// # are ignored outside load blocks:
//
//	now 2024-05-15T14:37:22Z      the search start time (RFC 3339)
//	load                          events follow, one JSON object per line,
//	{"_time": 1715783842, "user": "bob", "tags": ["a", "b"]}
//	                              ... until a blank line; arrays are
//	                              multivalues, numbers stay numbers
//	search <SPL>                  the search to run over the loaded events
//	expect rows                   expected rows follow, one JSON object per
//	{"user": "bob", "count": "2"} line in field order, until a blank line;
//	                              values compare as text, arrays as
//	                              multivalues, null as an explicit null column
//	expect none                   the search returns no rows
//	expect error <class> <text>   compilation or run fails with the class
//	                              (syntax, unsupported, unknown, limit, input,
//	                              runtime) and a message containing text
//
// Subsearches run over all loaded events.
package spltest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// RunDir runs every *.test script in dir as a subtest.
func RunDir(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in %s (%v)", dir, err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { RunFile(t, f) })
	}
}

// RunFile runs one script.
func RunFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := &script{t: t, name: path, now: time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)}
	s.run(string(data))
}

type script struct {
	t      *testing.T
	name   string
	now    time.Time
	events []*event.Event
	query  string
	qline  int
}

func (s *script) run(text string) {
	lines := strings.Split(text, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		at := fmt.Sprintf("%s:%d", s.name, i+1)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "now "):
			t, err := time.Parse(time.RFC3339, strings.TrimSpace(line[4:]))
			if err != nil {
				s.t.Fatalf("%s: %v", at, err)
			}
			s.now = t
		case line == "load":
			var block []string
			block, i = blockAfter(lines, i)
			s.events = nil
			for k, l := range block {
				e, err := decodeEvent(l)
				if err != nil {
					s.t.Fatalf("%s:%d: %v", s.name, i-len(block)+k+1, err)
				}
				s.events = append(s.events, e)
			}
		case strings.HasPrefix(line, "search "):
			s.query, s.qline = strings.TrimSpace(line[len("search "):]), i+1
		case line == "expect none":
			s.expectRows(at, nil)
		case line == "expect rows":
			var block []string
			block, i = blockAfter(lines, i)
			s.expectRows(at, block)
		case strings.HasPrefix(line, "expect error "):
			class, msg, _ := strings.Cut(strings.TrimSpace(line[len("expect error "):]), " ")
			s.expectError(at, class, strings.TrimSpace(msg))
		default:
			s.t.Fatalf("%s: unknown directive %q", at, line)
		}
	}
}

// blockAfter returns the lines after i up to a blank line, and the index of
// the last line consumed.
func blockAfter(lines []string, i int) ([]string, int) {
	var out []string
	for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
		i++
		out = append(out, strings.TrimSpace(lines[i]))
	}
	return out, i
}

func (s *script) execute() ([]*event.Event, error) {
	f := source.NewFile(fmt.Sprintf("%s:%d", s.name, s.qline), s.query)
	p, err := parse.Parse(f)
	if err != nil {
		return nil, err
	}
	all := s.events
	env := exec.Env{Now: s.now, File: f, Subsearch: func(ctx context.Context, prog *exec.Program) ([]*event.Event, error) {
		return exec.RunOver(ctx, prog, all)
	}}
	prog, err := exec.Compile(p, env)
	if err != nil {
		return nil, err
	}
	return exec.RunOver(context.Background(), prog, all)
}

func (s *script) expectRows(at string, want []string) {
	if s.query == "" {
		s.t.Fatalf("%s: expect without a search", at)
	}
	got, err := s.execute()
	if err != nil {
		s.t.Errorf("%s: %s\n%s", at, s.query, source.Render(err))
		return
	}
	gotText := make([]string, len(got))
	for i, e := range got {
		gotText[i] = renderRow(e)
	}
	wantText := make([]string, len(want))
	for i, w := range want {
		r, err := decodeRow(w)
		if err != nil {
			s.t.Fatalf("%s: expected row %d: %v", at, i+1, err)
		}
		wantText[i] = r
	}
	if strings.Join(gotText, "\n") != strings.Join(wantText, "\n") {
		s.t.Errorf("%s: %s\ngot:\n  %s\nwant:\n  %s", at, s.query, strings.Join(gotText, "\n  "), strings.Join(wantText, "\n  "))
	}
}

var classes = map[string]error{
	"syntax": source.ErrSyntax, "unsupported": source.ErrUnsupported, "unknown": source.ErrUnknown,
	"limit": source.ErrLimit, "input": source.ErrInput, "runtime": source.ErrRuntime,
}

func (s *script) expectError(at, class, msg string) {
	want, ok := classes[class]
	if !ok {
		s.t.Fatalf("%s: unknown error class %q", at, class)
	}
	_, err := s.execute()
	switch {
	case err == nil:
		s.t.Errorf("%s: %s: succeeded, want a %s error", at, s.query, class)
	case !errors.Is(err, want):
		s.t.Errorf("%s: %s: error %q is not of class %s", at, s.query, err, class)
	case !strings.Contains(err.Error(), msg):
		s.t.Errorf("%s: %s: error %q does not contain %q", at, s.query, err, msg)
	}
}

// renderRow prints a result as JSON-ish text with fields in order.
func renderRow(e *event.Event) string {
	parts := make([]string, len(e.Fields))
	for i, f := range e.Fields {
		parts[i] = quote(f.Name) + ": " + renderValue(f.Value)
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func renderValue(v value.Value) string {
	switch {
	case v.IsNull():
		return "null"
	case v.IsMulti():
		vs := v.Values()
		parts := make([]string, len(vs))
		for i, s := range vs {
			parts[i] = quote(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	return quote(v.Text())
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// decodeRow parses an expected row, keeping key order, into renderRow form.
func decodeRow(line string) (string, error) {
	var parts []string
	err := decodeObject(line, func(k string, v any) error {
		switch v := v.(type) {
		case nil:
			parts = append(parts, quote(k)+": null")
		case []any:
			vs := make([]string, len(v))
			for i, x := range v {
				vs[i] = quote(fmt.Sprint(x))
			}
			parts = append(parts, quote(k)+": ["+strings.Join(vs, ", ")+"]")
		default:
			parts = append(parts, quote(k)+": "+quote(fmt.Sprint(v)))
		}
		return nil
	})
	return "{" + strings.Join(parts, ", ") + "}", err
}

// decodeEvent parses a load line into an event.
func decodeEvent(line string) (*event.Event, error) {
	e := event.New(8)
	err := decodeObject(line, func(k string, v any) error {
		switch v := v.(type) {
		case string:
			e.Set(k, value.Str(v))
		case json.Number:
			f, ok := value.ParseNumber(v.String())
			if !ok {
				return fmt.Errorf("field %s: bad number %s", k, v)
			}
			e.Set(k, value.Num(f))
		case bool:
			e.Set(k, value.Str(fmt.Sprint(v)))
		case []any:
			vs := make([]string, len(v))
			for i, x := range v {
				vs[i] = fmt.Sprint(x)
			}
			e.Set(k, value.MV(vs))
		case nil:
		default:
			return fmt.Errorf("field %s: nested objects are not supported", k)
		}
		return nil
	})
	return e, err
}

// decodeObject walks a one-level JSON object in key order.
func decodeObject(line string, f func(k string, v any) error) error {
	d := json.NewDecoder(strings.NewReader(line))
	d.UseNumber()
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return fmt.Errorf("want a JSON object: %q", line)
	}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		var v any
		if err := d.Decode(&v); err != nil {
			return err
		}
		if err := f(tok.(string), v); err != nil {
			return err
		}
	}
	if _, err := d.Token(); err != nil {
		return err
	}
	if _, err := d.Token(); err != io.EOF {
		return fmt.Errorf("trailing text after the object: %q", line)
	}
	return nil
}
