package datamodel

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// Row is the data-model row one event yields for one root dataset. Its
// Event holds the unprefixed base fields (_time, host, source, sourcetype,
// index, when present), "<root prefix>.tag", and the prefixed fields of the
// root and of every child dataset the row is a member of. Fields that stay
// null after the model's calculations are absent (tstats fills BY fields
// with fillnull_value itself).
type Row struct {
	// Root is the root dataset the row belongs to.
	Root *Dataset
	// Event is the row. Rows handed out by a Deriver's cache are shared:
	// Clone before changing one.
	Event  *event.Event
	member uint64
}

// In reports whether the row is a member of ds (ds's whole constraint chain
// holds).
func (r Row) In(ds *Dataset) bool {
	return ds != nil && ds.root == r.Root && r.member&ds.bit != 0
}

// Datasets returns the datasets the row is a member of, root first.
func (r Row) Datasets() []*Dataset {
	var out []*Dataset
	for _, ds := range r.Root.model.Datasets {
		if r.In(ds) {
			out = append(out, ds)
		}
	}
	return out
}

// Deriver derives data-model rows from raw events. It owns scratch buffers,
// so one Deriver serves one goroutine; create one per worker with
// NewDeriver. Derivation compiles nothing and allocates only the row
// events and their new values.
type Deriver struct {
	r       *Registry
	rec     []value.Value // CIM record of the current event, by field id
	work    []value.Value // the record as one model's calculations change it
	touched []int32
	wtouch  []int32

	lastSource string
	lastMap    *Mapping // the table of lastSource, nil for none
	lastValid  bool

	cacheEv   *event.Event
	cacheRows []Row
}

// NewDeriver returns a Deriver over r. Load nothing into r after this.
func (r *Registry) NewDeriver() *Deriver {
	return &Deriver{r: r, rec: make([]value.Value, len(r.names)), work: make([]value.Value, len(r.names))}
}

// Rows derives the rows of ev with a fresh Deriver; prefer a long-lived
// Deriver in loops.
func (r *Registry) Rows(ev *event.Event) []Row { return r.NewDeriver().Derive(ev) }

// Row returns ev's row for ds through a cached derivation: every dataset
// asked about the same *Event in a row shares one derivation (the hunt reads
// each event once and asks for each detection's dataset). The cache is keyed
// by the event pointer, so do not change an event between calls, or call
// Forget after changing it. The returned event is shared; Clone it before
// changing it. ok is false when ev is not a member of ds.
func (d *Deriver) Row(ev *event.Event, ds *Dataset) (*event.Event, bool) {
	if ev != d.cacheEv {
		d.cacheRows = d.Derive(ev)
		d.cacheEv = ev
	}
	for _, row := range d.cacheRows {
		if row.In(ds) {
			return row.Event, true
		}
	}
	return nil, false
}

// Forget empties Row's cache.
func (d *Deriver) Forget() { d.cacheEv, d.cacheRows = nil, nil }

// mapping finds the table for ev: by index first (Risk), then by source,
// case-insensitively, remembering the last source seen (events come in runs
// from one source).
func (d *Deriver) mapping(ev *event.Event) *Mapping {
	if len(d.r.byIndex) > 0 {
		if idx := ev.Get(event.Index); !idx.IsNull() {
			for k, m := range d.r.byIndex {
				if strings.EqualFold(k, idx.Text()) {
					return m
				}
			}
		}
	}
	src := ev.Get(event.Source).Text()
	if src == "" {
		// A JSON event without source metadata: derive it from Channel.
		if ch := ev.Get("Channel").Text(); ch != "" {
			src = "XmlWinEventLog:" + ch
		}
	}
	if d.lastValid && src == d.lastSource {
		return d.lastMap
	}
	m := d.r.bySource[src]
	if m == nil {
		m = d.r.bySource[strings.ToLower(src)]
	}
	d.lastSource, d.lastMap, d.lastValid = src, m, true
	return m
}

// Derive returns the rows ev yields, one per root dataset it belongs to
// (usually zero or one). The rows are new and owned by the caller.
func (d *Deriver) Derive(ev *event.Event) []Row {
	m, em := d.eventMap(ev)
	if em == nil || len(em.roots) == 0 || (em.quirk && d.r.Options.SkipQuirks) {
		return nil
	}
	defer d.reset()
	e := d.extractAll(ev, m, em, false)
	for _, id := range em.requires {
		if d.rec[id].IsNull() {
			return nil
		}
	}
	for i := range em.unless {
		if em.unless[i].holds(&e) {
			return nil
		}
	}
	var rows []Row
	for _, root := range em.roots {
		if row, ok := d.row(ev, em, root); ok {
			rows = append(rows, row)
		}
	}
	return rows
}

// eventMap finds the mapping of ev's source and event code, sizing the
// scratch records for the registry; nil when none applies.
func (d *Deriver) eventMap(ev *event.Event) (*Mapping, *eventMap) {
	if n := len(d.r.names); len(d.rec) < n {
		d.rec = append(d.rec, make([]value.Value, n-len(d.rec))...)
		d.work = append(d.work, make([]value.Value, n-len(d.work))...)
	}
	m := d.mapping(ev)
	if m == nil {
		return nil, nil
	}
	em := m.events[ev.Get("EventCode").Text()]
	if em == nil {
		em = m.events["*"]
	}
	return m, em
}

// extractAll runs em's entries, then m's common ones, into d.rec;
// the caller resets d.rec afterwards.
func (d *Deriver) extractAll(ev *event.Event, m *Mapping, em *eventMap, all bool) env {
	e := env{ev: ev, rec: d.rec}
	d.extract(&e, em.fields, nil, all)
	d.extract(&e, m.common, em.omit, all)
	return e
}

// extract runs mapping entries; the first entry that yields a value sets a
// field (like Splunk's first-match REPORT transforms), so event-specific
// entries run before the table's common ones. Unless all is set, entries no
// model reads are skipped (data-model rows need only the live ones; raw
// events get every search-time field).
func (d *Deriver) extract(e *env, entries []*entry, omit []int32, all bool) {
outer:
	for _, en := range entries {
		if (!en.live && !all) || !d.rec[en.id].IsNull() || (omit != nil && containsID(omit, en.id)) {
			continue
		}
		for i := range en.when {
			if !en.when[i].holds(e) {
				continue outer
			}
		}
		v := en.op.eval(e)
		if v.IsNull() || (!v.IsMulti() && v.Text() == "") {
			continue
		}
		d.rec[en.id] = v
		d.touched = append(d.touched, en.id)
	}
}

func (d *Deriver) reset() {
	for _, id := range d.touched {
		d.rec[id] = value.NullValue
	}
	d.touched = d.touched[:0]
}

// row applies root's calculated fields (and its children's) to a copy of
// the record and builds the row when the root's constraint holds.
func (d *Deriver) row(ev *event.Event, em *eventMap, root *Dataset) (Row, bool) {
	for _, id := range d.touched {
		d.work[id] = d.rec[id]
	}
	defer func() {
		for _, id := range d.touched {
			d.work[id] = value.NullValue
		}
		for _, id := range d.wtouch {
			d.work[id] = value.NullValue
		}
		d.wtouch = d.wtouch[:0]
	}()
	e := env{ev: ev, rec: d.work}
	d.calc(&e, root)
	if !root.cons.holds(&e) {
		return Row{}, false
	}
	// Size the row exactly: it is the one sizeable allocation per event.
	n := 1 + len(baseFields)
	for _, f := range root.own {
		if !d.work[f.id].IsNull() {
			n++
		}
	}
	for _, c := range root.children {
		n += len(c.own) // child fields are few; an upper bound is fine
	}
	out := event.New(n)
	for _, name := range baseFields {
		if v := ev.Get(name); !v.IsNull() {
			out.Append(name, v)
		}
	}
	out.Append(root.prefix+".tag", em.tagValue)
	row := Row{Root: root, Event: out, member: root.bit}
	d.emit(&row, root)
	d.children(&e, em, &row, root)
	return row, true
}

func (d *Deriver) calc(e *env, ds *Dataset) {
	for _, f := range ds.own {
		if e.rec[f.id].IsNull() {
			d.wtouch = append(d.wtouch, f.id)
		}
		f.apply(e)
	}
}

func (d *Deriver) emit(row *Row, ds *Dataset) {
	for _, f := range ds.own {
		if v := d.work[f.id]; !v.IsNull() {
			row.Event.Append(f.out, v)
		}
	}
}

func (d *Deriver) children(e *env, em *eventMap, row *Row, ds *Dataset) {
	for _, c := range ds.children {
		if !c.cons.hasTags(em.tags) {
			continue
		}
		d.calc(e, c)
		if !c.cons.holds(e) {
			continue
		}
		row.member |= c.bit
		d.emit(row, c)
		d.children(e, em, row, c)
	}
}

// Extracted returns the fields the source's mapping table extracts from ev
// before any data model applies: unprefixed CIM names (dest, user,
// process_name, parent_process_name, ...) as the Windows and Sysmon add-ons
// add them to raw events at search time. Model-level calculated fields and
// `unknown` fills are not included, since Splunk computes those only inside
// the data model. The fields are new and owned by the caller; nil when the
// event's source has no mapping.
func (d *Deriver) Extracted(ev *event.Event) []event.Field {
	m, em := d.eventMap(ev)
	if em == nil {
		return nil
	}
	defer d.reset()
	d.extractAll(ev, m, em, true)
	if len(d.touched) == 0 {
		return nil
	}
	out := make([]event.Field, 0, len(d.touched))
	for _, id := range d.touched {
		out = append(out, event.Field{Name: d.r.names[id], Value: d.rec[id]})
	}
	return out
}
