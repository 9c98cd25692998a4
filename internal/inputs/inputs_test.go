package inputs

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/iotest"
	"unicode/utf16"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
)

// collect reads paths and returns the events, problems and stats.
func collect(t *testing.T, paths ...string) ([]*event.Event, []event.Problem, Stats) {
	t.Helper()
	var evs []*event.Event
	var probs []event.Problem
	st, err := Read(context.Background(), paths, Options{},
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return evs, probs, st
}

func TestReadTree(t *testing.T) {
	var progress []Stats
	var evs []*event.Event
	var probs []event.Problem
	st, err := Read(context.Background(), []string{"testdata/tree"}, Options{Progress: func(s Stats) { progress = append(progress, s) }},
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatal(err)
	}
	// Lexical order: .hidden.json, a.log, empty.log, readme.txt, sub/b.json.gz,
	// sub/c.zip (x.log, y.json, bad.json, notes.txt, fake.evtx), utf16be.json,
	// utf16le.log.
	var got []string
	for _, e := range evs {
		got = append(got, e.Get("host").Text()+"/"+e.Get("EventCode").Text())
	}
	want := "h2/4624 ws01.corp.local/4104 ws01.corp.local/4104 h3/4625 h3/4626 dc01.corp.local/1102 h4/1 h4/3 /2 h1/1 dc01.corp.local/4688"
	if strings.Join(got, " ") != want {
		t.Errorf("events:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	if st.Events != int64(len(evs)) || st.Files != 9 || st.Skipped != 3 || st.Problems != len(probs) {
		t.Errorf("stats %+v with %d events and %d problems; want 9 files, 3 skipped", st, len(evs), len(probs))
	}
	has := func(path, where, msg string) {
		t.Helper()
		for _, p := range probs {
			if p.Path == path && p.Where == where && strings.Contains(p.Err.Error(), msg) {
				return
			}
		}
		t.Errorf("no problem %s %s %q in %v", path, where, msg, probs)
	}
	has(filepath.Join("testdata", "tree", "empty.log"), "", "empty file")
	has(filepath.Join("testdata", "tree", "readme.txt"), "", "unknown format")
	has(filepath.Join("testdata", "tree", "sub", "c.zip")+":logs/notes.txt", "", "unknown format")
	has(filepath.Join("testdata", "tree", "sub", "c.zip")+":logs/bad.json", "line 1", "invalid JSON")
	for _, p := range probs {
		if strings.Contains(p.Path, "__MACOSX") {
			t.Errorf("__MACOSX member read: %v", p)
		}
	}
	fake := false
	for _, p := range probs {
		fake = fake || strings.HasSuffix(p.Path, "c.zip:logs/fake.evtx")
	}
	if !fake {
		t.Errorf("the bogus EVTX member was not reported: %v", probs)
	}
	if len(progress) < 12 || progress[len(progress)-1] != st {
		t.Errorf("progress called %d times, last %+v; want >= 12 calls ending with %+v", len(progress), progress[len(progress)-1], st)
	}
	// UserData in the zip member and the UTF-16 text decode intact.
	for _, e := range evs {
		if e.Get("EventCode").Text() == "1102" && e.Get("SubjectUserName").Text() != "bob" {
			t.Errorf("1102 from zip: SubjectUserName = %q", e.Get("SubjectUserName"))
		}
		if e.Get("host").Text() == "h1" && e.Get("Note").Text() != "caf\u00e9 \U0001F600" {
			t.Errorf("UTF-16BE: Note = %q", e.Get("Note"))
		}
		if e.Get("EventCode").Text() == "4688" && e.Get("CommandLine").Text() != "whoami /all" {
			t.Errorf("UTF-16LE: CommandLine = %q", e.Get("CommandLine"))
		}
	}
}

func TestMissingPath(t *testing.T) {
	called := false
	_, err := Read(context.Background(), []string{"testdata/tree", "testdata/nope.log"}, Options{},
		func(*event.Event) error { called = true; return nil }, func(event.Problem) {})
	if err == nil || !strings.Contains(err.Error(), "testdata/nope.log") || !errors.Is(err, source.ErrInput) {
		t.Fatalf("err = %v, want an input error naming testdata/nope.log", err)
	}
	if called {
		t.Error("events were emitted before the missing path was noticed")
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := Read(context.Background(), []string{"testdata/tree"}, Options{},
		func(*event.Event) error { n++; return stop }, func(event.Problem) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err = %v after %d events, want stop after 1", err, n)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Read(ctx, []string{"testdata/tree"}, Options{}, func(*event.Event) error { return nil }, func(event.Problem) {})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestDetect(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<Event xmlns='x'>", "xml"},
		{"\n\t <Event>", "xml"},
		{"<?xml version='1.0'?><Events><Event xmlns='x'>", "xml"},
		{"<Events><EventData>", ""},
		{"<html>", ""},
		{" {\"a\":1}", "json"},
		{"[{}]", "json"},
		{"\ufeff{}", "json"},
		{"hello", ""},
		{"   ", ""},
		// Linux Sysmon in syslog: a header, then the event on the same line.
		{"Mar 12 08:01:05 lnx-1 sysmon: <Event><System><Provider Name=\"Linux-Sysmon\"/>", "xml"},
		{"Mar 12 08:01:05 lnx-1 sshd[7]: Accepted key\n<Event><System>", ""},
	}
	for _, tc := range tests {
		if got := detect([]byte(tc.in)); got != tc.want {
			t.Errorf("detect(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestUTF16Reader(t *testing.T) {
	text := "<Event>caf\u00e9 \U0001F600 \u65e5\u672c</Event>\n"
	units := utf16.Encode([]rune(text))
	enc := func(be bool, us []uint16) []byte {
		var b []byte
		for _, u := range us {
			if be {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		return b
	}
	for _, be := range []bool{false, true} {
		for _, one := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(enc(be, units))
			if one {
				r = iotest.OneByteReader(r)
			}
			got, err := io.ReadAll(newUTF16Reader(r, be))
			if err != nil || string(got) != text {
				t.Errorf("be=%v one=%v: %q, %v", be, one, got, err)
			}
		}
		// A lone surrogate and an odd trailing byte become U+FFFD.
		bad := append(enc(be, []uint16{'a', 0xD800, 'b', 0xDC00}), 'x')
		got, _ := io.ReadAll(newUTF16Reader(bytes.NewReader(bad), be))
		if string(got) != "a\uFFFDb\uFFFD\uFFFD" {
			t.Errorf("be=%v: bad input gave %q", be, got)
		}
	}
}

// TestEquivalence reads the same events as XmlWinEventLog text and in the
// {"Event":...} JSON rendering and expects the same fields; XML values keep
// their entities, so they are compared after decoding.
func TestEquivalence(t *testing.T) {
	xevs, xprobs, _ := collect(t, "testdata/equiv.log")
	jevs, jprobs, _ := collect(t, "testdata/equiv.json")
	if len(xprobs)+len(jprobs) > 0 {
		t.Fatalf("problems: %v %v", xprobs, jprobs)
	}
	if len(xevs) != len(jevs) || len(xevs) < 7 {
		t.Fatalf("%d XML events, %d JSON events", len(xevs), len(jevs))
	}
	for i := range xevs {
		x, j := fieldMap(xevs[i], true), fieldMap(jevs[i], false)
		if x != j {
			t.Errorf("event %d:\n xml %s\njson %s", i, x, j)
		}
	}
}

func fieldMap(e *event.Event, unescape bool) string {
	var lines []string
	for _, f := range e.Fields {
		if f.Name == event.Raw {
			continue
		}
		vs := f.Value.Values()
		if unescape && f.Name != "UserData_Xml" {
			vs = append([]string(nil), vs...)
			for k, v := range vs {
				var d struct {
					S string `xml:",chardata"`
				}
				if xml.Unmarshal([]byte("<a>"+v+"</a>"), &d) == nil {
					vs[k] = d.S
				}
			}
		}
		lines = append(lines, f.Name+"="+strings.Join(vs, "|"))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func TestUnreadableFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("running as root: permissions are not enforced")
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "locked.json")
	if err := os.WriteFile(p, []byte("{}"), 0); err != nil {
		t.Fatal(err)
	}
	_, probs, st := collect(t, dir)
	if st.Skipped != 1 || len(probs) != 1 || probs[0].Path != p {
		t.Errorf("stats %+v problems %v, want the locked file reported", st, probs)
	}
}

// TestCorruptGzip reads a gzip file cut in the middle: the events before the
// cut are emitted and the cut is reported.
func TestCorruptGzip(t *testing.T) {
	text, err := os.ReadFile("testdata/equiv.log")
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(text)
	zw.Close()
	p := filepath.Join(t.TempDir(), "cut.log.gz")
	if err := os.WriteFile(p, buf.Bytes()[:buf.Len()*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	evs, probs, st := collect(t, p)
	if len(evs) == 0 || len(evs) >= 7 || st.Files != 1 {
		t.Errorf("%d events, stats %+v; want some but not all 7", len(evs), st)
	}
	found := false
	for _, pr := range probs {
		found = found || pr.Path == p && strings.Contains(pr.Err.Error(), "EOF")
	}
	if !found {
		t.Errorf("no EOF problem for %s in %v", p, probs)
	}
}

// Meta sets source and sourcetype of the events of one path, as a replay of
// a dataset with a declared source does; other paths keep their own.
func TestMetaOverride(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a.json")
	b := filepath.Join(dir, "b.json")
	for _, p := range []string{a, b} {
		if err := os.WriteFile(p, []byte(`{"eventName":"ConsoleLogin"}`+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got []string
	_, err := Read(context.Background(), []string{a, b}, Options{Meta: map[string]event.SourceNames{a: {Source: "aws_cloudtrail", Sourcetype: "aws:cloudtrail"}}},
		func(e *event.Event) error {
			got = append(got, e.Get(event.Source).Text()+" "+e.Get(event.Sourcetype).Text())
			return nil
		}, func(p event.Problem) { t.Errorf("problem: %v", p) })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != "aws_cloudtrail aws:cloudtrail" || got[1] != b+" _json" {
		t.Errorf("got %q", got)
	}
}
