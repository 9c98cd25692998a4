package parse

import (
	"errors"
	"fmt"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

// corpusDir finds /work/shared/corpus/security_content by walking up from
// the working directory to a "shared/corpus" sibling of the repository.
func corpusDir(t testing.TB) string {
	t.Helper()
	if d, ok := corpus.Find("security_content"); ok {
		return d
	}
	t.Skip("shared/corpus/security_content not found; skipping ESCU corpus test")
	return ""
}

func hasCorpus() bool { _, ok := corpus.Find("security_content"); return ok }

type corpusSearch struct {
	name, path, text string
}

// loadCorpus returns every detection search expanded with the corpus macros.
func loadCorpus(t testing.TB) ([]corpusSearch, macro.Lookup) {
	dir := corpusDir(t)
	defs := map[string]*macro.Definition{}
	paths, _ := filepath.Glob(filepath.Join(dir, "macros", "*.yml"))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Name       string   `yaml:"name"`
			Definition string   `yaml:"definition"`
			Arguments  []string `yaml:"arguments"`
		}
		if err := yaml.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		defs[fmt.Sprintf("%s(%d)", m.Name, len(m.Arguments))] = &macro.Definition{Name: m.Name, Args: m.Arguments, Body: m.Definition}
	}
	lookup := macro.Defaults(func(name string, n int) (*macro.Definition, bool) {
		d, ok := defs[fmt.Sprintf("%s(%d)", name, n)]
		return d, ok
	})
	var out []corpusSearch
	err := filepath.WalkDir(filepath.Join(dir, "detections"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".yml") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var det struct {
			Name   string `yaml:"name"`
			Search string `yaml:"search"`
		}
		if err := yaml.Unmarshal(b, &det); err != nil {
			return fmt.Errorf("%s: %v", p, err)
		}
		if det.Search != "" {
			out = append(out, corpusSearch{det.Name, p, det.Search})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, lookup
}

// TestCorpus parses every ESCU detection search after macro expansion and
// checks the round-trip property on each one that parses. It reports the
// parse rate; failures other than unsupported commands are listed.
func TestCorpus(t *testing.T) {
	searches, lookup := loadCorpus(t)
	var parsed, unsupported, failed, macroErr int
	unsup := map[string]int{}
	msgs := map[string]int{}
	var elapsed time.Duration
	for _, s := range searches {
		x, err := macro.Expand(source.NewFile(s.path, s.text), lookup)
		if err != nil {
			macroErr++
			t.Logf("%s: macro: %v", s.name, err)
			continue
		}
		start := time.Now()
		pl, err := Parse(x.File)
		elapsed += time.Since(start)
		if err != nil {
			var l source.List
			errors.As(err, &l)
			onlyUnsup := true
			for _, d := range l {
				if errors.Is(d, source.ErrUnsupported) {
					unsup[d.Msg]++
				} else {
					onlyUnsup = false
					msg := d.Msg
					if i := strings.Index(msg, ", found"); i > 0 {
						msg = msg[:i]
					}
					msgs[msg]++
					if testing.Verbose() {
						t.Logf("%s\n%s", s.name, source.Render(x.Remap(d)))
					}
				}
			}
			if onlyUnsup {
				unsupported++
			} else {
				failed++
			}
			continue
		}
		parsed++
		printed := pl.String()
		pl2, err := Parse(source.NewFile("printed", printed))
		if err != nil {
			t.Errorf("%s: printed form does not parse: %v\n%s", s.name, err, printed)
			continue
		}
		if again := pl2.String(); again != printed {
			t.Errorf("%s: round trip differs:\n first: %s\nsecond: %s", s.name, printed, again)
		}
	}
	t.Logf("ESCU corpus: %d searches, %d parsed, %d unsupported only, %d with errors, %d macro errors; parse time %v",
		len(searches), parsed, unsupported, failed, macroErr, elapsed)
	t.Logf("unsupported: %s", top(unsup, 15))
	t.Logf("errors: %s", top(msgs, 15))
}

func top(m map[string]int, n int) string {
	type kv struct {
		k string
		v int
	}
	var l []kv
	for k, v := range m {
		l = append(l, kv{k, v})
	}
	sort.Slice(l, func(i, j int) bool { return l[i].v > l[j].v || l[i].v == l[j].v && l[i].k < l[j].k })
	var b strings.Builder
	for i, e := range l {
		if i == n {
			break
		}
		fmt.Fprintf(&b, "\n  %5d %s", e.v, e.k)
	}
	return b.String()
}

// BenchmarkParseCorpus parses every expanded ESCU search once per iteration.
func BenchmarkParseCorpus(b *testing.B) {
	searches, lookup := loadCorpus(b)
	var files []*source.File
	for _, s := range searches {
		if x, err := macro.Expand(source.NewFile(s.path, s.text), lookup); err == nil {
			files = append(files, x.File)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, f := range files {
			Parse(f)
		}
	}
}
