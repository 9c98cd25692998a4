package inputs

import (
	"bytes"
	"compress/gzip"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// BenchmarkReadFolder reads a folder with the same XmlWinEventLog text
// (testdata/equiv.log repeated to about 16 MB) plain and gzipped: detection,
// decompression with read-ahead and the winxml reader together. MB/s counts
// uncompressed bytes.
func BenchmarkReadFolder(b *testing.B) {
	unit, err := os.ReadFile("testdata/equiv.log")
	if err != nil {
		b.Fatal(err)
	}
	text := bytes.Repeat(unit, (16<<20)/len(unit))
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.log"), text, 0o644); err != nil {
		b.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(text)
	zw.Close()
	if err := os.WriteFile(filepath.Join(dir, "b.log.gz"), gz.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(2 * int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	var n int64
	for range b.N {
		st, err := Read(context.Background(), []string{dir}, Options{},
			func(*event.Event) error { return nil }, func(p event.Problem) { b.Fatal(p) })
		if err != nil || st.Files != 2 {
			b.Fatalf("%+v, %v", st, err)
		}
		n += st.Events
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "events/s")
}
