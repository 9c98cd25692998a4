package engine

import (
	"context"
	"strings"
	"sync"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/plan"
	"github.com/riskhound/riskhound/internal/value"
)

// dataModels adapts package datamodel to exec.DataModels. Every event's rows
// are derived once per job for all tstats searches (issue 6, item 4):
//
//   - during the shared scan all searches see each event in turn, so the rows
//     of the last event derived serve every search that asks next;
//   - an event the job keeps (some search matched it, or subsearches will
//     read every event again) keeps its rows in memo (see retain), so the run
//     phase -- tstats aggregating its matched events, and every tstats
//     subsearch re-reading the whole job -- looks rows up instead of deriving
//     them again, once per search and event.
//
// Rows are immutable once derived, so sharing them between searches and
// goroutines is safe.
type dataModels struct {
	reg *datamodel.Registry
	mu  sync.RWMutex
	der *datamodel.Deriver
	// last and lastRows are the event derived last and its rows.
	last     *event.Event
	lastRows []datamodel.Row
	// memo holds the rows of retained events. Keys stay reachable through
	// the map, so a pointer is never reused for another event while in it.
	memo map[*event.Event][]datamodel.Row
}

var (
	builtinModelsOnce sync.Once
	builtinModels     *datamodel.Registry
	builtinModelsErr  error
)

// builtinRegistry loads the embedded CIM models and mappings once per process.
func builtinRegistry() (*datamodel.Registry, error) {
	builtinModelsOnce.Do(func() { builtinModels, builtinModelsErr = datamodel.Builtin() })
	return builtinModels, builtinModelsErr
}

func newDataModels() (*dataModels, error) {
	reg, err := builtinRegistry()
	if err != nil {
		return nil, err
	}
	return &dataModels{reg: reg, der: reg.NewDeriver(), memo: map[*event.Event][]datamodel.Row{}}, nil
}

func (m *dataModels) Dataset(path string) (exec.Dataset, error) {
	ds, err := m.reg.Dataset(path)
	if err != nil {
		return nil, err
	}
	return dataset{m, ds}, nil
}

// rows returns ev's rows, from memo or the last derivation when it can.
func (m *dataModels) rows(ev *event.Event) []datamodel.Row {
	m.mu.RLock()
	rows, ok := m.memo[ev]
	m.mu.RUnlock()
	if ok {
		return rows
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if rows, ok := m.memo[ev]; ok {
		return rows
	}
	if ev != m.last {
		m.last, m.lastRows = ev, m.der.Derive(ev)
	}
	return m.lastRows
}

// retain keeps ev's rows for the rest of the job when they were derived for
// it last (the scan calls it for every event it keeps, after offering the
// event to every search). An event never derived is left alone: the run
// phase derives it on demand.
func (m *dataModels) retain(ev *event.Event) {
	m.mu.Lock()
	if ev == m.last {
		m.memo[ev] = m.lastRows
	}
	m.mu.Unlock()
}

// datasetOf returns the dataset whose rows a scanning plan reads (tstats
// FROM datamodel=..., from datamodel ...), or nil when it reads raw events
// or m is nil. The plan's Match then accepts only events with a row in it.
func (m *dataModels) datasetOf(pl *plan.Plan) *datamodel.Dataset {
	if m == nil || pl == nil {
		return nil
	}
	path := ""
	switch {
	case pl.Tstats != nil && pl.Tstats.From != nil && strings.EqualFold(pl.Tstats.From.Key, "datamodel"):
		path = pl.Tstats.From.Value
	case pl.From != nil && pl.From.Dataset != nil:
		path = pl.From.Dataset.Name
	default:
		return nil
	}
	ds, err := m.reg.Dataset(path)
	if err != nil {
		return nil
	}
	return ds
}

type dataset struct {
	m  *dataModels
	ds *datamodel.Dataset
}

// Row is safe for concurrent use.
func (d dataset) Row(ev *event.Event) (*event.Event, bool) {
	for _, row := range d.m.rows(ev) {
		if row.In(d.ds) {
			return row.Event, true
		}
	}
	return nil, false
}

// DataModelOptions configures DataModelRows.
type DataModelOptions struct {
	// Dataset restricts output to one dataset ("Endpoint.Processes"); empty
	// means every dataset an event belongs to.
	Dataset string
	Inputs  Inputs
}

// DataModelRows reads the inputs and calls emit with the CIM data-model row
// each event yields (for a root dataset, with the child datasets it belongs
// to in the field "datasets"), so a user can see why a tstats detection did or
// did not match.
func DataModelRows(ctx context.Context, opts DataModelOptions, emit event.Emit) (inputs.Stats, error) {
	reg, err := builtinRegistry()
	if err != nil {
		return inputs.Stats{}, err
	}
	var only *datamodel.Dataset
	if opts.Dataset != "" {
		if only, err = reg.Dataset(opts.Dataset); err != nil {
			return inputs.Stats{}, err
		}
	}
	der := reg.NewDeriver()
	return readInputs(ctx, opts.Inputs, func(ev *event.Event) error {
		if only != nil {
			row, ok := der.Row(ev, only)
			if !ok {
				return nil
			}
			return emit(withDatasets(row, []string{only.Path()}))
		}
		for _, r := range der.Derive(ev) {
			var names []string
			for _, ds := range r.Datasets() {
				names = append(names, ds.Path())
			}
			if err := emit(withDatasets(r.Event, names)); err != nil {
				return err
			}
		}
		return nil
	})
}

// withDatasets returns a copy of row with the dataset paths it belongs to in
// the multivalue field "datasets", first.
func withDatasets(row *event.Event, names []string) *event.Event {
	out := event.New(len(row.Fields) + 1)
	out.Append("datasets", value.MV(names))
	out.Fields = append(out.Fields, row.Fields...)
	return out
}

// Prefix is the dataset's field-name prefix with its trailing dot.
func (d dataset) Prefix() string { return d.ds.Prefix() + "." }
