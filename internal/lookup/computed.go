package lookup

import "github.com/riskhound/riskhound/internal/value"

// Compute is the function behind a computed table (an external lookup in
// Splunk, a script that answers each query): given the lookup's inputs, it
// returns the rows that answer them, each with one cell per table column in
// Columns order. An empty cell is an absent value, as in a stored table.
type Compute func(inputs []Input) [][]string

// NewComputed returns a table whose rows are computed per lookup by fn
// rather than stored. It has no rows of its own (Len is 0, so inputlookup
// yields nothing and Match matches nothing); Lookup writes the outputs of
// the rows fn returns with the same rules as for stored rows.
func NewComputed(name string, columns []string, fn Compute) *Table {
	t := New(name, columns, nil, Config{})
	t.compute = fn
	return t
}

// IsComputed reports whether t is a computed table.
func (t *Table) IsComputed() bool { return t.compute != nil }

// lookupComputed is Lookup for a computed table.
func (t *Table) lookupComputed(inputs []Input, outputs []string) ([]value.Value, bool) {
	rows := t.compute(inputs)
	if len(rows) == 0 {
		return nil, false
	}
	vals := make([]value.Value, len(outputs))
	for i, name := range outputs {
		c, has := t.index[name]
		if !has {
			continue
		}
		var vs []string
		for _, r := range rows {
			if c < len(r) && r[c] != "" {
				vs = append(vs, r[c])
			}
		}
		vals[i] = value.MV(vs)
	}
	return vals, true
}

// Computed returns the built-in computed table named name: tables that
// Splunk apps implement as external lookups and that detections use, such
// as ut_shannon_lookup (URL Toolbox). Content that defines a table of the
// same name takes precedence; the caller checks it first.
func Computed(name string) (*Table, bool) {
	switch name {
	case ShannonTable:
		return NewComputed(ShannonTable, []string{"word", "ut_shannon"}, shannonRows), true
	}
	return nil, false
}
