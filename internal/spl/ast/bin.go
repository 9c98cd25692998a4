package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// BinCommand is bin or bucket [options] field [AS new] (spl-semantics.md
// §9.10); span= may be written before or after the field.
type BinCommand struct {
	Sp      source.Span
	Cmd     string // "bin" or "bucket"
	Options []*Option
	Field   *Field
	As      *Field
}

func (c *BinCommand) Span() source.Span { return c.Sp }
func (c *BinCommand) Name() string      { return c.Cmd }
func (c *BinCommand) command()          {}
func (c *BinCommand) String() string {
	var b strings.Builder
	b.WriteString(c.Cmd)
	writeOptions(&b, c.Options)
	b.WriteString(" " + c.Field.String())
	if c.As != nil {
		b.WriteString(" as " + c.As.String())
	}
	return b.String()
}
