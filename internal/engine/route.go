package engine

import (
	"slices"
	"strings"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// routedFields are the raw-event fields a guard may test. They are fields
// every reader extracts itself, never computed at search time, so an event
// lacking a value for one cannot satisfy an equality on it.
var routedFields = []string{"EventCode", "EventID", event.Source, event.Sourcetype, "Channel"}

// guard is a necessary condition of a leading search: the event has one of
// these (field, lower-cased value) pairs. Values are exact (no wildcard), and
// search-language equality is case-insensitive, so lower-casing both sides is
// exact.
type guard []fieldValue

type fieldValue struct{ field, value string }

// guardOf derives a guard on raw-event fields (routedFields) from a search
// expression, or false when none is cheap and certain.
func guardOf(e ast.SearchExpr) (guard, bool) { return guardOn(e, routed) }

// guardOn derives a guard from a search expression on the fields allowed
// accepts, or false when none is cheap and certain. A conjunction takes the
// most selective conjunct that has a guard; a disjunction needs a guard for
// every term. Values with a wildcard, and values that may be CIDR subnets
// (which match by address, not text), make no guard.
func guardOn(e ast.SearchExpr, allowed func(string) bool) (guard, bool) {
	switch e := e.(type) {
	case *ast.SearchCompare:
		if e.Op != ast.OpEq || !allowed(e.Field.Name) || !exact(e.Value) {
			return nil, false
		}
		return guard{{e.Field.Name, strings.ToLower(e.Value.Text)}}, true
	case *ast.SearchIn:
		if !allowed(e.Field.Name) {
			return nil, false
		}
		g := make(guard, 0, len(e.Values))
		for _, v := range e.Values {
			if !exact(v) {
				return nil, false
			}
			g = append(g, fieldValue{e.Field.Name, strings.ToLower(v.Text)})
		}
		return g, len(g) > 0
	case *ast.SearchOr:
		var g guard
		for _, t := range e.Terms {
			tg, ok := guardOn(t, allowed)
			if !ok {
				return nil, false
			}
			g = append(g, tg...)
		}
		return g, len(g) > 0
	case *ast.SearchAnd:
		var best guard
		for _, t := range e.Terms {
			if tg, ok := guardOn(t, allowed); ok && (best == nil || better(tg, best)) {
				best = tg
			}
		}
		return best, best != nil
	}
	return nil, false
}

// exact reports whether a search value matches only its own text, ignoring
// case: no wildcard, no '/' that could make it a CIDR subnet (which matches
// by address), and not CASE(x) (whose text is not x).
func exact(v *ast.SearchValue) bool {
	return !strings.ContainsAny(v.Text, "*/") && (v.Quoted || !strings.HasPrefix(v.Text, "CASE("))
}

// better prefers guards on event codes (most selective in Windows logs), then
// guards with fewer alternatives.
func better(a, b guard) bool {
	ca, cb := onCode(a), onCode(b)
	if ca != cb {
		return ca
	}
	return len(a) < len(b)
}

func onCode(g guard) bool {
	for _, fv := range g {
		if fv.field != "EventCode" && fv.field != "EventID" {
			return false
		}
	}
	return true
}

func routed(field string) bool {
	for _, f := range routedFields {
		if f == field {
			return true
		}
	}
	return false
}

// router offers each event only to the searches whose guard it satisfies,
// plus those without a guard. It is used from one goroutine.
type router struct {
	raw   guardIndex // searches over raw events
	seen  []uint32   // per search: the event stamp it was last offered for
	stamp uint32
	lower []byte
	cands []int
	// byDataset holds the searches that read data-model rows (tstats, from
	// datamodel), by dataset, with guards on row fields; rowsOf gives an
	// event's rows.
	byDataset []datasetSearches
	rowsOf    func(*event.Event) []datamodel.Row
	// pre rules out raw-event searches whose required literals the event
	// lacks (nil: none has any).
	pre *prefilter
}

// guardIndex indexes searches by their guards.
type guardIndex struct {
	index  map[string]map[string][]int // field -> lower-cased value -> searches
	always []int                       // searches without a guard
	fields []string                    // the fields some guard uses
}

// add indexes search i under guard g, or as always offered when !ok.
func (x *guardIndex) add(i int, g guard, ok bool) {
	if !ok {
		x.always = append(x.always, i)
		return
	}
	if x.index == nil {
		x.index = map[string]map[string][]int{}
	}
	for _, fv := range g {
		m := x.index[fv.field]
		if m == nil {
			m = map[string][]int{}
			x.index[fv.field] = m
			x.fields = append(x.fields, fv.field)
		}
		m[fv.value] = append(m[fv.value], i)
	}
}

// datasetSearches are the searches that can only match an event with a
// data-model row in ds; their guards are on the row's fields.
type datasetSearches struct {
	ds *datamodel.Dataset
	guardIndex
}

// newRouter indexes searches by the guard of their leading search command;
// leading[i] is nil when search i has none (generating, tstats, ...).
func newRouter(leading []ast.SearchExpr) *router {
	return newRowRouter(leading, nil, nil)
}

// newRowRouter is newRouter where, besides, a search i with datasets[i] set
// reads data-model rows: it can only match an event that has a row in that
// dataset (its program's Match maps the event to the row first, rowsOf
// tells), and leading[i] is then the filter its Match applies to that row
// (tstats WHERE), whose guards may use any field of the row.
func newRowRouter(leading []ast.SearchExpr, datasets []*datamodel.Dataset, rowsOf func(*event.Event) []datamodel.Row) *router {
	r := &router{seen: make([]uint32, len(leading)), rowsOf: rowsOf}
	dsAt := map[*datamodel.Dataset]int{}
	for i, e := range leading {
		if i < len(datasets) && datasets[i] != nil && rowsOf != nil {
			ds := datasets[i]
			k, ok := dsAt[ds]
			if !ok {
				k = len(r.byDataset)
				dsAt[ds] = k
				r.byDataset = append(r.byDataset, datasetSearches{ds: ds})
			}
			g, ok := guard(nil), false
			if e != nil {
				g, ok = guardOn(e, anyField)
			}
			r.byDataset[k].add(i, g, ok)
			continue
		}
		g, ok := guard(nil), false
		if e != nil {
			g, ok = guardOf(e)
		}
		r.raw.add(i, g, ok)
	}
	// Test the fields in a fixed order (routedFields' for raw events).
	slices.SortFunc(r.raw.fields, func(a, b string) int {
		return slices.Index(routedFields, a) - slices.Index(routedFields, b)
	})
	return r
}

func anyField(string) bool { return true }

// usePrefilter rules out, before their Match, the raw-event searches whose
// filter (filters[i], the exact expression search i's Match applies to raw
// events; nil for none or for data-model searches) requires literals an event
// lacks.
func (r *router) usePrefilter(filters []ast.SearchExpr) {
	sets := make([][]fieldLit, len(filters))
	for i, e := range filters {
		if e != nil {
			if ls, ok := literalsOf(e); ok {
				sets[i] = ls
			}
		}
	}
	r.pre = newPrefilter(sets)
}

// candidates returns the searches ev may match, each once. The slice is
// reused by the next call.
func (r *router) candidates(ev *event.Event) []int {
	r.cands = r.cands[:0]
	r.stamp++
	if r.stamp == 0 {
		clear(r.seen)
		r.stamp = 1
	}
	r.offer(&r.raw, ev)
	if r.pre != nil {
		r.pre.reset()
		kept := r.cands[:0]
		for _, s := range r.cands {
			if r.pre.may(s, ev) {
				kept = append(kept, s)
			}
		}
		r.cands = kept
	}
	if len(r.byDataset) > 0 {
		for _, row := range r.rowsOf(ev) {
			for k := range r.byDataset {
				if d := &r.byDataset[k]; row.In(d.ds) {
					r.offer(&d.guardIndex, row.Event)
				}
			}
		}
	}
	return r.cands
}

// offer adds the searches of x whose guards ev satisfies.
func (r *router) offer(x *guardIndex, ev *event.Event) {
	for _, s := range x.always {
		if r.seen[s] != r.stamp {
			r.seen[s] = r.stamp
			r.cands = append(r.cands, s)
		}
	}
	for _, f := range x.fields {
		v := ev.Get(f)
		m := x.index[f]
		for i := 0; i < v.Len(); i++ {
			for _, s := range r.lookup(m, v.Index(i)) {
				if r.seen[s] != r.stamp {
					r.seen[s] = r.stamp
					r.cands = append(r.cands, s)
				}
			}
		}
	}
}

// lookup finds the searches for value s, lower-casing ASCII letters into a
// reused buffer (m[string(b)] does not allocate).
func (r *router) lookup(m map[string][]int, s string) []int {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			ascii = false
			break
		}
	}
	if !ascii {
		return m[strings.ToLower(s)]
	}
	r.lower = append(r.lower[:0], s...)
	for j, c := range r.lower {
		if 'A' <= c && c <= 'Z' {
			r.lower[j] = c + 'a' - 'A'
		}
	}
	return m[string(r.lower)]
}
