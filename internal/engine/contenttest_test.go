package engine

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// TestRunTests replays fixture detections' attack_data from a local
// attack_data copy: a detection that fires passes, one that returns nothing
// or raises no risk fails with the reason, a missing dataset is skipped, and
// the declared sourcetype reaches the events (the cloud detection selects on
// it).
func TestRunTests(t *testing.T) {
	dir := filepath.Join("testdata", "contenttest")
	rep, err := RunTests(context.Background(), TestOptions{
		ContentDirs: []string{filepath.Join(dir, "content")},
		DataRoot:    filepath.Join(dir, "attack_data"),
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct{ status, reason string }{
		"Fixture Certutil Download":   {TestPass, ""},
		"Fixture Console Login":       {TestPass, ""},
		"Fixture Missing Dataset":     {TestSkip, "not_there.json"},
		"Fixture Never Fires":         {TestFail, "no results"},
		"Fixture Without Risk Object": {TestFail, "risk object field (dest)"},
	}
	if len(rep.Results) != len(want) {
		t.Fatalf("%d results, want %d: %+v", len(rep.Results), len(want), rep.Results)
	}
	for _, r := range rep.Results {
		w, ok := want[r.Detection]
		if !ok {
			t.Errorf("unexpected test of %q", r.Detection)
			continue
		}
		if r.Status != w.status || !strings.Contains(r.Reason, w.reason) {
			t.Errorf("%s: %s %q, want %s containing %q", r.Detection, r.Status, r.Reason, w.status, w.reason)
		}
	}
	if rep.Pass != 2 || rep.Fail != 2 || rep.Skip != 1 || rep.Errors != 0 {
		t.Errorf("counts pass %d fail %d skip %d errors %d", rep.Pass, rep.Fail, rep.Skip, rep.Errors)
	}
}

func TestDatasetPath(t *testing.T) {
	tests := []struct{ data, root, want string }{
		{"https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/a/b.log", "/ad", "/ad/datasets/a/b.log"},
		{"https://raw.githubusercontent.com/splunk/attack_data/main/datasets/a/b.log", "/ad", "/ad/datasets/a/b.log"},
		{"datasets/a/b.log", "/ad", "/ad/datasets/a/b.log"},
		{"/abs/b.log", "/ad", "/abs/b.log"},
		{"https://example.com/b.log", "/ad", ""},
		{"https://media.githubusercontent.com/media/splunk/attack_data/master/datasets/a/b.log", "", ""},
	}
	for _, tc := range tests {
		got, ok := datasetPath(tc.data, tc.root)
		if !ok {
			got = ""
		}
		if got != filepath.FromSlash(tc.want) {
			t.Errorf("datasetPath(%q, %q) = %q, want %q", tc.data, tc.root, got, tc.want)
		}
	}
}
