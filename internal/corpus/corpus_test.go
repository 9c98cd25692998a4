package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFindWalksUp(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "shared", "corpus", "evtx"), 0o755); err != nil {
		t.Fatal(err)
	}
	deep := filepath.Join(root, "repo", "internal", "pkg")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(deep)
	p, ok := Find("evtx")
	if !ok || p != filepath.Join(root, "shared", "corpus", "evtx") {
		t.Errorf("Find = %q, %v", p, ok)
	}
	if _, ok := Find("nope"); ok {
		t.Error("Find found a missing folder")
	}
}
