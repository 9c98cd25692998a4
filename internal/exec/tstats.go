package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// DataModels resolves the datasets tstats reads. The engine adapts package
// datamodel to it, which keeps exec independent of how rows are derived.
type DataModels interface {
	// Dataset resolves "Endpoint.Processes", or "Network_Traffic" for a
	// model's root dataset. An unknown name is an error.
	Dataset(path string) (Dataset, error)
}

// Dataset is one data-model dataset.
type Dataset interface {
	// Row returns the row ev yields in the dataset, fields named with the
	// dataset prefix (Processes.dest) plus _time and the metadata fields,
	// and false when ev is not in the dataset. It must be safe for
	// concurrent use (Match calls it) and must not modify ev. The returned
	// row may be shared (cached by the implementation): exec never
	// modifies it, and copies it before changing anything.
	Row(ev *event.Event) (*event.Event, bool)
	// Prefix is the prefix of the dataset's field names in rows, such as
	// "Processes." or "All_Changes.Instance_Changes.".
	Prefix() string
}

// tstats compiles a leading tstats (spl-semantics.md §8.4): it aggregates,
// like stats, the data-model rows of the events Match accepted (their WHERE
// clause already applied by Match). fillnull_value= replaces a null by-value
// instead of dropping the row; span= in the BY list floors _time. Without
// FROM the rows are the events themselves.
func (c *compiler) tstats(cmd *ast.TstatsCommand, nodename string) (stage, func(*event.Event) (*event.Event, bool)) {
	opts, ok := c.options("tstats", cmd.Options, "summariesonly", "allow_old_summaries", "fillnull_value", "prestats", "local", "chunk_size", "include_reduced_buckets")
	if !ok {
		return nil, nil
	}
	if o := opts["prestats"]; o != nil {
		if b, _ := parseBool(o.Value); b {
			c.errf(source.ErrUnsupported, o.Sp, "tstats prestats=true is not supported")
			return nil, nil
		}
	}
	var fill *string
	if o := opts["fillnull_value"]; o != nil {
		v := o.Value
		fill = &v
	}
	var span *spltime.Span
	for _, o := range cmd.ByOptions {
		if !strings.EqualFold(o.Key, "span") {
			c.errf(source.ErrUnsupported, o.Sp, "tstats BY option %q is not supported", o.Key)
			return nil, nil
		}
		s, err := spltime.ParseSpan(o.Value)
		if err != nil {
			c.errf(source.ErrSyntax, o.Sp, "%v", err)
			return nil, nil
		}
		span = &s
	}
	rowOf := func(ev *event.Event) (*event.Event, bool) { return ev, true }
	if cmd.From != nil {
		if !strings.EqualFold(cmd.From.Key, "datamodel") {
			c.errf(source.ErrUnsupported, cmd.From.Sp, "tstats FROM %s= is not supported", cmd.From.Key)
			return nil, nil
		}
		if c.env.DataModels == nil {
			c.errf(source.ErrUnsupported, cmd.From.Sp, "tstats: no data models are available")
			return nil, nil
		}
		ds, err := c.env.DataModels.Dataset(cmd.From.Value)
		if err != nil {
			c.errf(source.ErrUnknown, cmd.From.Sp, "%v", err)
			return nil, nil
		}
		rowOf = ds.Row
		if nodename != "" {
			node, err := resolveNode(c.env.DataModels, cmd.From.Value, nodename)
			if err != nil {
				c.errf(source.ErrUnknown, cmd.Sp, "nodename: %v", err)
				return nil, nil
			}
			rowOf = func(ev *event.Event) (*event.Event, bool) {
				if _, ok := node.Row(ev); !ok {
					return nil, false
				}
				return ds.Row(ev)
			}
		}
	} else if nodename != "" {
		c.errf(source.ErrSyntax, cmd.Sp, "nodename needs FROM datamodel=")
		return nil, nil
	}
	specs, by, ok := c.aggCompile(&ast.StatsCommand{Aggs: cmd.Aggs, By: cmd.By})
	if !ok {
		return nil, nil
	}
	a := &aggregator{name: "tstats", span: cmd.Sp, specs: specs, by: by, fill: fill, rowOf: rowOf}
	if cmd.From == nil {
		// The rows are the (already cloned) input events.
		a.rowOf = nil
	}
	if span != nil {
		sp := *span
		a.prepare = func(ev *event.Event) {
			if t, ok := ev.EpochTime(); ok {
				ev.Set(event.Time, value.Num(sp.Floor(t)))
			}
		}
	}
	return a, rowOf
}

// from compiles a leading from datamodel DM.Dataset (spl-semantics.md
// §9.27): the dataset's rows with the prefix stripped from field names, and
// the event's _raw.
func (c *compiler) from(cmd *ast.FromCommand) (stage, func(*event.Event) (*event.Event, bool)) {
	if cmd.Kind != "datamodel" {
		c.errf(source.ErrUnsupported, cmd.Sp, "from %s is not supported", cmd.Kind)
		return nil, nil
	}
	if c.env.DataModels == nil {
		c.errf(source.ErrUnsupported, cmd.Sp, "from: no data models are available")
		return nil, nil
	}
	ds, err := c.env.DataModels.Dataset(cmd.Dataset.Name)
	if err != nil {
		c.errf(source.ErrUnknown, cmd.Dataset.Sp, "%v", err)
		return nil, nil
	}
	prefix := ds.Prefix()
	rowOf := func(ev *event.Event) (*event.Event, bool) {
		shared, ok := ds.Row(ev)
		if !ok {
			return nil, false
		}
		row := shared.Clone() // the dataset's row may be shared
		for i := range row.Fields {
			if name, ok := strings.CutPrefix(row.Fields[i].Name, prefix); ok && name != "" && row.Get(name).IsNull() {
				row.Fields[i].Name = name
			}
		}
		if row.Get(event.Raw).IsNull() {
			row.Set(event.Raw, ev.Get(event.Raw))
		}
		return row, true
	}
	return &streamStage{fn: func(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
		if row, ok := rowOf(ev); ok {
			dst = append(dst, row)
		}
		return dst, nil
	}}, rowOf
}

// resolveNode resolves a nodename, which ESCU writes either in full
// (Authentication.Failed_Authentication) or relative to the FROM model
// (nodename=DNS with FROM datamodel=Network_Resolution, or
// All_Traffic.Blocked_Traffic under Network_Traffic).
func resolveNode(dms DataModels, from, nodename string) (Dataset, error) {
	ds, err := dms.Dataset(nodename)
	if err == nil {
		return ds, nil
	}
	model, _, _ := strings.Cut(from, ".")
	if rel, err2 := dms.Dataset(model + "." + nodename); err2 == nil {
		return rel, nil
	}
	if i := strings.LastIndexByte(nodename, '.'); i >= 0 {
		if rel, err2 := dms.Dataset(model + "." + nodename[i+1:]); err2 == nil {
			return rel, nil
		}
	}
	return nil, err
}
