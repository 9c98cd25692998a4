package engine

import (
	"context"
	"fmt"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// SearchOptions configures Search.
type SearchOptions struct {
	// Query is the SPL text.
	Query string
	// ContentDirs supply macros (and later lookups); none means the built-in
	// macros.
	ContentDirs []string
	Inputs      Inputs
	Time        TimeRange
	// GeoIP is a MaxMind City database file for iplocation (optional).
	GeoIP string
	// OutputLookupDir is where outputlookup writes CSV files (optional).
	OutputLookupDir string
	// Warn receives run-time notices that are not errors.
	Warn func(msg string)
}

// SearchResult is the result rows of an ad-hoc search and what was read.
type SearchResult struct {
	Rows  []*event.Event
	Input inputs.Stats
}

// Search expands macros in the query, parses and compiles it, and runs it over
// the inputs. Syntax and compile errors are diagnostics with positions in the
// query.
func Search(ctx context.Context, opts SearchOptions) (*SearchResult, error) {
	c, err := loadContent(ctx, opts.ContentDirs, nil)
	if err != nil {
		return nil, err
	}
	f := source.NewFile("search", opts.Query)
	x, err := macro.Expand(f, macroLookup(c))
	if err != nil {
		return nil, err
	}
	p, err := parse.Parse(x.File)
	if err != nil {
		return nil, x.Remap(err)
	}
	geo, err := openGeoIP(opts.GeoIP)
	if err != nil {
		return nil, err
	}
	if geo != nil {
		defer geo.Close()
	}
	all := &eventSet{keep: hasSubsearch(p)}
	env := jobEnv(c, opts.Time, all, jobOptions{geo: geo, lookupDir: opts.OutputLookupDir, warn: opts.Warn})
	env.File = x.File
	prog, err := exec.Compile(p, env)
	if err != nil {
		return nil, x.Remap(err)
	}
	res := &SearchResult{}
	var evs []*event.Event
	if !prog.Generating() {
		res.Input, err = readInputs(ctx, opts.Inputs, func(ev *event.Event) error {
			if all.keep {
				all.events = append(all.events, ev)
			}
			if prog.Match(ev) {
				evs = append(evs, ev)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sortNewestFirst(evs)
	res.Rows, err = prog.Run(ctx, evs)
	if err != nil {
		return nil, x.Remap(err)
	}
	return res, nil
}

// macroLookup resolves macros from the content's definitions, keyed "name" or
// "name(N)" for N arguments.
func macroLookup(c *content.Content) macro.Lookup {
	return func(name string, arity int) (*macro.Definition, bool) {
		key := name
		if arity > 0 {
			key = fmt.Sprintf("%s(%d)", name, arity)
		}
		d, ok := c.Macros[key]
		return d, ok
	}
}

// Events reads the inputs and calls emit for every event after field
// extraction, in input order.
func Events(ctx context.Context, in Inputs, emit event.Emit) (inputs.Stats, error) {
	return readInputs(ctx, in, emit)
}
