package engine

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/sigma"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// sigmaScores gives a Sigma level the risk score its findings carry. Every
// Sigma rule runs as a TTP (a notable and a risk event on the host per
// match); the scores fall in the notable severity band of the level
// (detect.Severity), so the notable severity is the rule's level.
var sigmaScores = map[string]int{
	"critical":      90,
	"high":          70,
	"medium":        50,
	"low":           30,
	"informational": 10,
}

// loadSigma reads the Sigma rules under dirs (files or folders walked for
// .yml/.yaml) and returns them as detections, sorted by file path. A file
// that is not a Sigma rule is a problem; a rule that does not compile is a
// detection with Err set, so it is reported with the others that cannot run.
func loadSigma(ctx context.Context, dirs []string) ([]*content.Detection, []error, error) {
	var paths []string
	for _, dir := range dirs {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			paths = append(paths, dir)
			continue
		}
		err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && (strings.HasSuffix(p, ".yml") || strings.HasSuffix(p, ".yaml")) {
				paths = append(paths, p)
			}
			return ctx.Err()
		})
		if err != nil {
			return nil, nil, err
		}
	}
	sort.Strings(paths)
	// Rules are independent: read, compile and parse them on every core,
	// keeping the path order in the result.
	type result struct {
		det *content.Detection
		err error
	}
	results := make([]result, len(paths))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(paths)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(paths) || ctx.Err() != nil {
					return
				}
				text, err := os.ReadFile(paths[i])
				if err != nil {
					results[i].err = err
					continue
				}
				r, err := sigma.Parse(source.NewFile(paths[i], string(text)))
				if err != nil {
					results[i].err = err
					continue
				}
				results[i].det = sigmaDetection(r)
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	var dets []*content.Detection
	var problems []error
	for _, r := range results {
		if r.err != nil {
			problems = append(problems, r.err)
		} else {
			dets = append(dets, r.det)
		}
	}
	return dets, problems, nil
}

// sigmaDetection turns a compiled rule into a detection. Its search is the
// compiled SPL, parsed as it is (no macro expansion: backticks in rule
// values are data); risk goes to the host the event came from.
func sigmaDetection(r *sigma.Rule) *content.Detection {
	score, ok := sigmaScores[r.Level]
	if !ok {
		score = sigmaScores["informational"]
	}
	d := &content.Detection{
		File:           r.File,
		Name:           r.Title,
		ID:             r.ID,
		Type:           "TTP",
		Status:         r.Status,
		Description:    r.Description,
		Search:         r.SPL,
		MitreAttackIDs: r.AttackIDs(),
		SecurityDomain: "endpoint",
		RiskScore:      score,
		Message:        r.Title + " on $host$",
		Observables:    []content.Observable{{Field: "host", Type: "Hostname", Roles: []string{"Victim"}, ObjectType: "system"}},
		Author:         r.Author,
		Date:           r.Date,
		References:     r.References,
		Notable:        content.NotableConfig{NESFields: []string{"host", "User"}},
		Err:            r.Err,
	}
	if r.Err != nil {
		return d
	}
	d.SearchFile = source.NewFile(r.File.Name+": compiled SPL", r.SPL)
	d.Pipeline, d.Err = parse.Parse(d.SearchFile)
	return d
}
