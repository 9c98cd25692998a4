package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestHuntExamples(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--format", "jsonl", "../../examples")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 findings on the examples, got %d:\n%s", len(lines), out)
	}
	for _, l := range lines {
		var f map[string]any
		if err := json.Unmarshal([]byte(l), &f); err != nil {
			t.Fatalf("not JSON: %v\n%s", err, l)
		}
		for _, k := range []string{"detection", "detection_id", "type", "result", "notable", "risk", "threat_objects", "mitre_attack", "analytic_story"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks key %q", k)
			}
		}
	}
	if !strings.Contains(errs, "2 detections loaded, 2 run, 2 fired") {
		t.Errorf("summary missing: %s", errs)
	}
}

func TestHuntTableAndCSV(t *testing.T) {
	_, out, _ := runCLI(t, "hunt", "--format", "table", "../../examples")
	if !strings.HasPrefix(out, "SEVERITY") || !strings.Contains(out, "critical  PowerShell Invoke WmiExec Usage") {
		t.Errorf("table:\n%s", out)
	}
	_, out, _ = runCLI(t, "hunt", "--format", "csv", "../../examples")
	if !strings.HasPrefix(out, "detection,detection_id,") || strings.Count(out, "\n") < 3 {
		t.Errorf("csv:\n%s", out)
	}
}

func TestHuntDetectionSelection(t *testing.T) {
	code, out, _ := runCLI(t, "hunt", "--format", "jsonl", "--detection", "0734bd21-2769-4972-a5f1-78bb1e011224", "../../examples")
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.Contains(out, "WmiExec") {
		t.Errorf("exit %d, out:\n%s", code, out)
	}
	code, _, errs := runCLI(t, "hunt", "--detection", "No Such Detection", "../../examples")
	if code != exitInput || !strings.Contains(errs, `no detection named or with ID "No Such Detection"`) {
		t.Errorf("exit %d, stderr: %s", code, errs)
	}
}

func TestHuntOutputFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f.jsonl")
	code, out, _ := runCLI(t, "hunt", "--output", p, "../../examples")
	b, err := os.ReadFile(p)
	if code != 0 || err != nil || out != "" || strings.Count(string(b), "\n") != 2 {
		t.Errorf("exit %d err %v stdout %q file %q", code, err, out, b)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"hunt"},
		{"hunt", "--format", "yaml", "../../examples"},
		{"hunt", "--bogus", "x"},
		{"hunt", "does/not/exist"},
		{"events", "--format", "csv", "../../examples"},
		{"frobnicate"},
	} {
		code, _, errs := runCLI(t, args...)
		if code != exitInput || errs == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 with a message", args, code, errs)
		}
	}
}

func TestSearchErrorShowsCaret(t *testing.T) {
	code, _, errs := runCLI(t, "search", "EventCode=4104 | mstats count", "../../examples")
	if code != exitInput {
		t.Errorf("exit %d", code)
	}
	if !strings.Contains(errs, `"mstats"`) || !strings.Contains(errs, "^^^^^^") {
		t.Errorf("no positioned error for mstats:\n%s", errs)
	}
}

func TestSearchAndEvents(t *testing.T) {
	code, out, errs := runCLI(t, "search", "--format", "csv", "EventCode=4104 | stats count by Computer", "../../examples")
	want := "Computer,count\nSRV-FILE01.corp.local,2\nWS-CAROL.corp.local,3\nWS-DAVE.corp.local,1\n"
	if code != 0 || out != want {
		t.Errorf("exit %d stderr %s\n got %q\nwant %q", code, errs, out, want)
	}
	code, out, _ = runCLI(t, "events", "--format", "xml", "../../examples/powershell-operational.log")
	if code != 0 || strings.Count(out, "\n") != 4 || !strings.HasPrefix(out, "<Event") {
		t.Errorf("events xml: exit %d\n%s", code, out)
	}
}

func TestHelpExplains(t *testing.T) {
	for _, c := range []string{"hunt", "search", "events", "validate", "test", "datamodel"} {
		code, out, _ := runCLI(t, c, "-h")
		if code != 0 || !strings.Contains(out, "Usage:") || !strings.Contains(out, "Examples:") {
			t.Errorf("%s -h: exit %d\n%s", c, code, out)
		}
	}
}

// The example Sigma rule runs beside (or instead of) ESCU content, and
// validate shows the SPL it compiles to.
func TestHuntSigmaExample(t *testing.T) {
	code, out, errs := runCLI(t, "hunt", "--sigma", "../../sigma", "--format", "jsonl", "../../examples")
	if code != exitOK || strings.Count(out, "\n") != 1 || !strings.Contains(out, `"detection":"PowerShell Remote Session Starts A Process"`) ||
		!strings.Contains(out, `"severity":"medium"`) || !strings.Contains(errs, "1 detections loaded, 1 run, 1 fired") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "validate", "--sigma", "../../sigma", "--format", "json")
	if code != exitOK || !strings.Contains(out, `"search":"search source IN (\"XmlWinEventLog:Microsoft-Windows-PowerShell/Operational\"`) {
		t.Errorf("validate: exit %d\n%s", code, out)
	}
}

// test replays fixture datasets: passes, fails with reasons (exit 1), skips
// what is not on disk, and skips everything without --data-root.
func TestTestCommand(t *testing.T) {
	fixture := "../../internal/engine/testdata/contenttest"
	code, out, errs := runCLI(t, "test", "--content", fixture+"/content", "--data-root", fixture+"/attack_data")
	if code != exitInput || strings.Count(out, "PASS ") != 2 || strings.Count(out, "FAIL ") != 2 || strings.Count(out, "SKIP ") != 1 ||
		!strings.Contains(errs, "5 tests of 5 detections: 2 passed, 2 failed, 1 skipped") {
		t.Errorf("exit %d\n%s\n%s", code, out, errs)
	}
	code, out, _ = runCLI(t, "test", "--content", fixture+"/content", "--data-root", fixture+"/attack_data", "--format", "junit",
		"--detection", "Fixture Console Login")
	if code != exitOK || !strings.Contains(out, `<testsuite name="riskhound detection tests" tests="1" failures="0"`) {
		t.Errorf("junit: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, "test", "--content", fixture+"/content")
	if code != exitOK || strings.Count(out, "SKIP ") != 5 || !strings.Contains(out, "--data-root") {
		t.Errorf("no data root: exit %d\n%s", code, out)
	}
}
