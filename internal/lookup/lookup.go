// Package lookup holds in-memory lookup tables and the matching rules of
// Splunk's lookup command (spl-semantics.md §9.6): exact case-sensitive
// matching by default, case-insensitive matching (case_sensitive_match=false),
// WILDCARD(col) and CIDR(col) match types, min_matches with default_match, and
// max_matches. It does no file I/O: content reads CSV files and hands the rows
// to New.
package lookup

import (
	"fmt"
	"net/netip"
	"sort"
	"strings"

	"github.com/riskhound/riskhound/internal/value"
)

// DefaultMaxMatches is max_matches when a definition does not set it
// (transforms.conf.spec: 1000 when no time_field is configured; the search
// reference page says 100, and we follow the configuration spec).
const DefaultMaxMatches = 1000

// Config is a lookup definition's matching configuration (transforms.conf).
// The zero Config is Splunk's default: exact, case-sensitive matching, no
// minimum, up to DefaultMaxMatches rows.
type Config struct {
	// CaseInsensitive is case_sensitive_match=false. It applies to exact and
	// WILDCARD columns alike.
	CaseInsensitive bool
	// Wildcard and CIDR name the columns of match_type WILDCARD(col) and
	// CIDR(col). Names not in the table are ignored.
	Wildcard []string
	CIDR     []string
	// MinMatches is min_matches: when fewer rows match, every output field
	// gets DefaultMatch instead.
	MinMatches   int
	DefaultMatch string
	// MaxMatches is max_matches; 0 means DefaultMaxMatches.
	MaxMatches int
}

// ParseMatchType parses a match_type setting such as
// "WILDCARD(process), CIDR(ip)" into the columns of each kind.
func ParseMatchType(s string) (wildcard, cidr []string, err error) {
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		open := strings.IndexByte(part, '(')
		if open < 0 || !strings.HasSuffix(part, ")") {
			return nil, nil, fmt.Errorf("match_type %q: want WILDCARD(field) or CIDR(field)", part)
		}
		col := strings.TrimSpace(part[open+1 : len(part)-1])
		switch strings.ToUpper(strings.TrimSpace(part[:open])) {
		case "WILDCARD":
			wildcard = append(wildcard, col)
		case "CIDR":
			cidr = append(cidr, col)
		default:
			return nil, nil, fmt.Errorf("match_type %q: unknown match type", part)
		}
	}
	return wildcard, cidr, nil
}

// mode is how one column is matched.
type mode uint8

const (
	exact mode = iota
	wildcard
	cidr
)

// Table is an immutable lookup table, safe for concurrent use. Values are
// strings as read from the CSV; an empty cell is an absent value.
type Table struct {
	name  string
	cfg   Config
	cols  []string
	index map[string]int
	rows  [][]string
	modes []mode
	// exactIdx maps, for each exact column, the (case-folded when
	// CaseInsensitive) cell value to the rows holding it, in file order.
	exactIdx []map[string][]int
	// globs and nets hold per column the compiled cell of each row.
	globs [][]glob
	nets  [][]netip.Prefix
	// compute, when set, makes the table computed (see NewComputed): it has
	// no stored rows and Lookup asks compute instead of matching.
	compute Compute
}

// New builds a table named name from a header and rows. Rows shorter than the
// header are padded with empty cells and longer ones truncated. The rows are
// retained, not copied.
func New(name string, columns []string, rows [][]string, cfg Config) *Table {
	t := &Table{name: name, cfg: cfg, cols: columns, index: make(map[string]int, len(columns)), rows: rows}
	if t.cfg.MaxMatches <= 0 {
		t.cfg.MaxMatches = DefaultMaxMatches
	}
	for i, c := range columns {
		if _, dup := t.index[c]; !dup {
			t.index[c] = i
		}
	}
	for i, r := range rows {
		switch {
		case len(r) < len(columns):
			p := make([]string, len(columns))
			copy(p, r)
			rows[i] = p
		case len(r) > len(columns):
			rows[i] = r[:len(columns)]
		}
	}
	t.modes = make([]mode, len(columns))
	for _, c := range cfg.Wildcard {
		if i, ok := t.index[c]; ok {
			t.modes[i] = wildcard
		}
	}
	for _, c := range cfg.CIDR {
		if i, ok := t.index[c]; ok {
			t.modes[i] = cidr
		}
	}
	t.exactIdx = make([]map[string][]int, len(columns))
	t.globs = make([][]glob, len(columns))
	t.nets = make([][]netip.Prefix, len(columns))
	for c, m := range t.modes {
		switch m {
		case exact:
			idx := make(map[string][]int)
			for r, row := range rows {
				k := t.fold(row[c])
				idx[k] = append(idx[k], r)
			}
			t.exactIdx[c] = idx
		case wildcard:
			g := make([]glob, len(rows))
			for r, row := range rows {
				g[r] = compileGlob(t.fold(row[c]))
			}
			t.globs[c] = g
		case cidr:
			n := make([]netip.Prefix, len(rows))
			for r, row := range rows {
				n[r] = parsePrefix(row[c])
			}
			t.nets[c] = n
		}
	}
	return t
}

// parsePrefix parses a CIDR cell; a bare address is its own /32 (or /128).
// An unparsable cell yields the invalid Prefix, which matches nothing.
func parsePrefix(s string) netip.Prefix {
	s = strings.TrimSpace(s)
	if p, err := netip.ParsePrefix(s); err == nil {
		return p.Masked()
	}
	if a, err := netip.ParseAddr(s); err == nil {
		return netip.PrefixFrom(a, a.BitLen())
	}
	return netip.Prefix{}
}

func (t *Table) fold(s string) string {
	if t.cfg.CaseInsensitive {
		return strings.ToLower(s)
	}
	return s
}

// Name returns the table's name.
func (t *Table) Name() string { return t.name }

// Config returns the table's matching configuration, with MaxMatches resolved.
func (t *Table) Config() Config { return t.cfg }

// Columns returns the header. Do not modify it.
func (t *Table) Columns() []string { return t.cols }

// Column returns the index of column name.
func (t *Table) Column(name string) (int, bool) {
	i, ok := t.index[name]
	return i, ok
}

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Row returns row i (0 <= i < Len()), one cell per column. Do not modify it.
func (t *Table) Row(i int) []string { return t.rows[i] }

// Input is one input field of a lookup: the table column and the event's
// values for it (several for a multivalue field).
type Input struct {
	Column string
	Values []string
}

// Match returns the rows, in file order and at most MaxMatches of them, that
// match every input. A multivalue input matches a row when any of its values
// matches the row's cell. An input with no values, or naming a column the
// table lacks, matches nothing. An empty cell matches only an empty value.
func (t *Table) Match(inputs []Input) []int {
	if len(inputs) == 0 {
		return nil
	}
	cols := make([]int, len(inputs))
	for i, in := range inputs {
		c, ok := t.index[in.Column]
		if !ok || len(in.Values) == 0 {
			return nil
		}
		cols[i] = c
	}
	// Candidates come from the index of the first exact input when there is
	// one, so that the common single-column exact lookup does no scan.
	var cand []int
	seeded := -1
	for i, c := range cols {
		if t.modes[c] != exact {
			continue
		}
		seeded = i
		for _, v := range inputs[i].Values {
			cand = append(cand, t.exactIdx[c][t.fold(v)]...)
		}
		if len(inputs[i].Values) > 1 {
			sort.Ints(cand)
			cand = dedupSorted(cand)
		}
		break
	}
	var out []int
	try := func(r int) bool {
		for i, c := range cols {
			if i == seeded {
				continue
			}
			if !t.cellMatches(c, r, inputs[i].Values) {
				return true
			}
		}
		out = append(out, r)
		return len(out) < t.cfg.MaxMatches
	}
	if seeded >= 0 {
		for _, r := range cand {
			if !try(r) {
				break
			}
		}
		return out
	}
	for r := range t.rows {
		if !try(r) {
			break
		}
	}
	return out
}

func dedupSorted(xs []int) []int {
	out := xs[:0]
	for i, x := range xs {
		if i == 0 || x != xs[i-1] {
			out = append(out, x)
		}
	}
	return out
}

func (t *Table) cellMatches(c, r int, values []string) bool {
	for _, v := range values {
		switch t.modes[c] {
		case exact:
			if t.fold(v) == t.fold(t.rows[r][c]) {
				return true
			}
		case wildcard:
			if t.globs[c][r].match(t.fold(v)) {
				return true
			}
		case cidr:
			p := t.nets[c][r]
			if a, err := netip.ParseAddr(strings.TrimSpace(v)); err == nil && p.IsValid() && p.Contains(a.Unmap()) {
				return true
			}
		}
	}
	return false
}

// Lookup runs one lookup for one event: it matches inputs and returns one
// value per output column. ok is false when nothing is to be written: an
// input is missing (no values) or no row matched and MinMatches is 0. When
// fewer than MinMatches rows match, every output is DefaultMatch. Otherwise an
// output is the matching rows' non-empty cells in file order (a multivalue
// for several), or null when all of them are empty. An output column the
// table lacks yields null.
func (t *Table) Lookup(inputs []Input, outputs []string) (vals []value.Value, ok bool) {
	for _, in := range inputs {
		if len(in.Values) == 0 {
			return nil, false
		}
	}
	if t.compute != nil {
		return t.lookupComputed(inputs, outputs)
	}
	rows := t.Match(inputs)
	vals = make([]value.Value, len(outputs))
	if len(rows) < t.cfg.MinMatches {
		for i := range vals {
			vals[i] = value.Str(t.cfg.DefaultMatch)
		}
		return vals, true
	}
	if len(rows) == 0 {
		return nil, false
	}
	for i, name := range outputs {
		c, has := t.index[name]
		if !has {
			continue
		}
		var vs []string
		for _, r := range rows {
			if s := t.rows[r][c]; s != "" {
				vs = append(vs, s)
			}
		}
		vals[i] = value.MV(vs)
	}
	return vals, true
}
