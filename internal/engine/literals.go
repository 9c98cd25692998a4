package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/coregx/ahocorasick"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// minLiteral is the shortest literal worth a prefilter entry: shorter ones
// occur in too many values to rule anything out.
const minLiteral = 3

// fieldLit is one required literal: a lower-cased text that occurs in some
// value of field (folded as the search language folds it) of every event the
// search accepts, if it is one literal of a search's set.
type fieldLit struct{ field, lit string }

// literalsOf derives a necessary literal set from a search expression: every
// event the expression accepts has at least one of the literals inside a
// value of its field. It reports false when no such set is certain. The
// search language matches field=value as a case-insensitive whole-value glob
// (filter.Glob), so each wildcard-free fragment of the pattern occurs in the
// matched value; the longest fragment is kept. A conjunction needs only one
// conjunct's set (the best), a disjunction needs one from every term.
// Negations, comparisons other than =, bare terms, CASE() and CIDR values,
// `field=*`, and the fields events are routed by give none.
func literalsOf(e ast.SearchExpr) ([]fieldLit, bool) {
	switch e := e.(type) {
	case *ast.SearchCompare:
		if e.Op != ast.OpEq || routed(e.Field.Name) {
			return nil, false
		}
		lit, ok := valueLiteral(e.Value)
		if !ok {
			return nil, false
		}
		return []fieldLit{{e.Field.Name, lit}}, true
	case *ast.SearchIn:
		if routed(e.Field.Name) {
			return nil, false
		}
		out := make([]fieldLit, 0, len(e.Values))
		for _, v := range e.Values {
			lit, ok := valueLiteral(v)
			if !ok {
				return nil, false
			}
			out = append(out, fieldLit{e.Field.Name, lit})
		}
		return out, len(out) > 0
	case *ast.SearchOr:
		var out []fieldLit
		for _, t := range e.Terms {
			ls, ok := literalsOf(t)
			if !ok {
				return nil, false
			}
			out = append(out, ls...)
		}
		return out, len(out) > 0
	case *ast.SearchAnd:
		var best []fieldLit
		for _, t := range e.Terms {
			if ls, ok := literalsOf(t); ok && (best == nil || betterLiterals(ls, best)) {
				best = ls
			}
		}
		return best, best != nil
	}
	return nil, false
}

// valueLiteral is the longest wildcard-free fragment of a search value,
// lower-cased as filter.CompileGlob lower-cases patterns.
func valueLiteral(v *ast.SearchValue) (string, bool) {
	t := v.Text
	if !v.Quoted && strings.HasPrefix(t, "CASE(") {
		return "", false // case-sensitive: a different fold
	}
	if strings.Contains(t, "/") && !strings.Contains(t, "*") {
		return "", false // may be a CIDR subnet, which matches by address
	}
	best := ""
	for _, frag := range strings.Split(strings.ToLower(t), "*") {
		if len(frag) > len(best) {
			best = frag
		}
	}
	return best, len(best) >= minLiteral
}

// betterLiterals prefers the set whose shortest literal is longer (rarer),
// then the smaller set.
func betterLiterals(a, b []fieldLit) bool {
	ma, mb := shortest(a), shortest(b)
	if ma != mb {
		return ma > mb
	}
	return len(a) < len(b)
}

func shortest(ls []fieldLit) int {
	n := -1
	for _, l := range ls {
		if n < 0 || len(l.lit) < n {
			n = len(l.lit)
		}
	}
	return n
}

// prefilter finds, per event, which literals of the searches' sets occur,
// with one Aho-Corasick automaton per field over all literals of that field,
// so that each value is scanned once for every search.
type prefilter struct {
	fields []litField
	nlits  int
	// sets[i] lists search i's literal IDs; nil means search i has no set
	// and is never ruled out.
	sets [][]int
	// Per event scratch (one goroutine): hit[id] is the stamp of the last
	// event in which literal id occurred.
	hit     []uint32
	stamp   uint32
	scanned bool
	buf     []byte
}

type litField struct {
	name string
	ac   *ahocorasick.Automaton
	ids  []int // automaton pattern index -> literal ID
}

// newPrefilter builds the automata for sets (sets[i] nil: search i has
// none). It returns nil when no search has a set.
func newPrefilter(sets [][]fieldLit) *prefilter {
	p := &prefilter{sets: make([][]int, len(sets))}
	type key struct{ field, lit string }
	ids := map[key]int{}
	byField := map[string][]string{}
	var order []string
	any := false
	for i, set := range sets {
		if set == nil {
			continue
		}
		any = true
		for _, fl := range set {
			k := key(fl)
			id, ok := ids[k]
			if !ok {
				id = len(ids)
				ids[k] = id
				if _, seen := byField[fl.field]; !seen {
					order = append(order, fl.field)
				}
				byField[fl.field] = append(byField[fl.field], fl.lit)
			}
			p.sets[i] = append(p.sets[i], id)
		}
	}
	if !any {
		return nil
	}
	p.nlits = len(ids)
	p.hit = make([]uint32, p.nlits)
	for _, f := range order {
		lits := byField[f]
		a, err := ahocorasick.NewBuilder().AddStrings(lits).Build()
		if err != nil {
			// The library refuses nothing we give it; without an automaton
			// the searches of this field are simply never ruled out.
			for i, set := range sets {
				for _, fl := range set {
					if fl.field == f {
						p.sets[i] = nil
					}
				}
			}
			continue
		}
		lf := litField{name: f, ac: a, ids: make([]int, len(lits))}
		for j, l := range lits {
			lf.ids[j] = ids[key{f, l}]
		}
		p.fields = append(p.fields, lf)
	}
	return p
}

// reset starts a new event.
func (p *prefilter) reset() {
	p.scanned = false
	p.stamp++
	if p.stamp == 0 {
		clear(p.hit)
		p.stamp = 1
	}
}

// may reports whether search i can match ev: it has no literal set, or one
// of its literals occurs in ev. The first call per event scans ev.
func (p *prefilter) may(i int, ev *event.Event) bool {
	set := p.sets[i]
	if set == nil {
		return true
	}
	if !p.scanned {
		p.scan(ev)
	}
	for _, id := range set {
		if p.hit[id] == p.stamp {
			return true
		}
	}
	return false
}

// scan marks the literals occurring in ev's values, each value folded as
// filter.Glob folds it: ASCII letters when the value is ASCII, else
// strings.ToLower.
func (p *prefilter) scan(ev *event.Event) {
	p.scanned = true
	for _, f := range p.fields {
		v := ev.Get(f.name)
		for i := 0; i < v.Len(); i++ {
			s := v.Index(i)
			p.buf = foldValue(p.buf[:0], s)
			for _, m := range f.ac.FindAllOverlapping(p.buf) {
				p.hit[f.ids[m.PatternID]] = p.stamp
			}
		}
	}
}

// foldValue appends s folded as the search language compares it.
func foldValue(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return append(dst, strings.ToLower(s)...)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}
