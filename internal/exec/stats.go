package exec

import (
	"context"
	"slices"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// stats aggregates its input into one row per combination of by-values
// (spl-semantics.md §8.1): by-fields first, then the aggregations in the
// order written; rows sorted by the by-values (byte order); an event with a
// null by-field joins no group; a multivalue by-field fans out. Without BY
// there is exactly one row, even on no input (count 0).
func (c *compiler) stats(cmd *ast.StatsCommand) stage {
	for _, o := range cmd.Options {
		switch strings.ToLower(o.Key) {
		case "partitions", "allnum", "delim", "dedup_splitvals":
		default:
			c.errf(source.ErrUnsupported, o.Sp, "stats option %q is not supported", o.Key)
			return nil
		}
	}
	specs, by, ok := c.aggCompile(cmd)
	if !ok {
		return nil
	}
	return &aggregator{name: "stats", span: cmd.Sp, specs: specs, by: by}
}

// aggregator is the grouping stage of stats and tstats. Unlike other
// blocking stages it aggregates input as it arrives and retains only its
// groups.
type aggregator struct {
	name  string
	span  source.Span
	specs []*aggSpec
	by    []string
	// fill, when set, replaces a null by-value instead of dropping the
	// event (tstats fillnull_value=).
	fill *string
	// prepare, when set, rewrites a copy of each input used only for its
	// group key (tstats: _time floored to its span).
	prepare func(*event.Event)
	// rowOf, when set, maps each input to the row aggregated (tstats: the
	// data-model row); inputs it rejects are skipped.
	rowOf func(*event.Event) (*event.Event, bool)
}

// readOnly reports that the stage never modifies its input events. Only
// fillnull_value writes into an input, and with rowOf it writes into a copy
// of the row instead; prepare always works on a copy. Sharing the input
// matters for tstats: the engine finds an event's data-model rows by the
// event's identity.
func (a *aggregator) readOnly() bool { return a.fill == nil || a.rowOf != nil }

func (a *aggregator) open(in Operator, rs *runState) Operator {
	return &aggOp{in: in, a: a, rs: rs}
}

type aggOp struct {
	in   Operator
	a    *aggregator
	rs   *runState
	done bool
	em   emitter
}

func (o *aggOp) Next(ctx context.Context) (*Batch, error) {
	if !o.done {
		o.done = true
		st := o.a.start()
		if err := drain(ctx, o.in, func(ev *event.Event) error { return st.add(o.rs, ev) }); err != nil {
			return nil, err
		}
		o.em = emitter{out: st.finish()}
	}
	return o.em.next(), nil
}

func (o *aggOp) Close() { o.in.Close() }

// aggRun is the state of one aggregation.
type aggRun struct {
	a      *aggregator
	groups map[string]*group
	order  []*group
	// key is the scratch event prepare rewrites: only the fields the group
	// key reads, so that no input is cloned whole.
	key event.Event
}

func (a *aggregator) start() *aggRun {
	r := &aggRun{a: a, groups: map[string]*group{}}
	if len(a.by) == 0 {
		g := newGroup(a.specs, nil)
		r.groups[""] = g
		r.order = append(r.order, g)
	}
	return r
}

// run aggregates a whole input at once.
func (a *aggregator) run(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
	r := a.start()
	for i, ev := range in {
		if i%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if err := r.add(rs, ev); err != nil {
			return nil, err
		}
	}
	return r.finish(), nil
}

func (r *aggRun) add(rs *runState, ev *event.Event) error {
	a := r.a
	if a.rowOf != nil {
		row, ok := a.rowOf(ev)
		if !ok {
			return nil
		}
		ev = row
		if a.fill != nil {
			ev = row.Clone() // the dataset's row may be shared
		}
	}
	{
		if a.fill != nil {
			for _, name := range a.by {
				if ev.Get(name).IsNull() {
					ev.Set(name, value.Str(*a.fill))
				}
			}
		}
		// The span floors _time only as a group key: min(_time) and
		// max(_time) still see each event's own time.
		keyEv := ev
		if a.prepare != nil {
			keyEv = r.keyOf(ev)
			a.prepare(keyEv)
		}
		for _, key := range byKeys(keyEv, a.by) {
			k := joinKey(key)
			g := r.groups[k]
			if g == nil {
				g = newGroup(a.specs, key)
				r.groups[k] = g
				r.order = append(r.order, g)
				if err := rs.budget.charge(int64(len(k))+64+64*int64(len(a.specs)), a.name, a.span); err != nil {
					return err
				}
			}
			if n := feed(a.specs, g, ev); n > 0 {
				if err := rs.budget.charge(n, a.name, a.span); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// keyOf returns a scratch event with ev's _time and by-field values (the
// first of each name, as Get sees them): all that prepare and byKeys read.
// It is valid until the next call.
func (r *aggRun) keyOf(ev *event.Event) *event.Event {
	k := &r.key
	k.Fields = k.Fields[:0]
	if v := ev.Get(event.Time); !v.IsNull() {
		k.Fields = append(k.Fields, event.Field{Name: event.Time, Value: v})
	}
	for _, name := range r.a.by {
		if name == event.Time || k.Has(name) {
			continue
		}
		if v := ev.Get(name); !v.IsNull() {
			k.Fields = append(k.Fields, event.Field{Name: name, Value: v})
		}
	}
	return k
}

// finish returns the rows, sorted by the by-values.
func (r *aggRun) finish() []*event.Event {
	a, order := r.a, r.order
	slices.SortStableFunc(order, func(x, y *group) int {
		for i := range x.by {
			if c := strings.Compare(x.by[i], y.by[i]); c != 0 {
				return c
			}
		}
		return 0
	})
	out := make([]*event.Event, 0, len(order))
	for _, g := range order {
		out = append(out, groupRow(a.specs, a.by, g))
	}
	return out
}

// groupRow renders a group as a result row.
func groupRow(specs []*aggSpec, by []string, g *group) *event.Event {
	row := event.New(len(by) + len(specs))
	for i, name := range by {
		row.Set(name, value.Str(g.by[i]))
	}
	for i, s := range specs {
		row.Set(s.out, g.states[i].result())
	}
	return row
}
