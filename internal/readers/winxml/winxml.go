// Package winxml reads XmlWinEventLog text as Splunk indexes it: one
// <Event xmlns=...>...</Event> after another, possibly spanning lines.
//
// Fields follow fields.md: System children and their attributes, EventData
// (Data Name='X' -> X, names cleaned as CLEAN_KEYS does), UserData
// (UserData_Xml plus its leaf elements), RenderingInfo's Message, with values
// exactly as written (entities are not decoded). Anything between events (an
// XML prolog, an <Events> wrapper, stray text) is ignored. An event that is
// malformed or cut short is reported once, with the line it starts on, and
// reading resumes at the next "<Event".
//
// The reader is a hand-written byte scanner (encoding/xml is an order of
// magnitude slower and decodes entities, which fields.md forbids). It reads the
// input in chunks of about 1 MiB; every chunk becomes one immutable string and
// every event's _raw and field values are substrings of it. Chunks are never
// reused, so those strings stay valid for as long as anybody holds them; the
// price is that a retained event keeps its whole chunk alive.
package winxml

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
)

// chunkSize is how many bytes Read asks for at a time. An event larger than a
// chunk makes the next read as large as the partial event, so each retry at
// least doubles the window and huge events cost linear time.
const chunkSize = 1 << 20

// Read reads every event in r (named name in problems) and calls emit for each
// in input order. A malformed event is reported with its line number and
// skipped; the rest is still read. It returns ctx.Err(), an error from emit,
// or r's read error (after emitting the events read before it).
func Read(ctx context.Context, name string, r io.Reader, emit event.Emit, report event.Report) error {
	return read(ctx, name, r, chunkSize, emit, report)
}

// read is Read with a chosen chunk size (tests use tiny ones to put chunk
// boundaries everywhere).
func read(ctx context.Context, name string, r io.Reader, size int, emit event.Emit, report event.Report) error {
	rd := &reader{name: name, r: r, buf: make([]byte, size)}
	rd.p.sources = map[string]event.SourceNames{}
	return rd.run(ctx, emit, report)
}

// reader holds the window of input being scanned.
type reader struct {
	name    string
	r       io.Reader
	buf     []byte // read buffer; its bytes are always copied into s
	s       string // the current window
	eof     bool
	err     error // the source failed: returned once the window is used up
	lines   int   // newlines in the input before s[0]
	linePos int   // offset of s that where last counted to
	lineNo  int   // newlines in s[:linePos]
	p       parser
}

func (rd *reader) run(ctx context.Context, emit event.Emit, report event.Report) error {
	pos := 0
	for {
		k := indexEventStart(rd.s[pos:])
		if k < 0 {
			if rd.eof {
				return rd.err
			}
			// Keep a possible partial "<Event" at the end of the window.
			keep := max(pos, len(rd.s)-len("<Event"))
			if err := rd.refill(ctx, keep); err != nil {
				return err
			}
			pos = 0
			continue
		}
		start := pos + k
		ev, end, err := rd.p.event(rd.s, start)
		switch {
		case err == errIncomplete && !rd.eof:
			if err := rd.refill(ctx, start); err != nil {
				return err
			}
			pos = 0
			continue
		case err == errIncomplete:
			if rd.err == nil { // else the source's error says why
				report(event.Problem{Path: rd.name, Where: rd.where(start), Err: errors.New("truncated event at end of input")})
			}
			return rd.err
		case err != nil:
			report(event.Problem{Path: rd.name, Where: rd.where(start), Err: rd.describe(err)})
			// Text cannot hold a raw '<', so the next "<Event" after this
			// start is the next event (or a nested start that caused the error).
			pos = start + len("<Event")
			continue
		}
		if err := emit(ev); err != nil {
			return err
		}
		pos = end
	}
}

// refill drops rd.s[:keep] and appends the next chunk of input to the rest.
func (rd *reader) refill(ctx context.Context, keep int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rd.lines += strings.Count(rd.s[:keep], "\n")
	rd.linePos, rd.lineNo = 0, 0
	tail := rd.s[keep:]
	if len(tail) > len(rd.buf) {
		rd.buf = make([]byte, len(tail))
	}
	// Not io.ReadFull: it would turn a source's own io.ErrUnexpectedEOF (a
	// truncated gzip stream) into a plain short read.
	n := 0
	for n < len(rd.buf) {
		k, err := rd.r.Read(rd.buf[n:])
		n += k
		if err == io.EOF {
			rd.eof = true
			break
		}
		if err != nil {
			// Use what arrived, then fail: see rd.err.
			rd.err, rd.eof = fmt.Errorf("%s: %w", rd.name, err), true
			break
		}
	}
	// One copy into a new string that nothing else references (a Builder
	// does not zero its buffer, unlike make).
	var b strings.Builder
	b.Grow(len(tail) + n)
	b.WriteString(tail)
	b.Write(rd.buf[:n])
	rd.s = b.String()
	return nil
}

// where names the line of window offset pos. It counts on from the last
// position it was asked about, so that many problems in one window cost
// linear time.
func (rd *reader) where(pos int) string {
	if pos < rd.linePos {
		rd.linePos, rd.lineNo = 0, 0
	}
	rd.lineNo += strings.Count(rd.s[rd.linePos:pos], "\n")
	rd.linePos = pos
	return fmt.Sprintf("line %d", rd.lines+rd.lineNo+1)
}

// describe turns a parser error into the reported message, adding the line of
// the offending bytes.
func (rd *reader) describe(err error) error {
	var se *syntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("malformed event: %s (%s)", se.msg, rd.where(se.pos))
	}
	return err
}

// indexEventStart returns the offset of the first "<Event" start tag in s
// (not <EventData>, <EventID>, <Events>, ...), or -1. A "<Event" at the very
// end of s counts: the parser then asks for more input.
func indexEventStart(s string) int {
	off := 0
	for {
		i := strings.Index(s[off:], "<Event")
		if i < 0 {
			return -1
		}
		i += off
		j := i + len("<Event")
		if j >= len(s) || isSpace(s[j]) || s[j] == '>' || s[j] == '/' {
			return i
		}
		off = j
	}
}
