package engine

import (
	"strings"

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

// guardOf derives a guard from a search expression, or false when none is
// cheap and certain. A conjunction takes the most selective conjunct that has
// a guard; a disjunction needs a guard for every term.
func guardOf(e ast.SearchExpr) (guard, bool) {
	switch e := e.(type) {
	case *ast.SearchCompare:
		if e.Op != ast.OpEq || !routed(e.Field.Name) || strings.Contains(e.Value.Text, "*") {
			return nil, false
		}
		return guard{{e.Field.Name, strings.ToLower(e.Value.Text)}}, true
	case *ast.SearchIn:
		if !routed(e.Field.Name) {
			return nil, false
		}
		g := make(guard, 0, len(e.Values))
		for _, v := range e.Values {
			if strings.Contains(v.Text, "*") {
				return nil, false
			}
			g = append(g, fieldValue{e.Field.Name, strings.ToLower(v.Text)})
		}
		return g, len(g) > 0
	case *ast.SearchOr:
		var g guard
		for _, t := range e.Terms {
			tg, ok := guardOf(t)
			if !ok {
				return nil, false
			}
			g = append(g, tg...)
		}
		return g, len(g) > 0
	case *ast.SearchAnd:
		var best guard
		for _, t := range e.Terms {
			if tg, ok := guardOf(t); ok && (best == nil || better(tg, best)) {
				best = tg
			}
		}
		return best, best != nil
	}
	return nil, false
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
	index  map[string]map[string][]int // field -> lower-cased value -> searches
	always []int
	fields []string // the routed fields some guard uses
	seen   []uint32 // per search: the event stamp it was last offered for
	stamp  uint32
	lower  []byte
	cands  []int
}

// newRouter indexes searches by the guard of their leading search command;
// leading[i] is nil when search i has none (generating, tstats, ...).
func newRouter(leading []ast.SearchExpr) *router {
	r := &router{index: map[string]map[string][]int{}, seen: make([]uint32, len(leading))}
	used := map[string]bool{}
	for i, e := range leading {
		g, ok := guard(nil), false
		if e != nil {
			g, ok = guardOf(e)
		}
		if !ok {
			r.always = append(r.always, i)
			continue
		}
		for _, fv := range g {
			m := r.index[fv.field]
			if m == nil {
				m = map[string][]int{}
				r.index[fv.field] = m
			}
			m[fv.value] = append(m[fv.value], i)
			used[fv.field] = true
		}
	}
	for _, f := range routedFields {
		if used[f] {
			r.fields = append(r.fields, f)
		}
	}
	return r
}

// candidates returns the searches ev may match, in ascending order of
// guarded searches after the unguarded ones. The slice is reused by the next
// call.
func (r *router) candidates(ev *event.Event) []int {
	r.cands = append(r.cands[:0], r.always...)
	r.stamp++
	if r.stamp == 0 {
		clear(r.seen)
		r.stamp = 1
	}
	for _, f := range r.fields {
		v := ev.Get(f)
		m := r.index[f]
		for i := 0; i < v.Len(); i++ {
			for _, s := range r.lookup(m, v.Index(i)) {
				if r.seen[s] != r.stamp {
					r.seen[s] = r.stamp
					r.cands = append(r.cands, s)
				}
			}
		}
	}
	return r.cands
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
