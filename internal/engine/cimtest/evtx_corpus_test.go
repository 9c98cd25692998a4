package cimtest

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/engine"
)

// thresholds are the regression floors of TestEVTXCorpusFiring
// (testdata/thresholds.json), per mode.
type thresholds struct {
	// Fired is the minimum number of distinct ESCU detections with at least
	// one finding over the files hunted.
	Fired int `json:"min_detections_fired"`
	// TacticFiles is the minimum number of files in a tactic folder with a
	// finding whose ATT&CK technique belongs to that tactic.
	TacticFiles int `json:"min_tactic_matched_files"`
}

type thresholdFile struct {
	Note  string     `json:"note"`
	Full  thresholds `json:"full"`
	Short thresholds `json:"short"`
}

// tacticFolders are the ATT&CK tactic folders of the attack samples; other
// folders (Other, AutomatedTestingTools) and top-level files count for
// firing but have no tactic to match.
var tacticFolders = []string{
	"Command and Control", "Credential Access", "Defense Evasion", "Discovery",
	"Execution", "Lateral Movement", "Persistence", "Privilege Escalation",
}

// shortSample is how many files per tactic folder the -short run hunts (the
// first ones in lexical order, so the sample is stable).
const shortSample = 3

// TestEVTXCorpusFiring hunts the EVTX attack samples with the full ESCU
// content and records (a) how many distinct detections fire and (b) how many
// files in a tactic folder produce a finding of a technique of that tactic
// (technique -> tactics from the corpus's mitre_enrichment.csv). Per-file
// attribution hunts each file on its own with the detections that fired on
// the whole set. With -short only a few files per tactic folder are hunted.
// The numbers must not fall below testdata/thresholds.json.
func TestEVTXCorpusFiring(t *testing.T) {
	sc := corpusDir(t, "security_content")
	root := corpusDir(t, filepath.Join("evtx", "attack-samples"))
	tactics := loadTactics(t, filepath.Join(corpusDir(t, "attack"), "mitre_enrichment.csv"))
	floor := loadThresholds(t)
	want := floor.Full
	if testing.Short() {
		want = floor.Short
	}

	files := evtxFiles(t, root, testing.Short())
	ctx := context.Background()
	start := time.Now()
	rep, err := engine.Hunt(ctx, engine.HuntOptions{
		ContentDirs: []string{sc},
		Inputs:      engine.Inputs{Paths: files},
	})
	if err != nil {
		t.Skipf("hunt over the EVTX corpus failed (is the EVTX reader finished?): %v", err)
	}
	if rep.Input.Files == 0 || rep.Input.Events == 0 {
		t.Skipf("the EVTX reader read %d events from %d of %d files (%d skipped); skipping",
			rep.Input.Events, rep.Input.Files, len(files), rep.Input.Skipped)
	}
	fired := map[string]bool{}
	for _, f := range rep.Findings {
		fired[f.Detection] = true
	}
	t.Logf("full hunt: %d files, %d events, %d detections loaded, %d run, %d failed, %d fired, %d findings, in %s",
		rep.Input.Files, rep.Input.Events, rep.Loaded, rep.Run, len(rep.Errors), len(fired), len(rep.Findings),
		time.Since(start).Round(time.Millisecond))

	// Per-file attribution with only the detections that fired.
	c, err := content.Load(ctx, sc)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{filepath.Join(sc, "macros"), filepath.Join(sc, "lookups")}
	for _, d := range c.Detections {
		if fired[d.Name] && d.File != nil {
			dirs = append(dirs, d.File.Name)
		}
	}
	names := sortedKeys(fired)
	matched := map[string][]string{} // tactic -> matched files
	perTactic := map[string]int{}
	withFindings := 0
	for _, file := range files {
		tactic := tacticOf(root, file)
		if tactic != "" {
			perTactic[tactic]++
		}
		if len(names) == 0 {
			continue
		}
		fr, err := engine.Hunt(ctx, engine.HuntOptions{
			ContentDirs: dirs,
			Detections:  names,
			Inputs:      engine.Inputs{Paths: []string{file}},
		})
		if err != nil {
			t.Errorf("hunt %s: %v", file, err)
			continue
		}
		if len(fr.Findings) > 0 {
			withFindings++
		}
		if tactic != "" && matchesTactic(fr.Findings, tactic, tactics) {
			matched[tactic] = append(matched[tactic], filepath.Base(file))
		}
	}
	total := 0
	for _, tac := range tacticFolders {
		total += len(matched[tac])
		t.Logf("  %-20s %2d of %2d files matched", tac, len(matched[tac]), perTactic[tac])
	}
	t.Logf("(a) distinct detections fired: %d (floor %d)", len(fired), want.Fired)
	t.Logf("(b) files with a finding of their folder's tactic: %d of %d in tactic folders (floor %d); %d of %d files have any finding; %s total",
		total, sumValues(perTactic), want.TacticFiles, withFindings, len(files), time.Since(start).Round(time.Millisecond))
	if len(fired) < want.Fired {
		t.Errorf("only %d distinct detections fired, below the floor of %d", len(fired), want.Fired)
	}
	if total < want.TacticFiles {
		t.Errorf("only %d files matched their tactic folder, below the floor of %d", total, want.TacticFiles)
	}
}

// evtxFiles lists the .evtx files under root in lexical order; in short mode
// only the first shortSample of each tactic folder.
func evtxFiles(t *testing.T, root string, short bool) []string {
	t.Helper()
	var files []string
	taken := map[string]int{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.EqualFold(filepath.Ext(p), ".evtx") {
			return err
		}
		if short {
			tac := tacticOf(root, p)
			if tac == "" || taken[tac] >= shortSample {
				return nil
			}
			taken[tac]++
		}
		files = append(files, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Skipf("no .evtx files under %s", root)
	}
	return files
}

// tacticOf returns the tactic folder file sits in (its first folder below
// root), or "" when that folder is not a tactic.
func tacticOf(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return ""
	}
	first := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
	for _, tac := range tacticFolders {
		if first == tac {
			return tac
		}
	}
	return ""
}

// matchesTactic reports whether one of the findings carries a technique
// whose tactics include tactic.
func matchesTactic(fs []detect.Finding, tactic string, tactics map[string][]string) bool {
	for _, f := range fs {
		for _, id := range f.MitreAttack {
			ts, ok := tactics[strings.ToUpper(id)]
			if !ok {
				ts = tactics[strings.ToUpper(strings.SplitN(id, ".", 2)[0])]
			}
			for _, tac := range ts {
				if strings.EqualFold(tac, tactic) {
					return true
				}
			}
		}
	}
	return false
}

// loadTactics reads mitre_enrichment.csv (mitre_id, technique, tactics with
// "|" between them, groups) into technique ID -> tactics.
func loadTactics(t *testing.T, path string) map[string][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("ATT&CK table not available: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(recs) < 2 || len(recs[0]) < 3 || recs[0][0] != "mitre_id" || recs[0][2] != "tactics" {
		t.Fatalf("%s: unexpected header %v", path, recs[0])
	}
	out := map[string][]string{}
	for _, r := range recs[1:] {
		out[strings.ToUpper(r[0])] = strings.Split(r[2], "|")
	}
	return out
}

func loadThresholds(t *testing.T) thresholdFile {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "thresholds.json"))
	if err != nil {
		t.Fatal(err)
	}
	var th thresholdFile
	if err := json.Unmarshal(b, &th); err != nil {
		t.Fatalf("testdata/thresholds.json: %v", err)
	}
	return th
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func sumValues(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
