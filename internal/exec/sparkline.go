package exec

import (
	"math"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// sparkMarker is the first value of a rendered sparkline: Splunk returns a
// sparkline as a multivalue of this marker followed by the value of each
// time bucket, oldest first, which its UI draws as a small chart.
const sparkMarker = "##__SPARKLINE__##"

// sparkMaxBuckets bounds the buckets of a sparkline without a span: the span
// is the smallest of sparkSpans giving at most this many buckets over the
// job's time range (when bounded at both ends) or else the group's events
// [VERIFY: Splunk derives it from the search's time range].
const sparkMaxBuckets = 100

// sparkSpans are the spans, in seconds, a sparkline may pick.
var sparkSpans = []float64{1, 5, 10, 30, 60, 300, 600, 1800, 3600, 3 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400}

// sparkSpec is a compiled sparkline(agg): the aggregation computed per time
// bucket and the time range the buckets cover (zero when unbounded).
type sparkSpec struct {
	inner      *aggSpec
	start, end float64
}

// compileSparkline compiles sparkline, sparkline(count) and
// sparkline(fn(field)) (Splunk's "sparkline" stats function): the
// aggregation fn (count when absent) per time bucket, rendered as
// sparkMarker followed by one value per bucket from the group's first
// bucket to its last; an empty bucket is 0 [VERIFY for functions other than
// count]. The explicit span argument (sparkline(count, 1h)) does not parse
// yet.
func (c *compiler) compileSparkline(a *ast.Aggregation) (*aggSpec, bool) {
	if a.Eval != nil {
		c.errf(source.ErrUnsupported, a.Sp, "sparkline(eval(...)) is not supported")
		return nil, false
	}
	inner := &ast.Aggregation{Sp: a.Sp, Func: "count"}
	if a.Field != nil && a.Field.Name != "count" && a.Field.Name != "c" {
		fn, arg, ok := strings.Cut(a.Field.Name, "(")
		if !ok || !strings.HasSuffix(arg, ")") || fn == "sparkline" {
			c.errf(source.ErrSyntax, a.Field.Sp, "sparkline needs an aggregation such as count or avg(bytes), not %q", a.Field.Name)
			return nil, false
		}
		inner.Func = fn
		inner.Field = &ast.Field{Sp: a.Field.Sp, Name: strings.TrimSuffix(arg, ")")}
	}
	in, ok := c.compileAgg(inner)
	if !ok {
		return nil, false
	}
	spec := &aggSpec{out: a.OutputName(), fn: "sparkline", spark: &sparkSpec{inner: in}}
	if !c.env.Earliest.IsZero() && !c.env.Latest.IsZero() {
		spec.spark.start = event.EpochSeconds(c.env.Earliest)
		spec.spark.end = event.EpochSeconds(c.env.Latest)
	}
	return spec, true
}

// sparkPoint is one event's time and input to the inner aggregation.
type sparkPoint struct {
	t  float64
	v  value.Value
	ev *event.Event
}

// sparkAgg keeps the points of a group until the span is known.
type sparkAgg struct {
	spec   *sparkSpec
	points []sparkPoint
}

func (a *sparkAgg) add(_ value.Value, ev *event.Event) int64 {
	t, ok := ev.EpochTime()
	if !ok {
		return 0
	}
	v := value.NullValue
	if a.spec.inner.input != nil {
		if v = a.spec.inner.input(ev); v.IsNull() {
			return 0
		}
	}
	// Only time-keyed aggregations read the event later; keep it for them.
	var keep *event.Event
	switch a.spec.inner.fn {
	case "earliest", "latest", "earliest_time", "latest_time":
		keep = ev
	}
	a.points = append(a.points, sparkPoint{t: t, v: v, ev: keep})
	return 48
}

func (a *sparkAgg) result() value.Value {
	if len(a.points) == 0 {
		return value.MV([]string{sparkMarker})
	}
	lo, hi := a.spec.start, a.spec.end
	if hi <= lo {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, p := range a.points {
			lo, hi = math.Min(lo, p.t), math.Max(hi, p.t)
		}
	}
	span := sparkSpans[len(sparkSpans)-1]
	for _, s := range sparkSpans {
		if math.Floor(hi/s)-math.Floor(lo/s)+1 <= sparkMaxBuckets {
			span = s
			break
		}
	}
	first, last := math.Inf(1), math.Inf(-1)
	buckets := map[float64]aggState{}
	for _, p := range a.points {
		b := math.Floor(p.t / span)
		first, last = math.Min(first, b), math.Max(last, b)
		st := buckets[b]
		if st == nil {
			st = a.spec.inner.newState()
			buckets[b] = st
		}
		st.add(p.v, p.ev)
	}
	out := []string{sparkMarker}
	for b := first; b <= last; b++ {
		s := "0"
		if st := buckets[b]; st != nil {
			if v := st.result(); !v.IsNull() {
				s = v.Text()
			}
		}
		out = append(out, s)
	}
	return value.MV(out)
}
