// Package macro strips ``` comments ``` and expands `macro` calls in SPL text,
// recording where each byte of the expanded text came from so diagnostics can
// point at the call site with a note into the macro body (spl-semantics.md §2).
package macro

import (
	"errors"

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
}

// Expand strips comments from f's text and expands macro calls recursively.
// Unknown macros, wrong arity and recursion are diagnostics at the call site.
func Expand(f *source.File, lookup Lookup) (*Expansion, error) {
	return nil, errors.New("macro: not implemented yet")
}

// Remap rewrites diagnostics that point into the expanded text so they point
// into the original text at the outermost macro call, with notes naming the
// macro and the position inside its definition.
func (x *Expansion) Remap(err error) error { return err }
