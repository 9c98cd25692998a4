package evtx

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
)

// File layout constants (libevtx "File header", "Chunk", "Event record").
const (
	fileHeaderSize = 4096
	chunkSize      = 65536
	chunkMagic     = "ElfChnk\x00"
	chunkHdrEnd    = 512 // end of the chunk header, string and template tables
	recordMagic    = "\x2a\x2a\x00\x00"
	recordHdrSize  = 24
	maxChunkProbs  = 8 // problems reported per chunk before they are summarized
)

// item is one output of a chunk, in file order: an event or a problem.
type item struct {
	ev   *event.Event
	prob event.Problem
}

// chunkResult collects what one chunk produced.
type chunkResult struct {
	items   []item
	records int // records decoded (for statistics and tests)
}

// chunkInfo is what the reader knows about a chunk before decoding it.
type chunkInfo struct {
	index   int    // 0-based chunk number
	path    string // file name for problems
	inCount bool   // within the chunk count of the file header
	dirty   bool   // the file header marks the file dirty
	short   int    // bytes missing at the end (truncated file), 0 normally
}

func (r *chunkResult) problem(ci *chunkInfo, where string, format string, args ...any) {
	w := fmt.Sprintf("chunk %d", ci.index)
	if where != "" {
		w += " " + where
	}
	r.items = append(r.items, item{prob: event.Problem{Path: ci.path, Where: w, Err: fmt.Errorf(format, args...)}})
}

// decodeChunk decodes the 64 KiB chunk data (zero-padded when the file is
// truncated) into res. Records that cannot be decoded are reported and
// skipped; decoding resumes at the next record signature.
func (d *decoder) decodeChunk(ci *chunkInfo, data []byte, res *chunkResult) {
	res.items = res.items[:0]
	res.records = 0
	if ci.short > 0 {
		res.problem(ci, "", "file truncated: chunk is missing its last %d bytes", ci.short)
	}
	if string(data[:8]) != chunkMagic {
		if allZero(data) {
			if ci.inCount && ci.short == 0 {
				res.problem(ci, "", "chunk is zeroed")
			}
			return
		}
		res.problem(ci, "", "no chunk signature; chunk skipped")
		return
	}
	le := binary.LittleEndian
	hdrCRC := crc32.ChecksumIEEE(data[:120])
	hdrCRC = crc32.Update(hdrCRC, crc32.IEEETable, data[128:chunkHdrEnd])
	if hdrCRC != le.Uint32(data[124:]) {
		res.problem(ci, "", "chunk header checksum mismatch; decoding its records anyway")
	}
	free := int(le.Uint32(data[48:]))
	if free >= chunkHdrEnd && free <= chunkSize {
		if crc32.ChecksumIEEE(data[chunkHdrEnd:free]) != le.Uint32(data[52:]) && !ci.dirty {
			res.problem(ci, "", "record data checksum mismatch; decoding its records anyway")
		}
	} else {
		free = chunkSize
	}

	d.startChunk(data)
	probs := 0
	report := func(where, format string, args ...any) {
		probs++
		if probs <= maxChunkProbs {
			res.problem(ci, where, format, args...)
		}
	}
	// Records end at the free-space offset. Past it lie unused space or stale
	// records of an earlier use of the chunk; only a dirty (unflushed) file
	// may have valid records there, recognised by continuing identifiers.
	off := chunkHdrEnd
	var lastID uint64
	for off+recordHdrSize+4 <= chunkSize {
		if off >= free {
			if !ci.dirty || string(data[off:off+4]) != recordMagic || le.Uint64(data[off+8:]) != lastID+1 {
				break
			}
		}
		if avail := chunkSize - ci.short; ci.short > 0 && (off+recordHdrSize > avail ||
			off+int(le.Uint32(data[off+4:])) > avail && string(data[off:off+4]) == recordMagic) {
			if !allZero(data[off:avail]) {
				report(fmt.Sprintf("offset %d", off), "record cut off by the end of the file")
			}
			break
		}
		if string(data[off:off+4]) != recordMagic {
			if off < free && !allZero(data[off:free]) {
				report(fmt.Sprintf("offset %d", off), "no record signature; skipping to the next record")
				if next := nextRecord(data, off+1); next > 0 {
					off = next
					continue
				}
			}
			break
		}
		size := int(le.Uint32(data[off+4:]))
		id := le.Uint64(data[off+8:])
		lastID = id
		where := func() string { return fmt.Sprintf("record %d", id) }
		if size < recordHdrSize+4 || size > chunkSize-off {
			report(where(), "record size %d overruns its chunk", size)
			if next := nextRecord(data, off+1); next > 0 {
				off = next
				continue
			}
			break
		}
		if int(le.Uint32(data[off+size-4:])) != size {
			report(where(), "record size copy does not match (%d)", le.Uint32(data[off+size-4:]))
			if next := nextRecord(data, off+1); next > 0 && next < off+size {
				off = next
				continue
			}
			off += size
			continue
		}
		if !d.record(off+recordHdrSize, off+size-4) {
			report(where(), "%v; record skipped", d.err)
			if d.err == errChunkBudget {
				break
			}
		} else {
			if len(d.warns) > 0 {
				report(where(), "%s", strings.Join(d.warns, "; "))
			}
			res.items = append(res.items, item{ev: d.buildEvent()})
			res.records++
		}
		off += size
	}
	if probs > maxChunkProbs {
		res.problem(ci, "", "%d more problems in this chunk not shown", probs-maxChunkProbs)
	}
}

// nextRecord finds the next plausible record at or after off: a signature
// followed by a size that fits the chunk and matches its trailing copy. It
// returns 0 when there is none.
func nextRecord(data []byte, off int) int {
	for off+recordHdrSize+4 <= len(data) {
		i := bytes.Index(data[off:], []byte(recordMagic))
		if i < 0 {
			return 0
		}
		off += i
		size := int(binary.LittleEndian.Uint32(data[off+4:]))
		if size >= recordHdrSize+4 && size <= len(data)-off && int(binary.LittleEndian.Uint32(data[off+size-4:])) == size {
			return off
		}
		off++
	}
	return 0
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}
