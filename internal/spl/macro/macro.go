// Package macro strips ``` comments ``` and expands `macro` calls in SPL text,
// recording where each byte of the expanded text came from so diagnostics can
// point at the call site with a note into the macro body (spl-semantics.md §2).
package macro

import (
	"errors"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// Definition is a macro: its name without arity, its parameter names and its
// body. File and Span locate the body text for diagnostics notes (File may be
// nil for built-in definitions, then the note names only the macro).
type Definition struct {
	Name string
	Args []string
	Body string
	File *source.File
	Span source.Span
}

// Lookup finds the definition of name with arity arguments.
type Lookup func(name string, arity int) (*Definition, bool)

// Expansion is the result of expanding a search.
type Expansion struct {
	// File holds the expanded text; parse it, then pass errors through Remap.
	File *source.File
	// Original is the text that was expanded.
	Original *source.File

	segs []segment // ordered, contiguous cover of File.Text
}

// Limits on expansion, so that a self-amplifying set of definitions cannot
// exhaust memory: nesting depth and total expanded size.
const (
	MaxDepth = 50
	MaxSize  = 1 << 20
)

// Expand strips comments from f's text and expands macro calls recursively.
// Unknown macros, wrong arity and recursion are diagnostics at the call site.
// On error the Expansion is nil and the error is a source.List whose
// diagnostics already point into f. A nil lookup defines no macros.
func Expand(f *source.File, lookup Lookup) (*Expansion, error) {
	if lookup == nil {
		lookup = func(string, int) (*Definition, bool) { return nil, false }
	}
	e := &expander{orig: f, lookup: lookup}
	text, pieces := e.stripComments(f.Text)
	if len(e.errs) == 0 {
		e.expand(text, pieces, 0, nil)
	}
	if len(e.errs) > 0 {
		return nil, e.errs
	}
	x := &Expansion{
		File:     source.NewFile(f.Name+" (expanded)", e.out.String()),
		Original: f,
		segs:     e.segs,
	}
	return x, nil
}

// Defaults wraps next with the definitions ESCU relies on but does not ship:
// drop_dm_object_name(1), defined in Splunk_SA_CIM as `rename $object$.* AS *`
// (spl-semantics.md §8.5), and `<name>_filter`, which contentctl generates as
// `search *` for every detection. Definitions found by next take precedence.
func Defaults(next Lookup) Lookup {
	return func(name string, arity int) (*Definition, bool) {
		if next != nil {
			if d, ok := next(name, arity); ok {
				return d, true
			}
		}
		switch {
		case name == "drop_dm_object_name" && arity == 1:
			return &Definition{Name: name, Args: []string{"object"}, Body: "rename $object$.* AS *"}, true
		case strings.HasSuffix(name, "_filter") && arity == 0:
			return &Definition{Name: name, Body: "search *"}, true
		}
		return nil, false
	}
}

// Remap rewrites diagnostics that point into the expanded text so they point
// into the original text at the outermost macro call, with notes naming the
// macro and the position inside its definition. Other errors are returned
// unchanged.
func (x *Expansion) Remap(err error) error {
	if err == nil || x == nil {
		return err
	}
	var l source.List
	if errors.As(err, &l) {
		out := make(source.List, len(l))
		for i, d := range l {
			out[i] = x.remap(d)
		}
		return out
	}
	var d *source.Diagnostic
	if errors.As(err, &d) {
		return x.remap(d)
	}
	return err
}

func (x *Expansion) remap(d *source.Diagnostic) *source.Diagnostic {
	if d.File != x.File {
		return d
	}
	nd := *d
	nd.File = x.Original
	nd.Notes = nil
	start := x.origin(d.Span.Start)
	if start.frames == nil {
		nd.Span = source.Span{Start: start.pos, End: start.pos + 1}
		end := d.Span.End
		if end > d.Span.Start {
			if e := x.origin(end - 1); e.frames == nil && e.pos >= start.pos {
				nd.Span.End = e.pos + 1
			}
		}
		if d.Span.End == d.Span.Start {
			nd.Span.End = nd.Span.Start
		}
	} else {
		nd.Span = start.call
		nd.Notes = append(nd.Notes, start.notes()...)
	}
	nd.Notes = append(nd.Notes, d.Notes...)
	return &nd
}

// origin returns where byte p of the expanded text came from.
func (x *Expansion) origin(p source.Pos) origin {
	segs := x.segs
	if len(segs) == 0 {
		return origin{pos: p}
	}
	lo, hi := 0, len(segs)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if segs[mid].start <= p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return segs[lo].at(p - segs[lo].start)
}
