package source

import (
	"errors"
	"fmt"
	"strings"
)

// Diagnostic classes. Test a diagnostic's class with errors.Is.
var (
	ErrSyntax      = errors.New("syntax error")
	ErrUnsupported = errors.New("unsupported")
	ErrUnknown     = errors.New("unknown name")
	ErrLimit       = errors.New("limit exceeded")
	ErrInput       = errors.New("bad input")
	ErrRuntime     = errors.New("runtime error")
)

// Note is a secondary location attached to a diagnostic, such as
// "expanded from macro `powershell` here".
type Note struct {
	File *File
	Span Span
	Msg  string
}

// Diagnostic is riskhound's one error type for anything that has a place in a
// text: a message, a class for errors.Is, the span it concerns and notes.
// File may be nil when there is no text to point into (the message then stands
// alone).
type Diagnostic struct {
	Class error
	File  *File
	Span  Span
	Msg   string
	Notes []Note
}

// Errorf returns a diagnostic of class at span in f.
func Errorf(class error, f *File, sp Span, format string, args ...any) *Diagnostic {
	return &Diagnostic{Class: class, File: f, Span: sp, Msg: fmt.Sprintf(format, args...)}
}

// WithNote returns d with a note appended.
func (d *Diagnostic) WithNote(f *File, sp Span, format string, args ...any) *Diagnostic {
	d.Notes = append(d.Notes, Note{File: f, Span: sp, Msg: fmt.Sprintf(format, args...)})
	return d
}

// Unwrap makes errors.Is(d, ErrSyntax) work.
func (d *Diagnostic) Unwrap() error { return d.Class }

// Error renders the diagnostic on one line: "file:line:col: message".
func (d *Diagnostic) Error() string {
	if d.File == nil {
		return d.Msg
	}
	line, col := d.File.Position(d.Span.Start)
	return fmt.Sprintf("%s:%d:%d: %s", d.File.Name, line, col, d.Msg)
}

// Render writes the diagnostic with the source line and a caret under the span,
// followed by its notes rendered the same way.
func (d *Diagnostic) Render() string {
	var b strings.Builder
	b.WriteString(d.Error())
	if d.File != nil {
		writeCaret(&b, d.File, d.Span)
	}
	for _, n := range d.Notes {
		if n.File == nil {
			fmt.Fprintf(&b, "\n  note: %s", n.Msg)
			continue
		}
		line, col := n.File.Position(n.Span.Start)
		fmt.Fprintf(&b, "\n  note: %s:%d:%d: %s", n.File.Name, line, col, n.Msg)
		writeCaret(&b, n.File, n.Span)
	}
	return b.String()
}

// maxShown bounds the width of the source excerpt so that a caret under a
// position deep inside a 10 kB one-line search stays readable.
const maxShown = 120

func writeCaret(b *strings.Builder, f *File, sp Span) {
	line, col := f.Position(sp.Start)
	text := f.Line(line)
	start := 0
	if col-1 > maxShown-20 {
		start = col - 1 - (maxShown - 40)
	}
	end := len(text)
	if end-start > maxShown {
		end = start + maxShown
	}
	if start > len(text) {
		start = len(text)
	}
	if end < start {
		end = start
	}
	shown := strings.ReplaceAll(text[start:end], "\t", " ")
	prefix := "    "
	if start > 0 {
		shown = "..." + shown
		prefix += "   "
	}
	n := sp.Len()
	if n < 1 {
		n = 1
	}
	if rest := len(text) - (col - 1); n > rest && rest > 0 {
		n = rest
	}
	if n > maxShown {
		n = maxShown
	}
	fmt.Fprintf(b, "\n    %s\n%s%s%s", shown, prefix, strings.Repeat(" ", max(0, col-1-start)), strings.Repeat("^", n))
}

// List is an ordered list of diagnostics.
type List []*Diagnostic

// Add appends d.
func (l *List) Add(d *Diagnostic) { *l = append(*l, d) }

// Err returns nil for an empty list, the only diagnostic for a list of one, and
// the list itself otherwise.
func (l List) Err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}

// Error joins the first diagnostics with newlines.
func (l List) Error() string {
	var b strings.Builder
	for i, d := range l {
		if i == 10 {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(l)-10)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// Unwrap lets errors.Is and errors.As see every diagnostic in the list.
func (l List) Unwrap() []error {
	errs := make([]error, len(l))
	for i, d := range l {
		errs[i] = d
	}
	return errs
}

// Render renders each diagnostic with its caret, separated by blank lines.
func Render(err error) string {
	var l List
	var d *Diagnostic
	switch {
	case errors.As(err, &l):
		parts := make([]string, 0, len(l))
		for _, d := range l {
			parts = append(parts, d.Render())
		}
		return strings.Join(parts, "\n")
	case errors.As(err, &d):
		return d.Render()
	}
	return err.Error()
}
