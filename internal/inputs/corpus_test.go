package inputs

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/readers/winxml"
)

// corpus finds /work/shared/corpus (a "shared/corpus" folder beside the repo
// root) by walking up from the working directory, or skips the test.
// TestCorpusSigmaJSON reads every JSON rendering in Sigma's regression data:
// each file must give at least one Windows event, with no problems.
func TestCorpusSigmaJSON(t *testing.T) {
	root := corpus.Dir(t, "sigma/regression_data")
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
	root := corpus.Dir(t, "otrf/windows")
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

// TestCorpusSigmaFolder reads the whole regression-data folder (EVTX, JSON
// and YAML files) in one call: every file must be read or reported, and the
// JSON renderings must give events.
func TestCorpusSigmaFolder(t *testing.T) {
	root := corpus.Dir(t, "sigma/regression_data")
	files := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return nil
	})
	var probs []event.Problem
	st, err := Read(context.Background(), []string{root}, Options{},
		func(*event.Event) error { return nil }, func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	if st.Files+st.Skipped != files {
		t.Errorf("%d files on disk, %d read and %d skipped", files, st.Files, st.Skipped)
	}
	if st.Events < 127 {
		t.Errorf("only %d events", st.Events)
	}
	for _, p := range probs {
		if p.Where == "" && !strings.Contains(p.Err.Error(), "unknown format") && !strings.HasSuffix(p.Path, ".evtx") {
			t.Errorf("unexpected problem %v", p)
		}
	}
	t.Logf("%+v", st)
}

// TestCorpusEVTXvsJSON reads each regression-data EVTX file and its JSON
// rendering and expects the same fields from the evtx and jsonl readers. The
// JSON was made by a tool that drops the braces around GUIDs, keeps six
// fraction digits of SystemTime, trims trailing blanks and unescapes
// values, so those differences are normalised away.
func TestCorpusEVTXvsJSON(t *testing.T) {
	root := corpus.Dir(t, "sigma/regression_data")
	var jsons []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			if _, err := os.Stat(strings.TrimSuffix(p, ".json") + ".evtx"); err == nil {
				jsons = append(jsons, p)
			}
		}
		return nil
	})
	if len(jsons) == 0 {
		t.Skip("no EVTX/JSON pairs in the regression data")
	}
	unescape := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&")
	norm := func(name, v string, fromEVTX bool) string {
		if fromEVTX && name != "UserData_Xml" {
			v = unescape.Replace(v)
		}
		if name == "UserData_Xml" {
			v = strings.ReplaceAll(v, "&quot;", `"`)
		}
		v = strings.TrimRight(v, " \t\r\n")
		if len(v) == 38 && v[0] == '{' && v[37] == '}' {
			v = v[1:37]
		}
		if name == "SystemTime" && len(v) > 27 {
			v = v[:26] + "Z"
		}
		return v
	}
	fields := func(e *event.Event, fromEVTX bool) map[string]string {
		m := map[string]string{}
		for _, f := range e.Fields {
			if f.Name == event.Raw {
				continue
			}
			vs := append([]string(nil), f.Value.Values()...)
			for i := range vs {
				vs[i] = norm(f.Name, vs[i], fromEVTX)
			}
			m[f.Name] = strings.Join(vs, "|")
		}
		return m
	}
	// Differences in the data itself: the JSON was rendered from another
	// capture of the event.
	known := map[string]bool{"ad691d92-15f2-4181-9aa4-723c74f9ddc3.json ParentCommandLine": true}
	pairs, mismatches := 0, 0
	for _, j := range jsons {
		je, _, _ := collect(t, j)
		xe, _, _ := collect(t, strings.TrimSuffix(j, ".json")+".evtx")
		if len(je) != len(xe) {
			t.Errorf("%s: %d JSON events, %d EVTX events", j, len(je), len(xe))
			continue
		}
		for i := range je {
			pairs++
			a, b := fields(je[i], false), fields(xe[i], true)
			for k := range b {
				if _, ok := a[k]; !ok {
					a[k] = "<absent>"
				}
			}
			for k, v := range a {
				if b[k] != v && (b[k] != "" || v != "<absent>") && !known[filepath.Base(j)+" "+k] {
					mismatches++
					if mismatches <= 10 {
						t.Errorf("%s event %d: %s: JSON %.120q, EVTX %.120q", filepath.Base(j), i, k, v, b[k])
					}
				}
			}
		}
	}
	t.Logf("%d event pairs compared", pairs)
}

// TestCorpusEVTXvsXML reads the EVTX attack samples, feeds each event's
// _raw (its XmlWinEventLog rendering) to the winxml reader and expects the
// very same fields: fields.md promises that an EVTX record and its XML
// rendering extract alike.
func TestCorpusEVTXvsXML(t *testing.T) {
	root := corpus.Dir(t, "evtx/attack-samples")
	var evs []*event.Event
	_, err := Read(context.Background(), []string{root}, Options{},
		func(e *event.Event) error { evs = append(evs, e); return nil }, func(event.Problem) {})
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) == 0 {
		t.Skip("the EVTX reader gave no events")
	}
	var text strings.Builder
	for _, e := range evs {
		text.WriteString(e.Get(event.Raw).Text())
		text.WriteByte('\n')
	}
	i, mismatches := 0, 0
	err = winxml.Read(context.Background(), "rendered", strings.NewReader(text.String()),
		func(x *event.Event) error {
			if i >= len(evs) {
				t.Fatalf("winxml gave more events than EVTX (%d)", len(evs))
			}
			want, got := fieldLines(evs[i]), fieldLines(x)
			if want != got && mismatches < 5 {
				mismatches++
				t.Errorf("event %d:\nEVTX   %s\nwinxml %s", i, want, got)
			}
			i++
			return nil
		},
		func(p event.Problem) { t.Errorf("winxml problem: %v", p) })
	if err != nil || i != len(evs) {
		t.Fatalf("winxml: err %v, %d of %d events", err, i, len(evs))
	}
	t.Logf("%d events compared", len(evs))
}

// fieldLines renders all fields of e in a fixed order.
func fieldLines(e *event.Event) string {
	var lines []string
	for _, f := range e.Fields {
		lines = append(lines, f.Name+"="+f.Value.String())
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n       ")
}

// TestCorpusEVTXInZip reads an EVTX file directly and from inside a zip and
// a gzip file: the events must be the same.
func TestCorpusEVTXInZip(t *testing.T) {
	root := corpus.Dir(t, "evtx/attack-samples")
	var path string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if path == "" && err == nil && strings.HasSuffix(p, ".evtx") {
			path = p
		}
		return nil
	})
	if path == "" {
		t.Skip("no EVTX file in the corpus")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	w, _ := zw.Create("logs/sample.evtx")
	w.Write(data)
	zw.Close()
	var gbuf bytes.Buffer
	gw := gzip.NewWriter(&gbuf)
	gw.Write(data)
	gw.Close()
	os.WriteFile(filepath.Join(dir, "a.zip"), zbuf.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "b.evtx.gz"), gbuf.Bytes(), 0o644)

	direct, _, _ := collect(t, path)
	if len(direct) == 0 {
		t.Skip("the EVTX reader gave no events")
	}
	for _, name := range []string{"a.zip", "b.evtx.gz"} {
		got, _, st := collect(t, filepath.Join(dir, name))
		if len(got) != len(direct) || st.Files != 1 {
			t.Errorf("%s: %d events from %d files, want %d from 1", name, len(got), st.Files, len(direct))
			continue
		}
		for i := range got {
			if got[i].Get(event.Raw).Text() != direct[i].Get(event.Raw).Text() {
				t.Errorf("%s: event %d differs", name, i)
				break
			}
		}
	}
}
