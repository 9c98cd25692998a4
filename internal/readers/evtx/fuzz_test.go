package evtx

import (
	"encoding/binary"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// corpusChunks returns the beginnings of up to n chunks of the shared
// corpus, or nothing when it is absent.
func corpusChunks(n int) [][]byte {
	var out [][]byte
	for _, path := range corpusFilesQuiet() {
		f, err := os.ReadFile(path)
		if err != nil || len(f) < fileHeaderSize+chunkSize {
			continue
		}
		c := f[fileHeaderSize : fileHeaderSize+chunkSize]
		free := int(binary.LittleEndian.Uint32(c[48:]))
		if string(c[:8]) != chunkMagic || free < chunkHdrEnd || free > chunkSize {
			continue
		}
		// Seeds stay small (header, tables and the first records): the Go
		// fuzzer mutates and minimizes large inputs very slowly.
		out = append(out, c[:min(free, 8192)])
		if len(out) == n {
			break
		}
	}
	return out
}

// corpusFilesQuiet lists corpus EVTX files without a testing.TB.
func corpusFilesQuiet() []string {
	var files []string
	dir, _ := os.Getwd()
	for dir != "" && dir != "/" {
		root := dir + "/shared/corpus/evtx/attack-samples"
		if entries, err := os.ReadDir(root); err == nil {
			for _, e := range entries {
				sub, _ := os.ReadDir(root + "/" + e.Name())
				for _, s := range sub {
					if strings.HasSuffix(s.Name(), ".evtx") {
						files = append(files, root+"/"+e.Name()+"/"+s.Name())
					}
				}
			}
			return files
		}
		dir = dir[:max(strings.LastIndex(dir, "/"), 0)]
	}
	return nil
}

// checkEvents asserts what must hold for any input: every event has a
// non-empty _raw and no empty field values.
func checkEvents(t *testing.T, res *chunkResult) {
	for _, it := range res.items {
		if it.ev == nil {
			if it.prob.Err == nil || !strings.HasPrefix(it.prob.Where, "chunk ") {
				t.Fatalf("bad problem %+v", it.prob)
			}
			continue
		}
		if it.ev.Get(event.Raw).Text() == "" {
			t.Fatal("event without _raw")
		}
		for _, f := range it.ev.Fields {
			if f.Value.IsNull() || f.Value.Text() == "" {
				t.Fatalf("empty field %s", f.Name)
			}
		}
	}
}

// FuzzChunk feeds arbitrary chunk bytes (the first 16 KiB, zero-padded to
// 64 KiB) to the chunk decoder. Seeds: corpus chunks when present, else a synthetic chunk.
func FuzzChunk(f *testing.F) {
	syn := manyChunks(1, 4)[0]
	f.Add(syn[:recordOffsets(syn)[3]+300])
	for _, c := range corpusChunks(4) {
		f.Add(c)
	}
	d, interp := newDecoder(), newDecoder()
	interp.interpretOnly = true
	buf := make([]byte, chunkSize)
	var res, res2 chunkResult
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16384 {
			data = data[:16384]
		}
		copy(buf, data)
		clear(buf[len(data):])
		ci := chunkInfo{path: "fuzz", inCount: true}
		d.decodeChunk(&ci, buf, &res)
		checkEvents(t, &res)
		interp.decodeChunk(&ci, buf, &res2)
		if diff := sameResults(&res, &res2); diff != "" {
			t.Fatalf("compiled and interpreted templates differ: %s", diff)
		}
	})
}

// FuzzBinXML feeds arbitrary BinXML as the body of a record placed after a
// valid record (whose names and template a fuzzed record may reference).
func FuzzBinXML(f *testing.F) {
	c := newChunkW()
	var def int
	c.record(1, func(b *bx) {
		b.frag()
		def = b.template(-1, eventTemplate([]string{"A", ""}, []byte{tString, tHex32}), append(systemVals(1), vStr("x"), vHex32(5)))
	})
	base := c.off + recordHdrSize
	c.record(2, func(b *bx) {
		b.frag()
		b.template(def, nil, append(systemVals(2), vStr("y"), vHex32(6)))
	})
	chunk := c.bytes()
	offs := recordOffsets(chunk)
	f.Add(append([]byte(nil), chunk[offs[1]+recordHdrSize:c.off-4]...))
	for _, cc := range corpusChunks(3) {
		o := recordOffsets(cc)
		if len(o) > 1 {
			size := int(binary.LittleEndian.Uint32(cc[o[1]+4:]))
			f.Add(append([]byte(nil), cc[o[1]+recordHdrSize:o[1]+size-4]...))
		}
	}
	d := newDecoder()
	buf := make([]byte, chunkSize)
	decode := func(data []byte) bool {
		copy(buf, chunk[:base])
		copy(buf[base:], data)
		clear(buf[base+len(data):])
		d.startChunk(buf)
		return d.record(base, base+len(data))
	}
	if !decode(chunk[offs[1]+recordHdrSize : c.off-4]) {
		f.Fatalf("the synthetic seed does not decode: %v", d.err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > chunkSize-base {
			data = data[:chunkSize-base]
		}
		if decode(data) {
			e := d.buildEvent()
			if e.Get(event.Raw).Text() == "" {
				t.Fatal("event without _raw")
			}
		}
	})
}

// sameResults reports the first difference between two chunk results, "" if
// they hold the same events (by _raw and fields) and problems.
func sameResults(a, b *chunkResult) string {
	if len(a.items) != len(b.items) {
		return fmt.Sprintf("%d items vs %d", len(a.items), len(b.items))
	}
	for i := range a.items {
		x, y := a.items[i], b.items[i]
		switch {
		case (x.ev == nil) != (y.ev == nil):
			return fmt.Sprintf("item %d: event vs problem", i)
		case x.ev == nil:
			if x.prob.Error() != y.prob.Error() {
				return fmt.Sprintf("item %d: %v vs %v", i, x.prob, y.prob)
			}
		default:
			if len(x.ev.Fields) != len(y.ev.Fields) {
				return fmt.Sprintf("item %d: %d fields vs %d", i, len(x.ev.Fields), len(y.ev.Fields))
			}
			for k := range x.ev.Fields {
				if x.ev.Fields[k].Name != y.ev.Fields[k].Name || !value.Equal(x.ev.Fields[k].Value, y.ev.Fields[k].Value) {
					return fmt.Sprintf("item %d field %d: %s=%v vs %s=%v", i, k,
						x.ev.Fields[k].Name, x.ev.Fields[k].Value, y.ev.Fields[k].Name, y.ev.Fields[k].Value)
				}
			}
		}
	}
	return ""
}

// TestCompiledMatchesInterpreted decodes every corpus chunk (or synthetic
// ones) with compiled templates and with the interpreter only, and requires
// identical events and problems.
func TestCompiledMatchesInterpreted(t *testing.T) {
	chunks := manyChunks(3, 30)
	for _, path := range corpusFilesQuiet() {
		f, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		for off := fileHeaderSize; off+chunkSize <= len(f); off += chunkSize {
			chunks = append(chunks, f[off:off+chunkSize])
		}
	}
	compiled, interp := newDecoder(), newDecoder()
	interp.interpretOnly = true
	var a, b chunkResult
	records := 0
	for i, c := range chunks {
		ci := chunkInfo{path: "x", index: i}
		compiled.decodeChunk(&ci, c, &a)
		interp.decodeChunk(&ci, c, &b)
		if diff := sameResults(&a, &b); diff != "" {
			t.Fatalf("chunk %d: %s", i, diff)
		}
		records += a.records
	}
	t.Logf("%d chunks, %d records identical", len(chunks), records)
}
