package content

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// Lookup is a lookup definition (lookups/*.yml, transforms.conf). The CSV
// file it names is read on first use by Table; KV store collections
// (Collection set) have no rows here and yield an empty table with their
// field list as the header.
type Lookup struct {
	File        *source.File // the YAML definition; nil for a bare CSV
	Name        string
	Description string
	Filename    string   // CSV file name, relative to the lookups folder
	Collection  string   // KV store collection name
	FieldsList  []string // KV store fields
	Config      lookup.Config

	fsys fs.FS  // where the CSV lives; nil when there is none
	path string // the CSV's path in fsys
	// display is the CSV path shown in errors.
	display string

	once  sync.Once
	table *lookup.Table
	err   error
}

// Table returns the lookup's table, reading and caching the CSV on first
// use. It is safe for concurrent use. CSV errors are *source.Diagnostic of
// class source.ErrInput naming the file and line.
func (l *Lookup) Table() (*lookup.Table, error) {
	l.once.Do(func() { l.table, l.err = l.load() })
	return l.table, l.err
}

func (l *Lookup) load() (*lookup.Table, error) {
	if l.fsys == nil {
		if l.Collection != "" || l.Filename == "" {
			return lookup.New(l.Name, l.FieldsList, nil, l.Config), nil
		}
		return nil, source.Errorf(source.ErrInput, l.File, source.Span{}, "lookup %q: file %s not found", l.Name, l.Filename)
	}
	fh, err := l.fsys.Open(l.path)
	if err != nil {
		return nil, source.Errorf(source.ErrInput, nil, source.Span{}, "lookup %q: %v", l.Name, err)
	}
	defer fh.Close()
	cols, rows, err := readCSV(fh)
	if err != nil {
		return nil, source.Errorf(source.ErrInput, nil, source.Span{}, "%s: %v", l.display, err)
	}
	return lookup.New(l.Name, cols, rows, l.Config), nil
}

// readCSV reads an RFC 4180 CSV whose first record is the header. Rows may
// have fewer or more cells than the header (lookup.New pads or truncates).
func readCSV(r io.Reader) (cols []string, rows [][]string, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	cols, err = cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	if len(cols) > 0 {
		cols[0] = strings.TrimPrefix(cols[0], "\ufeff")
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return cols, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, rec)
	}
}

// decodeLookup reads a lookups/*.yml definition.
func decodeLookup(f *source.File, root *yamlnode.Node) (*Lookup, error) {
	if root.Kind != yamlnode.Map {
		return nil, source.Errorf(source.ErrInput, f, root.Span, "lookup: want a mapping at the top level, got %s", yamlnode.Describe(root))
	}
	dec := &decoder{f: f}
	l := &Lookup{File: f, Name: strings.TrimSpace(dec.str(root, "name")), Description: dec.str(root, "description"),
		Filename: dec.str(root, "filename"), Collection: dec.str(root, "collection")}
	if l.Name == "" {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "lookup has no name"))
	}
	l.FieldsList = splitComma(dec.str(root, "fields_list"))
	l.Config.CaseInsensitive = !dec.boolean(root, "case_sensitive_match", true)
	l.Config.MinMatches, _ = dec.integer(root, "min_matches")
	l.Config.MaxMatches, _ = dec.integer(root, "max_matches")
	l.Config.DefaultMatch = dec.str(root, "default_match")
	if n := root.Get("match_type"); n != nil && n.Kind == yamlnode.Scalar {
		w, c, err := lookup.ParseMatchType(n.Text)
		if err != nil {
			dec.errs.Add(source.Errorf(source.ErrInput, f, n.Span, "%v", err))
		}
		l.Config.Wildcard, l.Config.CIDR = w, c
	}
	if err := dec.errs.Err(); err != nil {
		return nil, err
	}
	return l, nil
}

// Table returns the lookup table called name: a lookup definition's name, or
// a CSV file name (`lookup foo.csv`, `inputlookup foo.csv`).
func (c *Content) Table(name string) (*lookup.Table, error) {
	if l, ok := c.Lookups[name]; ok {
		return l.Table()
	}
	for _, l := range c.Lookups {
		if l.Filename == name {
			return l.Table()
		}
	}
	return nil, fmt.Errorf("%w: lookup table %q is not defined", source.ErrUnknown, name)
}
