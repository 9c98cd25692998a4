package inputs

import (
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/readers/evtx"
	"github.com/riskhound/riskhound/internal/readers/jsonl"
	"github.com/riskhound/riskhound/internal/readers/winxml"
)

// Limits.
const (
	// maxInMemory bounds an archive member that must be held in memory to be
	// read (EVTX and zip need random access).
	maxInMemory = 1 << 30
	// maxNesting bounds archives inside archives.
	maxNesting = 4
	// sniffSize is how much of a text file detection looks at.
	sniffSize = 64 << 10
)

const (
	gzipMagic = "\x1f\x8b"
	zipMagic  = "PK\x03\x04"
)

// file reads one file on disk.
func (r *run) file(path string) error {
	f, err := os.Open(path)
	if err != nil {
		r.skip(path, err)
		return nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		r.skip(path, err)
		return nil
	}
	size := fi.Size()
	var head [8]byte
	n, _ := f.ReadAt(head[:], 0)
	switch h := string(head[:n]); {
	case size == 0:
		r.skip(path, errors.New("empty file"))
		return nil
	case strings.HasPrefix(h, evtx.Magic):
		return r.evtx(path, f, size)
	case strings.HasPrefix(h, zipMagic):
		return r.zip(path, f, size, 0)
	}
	return r.stream(path, f, 0)
}

// stream reads a file or archive member that can only be read front to back.
func (r *run) stream(name string, rd io.Reader, depth int) error {
	br := bufio.NewReaderSize(rd, sniffSize)
	head, err := br.Peek(sniffSize)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			r.skip(name, err)
		} else {
			r.skip(name, errors.New("empty file"))
		}
		return nil
	}
	h := string(head[:min(len(head), 8)])
	switch {
	case strings.HasPrefix(h, gzipMagic):
		if depth >= maxNesting {
			r.skip(name, errors.New("archives nested too deep"))
			return nil
		}
		gz, err := gzip.NewReader(br)
		if err != nil {
			r.skip(name, fmt.Errorf("gzip: %w", err))
			return nil
		}
		ra := newReadahead(gz)
		defer ra.Close()
		return r.stream(name, ra, depth+1)
	case strings.HasPrefix(h, zipMagic):
		if depth >= maxNesting {
			r.skip(name, errors.New("archives nested too deep"))
			return nil
		}
		data, err := readBounded(br)
		if err != nil {
			r.skip(name, err)
			return nil
		}
		return r.zip(name, bytes.NewReader(data), int64(len(data)), depth+1)
	case strings.HasPrefix(h, evtx.Magic):
		data, err := readBounded(br)
		if err != nil {
			r.skip(name, err)
			return nil
		}
		return r.evtx(name, bytes.NewReader(data), int64(len(data)))
	}
	return r.text(name, br)
}

// readBounded reads all of r into memory, refusing more than maxInMemory.
func readBounded(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxInMemory+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxInMemory {
		return nil, fmt.Errorf("larger than %d MiB, too large to read from an archive", maxInMemory>>20)
	}
	return data, nil
}

// evtx reads an EVTX file or archive member.
func (r *run) evtx(name string, ra io.ReaderAt, size int64) error {
	r.stats.Files++
	r.stats.Bytes += size
	err := evtx.Read(r.ctx, name, ra, size, r.emitEvent, r.problem)
	return r.finish(name, err)
}

// finish ends one file: a fatal error stops the run, any other is reported.
func (r *run) finish(name string, err error) error {
	if fe := r.fatal(err); fe != nil {
		return fe
	}
	if err != nil {
		r.problem(readerProblem(name, err))
	}
	r.progress()
	return nil
}

// readerProblem turns a reader's error into a whole-file problem, without
// repeating the file name the reader may already have put in front.
func readerProblem(name string, err error) event.Problem {
	if msg := err.Error(); strings.Contains(msg, name+": ") {
		err = errors.New(strings.Replace(msg, name+": ", "", 1))
	}
	return event.Problem{Path: name, Err: err}
}

// zip reads every member of a zip archive in archive order, skipping
// folders and macOS resource forks (__MACOSX/).
func (r *run) zip(name string, ra io.ReaderAt, size int64, depth int) error {
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		r.skip(name, fmt.Errorf("zip: %w", err))
		return nil
	}
	for _, zf := range zr.File {
		if strings.HasSuffix(zf.Name, "/") || strings.HasPrefix(zf.Name, "__MACOSX/") || strings.Contains(zf.Name, "/__MACOSX/") {
			continue
		}
		member := name + ":" + zf.Name
		if err := r.ctx.Err(); err != nil {
			return err
		}
		rc, err := zf.Open()
		if err != nil {
			r.skip(member, err)
			continue
		}
		ra := newReadahead(rc) // inflate while the reader parses
		err = r.stream(member, ra, depth+1)
		ra.Close()
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// text detects the encoding and format of a text file and reads it.
func (r *run) text(name string, br *bufio.Reader) error {
	head, _ := br.Peek(4)
	var rd io.Reader = br
	switch {
	case bytes.HasPrefix(head, []byte("\xef\xbb\xbf")):
		br.Discard(3)
	case bytes.HasPrefix(head, []byte("\xff\xfe")):
		br.Discard(2)
		rd = newUTF16Reader(br, false)
	case bytes.HasPrefix(head, []byte("\xfe\xff")):
		br.Discard(2)
		rd = newUTF16Reader(br, true)
	case len(head) >= 2 && head[1] == 0 && strings.IndexByte("<{[ \r\n\t", head[0]) >= 0:
		rd = newUTF16Reader(br, false) // UTF-16LE without a byte order mark
	case len(head) >= 2 && head[0] == 0 && strings.IndexByte("<{[ \r\n\t", head[1]) >= 0:
		rd = newUTF16Reader(br, true)
	}
	if rd != io.Reader(br) {
		br = bufio.NewReaderSize(rd, sniffSize)
		rd = br
	}
	sniff, _ := br.Peek(sniffSize)
	format := detect(sniff)
	if format == "" {
		r.skip(name, errors.New("unknown format (not EVTX, XmlWinEventLog or JSON)"))
		return nil
	}
	r.stats.Files++
	cr := &countingReader{r: rd}
	var err error
	if format == "xml" {
		err = winxml.Read(r.ctx, name, cr, r.emitEvent, r.problem)
	} else {
		err = jsonl.Read(r.ctx, name, cr, r.emitEvent, r.problem)
	}
	r.stats.Bytes += cr.n
	return r.finish(name, err)
}

// detect names the format of text starting with sniff: "xml" for
// XmlWinEventLog (an <Event> element, possibly after a prolog or an <Events>
// wrapper, or after a syslog header as Linux Sysmon writes it), "json" for
// JSON objects or arrays, "" otherwise.
func detect(sniff []byte) string {
	s := strings.TrimLeft(string(sniff), " \t\r\n\ufeff")
	switch {
	case s == "":
		return ""
	case s[0] == '{' || s[0] == '[':
		return "json"
	case s[0] != '<':
		// A syslog line carrying one event ("Nov 23 10:15:02 host sysmon:
		// <Event><System>..."): the XML reader skips the text between events.
		line, _, _ := strings.Cut(s, "\n")
		if strings.Contains(line, "<Event><System>") {
			return "xml"
		}
		return ""
	case s[0] == '<':
		for off := 0; ; {
			i := strings.Index(s[off:], "<Event")
			if i < 0 {
				return ""
			}
			j := off + i + len("<Event")
			if j == len(s) || strings.IndexByte(" \t\r\n>/", s[j]) >= 0 {
				return "xml"
			}
			off = j
		}
	}
	return ""
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
