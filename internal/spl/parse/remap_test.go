package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

// TestRemapParseError: a syntax error inside a macro body is reported at
// the call site in the detection's search, with a note into the body.
func TestRemapParseError(t *testing.T) {
	defs := source.NewFile("macros/broken.yml", "definition: 'stats count by'")
	body := "stats count by"
	lookup := func(name string, n int) (*macro.Definition, bool) {
		if name != "broken" || n != 0 {
			return nil, false
		}
		i := strings.Index(defs.Text, body)
		return &macro.Definition{Name: name, Body: body, File: defs,
			Span: source.Span{Start: source.Pos(i), End: source.Pos(i + len(body))}}, true
	}
	orig := source.NewFile("detection.yml", "index=main | `broken`")
	x, err := macro.Expand(orig, lookup)
	if err != nil {
		t.Fatal(err)
	}
	// In "| `broken` | table x" the error is at the "|" after the call,
	// which is original text: it maps back by offset, without notes.
	x2, _ := macro.Expand(source.NewFile("d2", "a | `broken` | table x"), lookup)
	_, err2 := Parse(x2.File)
	var d2 *source.Diagnostic
	if !errors.As(x2.Remap(err2), &d2) || d2.Span.Start != 13 || len(d2.Notes) != 0 {
		t.Errorf("pipe after call: %v", source.Render(x2.Remap(err2)))
	}
	_, err = Parse(x.File)
	if err == nil {
		t.Fatal("no error")
	}
	var d *source.Diagnostic
	if !errors.As(x.Remap(err), &d) {
		t.Fatalf("%T", err)
	}
	if d.File != orig || orig.Slice(d.Span) != "`broken`" {
		t.Errorf("error at %q in %s, want the call", orig.Slice(d.Span), d.File.Name)
	}
	if len(d.Notes) != 1 || d.Notes[0].File != defs || !strings.Contains(d.Notes[0].Msg, "in expansion of macro `broken`") {
		t.Fatalf("notes %+v", d.Notes)
	}
	if got := defs.Slice(d.Notes[0].Span); got != "y" {
		// The error is at the end of the body ("expected a field name after
		// BY, found end of search"), clamped to its last byte.
		t.Errorf("note points at %q\n%s", got, d.Render())
	}
}
