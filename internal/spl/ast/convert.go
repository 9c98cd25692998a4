package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// ConvertCommand is convert [timeformat=...] fn(field) [as new] ...
// (spl-semantics.md §9.22). Timeformat is nil when not given (the default
// format is then %m/%d/%Y %H:%M:%S).
type ConvertCommand struct {
	Sp          source.Span
	Timeformat  *Option
	Conversions []*Conversion
}

// Conversion is one fn(field) [as new] of convert. Func is lower case
// (ctime, mktime, dur2sec, ...). Field may be a wildcard pattern.
type Conversion struct {
	Sp    source.Span
	Func  string
	Field *Field
	As    *Field
}

func (c *ConvertCommand) Span() source.Span { return c.Sp }
func (c *ConvertCommand) Name() string      { return "convert" }
func (c *ConvertCommand) command()          {}
func (c *ConvertCommand) String() string {
	var b strings.Builder
	b.WriteString("convert")
	if c.Timeformat != nil {
		b.WriteString(" " + c.Timeformat.String())
	}
	for _, cv := range c.Conversions {
		b.WriteString(" " + cv.String())
	}
	return b.String()
}

func (c *Conversion) Span() source.Span { return c.Sp }
func (c *Conversion) String() string {
	s := c.Func + "(" + c.Field.String() + ")"
	if c.As != nil {
		s += " as " + c.As.String()
	}
	return s
}
