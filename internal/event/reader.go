package event

import "fmt"

// Emit receives one event from a reader. The handler owns the event afterwards.
// Readers call Emit from one goroutine at a time, in input order. A non-nil
// error stops the reader, which returns it.
type Emit func(*Event) error

// Problem is a non-fatal input problem: a record, line or chunk a reader could
// not decode and skipped. Everything else in the input is still read.
type Problem struct {
	Path  string // the file (and archive member) being read
	Where string // "line 12", "record 7", "chunk 3 record 45"; empty for the whole file
	Err   error
}

func (p Problem) Error() string {
	if p.Where == "" {
		return fmt.Sprintf("%s: %v", p.Path, p.Err)
	}
	return fmt.Sprintf("%s: %s: %v", p.Path, p.Where, p.Err)
}

// Report receives problems. Readers call it from the same goroutine as Emit.
type Report func(Problem)
