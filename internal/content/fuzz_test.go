package content

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// FuzzDecodeDetection feeds arbitrary text through YAML decoding and the
// detection schema. The oracle: no panic, and every diagnostic points inside
// the file.
func FuzzDecodeDetection(f *testing.F) {
	files, _ := filepath.Glob("testdata/*/detections/*/*.yml")
	more, _ := filepath.Glob("testdata/*/*.y*ml")
	for _, p := range append(files, more...) {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	f.Add("a: [b, {c: d}]\n- x")
	f.Fuzz(func(t *testing.T, text string) {
		file := source.NewFile("f.yml", text)
		root, err := yamlnode.Parse(file)
		if err != nil {
			checkInside(t, file, err)
			return
		}
		if _, err := decodeDetection(file, root); err != nil {
			checkInside(t, file, err)
		}
	})
}

func checkInside(t *testing.T, f *source.File, err error) {
	t.Helper()
	var list source.List
	switch e := err.(type) {
	case *source.Diagnostic:
		list = source.List{e}
	case source.List:
		list = e
	default:
		t.Fatalf("error is %T, not a diagnostic: %v", err, err)
	}
	for _, d := range list {
		if d.File == f && (d.Span.Start < 0 || int(d.Span.End) > len(f.Text) || d.Span.Start > d.Span.End) {
			t.Fatalf("span %v outside the %d-byte file: %v", d.Span, len(f.Text), d)
		}
		_ = d.Render()
	}
}
