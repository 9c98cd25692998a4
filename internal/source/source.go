// Package source holds the text that diagnostics point into: files, byte-offset
// positions and spans, and the one diagnostic type of riskhound, rendered with a
// caret under the offending bytes.
//
// Positions are int32 byte offsets into File.Text. Line and column are computed
// only when a diagnostic is printed.
package source

import (
	"sort"
	"strings"
)

// Pos is a byte offset into a File's text.
type Pos int32

// Span is the half-open byte range [Start, End) of a token or node.
type Span struct {
	Start, End Pos
}

// Join returns the smallest span covering s and t.
func (s Span) Join(t Span) Span {
	if t.Start < s.Start {
		s.Start = t.Start
	}
	if t.End > s.End {
		s.End = t.End
	}
	return s
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return int(s.End - s.Start) }

// File is a named text that spans point into: an SPL search, a macro definition,
// a YAML file or a log file.
type File struct {
	Name string
	Text string

	lines []int // byte offset of the start of each line; built on first use
}

// NewFile returns a File for text. name is what diagnostics print (a path, or a
// description such as "detection X, search").
func NewFile(name, text string) *File { return &File{Name: name, Text: text} }

// Position returns the 1-based line and column (in bytes) of p.
func (f *File) Position(p Pos) (line, col int) {
	if f.lines == nil {
		f.lines = append(f.lines, 0)
		for i := 0; i < len(f.Text); i++ {
			if f.Text[i] == '\n' {
				f.lines = append(f.lines, i+1)
			}
		}
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > int(p) }) - 1
	if i < 0 {
		i = 0
	}
	return i + 1, int(p) - f.lines[i] + 1
}

// Line returns the text of the 1-based line n without its newline.
func (f *File) Line(n int) string {
	f.Position(0)
	if n < 1 || n > len(f.lines) {
		return ""
	}
	start := f.lines[n-1]
	end := len(f.Text)
	if n < len(f.lines) {
		end = f.lines[n] - 1
	}
	return strings.TrimSuffix(f.Text[start:end], "\r")
}

// Slice returns the text the span covers, clamped to the file.
func (f *File) Slice(s Span) string {
	a, b := int(s.Start), int(s.End)
	if a < 0 {
		a = 0
	}
	if b > len(f.Text) {
		b = len(f.Text)
	}
	if a > b {
		return ""
	}
	return f.Text[a:b]
}
