package exec

import (
	"context"
	"math"
	"sort"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// timechart aggregates per time bucket of span= (required here), one row per
// bucket in time order with _time first (spl-semantics.md §9.24). With cont
// (default true) empty buckets are filled, count-like aggregates with 0,
// across the search's time range when it is bounded on both sides and across
// the data otherwise [VERIFY]. BY splits each aggregate into one column per
// value of the field (named by the value, or "agg: value" for several
// aggregates); null values form the NULL series; beyond limit= (default 10,
// 0 for none) series, the least frequent merge into OTHER (useother=true).
func (c *compiler) timechart(cmd *ast.TimechartCommand) stage {
	opts, ok := c.options("timechart", cmd.Options, "span", "limit", "cont", "useother", "otherstr", "usenull", "nullstr")
	if !ok {
		return nil
	}
	o := opts["span"]
	if o == nil {
		c.errf(source.ErrUnsupported, cmd.Sp, "timechart without span= is not supported")
		return nil
	}
	span, err := spltime.ParseSpan(o.Value)
	if err != nil {
		c.errf(source.ErrSyntax, o.Sp, "%v", err)
		return nil
	}
	limit, ok1 := c.intOption(opts["limit"], 10)
	cont, ok2 := c.boolOption(opts["cont"], true)
	useOther, ok3 := c.boolOption(opts["useother"], true)
	useNull, ok4 := c.boolOption(opts["usenull"], true)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil
	}
	otherStr, nullStr := "OTHER", "NULL"
	if o := opts["otherstr"]; o != nil {
		otherStr = o.Value
	}
	if o := opts["nullstr"]; o != nil {
		nullStr = o.Value
	}
	specs, _, ok := c.aggCompile(&ast.StatsCommand{Aggs: cmd.Aggs})
	if !ok {
		return nil
	}
	if len(cmd.By) > 1 {
		c.errf(source.ErrUnsupported, cmd.By[1].Sp, "timechart takes at most one BY field")
		return nil
	}
	split := ""
	if len(cmd.By) == 1 {
		split = cmd.By[0].Name
	}
	pl := c.plan
	sp := cmd.Sp
	return &blockingStage{name: "timechart", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		// Series names per event, and series sizes for limit.
		seriesOf := func(ev *event.Event) []string {
			if split == "" {
				return []string{""}
			}
			v := ev.Get(split)
			if v.IsNull() {
				if useNull {
					return []string{nullStr}
				}
				return nil
			}
			return v.Values()
		}
		sizes := map[string]int{}
		for _, ev := range in {
			for _, s := range seriesOf(ev) {
				sizes[s]++
			}
		}
		keep := map[string]string{}
		names := make([]string, 0, len(sizes))
		for s := range sizes {
			names = append(names, s)
		}
		sort.Slice(names, func(i, j int) bool {
			if sizes[names[i]] != sizes[names[j]] {
				return sizes[names[i]] > sizes[names[j]]
			}
			return names[i] < names[j]
		})
		hasOther := false
		for i, s := range names {
			switch {
			case limit == 0 || i < limit:
				keep[s] = s
			case useOther:
				keep[s], hasOther = otherStr, true
			}
		}
		var series []string
		for s, to := range keep {
			if s == to {
				series = append(series, s)
			}
		}
		sort.Strings(series)
		if hasOther {
			series = append(series, otherStr)
		}

		buckets := map[float64]map[string]*group{}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, ev := range in {
			t, ok := ev.EpochTime()
			if !ok {
				continue
			}
			b := span.Floor(t)
			lo, hi = math.Min(lo, b), math.Max(hi, b)
			row := buckets[b]
			if row == nil {
				row = map[string]*group{}
				buckets[b] = row
			}
			for _, s := range seriesOf(ev) {
				name, ok := keep[s]
				if !ok {
					continue
				}
				g := row[name]
				if g == nil {
					g = newGroup(specs, nil)
					row[name] = g
					if err := rs.budget.charge(64*int64(len(specs)+1), "timechart", sp); err != nil {
						return nil, err
					}
				}
				feed(specs, g, ev)
			}
		}
		if cont && pl != nil && !pl.Earliest.IsZero() && !pl.Latest.IsZero() {
			lo = span.Floor(spltime.Epoch(pl.Earliest))
			hi = math.Nextafter(spltime.Epoch(pl.Latest), math.Inf(-1))
			hi = span.Floor(hi)
		}
		var times []float64
		if cont && !math.IsInf(lo, 0) {
			for t := lo; t <= hi; t = nextBucket(span, t) {
				times = append(times, t)
				if len(times) > 1_000_000 {
					break
				}
			}
		} else {
			for t := range buckets {
				times = append(times, t)
			}
			sort.Float64s(times)
		}
		out := make([]*event.Event, 0, len(times))
		for _, t := range times {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			row := event.New(1 + len(series)*len(specs))
			row.Set(event.Time, value.Num(t))
			for _, s := range series {
				g := buckets[t][s]
				for i, spec := range specs {
					col := spec.out
					if split != "" {
						col = s
						if len(specs) > 1 {
							col = spec.out + ": " + s
						}
					}
					switch {
					case g != nil:
						row.Set(col, g.states[i].result())
					case spec.fn == "count" || spec.fn == "dc":
						row.Set(col, value.Int(0))
					default:
						row.Append(col, value.NullValue)
					}
				}
			}
			out = append(out, row)
		}
		return out, nil
	}}
}

func nextBucket(span spltime.Span, t float64) float64 {
	if sec, ok := span.Seconds(); ok {
		return t + sec
	}
	u, n := span.Unit, int(span.N)
	return spltime.Epoch(spltime.Add(spltime.EpochTime(t), n, u))
}
