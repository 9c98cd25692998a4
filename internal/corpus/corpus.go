// Package corpus locates the shared test corpus -- real ESCU content, EVTX
// attack recordings, Sigma regression data -- that sits beside the
// repository as ../shared/corpus. It is imported only by tests: nothing from
// the corpus is ever committed to this repository.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// Find returns the path of shared/corpus/<sub> in the working directory or
// one of its parents, and false when there is none.
func Find(sub string) (string, bool) {
	dir, err := os.Getwd()
	if err != nil {
		return "", false
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", sub)
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}

// Dir returns the path of shared/corpus/<sub>, or skips the test with a
// message saying the corpus is absent.
func Dir(t testing.TB, sub string) string {
	t.Helper()
	p, ok := Find(sub)
	if !ok {
		t.Skipf("corpus folder shared/corpus/%s not found above the working directory; skipping", sub)
	}
	return p
}
