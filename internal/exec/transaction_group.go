package exec

import (
	"context"
	"slices"

	"github.com/riskhound/riskhound/internal/event"
)

// txnGrouper assigns events to transactions (spl-semantics.md §9.17) with
// Splunk's field matching. A transaction instantiates a value for each of
// its fields once an event holding that field joins. An event:
//   - conflicts with a transaction when some field has a value in both and
//     the values differ: it can never join it;
//   - is consistent with it when, without conflict, they share the value of
//     at least one field: it joins (transitively, so a {src_user, dest}
//     event links a {src_user} and a later {dest} event);
//   - otherwise (no field instantiated in common) joins only with
//     connected=false; with connected=true it opens a new transaction.
//
// Events lacking every field are left out [VERIFY]. Events are taken in
// time order (oldest first), which the startswith/endswith logic assumes;
// when several transactions could take an event, it joins a consistent one
// before a merely unconflicting one, then the one most recently extended.
// Splunk scans newest first, so with partial fields the grouping may differ
// in edge cases [VERIFY].
type txnGrouper struct {
	names             []string
	maxSpan, maxPause float64 // -1: unbounded
	maxEvents         int
	starts, ends      func(*event.Event) bool
	keepEvicted       bool
	connected         bool
}

// openTxn is a transaction being built.
type openTxn struct {
	seq         int      // creation order, for deterministic choices
	vals        []string // instantiated value key per field
	has         []bool   // which fields are instantiated
	mask        uint64   // has as bits (fields beyond 64 are not tracked)
	evs         []*event.Event
	first, last float64
	done        bool
}

// txnEvent is an input event with its time and field keys.
type txnEvent struct {
	ev   *event.Event
	t    float64
	keys []string
	has  []bool
	mask uint64
}

// txnState is the state of one run: the open transactions and two indexes
// over them.
type txnState struct {
	g       *txnGrouper
	bounded bool
	out     []*event.Event
	seq     int
	// byValue[i][key] are the transactions whose field i has that value.
	byValue []map[string][]*openTxn
	// byMask are the transactions by the set of fields they instantiate
	// (entries whose mask changed since are skipped), for connected=false.
	byMask map[uint64][]*openTxn
	// all is every transaction opened, for the final flush; finished ones
	// are compacted away now and then.
	all  []*openTxn
	live int
}

func (g *txnGrouper) run(ctx context.Context, in []*event.Event) ([]*event.Event, error) {
	var evs []txnEvent
	for _, ev := range in {
		x, ok := g.txnEvent(ev)
		if ok {
			evs = append(evs, x)
		}
	}
	// Oldest first; equal times keep the input order.
	slices.SortStableFunc(evs, func(a, b txnEvent) int { return cmpFloat(a.t, b.t) })
	s := &txnState{g: g, bounded: g.starts != nil || g.ends != nil, byValue: make([]map[string][]*openTxn, len(g.names)), byMask: map[uint64][]*openTxn{}}
	for i := range s.byValue {
		s.byValue[i] = map[string][]*openTxn{}
	}
	for n := range evs {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		s.add(&evs[n])
	}
	for _, tx := range s.all {
		s.flush(tx, !s.bounded)
	}
	slices.SortStableFunc(s.out, func(a, b *event.Event) int {
		ta, _ := a.EpochTime()
		tb, _ := b.EpochTime()
		return cmpFloat(tb, ta)
	})
	return s.out, nil
}

// txnEvent computes ev's key per field (multivalues joined); ok is false
// when ev has none of the fields.
func (g *txnGrouper) txnEvent(ev *event.Event) (txnEvent, bool) {
	x := txnEvent{ev: ev, keys: make([]string, len(g.names)), has: make([]bool, len(g.names))}
	found := false
	for i, name := range g.names {
		k, ok := dedupKey(ev, []string{name})
		if !ok {
			continue
		}
		x.keys[i], x.has[i], found = k, true, true
		if i < 64 {
			x.mask |= 1 << i
		}
	}
	x.t, _ = ev.EpochTime()
	return x, found
}

func (s *txnState) flush(tx *openTxn, closed bool) {
	if tx.done {
		return
	}
	tx.done = true
	s.live--
	if closed || !s.bounded || s.g.keepEvicted {
		s.out = append(s.out, txnRow(tx.evs, tx.first, tx.last, s.bounded, closed))
	}
}

// add puts x into a transaction, opening, extending or closing them.
func (s *txnState) add(x *txnEvent) {
	g := s.g
	var best *openTxn
	bestShared := false
	consider := func(tx *openTxn) {
		if tx.done {
			return
		}
		if g.maxSpan >= 0 && x.t-tx.first > g.maxSpan || g.maxPause >= 0 && x.t-tx.last > g.maxPause {
			// Too old for x, hence for every later event.
			s.flush(tx, !s.bounded)
			return
		}
		shared := false
		for i := range g.names {
			if x.has[i] && tx.has[i] {
				if tx.vals[i] != x.keys[i] {
					return // conflict
				}
				shared = true
			}
		}
		if !shared && g.connected {
			return
		}
		switch {
		case best == nil, shared != bestShared && shared,
			shared == bestShared && (tx.last > best.last || tx.last == best.last && tx.seq > best.seq):
			best, bestShared = tx, shared
		}
	}
	for i := range g.names {
		if x.has[i] {
			for _, tx := range s.byValue[i][x.keys[i]] {
				consider(tx)
			}
		}
	}
	if !g.connected {
		if len(g.names) > 64 {
			for _, tx := range s.all {
				consider(tx)
			}
		} else {
			for m, txs := range s.byMask {
				if m&x.mask != 0 {
					continue
				}
				for _, tx := range txs {
					if tx.mask == m {
						consider(tx)
					}
				}
			}
		}
	}
	isStart := g.starts != nil && g.starts(x.ev)
	switch {
	case best == nil:
	case len(best.evs) >= g.maxEvents:
		s.flush(best, !s.bounded)
		best = nil
	case isStart && g.ends == nil:
		// A new start closes the previous transaction.
		s.flush(best, true)
		best = nil
	}
	if best == nil {
		if g.starts != nil && !isStart {
			return // outside any transaction
		}
		s.seq++
		best = &openTxn{seq: s.seq, vals: make([]string, len(g.names)), has: make([]bool, len(g.names)), first: x.t}
		s.all = append(s.all, best)
		s.live++
	}
	best.evs = append(best.evs, x.ev)
	best.last = x.t
	grown := false
	for i := range g.names {
		if x.has[i] && !best.has[i] {
			best.has[i], best.vals[i], grown = true, x.keys[i], true
			s.byValue[i][x.keys[i]] = append(s.byValue[i][x.keys[i]], best)
		}
	}
	if grown {
		best.mask |= x.mask
		s.byMask[best.mask] = append(s.byMask[best.mask], best)
	}
	if g.ends != nil && g.ends(x.ev) {
		s.flush(best, true)
	}
	if len(s.all) > 256 && len(s.all) > 2*s.live {
		s.compact()
	}
}

// compact drops finished transactions from the list and the indexes (and
// stale entries from byMask); it runs when more than half are finished, so
// its cost is amortized over the events that finished them.
func (s *txnState) compact() {
	done := func(tx *openTxn) bool { return tx.done }
	s.all = slices.DeleteFunc(s.all, done)
	for _, m := range s.byValue {
		for k, l := range m {
			if l = slices.DeleteFunc(l, done); len(l) == 0 {
				delete(m, k)
			} else {
				m[k] = l
			}
		}
	}
	for k, l := range s.byMask {
		if l = slices.DeleteFunc(l, func(tx *openTxn) bool { return tx.done || tx.mask != k }); len(l) == 0 {
			delete(s.byMask, k)
		} else {
			s.byMask[k] = l
		}
	}
}
