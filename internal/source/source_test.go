package source

import (
	"errors"
	"strings"
	"testing"
)

func TestPosition(t *testing.T) {
	f := NewFile("q", "ab\ncde\n\nf")
	cases := []struct {
		p         Pos
		line, col int
	}{{0, 1, 1}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {7, 3, 1}, {8, 4, 1}}
	for _, c := range cases {
		l, col := f.Position(c.p)
		if l != c.line || col != c.col {
			t.Errorf("Position(%d) = %d:%d, want %d:%d", c.p, l, col, c.line, c.col)
		}
	}
	if got := f.Line(2); got != "cde" {
		t.Errorf("Line(2) = %q", got)
	}
}

func TestRenderCaret(t *testing.T) {
	f := NewFile("search", "index=main | mstats count")
	d := Errorf(ErrUnsupported, f, Span{13, 19}, "command %q is not supported", "mstats")
	want := "search:1:14: command \"mstats\" is not supported\n    index=main | mstats count\n                 ^^^^^^"
	if got := d.Render(); got != want {
		t.Errorf("Render:\n%s\nwant:\n%s", got, want)
	}
	if !errors.Is(d, ErrUnsupported) {
		t.Error("errors.Is(d, ErrUnsupported) = false")
	}
	var l List
	l.Add(d)
	l.Add(Errorf(ErrSyntax, f, Span{0, 1}, "x"))
	if !errors.Is(l.Err(), ErrSyntax) || !strings.Contains(Render(l.Err()), "^^^^^^") {
		t.Errorf("list render/unwrap broken: %s", Render(l.Err()))
	}
}

func TestRenderLongLineKeepsCaretUnderToken(t *testing.T) {
	text := strings.Repeat("a ", 200) + "BAD"
	f := NewFile("s", text)
	d := Errorf(ErrSyntax, f, Span{400, 403}, "bad")
	lines := strings.Split(d.Render(), "\n")
	src, caret := lines[1], lines[2]
	i := strings.Index(caret, "^")
	if src[i:i+3] != "BAD" {
		t.Errorf("caret not under token:\n%s\n%s", src, caret)
	}
}
