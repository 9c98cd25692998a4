package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// LookupCommand is lookup [options] table field [AS f] [, ...]
// [OUTPUT|OUTPUTNEW field [AS f] ...] (spl-semantics.md §9.6).
type LookupCommand struct {
	Sp      source.Span
	Options []*Option // local=, update=, ...
	Table   *Field    // the lookup definition or file name
	Inputs  []*LookupField
	// OutputMode is "OUTPUT", "OUTPUTNEW" or "" when every lookup column is
	// output.
	OutputMode string
	Outputs    []*LookupField
}

// LookupField is one field [AS name]; for inputs Field is the lookup column
// and As the event field, for outputs Field is the lookup column and As the
// field to write.
type LookupField struct {
	Sp    source.Span
	Field *Field
	As    *Field
}

func (f *LookupField) Span() source.Span { return f.Sp }
func (f *LookupField) String() string {
	if f.As != nil {
		return lookupName(f.Field) + " as " + lookupName(f.As)
	}
	return lookupName(f.Field)
}

// lookupName prints a field, quoted when it would read back as the OUTPUT,
// OUTPUTNEW or AS keyword.
func lookupName(f *Field) string {
	switch strings.ToLower(f.Name) {
	case "output", "outputnew", "as":
		return Quote(f.Name)
	}
	return f.String()
}

func (c *LookupCommand) Span() source.Span { return c.Sp }
func (c *LookupCommand) Name() string      { return "lookup" }
func (c *LookupCommand) command()          {}
func (c *LookupCommand) String() string {
	var b strings.Builder
	b.WriteString("lookup")
	writeOptions(&b, c.Options)
	b.WriteString(" " + c.Table.String())
	writeLookupFields(&b, c.Inputs)
	if c.OutputMode != "" {
		b.WriteString(" " + c.OutputMode)
		writeLookupFields(&b, c.Outputs)
	}
	return b.String()
}

func writeLookupFields(b *strings.Builder, fs []*LookupField) {
	for i, f := range fs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(" " + f.String())
	}
}
