// Package parse is the SPL front end: a hand-written lexer driven by a
// recursive-descent parser, one parse function per command found through a
// table, and the two expression languages.
package parse

import (
	"errors"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Parse parses f's text (macros already expanded, comments stripped) into a
// pipeline. Errors are a source.List of *source.Diagnostic with spans into f;
// an unknown or unsupported command is an error of class
// source.ErrUnsupported naming the command.
func Parse(f *source.File) (*ast.Pipeline, error) {
	return nil, errors.New("parse: not implemented yet")
}
