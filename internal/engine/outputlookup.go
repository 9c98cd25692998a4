package engine

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/event"
)

// lookupWriter writes the results of outputlookup as CSV files in a folder
// (spl-semantics.md §9.8): table "x" or "x.csv" becomes <dir>/x.csv. Columns
// are the rows' fields in first-seen order, without _raw; a multivalue is
// written as its values joined with newlines, as Splunk does. With append,
// rows are added under the existing file's header. It is safe for
// concurrent use: detections run in parallel.
type lookupWriter struct {
	dir string
	mu  sync.Mutex
}

// write implements exec.Env.OutputLookup.
func (w *lookupWriter) write(table string, rows []*event.Event, appendRows bool) error {
	name := table
	if !strings.HasSuffix(strings.ToLower(name), ".csv") {
		name += ".csv"
	}
	if name != filepath.Base(name) || strings.HasPrefix(name, ".") {
		return fmt.Errorf("lookup table name %q must be a plain file name", table)
	}
	path := filepath.Join(w.dir, name)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := os.MkdirAll(w.dir, 0o755); err != nil {
		return err
	}
	var header []string
	if appendRows {
		h, err := readHeader(path)
		if err != nil {
			return err
		}
		header = h
	}
	flags := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	if header != nil {
		flags = os.O_WRONLY | os.O_APPEND
	}
	f, err := os.OpenFile(path, flags, 0o644)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	if header == nil {
		header = lookupColumns(rows)
		cw.Write(header)
	}
	rec := make([]string, len(header))
	for _, r := range rows {
		for i, c := range header {
			rec[i] = r.Get(c).Text()
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// readHeader returns the header of an existing CSV, or nil when the file
// does not exist or is empty.
func readHeader(path string) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h, err := csv.NewReader(f).Read()
	if err == io.EOF {
		return nil, nil
	}
	return h, err
}

func lookupColumns(rows []*event.Event) []string {
	seen := map[string]bool{}
	var cols []string
	for _, r := range rows {
		for _, f := range r.Fields {
			if f.Name != event.Raw && !seen[f.Name] {
				seen[f.Name] = true
				cols = append(cols, f.Name)
			}
		}
	}
	return cols
}
