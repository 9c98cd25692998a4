package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// transaction groups results that share the values of its fields into one
// result per transaction (spl-semantics.md §9.17). Within a group, events are
// taken in time order: startswith= opens a transaction (events before one
// are ignored), endswith= closes it, and exceeding maxspan= (first to last)
// or maxpause= (between neighbours) starts a new one. Transactions still open
// at the end are evicted, and dropped unless keepevicted=true, when startswith
// or endswith is given. Each transaction becomes a result with _time of its
// first event, duration, eventcount, _raw joined by newlines in time order,
// closed_txn (with startswith/endswith), and every other field the
// deduplicated union of its events' values. Results come out newest first.
// Events may lack some of the fields: see txnGrouper for how they join.
func (c *compiler) transaction(cmd *ast.TransactionCommand) stage {
	opts, ok := c.options("transaction", cmd.Options, "maxspan", "maxpause", "keepevicted", "connected", "maxevents", "mvlist", "unifyends")
	if !ok {
		return nil
	}
	var maxSpan, maxPause float64 = -1, -1
	for key, dst := range map[string]*float64{"maxspan": &maxSpan, "maxpause": &maxPause} {
		if o := opts[key]; o != nil {
			d, err := spltime.ParseDuration(o.Value)
			if err != nil {
				c.errf(source.ErrSyntax, o.Sp, "%s: %v", o.Key, err)
				return nil
			}
			*dst = d.Seconds()
		}
	}
	keepEvicted, ok := c.boolOption(opts["keepevicted"], false)
	if !ok {
		return nil
	}
	maxEvents, ok := c.intOption(opts["maxevents"], 1000)
	if !ok {
		return nil
	}
	starts, ok1 := c.txnFilter(cmd.StartsWith)
	ends, ok2 := c.txnFilter(cmd.EndsWith)
	if !ok1 || !ok2 {
		return nil
	}
	names := make([]string, len(cmd.Fields))
	for i, f := range cmd.Fields {
		names[i] = f.Name
	}
	connected, ok := c.boolOption(opts["connected"], true)
	if !ok {
		return nil
	}
	g := txnGrouper{
		names: names, maxSpan: maxSpan, maxPause: maxPause, maxEvents: maxEvents,
		starts: starts, ends: ends, keepEvicted: keepEvicted, connected: connected,
	}
	sp := cmd.Sp
	return &blockingStage{name: "transaction", span: sp, run: func(ctx context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		return g.run(ctx, in)
	}}
}

// txnFilter compiles startswith=/endswith=.
func (c *compiler) txnFilter(f *ast.TransactionFilter) (func(*event.Event) bool, bool) {
	switch {
	case f == nil:
		return nil, true
	case f.Search != nil:
		fl, err := filter.Compile(f.Search, c.file)
		if err != nil {
			c.addErr(err)
			return nil, false
		}
		return fl.Match, true
	case f.Eval != nil:
		fn, err := c.ev.Compile(f.Eval)
		if err != nil {
			c.addErr(err)
			return nil, false
		}
		return func(ev *event.Event) bool { return eval.Truth(fn(ev)) }, true
	}
	// A quoted search string: matched as a phrase against _raw.
	fl, err := filter.Compile(&ast.SearchTerm{Sp: f.Sp, Value: &ast.SearchValue{Sp: f.Sp, Text: f.Text, Quoted: true}}, c.file)
	if err != nil {
		c.addErr(err)
		return nil, false
	}
	return fl.Match, true
}

func txnRow(evs []*event.Event, first, last float64, bounded, closed bool) *event.Event {
	row := event.New(16)
	row.Set(event.Time, value.Num(first))
	var raws []string
	vals := map[string][]string{}
	seen := map[string]map[string]bool{}
	var names []string
	for _, e := range evs {
		for _, f := range e.Fields {
			switch f.Name {
			case event.Time:
				continue
			case event.Raw:
				raws = append(raws, f.Value.Text())
				continue
			}
			if seen[f.Name] == nil {
				seen[f.Name] = map[string]bool{}
				names = append(names, f.Name)
			}
			for _, s := range f.Value.Values() {
				if !seen[f.Name][s] {
					seen[f.Name][s] = true
					vals[f.Name] = append(vals[f.Name], s)
				}
			}
		}
	}
	if len(raws) > 0 {
		row.Set(event.Raw, value.Str(strings.Join(raws, "\n")))
	}
	for _, n := range names {
		row.Set(n, value.MV(vals[n]))
	}
	row.Set("duration", value.Num(last-first))
	row.Set("eventcount", value.Int(int64(len(evs))))
	if bounded {
		row.Set("closed_txn", value.Int(map[bool]int64{true: 1, false: 0}[closed]))
	}
	return row
}
