package evtx

import (
	"bytes"
	"context"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// denseFile is the corpus file with the most records per chunk.
const denseFile = "evtx/attack-samples/Command and Control/bits_openvpn.evtx"

func benchRead(b *testing.B, data []byte, workers int) {
	b.Helper()
	r := bytes.NewReader(data)
	records := 0
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		err := ReadWithOptions(context.Background(), "bench", r, int64(len(data)), Options{Workers: workers},
			func(*event.Event) error { records++; return nil }, func(event.Problem) {})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(records)/float64(b.N), "records/op")
}

// BenchmarkReadDense decodes the densest corpus file on one core and on all.
func BenchmarkReadDense(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(corpus.Dir(b, "."), denseFile))
	if err != nil {
		b.Skipf("dense corpus file: %v", err)
	}
	b.Run("workers=1", func(b *testing.B) { benchRead(b, data, 1) })
	b.Run("workers=all", func(b *testing.B) { benchRead(b, data, runtime.GOMAXPROCS(0)) })
}

// BenchmarkReadSynthetic decodes a synthetic file of 16 chunks of 100
// Security-style records (no corpus needed).
func BenchmarkReadSynthetic(b *testing.B) {
	data := fileOf(manyChunks(16, 100)...)
	b.Run("workers=1", func(b *testing.B) { benchRead(b, data, 1) })
	b.Run("workers=all", func(b *testing.B) { benchRead(b, data, runtime.GOMAXPROCS(0)) })
}

// TestAllocsPerRecord checks the steady state: decoding a chunk allocates
// only the output events (the _raw string, the Event and its field slice).
func TestAllocsPerRecord(t *testing.T) {
	const records = 100
	chunk := manyChunks(1, records)[0]
	d := newDecoder()
	var res chunkResult
	ci := chunkInfo{path: "x", inCount: true}
	d.decodeChunk(&ci, chunk, &res) // warm up buffers and the source cache
	allocs := testing.AllocsPerRun(20, func() { d.decodeChunk(&ci, chunk, &res) })
	if res.records != records {
		t.Fatalf("%d records decoded", res.records)
	}
	// 3 per record, and a few per chunk (problem-report closures, names
	// that are not interned).
	if per := allocs / records; per > 3.1 {
		t.Errorf("%.2f allocations per record, want at most 3 (+ a few per chunk)", per)
	}
}
