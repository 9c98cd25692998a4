package engine

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/event"
)

// TestOptions configures RunTests.
type TestOptions struct {
	// ContentDirs are ESCU-style content folders; none means the built-in
	// content.
	ContentDirs []string
	// DataRoot is a local copy of splunk/attack_data: a dataset URL
	// .../attack_data/<branch>/<path> is read from DataRoot/<path>; a
	// relative dataset path is read from under DataRoot.
	DataRoot string
	// Detections selects detections by name or ID; none means all that have
	// tests.
	Detections []string
	// Progress, when set, is called after each test.
	Progress func(TestResult)
}

// Test outcomes.
const (
	TestPass = "pass" // the detection fired (and raised the risk/notable its type asks)
	TestFail = "fail" // it ran on its data and did not
	TestSkip = "skip" // a dataset is not available locally
	TestErr  = "error"
)

// TestResult is the outcome of one test of one detection.
type TestResult struct {
	Detection string        `json:"detection"`
	ID        string        `json:"detection_id"`
	File      string        `json:"file"`
	Test      string        `json:"test"`
	Status    string        `json:"status"`
	Reason    string        `json:"reason,omitempty"`
	Findings  int           `json:"findings"`
	Events    int64         `json:"events"`
	Datasets  []string      `json:"datasets"`
	Elapsed   time.Duration `json:"-"`
}

// TestReport is what RunTests did.
type TestReport struct {
	Results                  []TestResult
	Pass, Fail, Skip, Errors int
	Detections, WithoutTests int
	Elapsed                  time.Duration
}

// RunTests runs the contentctl-style tests of the selected detections, as
// contentctl's integration tests do against a Splunk: each test's attack_data
// datasets are replayed with their declared source and sourcetype, the
// detection searches all of time, and the test passes when the detection
// returns results and, for TTP and Anomaly detections, those results raise
// risk events (TTP: and a notable) -- a result row without the observable
// fields fails, as contentctl's risk check does. Tests whose datasets are
// not on disk are skipped with the path looked for.
func RunTests(ctx context.Context, opts TestOptions) (*TestReport, error) {
	start := time.Now()
	c, err := loadContent(ctx, opts.ContentDirs, nil)
	if err != nil {
		return nil, err
	}
	dets, err := selectDetections(c.Detections, opts.Detections)
	if err != nil {
		return nil, err
	}
	rep := &TestReport{Detections: len(dets)}
	type job struct {
		d  *content.Detection
		tc content.Test
	}
	var jobs []job
	for _, d := range dets {
		if len(d.Tests) == 0 {
			rep.WithoutTests++
			continue
		}
		for _, tc := range d.Tests {
			jobs = append(jobs, job{d, tc})
		}
	}
	// Tests are independent hunts: run them on every core, and report them
	// in content order as each one's turn comes.
	results := make([]TestResult, len(jobs))
	done := make([]chan struct{}, len(jobs))
	for i := range done {
		done[i] = make(chan struct{})
	}
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		go func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(jobs) {
					return
				}
				if ctx.Err() == nil {
					results[i] = runTest(ctx, c, jobs[i].d, jobs[i].tc, opts.DataRoot)
				}
				close(done[i])
			}
		}()
	}
	for i := range jobs {
		<-done[i]
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		r := results[i]
		switch r.Status {
		case TestPass:
			rep.Pass++
		case TestFail:
			rep.Fail++
		case TestSkip:
			rep.Skip++
		default:
			rep.Errors++
		}
		rep.Results = append(rep.Results, r)
		if opts.Progress != nil {
			opts.Progress(r)
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

func runTest(ctx context.Context, c *content.Content, d *content.Detection, tc content.Test, root string) TestResult {
	start := time.Now()
	r := TestResult{Detection: d.Name, ID: d.ID, Test: tc.Name}
	if d.File != nil {
		r.File = d.File.Name
	}
	if d.Err != nil {
		r.Status, r.Reason = TestErr, firstLine(d.Err.Error())
		return r
	}
	meta := map[string]event.SourceNames{}
	for _, ad := range tc.AttackData {
		p, ok := datasetPath(ad.Data, root)
		if !ok {
			r.Status, r.Reason = TestSkip, "dataset "+ad.Data+" is not local (use --data-root with a copy of splunk/attack_data)"
			return r
		}
		if _, err := os.Stat(p); err != nil {
			r.Status, r.Reason = TestSkip, "dataset not found: "+p
			return r
		}
		r.Datasets = append(r.Datasets, p)
		meta[p] = event.SourceNames{Source: ad.Source, Sourcetype: ad.Sourcetype}
	}
	if len(r.Datasets) == 0 {
		r.Status, r.Reason = TestSkip, "the test has no attack_data"
		return r
	}
	var problems []string
	rep, err := Hunt(ctx, HuntOptions{
		Content: c, Detections: []string{d.ID},
		Inputs: Inputs{Paths: r.Datasets, Meta: meta, Problem: func(p event.Problem) {
			if len(problems) < 3 {
				problems = append(problems, p.Error())
			}
		}},
	})
	r.Elapsed = time.Since(start)
	switch {
	case err != nil:
		r.Status, r.Reason = TestErr, firstLine(err.Error())
		return r
	case len(rep.Errors) > 0:
		r.Status, r.Reason = TestErr, firstLine(rep.Errors[0].Err.Error())
		return r
	}
	r.Findings, r.Events = len(rep.Findings), rep.Input.Events
	r.Status, r.Reason = verdict(d, rep.Findings)
	if r.Status == TestFail && rep.Input.Events == 0 {
		r.Reason = "no events could be read from the datasets"
		if len(problems) > 0 {
			r.Reason += ": " + strings.Join(problems, "; ")
		}
	}
	return r
}

// verdict applies contentctl's checks to a detection's findings.
func verdict(d *content.Detection, fs []detect.Finding) (status, reason string) {
	if len(fs) == 0 {
		return TestFail, "the detection returned no results"
	}
	if detect.CreatesRisk(d.Type) {
		risky := false
		for _, f := range fs {
			if len(f.Risk) > 0 {
				risky = true
				break
			}
		}
		if !risky {
			return TestFail, fmt.Sprintf("%d results, but none has a value for a risk object field (%s)", len(fs), observableFields(d))
		}
	}
	return TestPass, ""
}

func observableFields(d *content.Detection) string {
	var names []string
	for _, ob := range d.Observables {
		if !ob.Threat {
			names = append(names, ob.Field)
		}
	}
	return strings.Join(names, ", ")
}

// attackDataMarker precedes the branch in attack_data dataset URLs
// (media.githubusercontent.com/media/splunk/attack_data/master/datasets/...,
// raw.githubusercontent.com/splunk/attack_data/master/datasets/...).
const attackDataMarker = "/attack_data/"

// datasetPath maps a test's data reference to a local file: a URL into
// splunk/attack_data to the same path under root, a relative path to root,
// an absolute path to itself. It reports false for another URL or when root
// is needed and empty.
func datasetPath(data, root string) (string, bool) {
	data = strings.TrimSpace(data)
	if strings.Contains(data, "://") {
		i := strings.Index(data, attackDataMarker)
		if i < 0 || root == "" {
			return "", false
		}
		rest := data[i+len(attackDataMarker):]
		if _, after, ok := strings.Cut(rest, "/"); ok { // drop the branch
			return filepath.Join(root, filepath.FromSlash(after)), true
		}
		return "", false
	}
	if filepath.IsAbs(data) {
		return data, true
	}
	if root == "" {
		return data, true
	}
	return filepath.Join(root, filepath.FromSlash(data)), true
}

// firstLine is the first line of a (possibly multi-line, rendered) message.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}
