package yamlnode

import (
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

func TestScalarsKeptAsWrittenWithPositions(t *testing.T) {
	text := "id: 0x10\nn: 010\nlist:\n  - 'a b'\n  - café: ü\nblock: |\n  line1\n  line2\n"
	n, err := Parse(source.NewFile("f.yml", text))
	if err != nil {
		t.Fatal(err)
	}
	if got := n.Get("id").Str(); got != "0x10" {
		t.Errorf("id = %q, want 0x10 as written", got)
	}
	if got := n.Get("n").Str(); got != "010" {
		t.Errorf("n = %q", got)
	}
	list := n.Get("list")
	if list.Kind != Seq || len(list.Vals) != 2 || !list.Vals[0].Quoted || list.Vals[0].Text != "a b" {
		t.Fatalf("list = %+v", list)
	}
	// Spans are byte offsets: the value after a multi-byte key starts where
	// its text is.
	u := list.Vals[1].Get("café")
	if got := text[u.Span.Start:u.Span.End]; got != "ü" {
		t.Errorf("span of ü covers %q", got)
	}
	b := n.Get("block")
	if b.Text != "line1\nline2\n" || !strings.HasPrefix(text[b.Span.Start:], "line1") {
		t.Errorf("block = %q at %q", b.Text, text[b.Span.Start:])
	}
}

func TestErrorsArePositioned(t *testing.T) {
	for _, tc := range []struct{ text, at string }{
		{"a: 1\n---\nb: 2\n", "---"},
		{"a: &x [1]\nb: *x\n", "*x"},
		{"a: [1\n", ""},
	} {
		_, err := Parse(source.NewFile("f.yml", tc.text))
		var d *source.Diagnostic
		if !errors.As(err, &d) {
			t.Errorf("%q: err = %v, want a diagnostic", tc.text, err)
			continue
		}
		if tc.at != "" && !strings.HasPrefix(tc.text[d.Span.Start:], tc.at) {
			t.Errorf("%q: error at %q, want %q", tc.text, tc.text[d.Span.Start:], tc.at)
		}
	}
}

func TestAnchors(t *testing.T) {
	n, err := ParseAnchored(source.NewFile("f.yml", "a: &x [1, 2]\nb: *x\n"))
	if err != nil {
		t.Fatal(err)
	}
	if n.Get("b") != n.Get("a") || len(n.Get("b").Vals) != 2 {
		t.Errorf("alias does not resolve to its anchor: %+v", n.Get("b"))
	}
	if _, err := ParseAnchored(source.NewFile("f.yml", "b: *nope\n")); err == nil || !strings.Contains(err.Error(), "no anchor") {
		t.Errorf("dangling alias: %v", err)
	}
}
