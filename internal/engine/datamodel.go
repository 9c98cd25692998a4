package engine

import (
	"context"
	"sync"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/inputs"
	"github.com/riskhound/riskhound/internal/value"
)

// dataModels adapts package datamodel to exec.DataModels. One Deriver, which
// caches the rows of the last event, serves every tstats search: during the
// shared scan all searches see each event in turn, so each event's rows are
// derived once for all of them (issue 6, item 4).
type dataModels struct {
	reg *datamodel.Registry
	mu  sync.Mutex
	der *datamodel.Deriver
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
	return &dataModels{reg: reg, der: reg.NewDeriver()}, nil
}

func (m *dataModels) Dataset(path string) (exec.Dataset, error) {
	ds, err := m.reg.Dataset(path)
	if err != nil {
		return nil, err
	}
	return dataset{m, ds}, nil
}

type dataset struct {
	m  *dataModels
	ds *datamodel.Dataset
}

// Row is safe for concurrent use; rows are freshly built per event and never
// modified afterwards, so sharing them between searches is safe.
func (d dataset) Row(ev *event.Event) (*event.Event, bool) {
	d.m.mu.Lock()
	defer d.m.mu.Unlock()
	return d.m.der.Row(ev, d.ds)
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
