package inputs

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// corpus finds /work/shared/corpus (a "shared/corpus" folder beside the repo
// root) by walking up from the working directory, or skips the test.
func corpus(t *testing.T, sub string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "corpus", sub)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("corpus folder shared/corpus/%s not found above the working directory", sub)
		}
		dir = parent
	}
}

// TestCorpusSigmaJSON reads every JSON rendering in Sigma's regression data:
// each file must give at least one Windows event, with no problems.
func TestCorpusSigmaJSON(t *testing.T) {
	root := corpus(t, "sigma/regression_data")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Skip("no JSON files in the regression data")
	}
	total := int64(0)
	for _, f := range files {
		var evs []*event.Event
		var probs []event.Problem
		_, err := Read(context.Background(), []string{f}, Options{},
			func(e *event.Event) error { evs = append(evs, e); return nil },
			func(p event.Problem) { probs = append(probs, p) })
		if err != nil || len(probs) > 0 || len(evs) == 0 {
			t.Errorf("%s: err %v, problems %v, %d events", f, err, probs, len(evs))
			continue
		}
		for _, e := range evs {
			_, hasTime := e.EpochTime()
			if !e.Has("EventCode") || !hasTime || !strings.HasPrefix(e.Get(event.Source).Text(), "XmlWinEventLog:") || !e.Has(event.Host) {
				t.Errorf("%s: event lacks EventCode, _time, source or host: %v", f, e.Fields[:min(8, len(e.Fields))])
			}
		}
		total += int64(len(evs))
	}
	t.Logf("%d files, %d events", len(files), total)
}

// TestCorpusOTRF reads the OTRF (Mordor) zips: each holds one JSON-lines
// file of flat NXLog events. Every zip must give events, every event a
// source, EventCode and _time, and nothing may be reported but the odd
// malformed line.
func TestCorpusOTRF(t *testing.T) {
	root := corpus(t, "otrf/windows")
	var zips []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".zip") {
			zips = append(zips, p)
		}
		return nil
	})
	sort.Strings(zips)
	if testing.Short() && len(zips) > 3 {
		zips = zips[:3]
	}
	for _, z := range zips {
		var n, bad int
		var probs []event.Problem
		st, err := Read(context.Background(), []string{z}, Options{},
			func(e *event.Event) error {
				n++
				_, hasTime := e.EpochTime()
				if !e.Has("EventCode") || !hasTime || !strings.HasPrefix(e.Get(event.Source).Text(), "XmlWinEventLog:") {
					bad++
				}
				return nil
			},
			func(p event.Problem) { probs = append(probs, p) })
		if err != nil {
			t.Fatalf("%s: %v", z, err)
		}
		if n == 0 || bad > 0 || len(probs) > 0 || st.Files != 1 {
			t.Errorf("%s: %d events, %d without EventCode/_time/source, %d files, problems %v", filepath.Base(z), n, bad, st.Files, probs[:min(5, len(probs))])
		}
		t.Logf("%s: %d events, %d MB", filepath.Base(z), n, st.Bytes>>20)
	}
}
