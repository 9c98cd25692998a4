package evtx

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math/rand"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// recordOffsets lists the chunk offsets of the records in a built chunk.
func recordOffsets(chunk []byte) []int {
	var offs []int
	for off := chunkHdrEnd; off+8 <= len(chunk) && string(chunk[off:off+4]) == recordMagic; off += int(binary.LittleEndian.Uint32(chunk[off+4:])) {
		offs = append(offs, off)
	}
	return offs
}

func problemsText(ps []event.Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString(p.Error())
		b.WriteByte('\n')
	}
	return b.String()
}

// TestDamaged damages one part of a three-chunk file at a time and checks
// that the damage is reported once, with its place, and everything else is
// still read.
func TestDamaged(t *testing.T) {
	const perChunk = 20
	cases := []struct {
		name    string
		damage  func(f []byte) []byte
		want    int      // records read
		reports []string // substrings of the problems, in order
	}{
		{"intact", func(f []byte) []byte { return f }, 60, nil},
		{"truncated file", func(f []byte) []byte {
			c := f[fileHeaderSize+2*chunkSize:]
			offs := recordOffsets(c)
			return f[:fileHeaderSize+2*chunkSize+offs[10]+5]
		}, 50, []string{"chunk 2: file truncated", "chunk 2: record data checksum mismatch", "record cut off by the end of the file"}},
		{"chunk header checksum", func(f []byte) []byte {
			f[fileHeaderSize+chunkSize+60] ^= 0xff
			return f
		}, 60, []string{"chunk 1: chunk header checksum mismatch"}},
		{"record data checksum", func(f []byte) []byte {
			c := f[fileHeaderSize+chunkSize:]
			c[recordOffsets(c)[3]+16] ^= 1 // the record's written time
			return f
		}, 60, []string{"chunk 1: record data checksum mismatch"}},
		{"zeroed chunk", func(f []byte) []byte {
			clear(f[fileHeaderSize+chunkSize : fileHeaderSize+2*chunkSize])
			return f
		}, 40, []string{"chunk 1: chunk is zeroed"}},
		{"garbage chunk", func(f []byte) []byte {
			rand.New(rand.NewSource(1)).Read(f[fileHeaderSize+chunkSize : fileHeaderSize+2*chunkSize])
			return f
		}, 40, []string{"chunk 1: no chunk signature"}},
		{"garbage after a valid chunk header", func(f []byte) []byte {
			c := f[fileHeaderSize+chunkSize : fileHeaderSize+2*chunkSize]
			rand.New(rand.NewSource(2)).Read(c[chunkHdrEnd:])
			return f
		}, 40, []string{"chunk 1: record data checksum mismatch", "chunk 1 offset 512: no record signature"}},
		{"record overruns its chunk", func(f []byte) []byte {
			c := f[fileHeaderSize+chunkSize:]
			binary.LittleEndian.PutUint32(c[recordOffsets(c)[5]+4:], 70000)
			return f
		}, 59, []string{"checksum mismatch", "chunk 1 record 26: record size 70000 overruns its chunk"}},
		{"unknown token", func(f []byte) []byte {
			c := f[fileHeaderSize+chunkSize:]
			c[recordOffsets(c)[7]+recordHdrSize+4] = 0x1f // the template instance token
			return f
		}, 59, []string{"checksum mismatch", "chunk 1 record 28: unknown BinXML token 0x1f; record skipped"}},
		{"huge substitution count", func(f []byte) []byte {
			c := f[fileHeaderSize:]
			off := recordOffsets(c)[4] + recordHdrSize + 4 + 10 // after the instance header
			binary.LittleEndian.PutUint32(c[off:], 0x7fffffff)
			return f
		}, 59, []string{"checksum mismatch", "chunk 0 record 5: template instance has 2147483647 values"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.damage(fileOf(manyChunks(3, perChunk)...))
			for _, w := range []int{1, 3} {
				evs, probs, err := readBytes(t, f, w)
				if err != nil {
					t.Fatal(err)
				}
				if len(evs) != tc.want {
					t.Errorf("workers %d: %d records, want %d; problems:\n%s", w, len(evs), tc.want, problemsText(probs))
				}
				if len(probs) != len(tc.reports) {
					t.Errorf("workers %d: problems:\n%swant %d: %q", w, problemsText(probs), len(tc.reports), tc.reports)
					continue
				}
				for i, p := range probs {
					if !strings.Contains(p.Error(), tc.reports[i]) {
						t.Errorf("workers %d: problem %q, want %q", w, p.Error(), tc.reports[i])
					}
				}
			}
		})
	}
}

// TestRecursiveTemplate: a template whose body instantiates itself must fail
// the record, not recurse without end.
func TestRecursiveTemplate(t *testing.T) {
	c := newChunkW()
	c.record(1, func(b *bx) {
		b.frag()
		defAt := b.pos() + 10
		b.template(-1, func(b *bx) {
			b.frag()
			b.template(defAt, nil, nil)
			b.eof()
		}, nil)
	})
	c.record(2, func(b *bx) {
		b.frag()
		b.template(-1, eventTemplate(nil, nil), systemVals(2))
	})
	evs, probs, err := readBytes(t, fileOf(c.bytes()), 1)
	if err != nil || len(evs) != 1 || len(probs) != 1 || !strings.Contains(probs[0].Error(), "chunk 0 record 1: templates nested too deeply") {
		t.Errorf("events %d, err %v, problems:\n%s", len(evs), err, problemsText(probs))
	}
}

// TestDirtyFile: a dirty file's last chunk may hold records past the free
// space offset its header records; they are read when their identifiers
// continue the chunk's sequence. Stale records of an earlier use are not.
func TestDirtyFile(t *testing.T) {
	chunks := manyChunks(1, 10)
	c := chunks[0]
	offs := recordOffsets(c)
	binary.LittleEndian.PutUint32(c[48:], uint32(offs[6])) // free space after 6 records
	crc := crc32.ChecksumIEEE(c[:120])
	crc = crc32.Update(crc, crc32.IEEETable, c[128:chunkHdrEnd])
	binary.LittleEndian.PutUint32(c[124:], crc)
	f := fileOf(c)
	evs, _, _ := readBytes(t, f, 1)
	if len(evs) != 6 {
		t.Errorf("clean file: %d records, want the 6 before the free space offset", len(evs))
	}
	binary.LittleEndian.PutUint32(f[120:], 1) // dirty
	binary.LittleEndian.PutUint32(f[124:], crc32.ChecksumIEEE(f[:120]))
	evs, probs, _ := readBytes(t, f, 1)
	if len(evs) != 10 || len(probs) != 0 {
		t.Errorf("dirty file: %d records, want 10; problems:\n%s", len(evs), problemsText(probs))
	}
}

func TestTrailingZeroChunks(t *testing.T) {
	f := fileOf(manyChunks(2, 5)...)
	f = append(f, make([]byte, 3*chunkSize)...) // preallocated, unused
	evs, probs, err := readBytes(t, f, 2)
	if err != nil || len(evs) != 10 || len(probs) != 0 {
		t.Errorf("events %d, err %v, problems:\n%s", len(evs), err, problemsText(probs))
	}
	if !bytes.Equal(f[:8], []byte(Magic)) {
		t.Fatal("bad test file")
	}
}
