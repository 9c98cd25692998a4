package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/corpus"
)

// TestSigmaRegressionData runs each SigmaHQ rule that ships regression data
// over its EVTX recording, where SigmaHQ says the rule must match, and
// counts the rules that do. It fails when the count drops below the floor in
// testdata/sigma_thresholds.json, and lists every rule that misses.
func TestSigmaRegressionData(t *testing.T) {
	root := corpus.Dir(t, "sigma")
	var floor struct {
		MinMatched int `json:"min_matched"`
	}
	b, err := os.ReadFile("testdata/sigma_thresholds.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &floor); err != nil {
		t.Fatal(err)
	}
	ruleByID := map[string]string{}
	infos := []string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch {
		case strings.Contains(p, "regression_data") && d.Name() == "info.yml":
			infos = append(infos, p)
		case strings.HasSuffix(p, ".yml") && !strings.Contains(p, "regression_data"):
			if id := yamlID(t, p, "id: "); id != "" {
				ruleByID[id] = p
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(infos)
	// Each rule runs over its EVTX recording and over the JSON rendering
	// shipped beside it: the same rule must match both.
	for _, kind := range []string{"evtx", "json"} {
		var matched, tried int
		var misses []string
		for _, info := range infos {
			id := yamlID(t, info, "- id: ") // rule_metadata: - id: <rule id>
			rule, ok := ruleByID[id]
			if !ok {
				t.Logf("%s: rule %s not in the corpus", info, id)
				continue
			}
			files, _ := filepath.Glob(filepath.Join(filepath.Dir(info), "*."+kind))
			if len(files) == 0 {
				continue
			}
			tried++
			rep, err := Hunt(context.Background(), HuntOptions{SigmaDirs: []string{rule}, Inputs: Inputs{Paths: files}})
			rel, _ := filepath.Rel(root, rule)
			switch {
			case err != nil:
				misses = append(misses, rel+": "+err.Error())
			case len(rep.Errors) > 0:
				misses = append(misses, rel+": "+firstLine(rep.Errors[0].Err.Error()))
			case len(rep.Findings) == 0:
				misses = append(misses, rel+": no match")
			default:
				matched++
			}
		}
		t.Logf("%s: %d of %d rules with regression data match it (floor %d)", kind, matched, tried, floor.MinMatched)
		for _, m := range misses {
			t.Log("  miss: " + m)
		}
		if matched < floor.MinMatched {
			t.Errorf("%s: %d rules match their regression data, below the floor of %d", kind, matched, floor.MinMatched)
		}
	}
}

// yamlID returns the text after prefix on the first line of file p that
// starts with it (after indentation).
func yamlID(t *testing.T, p, prefix string) string {
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, prefix) {
			return strings.Trim(strings.TrimSpace(line[len(prefix):]), `'"`)
		}
	}
	return ""
}
