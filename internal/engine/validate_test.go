package engine

import (
	"context"
	"encoding/json"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"sort"
	"testing"
)

// TestValidateESCUCorpus validates the whole ESCU corpus and fails when the
// loaded, parsed or planned counts drop below the floors stored in
// testdata/validate_thresholds.json, or errors rise above theirs.
func TestValidateESCUCorpus(t *testing.T) {
	dir := corpus.Dir(t, "security_content")
	var th struct {
		MinLoaded  int `json:"min_loaded"`
		MinParsed  int `json:"min_parsed"`
		MinPlanned int `json:"min_planned"`
		MaxErrors  int `json:"max_errors"`
	}
	b, err := os.ReadFile("testdata/validate_thresholds.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &th); err != nil {
		t.Fatal(err)
	}
	rep, err := Validate(context.Background(), []string{dir}, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d loaded, %d parsed, %d planned, %d unsupported, %d errors", rep.Loaded, rep.Parsed, rep.Planned, rep.Unsupported, rep.Errors)
	reasons := map[string]int{}
	for _, d := range rep.Detections {
		if d.Status != StatusOK && len(d.Errors) > 0 {
			reasons[d.Status+": "+firstMessage(d.Errors[0])]++
		}
	}
	keys := make([]string, 0, len(reasons))
	for k := range reasons {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return reasons[keys[i]] > reasons[keys[j]] })
	for _, k := range keys {
		t.Logf("%4d %s", reasons[k], k)
	}
	if rep.Loaded < th.MinLoaded || rep.Parsed < th.MinParsed || rep.Planned < th.MinPlanned || rep.Errors > th.MaxErrors {
		t.Errorf("regression: %d loaded (min %d), %d parsed (min %d), %d planned (min %d), %d errors (max %d)",
			rep.Loaded, th.MinLoaded, rep.Parsed, th.MinParsed, rep.Planned, th.MinPlanned, rep.Errors, th.MaxErrors)
	}
}
