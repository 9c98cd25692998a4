// Package evtx decodes binary Windows EVTX files (BinXML) into events with the
// same fields the XmlWinEventLog reader extracts from the XML rendering.
//
// Each record is rendered to the one-line XML Windows EvtRender produces and
// Splunk indexes (single-quoted attributes, no whitespace between elements),
// which becomes _raw; the fields are slices of that rendering, so they carry
// its XML escaping exactly as the XmlWinEventLog reader's fields do.
//
// Rendering follows Windows EvtRender (and libevtx's format notes where
// Windows behaviour is not documented):
//   - HexInt32/HexInt64 and size_t: 0x and lower-case digits, no padding
//     (0xc000006d, 0x3e7); GUIDs in braces, upper case; SIDs as S-1-5-...;
//     binary as upper-case hex; FILETIME and SYSTEMTIME as ISO 8601 UTC with
//     7 fractional digits and Z (2019-03-19T23:34:04.5615876Z); Bool as
//     true/false; strings end at their first NUL.
//   - Text escapes &, < and >; attribute values (quoted with ') also ' and ".
//   - An attribute whose value is a NULL optional substitution is omitted; so
//     is an element whose whole content is one. An element with an empty
//     value keeps its tags (<Data Name='X'></Data>); an empty element of the
//     template is written <X/>.
//   - An array substitution as element content repeats the element once per
//     item (<Data Name='L'>a</Data><Data Name='L'>b</Data>); elsewhere items
//     are joined with ",".
//
// Template definitions are decoded once per chunk and replayed for each
// record that instantiates them (template.go); names are cached per chunk.
//
// Chunks (64 KiB, self-contained) are decoded in parallel; events are emitted
// in file order from the calling goroutine. Memory stays bounded by the chunk
// size times the number of workers plus the events of the chunks in flight.
package evtx

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"runtime"
	"sync"

	"github.com/riskhound/riskhound/internal/event"
)

// Magic is the file signature at offset 0.
const Magic = "ElfFile\x00"

// Options tunes ReadWithOptions.
type Options struct {
	// Workers is the number of chunks decoded at once; 0 means GOMAXPROCS.
	Workers int
}

// Read decodes the EVTX data in r (size bytes, named name in problems) and
// calls emit for every record in file order. Damaged chunks and records are
// reported through report and skipped; every other record is still read.
// It returns ctx.Err(), an error from emit, or an error when nothing could be
// read at all (not an EVTX file).
func Read(ctx context.Context, name string, r io.ReaderAt, size int64, emit event.Emit, report event.Report) error {
	return ReadWithOptions(ctx, name, r, size, Options{}, emit, report)
}

// ReadWithOptions is Read with explicit options.
func ReadWithOptions(ctx context.Context, name string, r io.ReaderAt, size int64, opts Options, emit event.Emit, report event.Report) error {
	if report == nil {
		report = func(event.Problem) {}
	}
	var hdr [128]byte
	if size < int64(len(hdr)) {
		return fmt.Errorf("evtx: %s: not an EVTX file (%d bytes)", name, size)
	}
	if _, err := r.ReadAt(hdr[:], 0); err != nil {
		return fmt.Errorf("evtx: %s: %w", name, err)
	}
	if string(hdr[:8]) != Magic {
		return fmt.Errorf("evtx: %s: not an EVTX file (bad signature)", name)
	}
	le := binary.LittleEndian
	if crc32.ChecksumIEEE(hdr[:120]) != le.Uint32(hdr[124:]) {
		report(event.Problem{Path: name, Where: "file header", Err: errors.New("checksum mismatch")})
	}
	declared := int(le.Uint16(hdr[42:]))
	dirty := le.Uint32(hdr[120:])&1 != 0
	if size <= fileHeaderSize {
		return nil
	}
	n := int((size - fileHeaderSize + chunkSize - 1) / chunkSize)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	info := func(i int) chunkInfo {
		ci := chunkInfo{index: i, path: name, inCount: i < declared, dirty: dirty}
		if end := fileHeaderSize + int64(i+1)*chunkSize; end > size {
			ci.short = int(end - size)
		}
		return ci
	}
	if workers <= 1 {
		return readSerial(ctx, r, n, info, emit, report)
	}
	return readParallel(ctx, r, n, workers, info, emit, report)
}

// loadChunk reads chunk i into buf (zero-padding a short read).
func loadChunk(r io.ReaderAt, ci *chunkInfo, buf []byte) error {
	m, err := r.ReadAt(buf, fileHeaderSize+int64(ci.index)*chunkSize)
	if err != nil && !(errors.Is(err, io.EOF) && m == chunkSize-ci.short) {
		return err
	}
	clear(buf[m:])
	return nil
}

func deliver(res *chunkResult, emit event.Emit, report event.Report) error {
	for i := range res.items {
		it := &res.items[i]
		if it.ev == nil {
			report(it.prob)
			continue
		}
		ev := it.ev
		it.ev = nil
		if err := emit(ev); err != nil {
			return err
		}
	}
	return nil
}

func readSerial(ctx context.Context, r io.ReaderAt, n int, info func(int) chunkInfo, emit event.Emit, report event.Report) error {
	d := newDecoder()
	buf := make([]byte, chunkSize)
	var res chunkResult
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		ci := info(i)
		if err := loadChunk(r, &ci, buf); err != nil {
			report(event.Problem{Path: ci.path, Where: fmt.Sprintf("chunk %d", i), Err: err})
			continue
		}
		d.decodeChunk(&ci, buf, &res)
		if err := deliver(&res, emit, report); err != nil {
			return err
		}
	}
	return nil
}

// job is one chunk handed to a worker; done receives its result.
type job struct {
	ci   chunkInfo
	res  *chunkResult
	err  error
	done chan struct{}
}

// readParallel decodes chunks on workers goroutines and delivers results in
// chunk order. At most 2*workers chunks are in flight, which bounds memory.
func readParallel(parent context.Context, r io.ReaderAt, n, workers int, info func(int) chunkInfo, emit event.Emit, report event.Report) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	jobs := make(chan *job)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := newDecoder()
			buf := make([]byte, chunkSize)
			for j := range jobs {
				if ctx.Err() == nil {
					if j.err = loadChunk(r, &j.ci, buf); j.err == nil {
						d.decodeChunk(&j.ci, buf, j.res)
					}
				}
				close(j.done)
			}
		}()
	}
	inFlight := 2 * workers
	queue := make(chan *job, inFlight)
	// Delivered results go back to the feeder for reuse of their item slices.
	free := make(chan *chunkResult, inFlight+2)
	// Feeder: hands out chunks in order; queue keeps the delivery order and
	// its capacity bounds the chunks in flight.
	go func() {
		defer close(jobs)
		defer close(queue)
		for i := 0; i < n; i++ {
			var res *chunkResult
			select {
			case res = <-free:
			default:
				res = &chunkResult{}
			}
			j := &job{ci: info(i), res: res, done: make(chan struct{})}
			select {
			case queue <- j:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				close(j.done)
				return
			}
		}
	}()
	var err error
	for j := range queue {
		<-j.done
		if err != nil {
			continue
		}
		if err = ctx.Err(); err != nil {
			cancel()
			continue
		}
		if j.err != nil {
			report(event.Problem{Path: j.ci.path, Where: fmt.Sprintf("chunk %d", j.ci.index), Err: j.err})
			continue
		}
		if err = deliver(j.res, emit, report); err != nil {
			cancel()
			continue
		}
		select {
		case free <- j.res:
		default:
		}
	}
	wg.Wait()
	if err == nil {
		err = parent.Err()
	}
	return err
}
