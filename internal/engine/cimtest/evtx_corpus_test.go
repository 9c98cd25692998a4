package cimtest

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/engine"
	"github.com/riskhound/riskhound/internal/event"
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
// (technique -> tactics from the corpus's mitre_enrichment.csv).
//
// Detections that fire on an empty input (a `stats count` with no BY returns
// count=0, which Splunk also returns) say nothing about the data; they are
// measured first and left out of both numbers. Each folder is hunted with the
// full content; (a) is the union of the detections fired per folder. For (b)
// each file of a tactic folder is then hunted alone with the detections that
// fired on its folder, so a finding is attributed to its file. With -short
// only a few files per tactic folder are hunted. The numbers must not fall
// below testdata/thresholds.json.
func TestEVTXCorpusFiring(t *testing.T) {
	sc := corpus.Dir(t, "security_content")
	root := corpus.Dir(t, filepath.Join("evtx", "attack-samples"))
	tactics := loadTactics(t, filepath.Join(corpus.Dir(t, "attack"), "mitre_enrichment.csv"))
	floor := loadThresholds(t)
	want := floor.Full
	if testing.Short() {
		want = floor.Short
	}
	ctx := context.Background()
	start := time.Now()

	empty := filepath.Join(t.TempDir(), "empty.xml")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	base, err := engine.Hunt(ctx, engine.HuntOptions{ContentDirs: []string{sc}, Inputs: engine.Inputs{Paths: []string{empty}}})
	if err != nil {
		t.Fatal(err)
	}
	vacuous := map[string]bool{}
	for _, f := range base.Findings {
		vacuous[f.Detection] = true
	}
	t.Logf("content: %d detections loaded, %d run, %d failed; %d fire on an empty input and are not counted: %v",
		base.Loaded, base.Run, len(base.Errors), len(vacuous), sortedKeys(vacuous))

	files := evtxFiles(t, root, testing.Short())
	byFolder := map[string][]string{}
	var folders []string
	for _, f := range files {
		k := folderOf(root, f)
		if byFolder[k] == nil {
			folders = append(folders, k)
		}
		byFolder[k] = append(byFolder[k], f)
	}
	fired := map[string]bool{}
	folderFired := map[string][]string{}
	var events int64
	problems, problemFiles := 0, map[string]bool{}
	for _, k := range folders {
		rep, err := engine.Hunt(ctx, engine.HuntOptions{ContentDirs: []string{sc}, Inputs: engine.Inputs{
			Paths: byFolder[k],
			Problem: func(p event.Problem) {
				problems++
				problemFiles[p.Path] = true
			},
		}})
		if err != nil {
			t.Skipf("hunt over %s failed (is the EVTX reader finished?): %v", k, err)
		}
		if rep.Input.Files == 0 || rep.Input.Events == 0 {
			t.Skipf("the EVTX reader read %d events from %d of %d files in %s (%d skipped); skipping",
				rep.Input.Events, rep.Input.Files, len(byFolder[k]), k, rep.Input.Skipped)
		}
		events += rep.Input.Events
		seen := map[string]bool{}
		for _, f := range rep.Findings {
			if !vacuous[f.Detection] {
				seen[f.Detection] = true
				fired[f.Detection] = true
			}
		}
		folderFired[k] = sortedKeys(seen)
	}
	t.Logf("(a) %d distinct detections fired over %d files, %d events, %d input problems in %d files (floor %d) [%s]",
		len(fired), len(files), events, problems, len(problemFiles), want.Fired, time.Since(start).Round(time.Millisecond))

	paths := detectionPaths(t, sc)
	matched := map[string]int{}
	perTactic := map[string]int{}
	credit := map[string]int{} // detection -> files it matched the tactic of
	for _, k := range folders {
		tactic := tacticOf(root, byFolder[k][0])
		if tactic == "" {
			continue
		}
		perTactic[tactic] = len(byFolder[k])
		if len(folderFired[k]) == 0 {
			continue
		}
		dirs := []string{filepath.Join(sc, "macros"), filepath.Join(sc, "lookups")}
		for _, n := range folderFired[k] {
			dirs = append(dirs, paths[n])
		}
		for _, file := range byFolder[k] {
			rep, err := engine.Hunt(ctx, engine.HuntOptions{
				ContentDirs: dirs, Detections: folderFired[k], Inputs: engine.Inputs{Paths: []string{file}},
			})
			if err != nil {
				t.Errorf("hunt %s: %v", file, err)
				continue
			}
			if dets := tacticMatches(rep.Findings, tactic, tactics); len(dets) > 0 {
				matched[tactic]++
				for _, d := range dets {
					credit[d]++
				}
			}
		}
	}
	total := 0
	for _, tac := range tacticFolders {
		total += matched[tac]
		t.Logf("  %-20s %2d of %2d files matched", tac, matched[tac], perTactic[tac])
	}
	t.Logf("(b) %d of %d files in tactic folders have a finding of their folder's tactic (floor %d) [%s]",
		total, sumValues(perTactic), want.TacticFiles, time.Since(start).Round(time.Millisecond))
	t.Logf("    detections credited most: %s", topCredit(credit, 8))
	if len(fired) < want.Fired {
		t.Errorf("only %d distinct detections fired, below the floor of %d", len(fired), want.Fired)
	}
	if total < want.TacticFiles {
		t.Errorf("only %d files matched their tactic folder, below the floor of %d", total, want.TacticFiles)
	}
}

// detectionPaths maps each detection name of the content to its YAML file.
func detectionPaths(t *testing.T, sc string) map[string]string {
	t.Helper()
	c, err := content.Load(context.Background(), sc)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, d := range c.Detections {
		if d.File != nil {
			out[d.Name] = d.File.Name
		}
	}
	return out
}

// topCredit renders the n detections with the most credited files.
func topCredit(credit map[string]int, n int) string {
	names := make([]string, 0, len(credit))
	for k := range credit {
		names = append(names, k)
	}
	sort.Slice(names, func(i, j int) bool {
		if credit[names[i]] != credit[names[j]] {
			return credit[names[i]] > credit[names[j]]
		}
		return names[i] < names[j]
	})
	if len(names) > n {
		names = names[:n]
	}
	parts := make([]string, len(names))
	for i, k := range names {
		parts[i] = fmt.Sprintf("%s (%d)", k, credit[k])
	}
	return strings.Join(parts, "; ")
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

// tacticMatches returns the detections (sorted, distinct) of the findings
// that carry a technique whose tactics include tactic; a sub-technique
// missing from the table falls back to its technique.
func tacticMatches(fs []detect.Finding, tactic string, tactics map[string][]string) []string {
	hit := map[string]bool{}
	for _, f := range fs {
		for _, id := range f.MitreAttack {
			ts, ok := tactics[strings.ToUpper(id)]
			if !ok {
				ts = tactics[strings.ToUpper(strings.SplitN(id, ".", 2)[0])]
			}
			for _, tac := range ts {
				if strings.EqualFold(tac, tactic) {
					hit[f.Detection] = true
				}
			}
		}
	}
	return sortedKeys(hit)
}

// folderOf returns the first folder of file below root ("." for a file
// directly in root).
func folderOf(root, file string) string {
	rel, err := filepath.Rel(root, file)
	if err != nil {
		return "."
	}
	parts := strings.SplitN(filepath.ToSlash(rel), "/", 2)
	if len(parts) < 2 {
		return "."
	}
	return parts[0]
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
