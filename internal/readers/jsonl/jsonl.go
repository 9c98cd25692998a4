// Package jsonl reads Windows events as JSON: one object per line or a stream
// of (possibly pretty-printed) objects, in the {"Event":{"System":...}}
// rendering or as flat NXLog/HELK/Winlogbeat objects.
//
// Each object is one event, recognised by shape:
//   - {"Event":{"System":...}} (the evtx_dump rendering): the fields the XML
//     reader gives for the same event (fields.md): "#attributes" are an
//     element's attributes, "#text" its text; sourcetype XmlWinEventLog.
//   - flat Windows objects, with an EventID and a Channel or provider member
//     (NXLog/HELK) or a winlog object (Winlogbeat/ECS): every member, nested objects flattened
//     with dots (winlog.event_data.X becomes X), plus the fields.md names
//     (EventCode, Computer, Name, Guid, ProcessID, ...; see flatAliases);
//     source XmlWinEventLog:<Channel>, host from Hostname or computer_name,
//     _time from @timestamp, TimeCreated or EventTime.
//   - any other object: flattened members, _time from the usual timestamp
//     members, sourcetype _json, source the file name.
//
// Numbers become their text as written, true/false their names, null no
// field, arrays one value per element (a multivalue). _raw is the object's
// text as read.
//
// Framing is lenient: top-level objects may be separated by any whitespace,
// and commas and brackets between them are skipped, so JSON lines, a stream
// of pretty-printed objects and a top-level array of objects all read the
// same way. A top-level value that is not an object is reported and skipped.
//
// The parser is hand-written (it keeps member order, which becomes field
// order, and number text as written). Input is read in chunks of about 1 MiB;
// each chunk becomes one immutable string that _raw and most field values are
// substrings of. Chunks are never reused, so those strings stay valid forever;
// a retained event keeps its chunk alive.
package jsonl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
)

// chunkSize is how many bytes Read asks for at a time; an object larger than
// a chunk makes the next read at least as large, so retries stay linear.
const chunkSize = 1 << 20

// Read reads every object in r (named name in problems) and calls emit for
// each in input order. A malformed object is reported with its line number and
// skipped; the rest is still read. It returns ctx.Err(), an error from emit,
// or r's read error (after emitting the events read before it).
func Read(ctx context.Context, name string, r io.Reader, emit event.Emit, report event.Report) error {
	return read(ctx, name, r, chunkSize, emit, report)
}

// read is Read with a chosen chunk size (tests use tiny ones).
func read(ctx context.Context, name string, r io.Reader, size int, emit event.Emit, report event.Report) error {
	var bom [3]byte
	n, err := io.ReadFull(r, bom[:])
	switch {
	case err != nil && err != io.EOF && err != io.ErrUnexpectedEOF:
		return fmt.Errorf("%s: %w", name, err)
	case n == 3 && string(bom[:]) == "\uFEFF":
	default:
		r = io.MultiReader(bytes.NewReader(bom[:n]), r)
	}
	rd := &reader{name: name, r: r, buf: make([]byte, size), conv: newConverter(name), lineStart: true}
	return rd.run(ctx, emit, report)
}

type reader struct {
	name      string
	r         io.Reader
	buf       []byte
	s         string // the current window
	eof       bool
	err       error // the source failed: returned once the window is used up
	lines     int   // newlines in the input before s[0]
	linePos   int   // offset of s that where last counted to
	lineNo    int   // newlines in s[:linePos]
	lineStart bool  // s[0] starts a line
	p         parser
	conv      *converter
}

func (rd *reader) run(ctx context.Context, emit event.Emit, report event.Report) error {
	pos := 0
	resync := false // skipping to the next line that starts with '{'
	for {
		if resync {
			k := nextObjectLine(rd.s, pos, rd.lineStart)
			if k < 0 {
				if rd.eof {
					return rd.err
				}
				if err := rd.refill(ctx, len(rd.s)); err != nil {
					return err
				}
				pos = 0
				continue
			}
			pos, resync = k, false
		}
		pos = skipSeparators(rd.s, pos)
		if pos == len(rd.s) {
			if rd.eof {
				return rd.err
			}
			if err := rd.refill(ctx, pos); err != nil {
				return err
			}
			pos = 0
			continue
		}
		start := pos
		rd.p.reset(rd.s)
		root, end, err := rd.p.value(start, 0)
		switch {
		case err == errIncomplete && !rd.eof:
			if err := rd.refill(ctx, start); err != nil {
				return err
			}
			pos = 0
			continue
		case err == errIncomplete:
			if rd.err == nil { // else the source's error says why
				report(event.Problem{Path: rd.name, Where: rd.where(start), Err: errors.New("truncated JSON value at end of input")})
			}
			return rd.err
		case err != nil:
			var se *syntaxError
			errors.As(err, &se)
			report(event.Problem{Path: rd.name, Where: rd.where(start), Err: fmt.Errorf("invalid JSON: %s (%s)", se.msg, rd.where(se.pos))})
			pos, resync = rd.resume(start, se.pos), true
			continue
		}
		pos = end
		if rd.p.nodes[root].kind != kObj {
			report(event.Problem{Path: rd.name, Where: rd.where(start), Err: errors.New("JSON value is not an object")})
			continue
		}
		if err := emit(rd.conv.event(&rd.p, root, rd.s[start:end])); err != nil {
			return err
		}
	}
}

// resume picks where to look for the next object after a syntax error at
// errPos in the value starting at start: the error itself when it is a '{'
// opening its line (the previous line was cut short), else the line after it.
func (rd *reader) resume(start, errPos int) int {
	s := rd.s
	if errPos > start && errPos < len(s) && s[errPos] == '{' {
		ls := strings.LastIndexByte(s[:errPos], '\n') + 1
		if strings.TrimLeft(s[ls:errPos], " \t\r") == "" {
			return ls
		}
	}
	if k := strings.IndexByte(s[errPos:], '\n'); k >= 0 {
		return errPos + k + 1
	}
	return len(s)
}

// nextObjectLine returns the offset of the first line at or after pos (pos
// itself counts when it starts a line) whose first non-blank byte is '{'.
// lineStart tells whether s[0] starts a line.
func nextObjectLine(s string, pos int, lineStart bool) int {
	for pos <= len(s) {
		if pos == 0 && lineStart || pos > 0 && s[pos-1] == '\n' {
			i := pos
			for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
				i++
			}
			if i == len(s) {
				return -1
			}
			if s[i] == '{' {
				return i
			}
		}
		k := strings.IndexByte(s[pos:], '\n')
		if k < 0 {
			return -1
		}
		pos += k + 1
	}
	return -1
}

// skipSeparators skips whitespace, commas and brackets between top-level
// objects (and byte order marks, as where files were concatenated).
func skipSeparators(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\r', '\n', ',', '[', ']':
			i++
		default:
			if strings.HasPrefix(s[i:], "\uFEFF") {
				i += 3
				continue
			}
			return i
		}
	}
	return i
}

// refill drops rd.s[:keep] and appends the next chunk of input to the rest.
func (rd *reader) refill(ctx context.Context, keep int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	rd.lines += strings.Count(rd.s[:keep], "\n")
	rd.linePos, rd.lineNo = 0, 0
	if keep > 0 {
		rd.lineStart = rd.s[keep-1] == '\n'
	}
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
