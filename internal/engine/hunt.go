package engine

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/eventtype"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// HuntOptions configures Hunt.
type HuntOptions struct {
	// ContentDirs are ESCU-style content folders; none means the built-in
	// content (the two seed detections).
	ContentDirs []string
	// SigmaDirs are Sigma rule files or folders. With SigmaDirs and no
	// ContentDirs only the Sigma rules run.
	SigmaDirs []string
	// Content, when set, is loaded and compiled content to use instead of
	// loading ContentDirs and SigmaDirs (RunTests hunts once per test).
	Content *content.Content
	// Detections selects detections by name (case-insensitive) or ID; none
	// means all.
	Detections []string
	Inputs     Inputs
	Time       TimeRange
	// GeoIP is a MaxMind City database file for iplocation; empty means
	// none (iplocation then fails on rows that have an address).
	GeoIP string
	// OutputLookupDir is where outputlookup writes CSV files; empty means
	// they are not written (Warn says so).
	OutputLookupDir string
	// Warn receives run-time notices that are not errors.
	Warn   func(msg string)
	Logger *slog.Logger
}

// DetectionError is a detection that could not be compiled or run. The other
// detections are unaffected.
type DetectionError struct {
	Detection string
	File      string
	Err       error
}

func (e DetectionError) Error() string {
	return fmt.Sprintf("detection %q: %v", e.Detection, e.Err)
}

// HuntReport is what a hunt found and what it did.
type HuntReport struct {
	Findings []detect.Finding
	// Loaded counts detections loaded; Run those compiled and run; Fired those
	// with at least one finding.
	Loaded, Run, Fired int
	// Errors lists detections that failed to load, compile or run.
	Errors []DetectionError
	// ContentProblems lists content files that failed to load.
	ContentProblems source.List
	Input           inputs.Stats
	Elapsed         time.Duration
}

// Hunt loads content, reads the inputs once and runs every selected detection
// over them. It fails only when nothing can be done at all (content folder or
// input path missing, no detection selected, cancellation); per-detection and
// per-record problems are in the report.
func Hunt(ctx context.Context, opts HuntOptions) (*HuntReport, error) {
	start := time.Now()
	log := logger(opts.Logger)
	rep := &HuntReport{}

	c := opts.Content
	if c == nil {
		var err error
		if c, err = loadContent(ctx, opts.ContentDirs, opts.SigmaDirs); err != nil {
			return nil, err
		}
	}
	rep.ContentProblems = c.Problems
	dets, err := selectDetections(c.Detections, opts.Detections)
	if err != nil {
		return nil, err
	}
	rep.Loaded = len(dets)

	geo, err := openGeoIP(opts.GeoIP)
	if err != nil {
		return nil, err
	}
	if geo != nil {
		defer geo.Close()
	}
	all := &eventSet{}
	env := jobEnv(c, opts.Time, all, jobOptions{geo: geo, lookupDir: opts.OutputLookupDir, warn: opts.Warn})
	var runs []*run
	for _, d := range dets {
		if d.Err != nil || d.Pipeline == nil {
			rep.Errors = append(rep.Errors, detErr(d, d.Err))
			continue
		}
		p, err := exec.Compile(d.Pipeline, detectionEnv(env, d))
		if err != nil {
			rep.Errors = append(rep.Errors, detErr(d, remap(d, err)))
			continue
		}
		runs = append(runs, &run{det: d, prog: p})
		all.keep = all.keep || hasSubsearch(d.Pipeline)
	}
	log.Debug("compiled detections", "runnable", len(runs), "failed", len(rep.Errors))

	var scanning []*run
	var leading []ast.SearchExpr
	var datasets []*datamodel.Dataset
	dms, _ := env.DataModels.(*dataModels)
	for _, r := range runs {
		if !r.prog.Generating() {
			scanning = append(scanning, r)
			ds := dms.datasetOf(r.prog.Plan())
			if ds != nil {
				var where ast.SearchExpr // tstats WHERE, tested on the row
				if f := r.prog.Plan().Search; f != nil {
					where = f.Expr()
				}
				leading = append(leading, where)
			} else {
				leading = append(leading, leadingSearch(r.det.Pipeline))
			}
			datasets = append(datasets, ds)
		}
	}
	var rowsOf func(*event.Event) []datamodel.Row
	if dms != nil {
		rowsOf = dms.rows
	}
	route := newRowRouter(leading, datasets, rowsOf)
	filters := make([]ast.SearchExpr, len(scanning))
	for i, r := range scanning {
		if f := r.prog.Plan().Search; datasets[i] == nil && f != nil {
			filters[i] = f.Expr()
		}
	}
	route.usePrefilter(filters)
	if len(scanning) > 0 || len(runs) == 0 {
		stats, err := readPipelined(ctx, opts.Inputs, func(ev *event.Event) {
			kept := all.keep
			if kept {
				all.events = append(all.events, ev)
			}
			for _, i := range route.candidates(ev) {
				if r := scanning[i]; r.prog.Match(ev) {
					r.events = append(r.events, ev)
					kept = true
				}
			}
			if kept && dms != nil {
				dms.retain(ev)
			}
		})
		rep.Input = stats
		if err != nil {
			return nil, err
		}
	}

	results := make([][]detect.Finding, len(runs))
	errs := make([]error, len(runs))
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for i, r := range runs {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			sortNewestFirst(r.events)
			rows, err := r.prog.Run(ctx, r.events)
			r.events = nil
			if err != nil {
				errs[i] = err
				return
			}
			results[i] = detect.Findings(r.det, rows)
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, r := range runs {
		if errs[i] != nil {
			rep.Errors = append(rep.Errors, detErr(r.det, errs[i]))
			continue
		}
		rep.Run++
		if len(results[i]) > 0 {
			rep.Fired++
			rep.Findings = append(rep.Findings, results[i]...)
		}
	}
	rep.Elapsed = time.Since(start)
	return rep, nil
}

// detectionEnv is env with the detection's expanded search text, which the
// compiled program's diagnostics point into.
func detectionEnv(env exec.Env, d *content.Detection) exec.Env {
	if d.Expanded != nil {
		env.File = d.Expanded.File
	}
	return env
}

// leadingSearch returns the expression of a pipeline's first command when it
// is an event search, else nil.
func leadingSearch(p *ast.Pipeline) ast.SearchExpr {
	if len(p.Commands) == 0 {
		return nil
	}
	if s, ok := p.Commands[0].(*ast.SearchCommand); ok {
		return s.Expr
	}
	return nil
}

type run struct {
	det    *content.Detection
	prog   *exec.Program
	events []*event.Event
}

func detErr(d *content.Detection, err error) DetectionError {
	if err == nil {
		err = errors.New("no search to run")
	}
	name := ""
	if d.File != nil {
		name = d.File.Name
	}
	return DetectionError{Detection: d.Name, File: name, Err: err}
}

// remap points errors from compiling the expanded search back into the
// detection's search text.
func remap(d *content.Detection, err error) error {
	if d.Expanded != nil {
		return d.Expanded.Remap(err)
	}
	return err
}

func loadContent(ctx context.Context, dirs, sigmaDirs []string) (*content.Content, error) {
	var c *content.Content
	if len(dirs) == 0 {
		c = content.Builtin()
		if len(sigmaDirs) > 0 {
			c.Detections = nil // Sigma only: the seeds are not asked for
		}
	} else {
		var err error
		if c, err = content.Load(ctx, dirs...); err != nil {
			return nil, err
		}
	}
	c.Compile()
	if len(sigmaDirs) > 0 {
		dets, problems, err := loadSigma(ctx, sigmaDirs)
		if err != nil {
			return nil, err
		}
		for _, p := range problems {
			c.AddProblem(p)
		}
		c.Detections = append(c.Detections, dets...)
	}
	return c, nil
}

// selectDetections keeps the detections named (by name, case-insensitively,
// or by ID). Every selector must match something, so a typo is an error
// rather than a silent empty run.
func selectDetections(all []*content.Detection, sel []string) ([]*content.Detection, error) {
	if len(sel) == 0 {
		return all, nil
	}
	var out []*content.Detection
	for _, s := range sel {
		found := false
		for _, d := range all {
			if strings.EqualFold(d.Name, s) || strings.EqualFold(d.ID, s) {
				if !slices.Contains(out, d) {
					out = append(out, d)
				}
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("no detection named or with ID %q", s)
		}
	}
	return out, nil
}

// readInputs reads the inputs and calls emit for each event after adding
// the search-time fields Splunk computes (eventtype).
func readInputs(ctx context.Context, in Inputs, emit event.Emit) (inputs.Stats, error) {
	report := func(p event.Problem) {
		if in.Problem != nil {
			in.Problem(p)
		}
	}
	et, err := eventtype.NewBuiltin()
	if err != nil {
		return inputs.Stats{}, err
	}
	reg, err := builtinRegistry()
	if err != nil {
		return inputs.Stats{}, err
	}
	der := reg.NewDeriver()
	return inputs.Read(ctx, in.Paths, inputs.Options{Progress: in.Progress, Meta: in.Meta}, func(ev *event.Event) error {
		addSearchTimeFields(der, ev)
		et.Annotate(ev)
		return emit(ev)
	}, report)
}

// addSearchTimeFields adds the CIM fields the Windows and Sysmon add-ons
// extract at search time (dest, user, process_name, parent_process_name,
// ...) to a raw event, as Splunk does before any search sees it, so that
// plain event searches -- not only tstats -- can use them (`sysmon`
// EventCode=10 ... by dest). Fields the event already has are kept.
func addSearchTimeFields(der *datamodel.Deriver, ev *event.Event) {
	for _, f := range der.Extracted(ev) {
		if !ev.Has(f.Name) {
			ev.Fields = append(ev.Fields, f)
		}
	}
}

// scanBatch is how many events the reading stage hands to the scanning
// stage at a time: large enough that channel operations cost nothing per
// event, small enough to keep both stages busy.
const scanBatch = 256

// readPipelined reads the inputs on one goroutine and calls scan for each
// event, in input order, on another, so that decoding and matching use two
// cores. scan is called from a single goroutine and never concurrently.
func readPipelined(ctx context.Context, in Inputs, scan func(*event.Event)) (inputs.Stats, error) {
	batches := make(chan []*event.Event, 8)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for b := range batches {
			for _, ev := range b {
				scan(ev)
			}
		}
	}()
	batch := make([]*event.Event, 0, scanBatch)
	stats, err := readInputs(ctx, in, func(ev *event.Event) error {
		batch = append(batch, ev)
		if len(batch) == scanBatch {
			select {
			case batches <- batch:
			case <-ctx.Done():
				return ctx.Err()
			}
			batch = make([]*event.Event, 0, scanBatch)
		}
		return nil
	})
	if len(batch) > 0 && err == nil {
		batches <- batch
	}
	close(batches)
	<-done
	return stats, err
}

// sortNewestFirst orders events by descending _time, keeping input order among
// equal times; Splunk returns raw events newest first (spl-semantics.md §11.4).
func sortNewestFirst(evs []*event.Event) {
	slices.SortStableFunc(evs, func(a, b *event.Event) int {
		ta, _ := a.EpochTime()
		tb, _ := b.EpochTime()
		switch {
		case ta > tb:
			return -1
		case ta < tb:
			return 1
		}
		return 0
	})
}
