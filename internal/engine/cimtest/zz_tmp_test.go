package cimtest

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
)

func TestZZCredAccess(t *testing.T) {
	sc := corpusDir(t, "security_content")
	root := corpusDir(t, filepath.Join("evtx", "attack-samples", os.Getenv("ZZ_DIR")))
	ents, _ := os.ReadDir(root)
	for _, e := range ents {
		if !strings.HasSuffix(e.Name(), ".evtx") {
			continue
		}
		codes := map[string]int{}
		engine.DataModelRows(context.Background(), engine.DataModelOptions{Inputs: engine.Inputs{Paths: []string{filepath.Join(root, e.Name())}}}, func(*event.Event) error { return nil })
		rep, _ := engine.Hunt(context.Background(), engine.HuntOptions{ContentDirs: []string{sc}, Inputs: engine.Inputs{Paths: []string{filepath.Join(root, e.Name())}}})
		var ds []string
		for _, f := range rep.Findings {
			if !strings.Contains(f.Detection, "Anonymous Account") && !strings.Contains(f.Detection, "PowerShell Web Access IIS") {
				ds = append(ds, f.Detection)
			}
		}
		sort.Strings(ds)
		_ = codes
		t.Logf("%s: %d events: %v", e.Name(), rep.Input.Events, ds)
	}
}
