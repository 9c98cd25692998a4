// Package engine is the composition root: it wires inputs, content, the SPL
// executor and the detection runtime behind a few calls (Hunt, Search,
// Events) that the CLI and, later, the server use.
//
// Hunting is one pass over the input that serves every detection (a shared
// scan): each event is offered to each compiled detection's leading search,
// and only the events it accepts are kept for that detection. The rest of each
// pipeline then runs over its own events, newest first as in Splunk.
package engine

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/geoip"
	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/spl/parse"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/spltime"
)

// Inputs says what to read and how to report on it.
type Inputs struct {
	Paths []string
	// Progress, when set, is called after each input file.
	Progress func(inputs.Stats)
	// Problem, when set, is called for every input problem as it happens (the
	// problems are also counted in the report).
	Problem func(event.Problem)
	// Meta sets source and sourcetype of the events read from a path (keyed
	// as given in Paths); see inputs.Options.Meta.
	Meta map[string]event.SourceNames
}

// TimeRange bounds the events searched: Earliest <= _time < Latest. Zero
// bounds are open. Now is the search start time for now() and relative
// modifiers; zero means the wall clock at the start of the call.
type TimeRange struct {
	Now              time.Time
	Earliest, Latest time.Time
}

func (tr TimeRange) now() time.Time {
	if tr.Now.IsZero() {
		return time.Now().UTC()
	}
	return tr.Now
}

func logger(l *slog.Logger) *slog.Logger {
	if l == nil {
		return slog.New(slog.DiscardHandler)
	}
	return l
}

// ResolveTime resolves a CLI time bound: a relative modifier (-24h@h, now,
// @d), an epoch number, or an RFC 3339 time.
func ResolveTime(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	return spltime.Resolve(s, now)
}

// eventSet holds every event of a job when some search has subsearches,
// which select from all events again (spl-semantics.md §3). Without
// subsearches nothing is retained beyond what each search matched.
type eventSet struct {
	keep   bool
	events []*event.Event
	once   sync.Once
}

// newestFirst returns the events sorted newest first, sorting once.
func (s *eventSet) newestFirst() []*event.Event {
	s.once.Do(func() { sortNewestFirst(s.events) })
	return s.events
}

// jobEnv is the environment of the searches of one job: its time range,
// the content's lookups, and subsearches over all events of the job.
// jobOptions are the per-job settings of jobEnv beyond content and time.
type jobOptions struct {
	geo *geoip.DB
	// lookupDir is where outputlookup writes CSV files; empty means rows
	// are not written and warn says so.
	lookupDir string
	warn      func(msg string)
}

func jobEnv(c *content.Content, tr TimeRange, all *eventSet, jo jobOptions) exec.Env {
	var dms exec.DataModels
	if m, err := newDataModels(); err == nil {
		dms = m
	} // else tstats reports "no data models are available" per search
	env := exec.Env{
		DataModels: dms,
		Now:        tr.now(),
		Earliest:   tr.Earliest,
		Latest:     tr.Latest,
		Lookups: func(name string) (*lookup.Table, bool) {
			t, err := c.Table(name)
			if err != nil {
				// Computed lookups of Splunk apps (ut_shannon_lookup)
				// unless the content defines the name itself.
				return lookup.Computed(name)
			}
			return t, true
		},
	}
	if jo.geo != nil {
		env.GeoIP = jo.geo.Lookup
	}
	if jo.lookupDir != "" {
		env.OutputLookup = (&lookupWriter{dir: jo.lookupDir}).write
	} else {
		env.OutputLookup = func(table string, rows []*event.Event, _ bool) error {
			if jo.warn != nil && len(rows) > 0 {
				jo.warn(fmt.Sprintf("outputlookup %s: %d rows not written (pass --outputlookup-dir DIR to write lookup files)", table, len(rows)))
			}
			return nil
		}
	}
	env.ParseSearch = func(text string) (*ast.Pipeline, *source.File, error) {
		f := source.NewFile("map search", text)
		x, err := macro.Expand(f, macroLookup(c))
		if err != nil {
			return nil, f, err
		}
		p, err := parse.Parse(x.File)
		if err != nil {
			return nil, x.File, x.Remap(err)
		}
		return p, x.File, nil
	}
	if all != nil {
		env.Subsearch = func(ctx context.Context, prog *exec.Program) ([]*event.Event, error) {
			return exec.RunOver(ctx, prog, all.newestFirst())
		}
	}
	return env
}

// openGeoIP opens the GeoIP database at path, or returns nil for "".
func openGeoIP(path string) (*geoip.DB, error) {
	if path == "" {
		return nil, nil
	}
	return geoip.Open(path)
}
