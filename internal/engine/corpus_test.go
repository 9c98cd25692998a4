package engine

import (
	"context"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// TestSeedsOverSigmaRegressionJSON runs the built-in detections over every
// JSON rendering in the Sigma regression data: nothing may crash, every file
// must be read (events > 0) or reported, and every detection must run.
func TestSeedsOverSigmaRegressionJSON(t *testing.T) {
	root := corpus.Dir(t, "sigma/regression_data")
	var files []string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".json") {
			files = append(files, p)
		}
		return nil
	})
	if len(files) == 0 {
		t.Fatal("no JSON files in the regression data")
	}
	problems := map[string]bool{}
	rep, err := Hunt(context.Background(), HuntOptions{Inputs: Inputs{
		Paths:   files,
		Problem: func(p event.Problem) { problems[strings.SplitN(p.Path, ":", 2)[0]] = true },
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Errors) > 0 {
		t.Errorf("detection errors: %v", rep.Errors)
	}
	if rep.Run != 2 {
		t.Errorf("ran %d detections, want 2", rep.Run)
	}
	if rep.Input.Files+rep.Input.Skipped != len(files) {
		t.Errorf("read %d and skipped %d of %d files", rep.Input.Files, rep.Input.Skipped, len(files))
	}
	if rep.Input.Events < int64(len(files)) {
		t.Errorf("read %d events from %d files", rep.Input.Events, len(files))
	}
	t.Logf("%d files, %d events, %d files with problems, %d findings", len(files), rep.Input.Events, len(problems), len(rep.Findings))
	for _, f := range rep.Findings {
		if f.Result.Get("EventCode").Text() != "4104" {
			t.Errorf("finding on a non-4104 event: %+v", f.Result)
		}
	}
}
