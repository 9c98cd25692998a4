// Package cimtest holds conformance tests that run real ESCU detections from
// the shared corpus through engine.Hunt: the thirty representative
// Endpoint.Processes detections of cim-mappings.md §4.4 over invented Sysmon
// and Security 4688 events (testdata/), and a firing census over the EVTX
// attack samples. It has no non-test code.
package cimtest

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
)

// row is one result row as a user sees it: field name -> text, multivalues
// joined with "\n" (value.Text).
type row map[string]string

// mv joins values the way a multivalue result field is compared.
func mv(vs ...string) string { return strings.Join(vs, "\n") }

// ctime renders an RFC 3339 UTC instant the way `security_content_ctime`
// does (%Y-%m-%dT%H:%M:%S, UTC, fraction dropped).
func ctime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "bad time in spec: " + s // fails the comparison visibly
	}
	return t.UTC().Format("2006-01-02T15:04:05")
}

// epoch renders an RFC 3339 instant as Splunk shows an epoch _time number:
// seconds with the fraction kept, shortest form.
func epoch(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return "bad time in spec: " + s
	}
	sec := float64(t.UnixNano()) / 1e9
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.6f", sec), "0"), ".")
}

// huntFile runs one ESCU detection (by display name) over one fixture file
// and returns the findings. Content is the corpus macros, lookups and the
// detection's own YAML file, so each hunt loads only what it needs.
func huntFile(t *testing.T, sc, yml, name, file string) []detect.Finding {
	t.Helper()
	rep, err := engine.Hunt(context.Background(), engine.HuntOptions{
		ContentDirs: []string{filepath.Join(sc, "macros"), filepath.Join(sc, "lookups"), yml},
		Detections:  []string{name},
		Inputs:      engine.Inputs{Paths: []string{file}},
	})
	if err != nil {
		t.Fatalf("hunt: %v", err)
	}
	for _, e := range rep.Errors {
		t.Fatalf("detection error: %v", e)
	}
	if rep.Run != 1 {
		t.Fatalf("ran %d detections, want 1", rep.Run)
	}
	if rep.Input.Events == 0 {
		t.Fatalf("no events read from %s", file)
	}
	return rep.Findings
}

// checkMapped fails unless every event of file yields at least one CIM
// data-model row, so that a negative case is a near miss of the detection's
// logic rather than an event the data models never see.
func checkMapped(t *testing.T, file string) {
	t.Helper()
	rows := 0
	stats, err := engine.DataModelRows(context.Background(), engine.DataModelOptions{Inputs: engine.Inputs{Paths: []string{file}}},
		func(*event.Event) error { rows++; return nil })
	if err != nil {
		t.Fatalf("data-model rows of %s: %v", file, err)
	}
	if stats.Events == 0 || int64(rows) < stats.Events {
		t.Fatalf("%s: %d events gave only %d data-model rows", file, stats.Events, rows)
	}
}

// rowsOf converts findings to rows.
func rowsOf(fs []detect.Finding) []row {
	var out []row
	for _, f := range fs {
		r := row{}
		for _, fl := range f.Result.Fields {
			if !fl.Value.IsNull() {
				r[fl.Name] = fl.Value.Text()
			}
		}
		out = append(out, r)
	}
	return out
}

// key is a canonical text of a row for order-independent comparison.
func (r row) key() string {
	names := make([]string, 0, len(r))
	for k := range r {
		names = append(names, k)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, k := range names {
		fmt.Fprintf(&b, "%s=%q\n", k, r[k])
	}
	return b.String()
}

// diffRows reports how got differs from want, ignoring row order; "" when
// they are equal.
func diffRows(got, want []row) string {
	g := make([]string, len(got))
	for i, r := range got {
		g[i] = r.key()
	}
	w := make([]string, len(want))
	for i, r := range want {
		w[i] = r.key()
	}
	sort.Strings(g)
	sort.Strings(w)
	if strings.Join(g, "\x00") == strings.Join(w, "\x00") {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "got %d rows, want %d\n", len(got), len(want))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gr, wr row
		if i < len(got) {
			gr = sortedRows(got)[i]
		}
		if i < len(want) {
			wr = sortedRows(want)[i]
		}
		fieldDiff(&b, i, gr, wr)
	}
	return b.String()
}

func sortedRows(rs []row) []row {
	out := append([]row(nil), rs...)
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// fieldDiff writes the fields of row i that differ.
func fieldDiff(b *strings.Builder, i int, got, want row) {
	names := map[string]bool{}
	for k := range got {
		names[k] = true
	}
	for k := range want {
		names[k] = true
	}
	var ks []string
	for k := range names {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		gv, gok := got[k]
		wv, wok := want[k]
		if gok != wok || gv != wv {
			fmt.Fprintf(b, "  row %d %s: got %s, want %s\n", i, k, show(gv, gok), show(wv, wok))
		}
	}
}

func show(v string, ok bool) string {
	if !ok {
		return "(absent)"
	}
	return fmt.Sprintf("%q", v)
}
