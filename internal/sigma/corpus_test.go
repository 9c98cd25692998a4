package sigma

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/corpus"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// TestCorpusRules compiles every SigmaHQ Windows rule and parses the SPL it
// gives: every rule either compiles to SPL the parser accepts or reports a
// positioned reason.
func TestCorpusRules(t *testing.T) {
	root := corpus.Dir(t, "sigma")
	var total, compiled int
	reasons := map[string]int{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yml") || strings.Contains(path, "regression_data") {
			return err
		}
		if !strings.Contains(path, string(filepath.Separator)+"windows"+string(filepath.Separator)) {
			return nil
		}
		text, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		total++
		r, err := Parse(source.NewFile(path, string(text)))
		if err != nil {
			reasons["not a rule: "+firstLine(err)]++
			return nil
		}
		if r.Err != nil {
			reasons[reasonOf(r.Err)]++
			return nil
		}
		if _, err := parse.Parse(source.NewFile(path+": sigma", r.SPL)); err != nil {
			t.Errorf("%s: SPL does not parse: %v\n%s", path, err, r.SPL)
			return nil
		}
		compiled++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d of %d Windows rules compiled", compiled, total)
	var keys []string
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return reasons[keys[i]] > reasons[keys[j]] })
	for _, k := range keys {
		t.Logf("%5d %s", reasons[k], k)
	}
}

func firstLine(err error) string {
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}

// reasonOf is a diagnostic's message without its position, for grouping.
func reasonOf(err error) string {
	var d *source.Diagnostic
	if errors.As(err, &d) {
		msg := d.Msg
		if i := strings.Index(msg, "(supported:"); i > 0 {
			msg = msg[:i]
		}
		return msg
	}
	return firstLine(err)
}
