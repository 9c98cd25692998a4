package engine

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/sigma"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// sigmaLevels gives a Sigma level the ESCU type and risk score it runs with:
// high and critical rules are TTPs (a notable and risk events), low and
// medium ones Anomalies (risk events only), informational ones Hunting
// (findings only). The scores fall in the notable severity band of the
// level (detect.Severity).
var sigmaLevels = map[string]struct {
	typ   string
	score int
}{
	"critical":      {"TTP", 90},
	"high":          {"TTP", 70},
	"medium":        {"Anomaly", 50},
	"low":           {"Anomaly", 30},
	"informational": {"Hunting", 10},
	"":              {"Hunting", 10},
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
	var dets []*content.Detection
	var problems []error
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		r, err := sigma.Parse(source.NewFile(p, string(text)))
		if err != nil {
			problems = append(problems, err)
			continue
		}
		dets = append(dets, sigmaDetection(r))
	}
	return dets, problems, nil
}

// sigmaDetection turns a compiled rule into a detection. Its search is the
// compiled SPL, parsed as it is (no macro expansion: backticks in rule
// values are data); risk goes to the host the event came from.
func sigmaDetection(r *sigma.Rule) *content.Detection {
	lv, ok := sigmaLevels[r.Level]
	if !ok {
		lv = sigmaLevels[""]
	}
	d := &content.Detection{
		File:           r.File,
		Name:           r.Title,
		ID:             r.ID,
		Type:           lv.typ,
		Status:         r.Status,
		Description:    r.Description,
		Search:         r.SPL,
		MitreAttackIDs: r.AttackIDs(),
		SecurityDomain: "endpoint",
		RiskScore:      lv.score,
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
