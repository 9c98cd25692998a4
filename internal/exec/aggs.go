package exec

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Aggregation functions of stats, eventstats and streamstats
// (spl-semantics.md §8.2). Nulls are ignored; a multivalue input contributes
// each of its values, except earliest/latest/first/last, which keep the
// event's whole value.

// listCap is list()'s limit (§8.2).
const listCap = 100

// aggSpec is one compiled aggregation.
type aggSpec struct {
	out   string
	fn    string                         // canonical function name
	input func(*event.Event) value.Value // nil for a bare count
	perc  float64                        // for percentiles
	exact bool                           // upperperc and friends: choose, do not interpolate
	// spark is the per-bucket aggregation and span of sparkline.
	spark *sparkSpec
}

var aggAliases = map[string]string{
	"c": "count", "count": "count",
	"dc": "dc", "distinct_count": "dc", "estdc": "dc",
	"values": "values", "list": "list",
	"min": "min", "max": "max",
	"avg": "avg", "mean": "avg", "sum": "sum", "sumsq": "sumsq",
	"stdev": "stdev", "stdevp": "stdevp", "var": "var", "varp": "varp",
	"range": "range", "earliest": "earliest", "latest": "latest",
	"earliest_time": "earliest_time", "latest_time": "latest_time",
	"first": "first", "last": "last", "median": "perc", "mode": "mode",
}

// compileAgg compiles one aggregation.
func (c *compiler) compileAgg(a *ast.Aggregation) (*aggSpec, bool) {
	name := strings.ToLower(a.Func)
	spec := &aggSpec{out: a.OutputName()}
	if name == "sparkline" {
		return c.compileSparkline(a)
	}
	if fn, ok := aggAliases[name]; ok {
		spec.fn = fn
		if name == "median" {
			spec.perc = 50
		}
	} else if p, exact, ok := percentile(name); ok {
		spec.fn, spec.perc, spec.exact = "perc", p, exact
	} else {
		c.errf(source.ErrUnsupported, a.Sp, "stats function %q is not supported", a.Func)
		return nil, false
	}
	switch {
	case a.Field != nil:
		name := a.Field.Name
		spec.input = func(ev *event.Event) value.Value { return ev.Get(name) }
	case a.Eval != nil:
		if a.As == nil {
			// [DOC stats]: eval(...) needs a name for its column (§6.7).
			c.errf(source.ErrSyntax, a.Sp, "%s(eval(...)) needs an AS name", a.Func)
			return nil, false
		}
		fn, err := c.ev.Compile(a.Eval)
		if err != nil {
			c.addErr(err)
			return nil, false
		}
		// A Boolean from eval(...) counts as a value when TRUE and as null
		// when FALSE, so count(eval(x>5)) counts matches [VERIFY §6.7].
		spec.input = func(ev *event.Event) value.Value {
			v := fn(ev)
			if b, ok := v.Truth(); ok {
				if b {
					return value.Str("True")
				}
				return value.NullValue
			}
			return v
		}
	default:
		if spec.fn != "count" {
			c.errf(source.ErrSyntax, a.Sp, "stats function %q needs a field", a.Func)
			return nil, false
		}
	}
	return spec, true
}

// percentile parses perc95, p95, exactperc95 and upperperc95.
func percentile(name string) (float64, bool, bool) {
	exact := false
	var rest string
	switch {
	case strings.HasPrefix(name, "exactperc"):
		rest = name[len("exactperc"):]
	case strings.HasPrefix(name, "upperperc"):
		rest, exact = name[len("upperperc"):], true
	case strings.HasPrefix(name, "perc"):
		rest = name[len("perc"):]
	case strings.HasPrefix(name, "p"):
		rest = name[1:]
	default:
		return 0, false, false
	}
	p, err := strconv.ParseFloat(rest, 64)
	if err != nil || p < 0 || p > 100 {
		return 0, false, false
	}
	return p, exact, true
}

// aggState accumulates one aggregation for one group. add returns the bytes
// it newly retains, for the memory budget.
type aggState interface {
	add(v value.Value, ev *event.Event) int64
	result() value.Value
}

func (a *aggSpec) newState() aggState {
	switch a.fn {
	case "count":
		return &countAgg{events: a.input == nil}
	case "dc":
		return &setAgg{set: map[string]struct{}{}}
	case "values":
		return &setAgg{set: map[string]struct{}{}, values: true}
	case "list":
		return &listAgg{}
	case "min":
		return &extremeAgg{sign: -1}
	case "max":
		return &extremeAgg{sign: 1}
	case "avg", "sum", "sumsq", "stdev", "stdevp", "var", "varp", "range":
		return &numAgg{fn: a.fn}
	case "earliest", "earliest_time":
		return &timeAgg{sign: -1, wantTime: a.fn == "earliest_time"}
	case "latest", "latest_time":
		return &timeAgg{sign: 1, wantTime: a.fn == "latest_time"}
	case "first":
		return &posAgg{first: true}
	case "last":
		return &posAgg{}
	case "perc":
		return &percAgg{p: a.perc, upper: a.exact}
	case "mode":
		return &modeAgg{counts: map[string]int{}}
	case "sparkline":
		return &sparkAgg{spec: a.spark}
	}
	return &countAgg{}
}

type countAgg struct {
	events bool
	n      int64
}

func (a *countAgg) add(v value.Value, _ *event.Event) int64 {
	if a.events {
		a.n++
	} else {
		a.n += int64(v.Len())
	}
	return 0
}
func (a *countAgg) result() value.Value { return value.Int(a.n) }

type setAgg struct {
	set    map[string]struct{}
	values bool
}

func (a *setAgg) add(v value.Value, _ *event.Event) int64 {
	var n int64
	for _, s := range v.Values() {
		if _, ok := a.set[s]; !ok {
			a.set[s] = struct{}{}
			n += int64(len(s)) + 32
		}
	}
	return n
}

func (a *setAgg) result() value.Value {
	if !a.values {
		return value.Int(int64(len(a.set)))
	}
	out := make([]string, 0, len(a.set))
	for s := range a.set {
		out = append(out, s)
	}
	sort.Strings(out) // byte order: "10" < "9", upper before lower (§8.2)
	return value.MV(out)
}

type listAgg struct{ vs []string }

func (a *listAgg) add(v value.Value, _ *event.Event) int64 {
	var n int64
	for _, s := range v.Values() {
		if len(a.vs) >= listCap {
			break
		}
		a.vs = append(a.vs, s)
		n += int64(len(s)) + 16
	}
	return n
}
func (a *listAgg) result() value.Value { return value.MV(a.vs) }

// extremeAgg is min/max: numbers compare numerically and below strings,
// strings byte-wise (value.CompareText) [VERIFY mixed input, §8.2].
type extremeAgg struct {
	sign int
	best string
	has  bool
}

func (a *extremeAgg) add(v value.Value, _ *event.Event) int64 {
	if !v.IsMulti() && v.Kind() == value.Number {
		return a.consider(v.Text())
	}
	for _, s := range v.Values() {
		a.consider(s)
	}
	return 0
}

func (a *extremeAgg) consider(s string) int64 {
	if !a.has || a.sign*value.CompareText(s, a.best) > 0 {
		a.best, a.has = s, true
	}
	return 0
}

func (a *extremeAgg) result() value.Value {
	if !a.has {
		return value.NullValue
	}
	if f, ok := value.ParseNumber(a.best); ok {
		return value.Num(f)
	}
	return value.Str(a.best)
}

// numAgg covers the functions of the numeric values only; non-numeric values
// are ignored.
type numAgg struct {
	fn         string
	n          float64
	sum, sumsq float64
	mean, m2   float64 // Welford
	minV, maxV float64
}

func (a *numAgg) add(v value.Value, _ *event.Event) int64 {
	if !v.IsMulti() {
		if f, ok := v.Number(); ok {
			a.addNum(f)
		}
		return 0
	}
	for _, s := range v.Values() {
		if f, ok := value.ParseNumber(s); ok {
			a.addNum(f)
		}
	}
	return 0
}

func (a *numAgg) addNum(f float64) {
	if a.n == 0 || f < a.minV {
		a.minV = f
	}
	if a.n == 0 || f > a.maxV {
		a.maxV = f
	}
	a.n++
	a.sum += f
	a.sumsq += f * f
	d := f - a.mean
	a.mean += d / a.n
	a.m2 += d * (f - a.mean)
}

func (a *numAgg) result() value.Value {
	if a.n == 0 {
		return value.NullValue
	}
	switch a.fn {
	case "avg":
		return value.Num(a.sum / a.n)
	case "sum":
		return value.Num(a.sum)
	case "sumsq":
		return value.Num(a.sumsq)
	case "range":
		return value.Num(a.maxV - a.minV)
	case "varp":
		return value.Num(a.m2 / a.n)
	case "stdevp":
		return value.Num(math.Sqrt(a.m2 / a.n))
	}
	// Sample variance; a single value gives 0 [BELIEF §8.2].
	variance := 0.0
	if a.n > 1 {
		variance = a.m2 / (a.n - 1)
	}
	if a.fn == "var" {
		return value.Num(variance)
	}
	return value.Num(math.Sqrt(variance))
}

// timeAgg is earliest/latest: the value from the event with the smallest
// (largest) _time; on a tie the first event seen wins.
type timeAgg struct {
	sign     int
	wantTime bool
	t        float64
	v        value.Value
	has      bool
}

func (a *timeAgg) add(v value.Value, ev *event.Event) int64 {
	t, ok := ev.EpochTime()
	if !ok {
		return 0
	}
	if !a.has || (a.sign < 0 && t < a.t) || (a.sign > 0 && t > a.t) {
		a.t, a.v, a.has = t, v, true
	}
	return 0
}

func (a *timeAgg) result() value.Value {
	if !a.has {
		return value.NullValue
	}
	if a.wantTime {
		return value.Num(a.t)
	}
	return a.v
}

type posAgg struct {
	first bool
	v     value.Value
	has   bool
}

func (a *posAgg) add(v value.Value, _ *event.Event) int64 {
	if !a.first || !a.has {
		a.v, a.has = v, true
	}
	return 0
}
func (a *posAgg) result() value.Value { return a.v }

// percAgg computes percentiles of the numeric values by linear interpolation
// between closest ranks (upperperc: the value at the upper rank) [VERIFY:
// Splunk's perc is approximate for large inputs].
type percAgg struct {
	p     float64
	upper bool
	vs    []float64
}

func (a *percAgg) add(v value.Value, _ *event.Event) int64 {
	var n int64
	for _, s := range v.Values() {
		if f, ok := value.ParseNumber(s); ok {
			a.vs = append(a.vs, f)
			n += 8
		}
	}
	return n
}

func (a *percAgg) result() value.Value {
	if len(a.vs) == 0 {
		return value.NullValue
	}
	sort.Float64s(a.vs)
	rank := a.p / 100 * float64(len(a.vs)-1)
	lo := int(math.Floor(rank))
	if a.upper {
		return value.Num(a.vs[int(math.Ceil(rank))])
	}
	if lo+1 >= len(a.vs) {
		return value.Num(a.vs[lo])
	}
	return value.Num(a.vs[lo] + (rank-float64(lo))*(a.vs[lo+1]-a.vs[lo]))
}

// modeAgg returns the most frequent value; ties go to the first seen.
type modeAgg struct {
	counts map[string]int
	order  []string
}

func (a *modeAgg) add(v value.Value, _ *event.Event) int64 {
	var n int64
	for _, s := range v.Values() {
		if _, ok := a.counts[s]; !ok {
			a.order = append(a.order, s)
			n += int64(len(s)) + 32
		}
		a.counts[s]++
	}
	return n
}

func (a *modeAgg) result() value.Value {
	best, bestN := "", 0
	for _, s := range a.order {
		if a.counts[s] > bestN {
			best, bestN = s, a.counts[s]
		}
	}
	if bestN == 0 {
		return value.NullValue
	}
	return value.Str(best)
}

// group is the aggregation state of one combination of by-values.
type group struct {
	by     []string
	states []aggState
}

// feed adds ev to g's aggregations; returns the bytes newly retained.
func feed(specs []*aggSpec, g *group, ev *event.Event) int64 {
	var n int64
	for i, s := range specs {
		if s.input == nil {
			n += g.states[i].add(value.NullValue, ev)
			continue
		}
		v := s.input(ev)
		if v.IsNull() {
			continue
		}
		n += g.states[i].add(v, ev)
	}
	return n
}

func newGroup(specs []*aggSpec, by []string) *group {
	g := &group{by: by, states: make([]aggState, len(specs))}
	for i, s := range specs {
		g.states[i] = s.newState()
	}
	return g
}

// byKeys returns the by-value combinations ev belongs to: none when a
// by-field is null, the cross product of the values of multivalue by-fields
// otherwise (§8.1).
func byKeys(ev *event.Event, by []string) [][]string {
	combos := [][]string{nil}
	for _, name := range by {
		v := ev.Get(name)
		if v.IsNull() {
			return nil
		}
		vs := v.Values()
		if len(vs) == 1 {
			for i := range combos {
				combos[i] = append(combos[i], vs[0])
			}
			continue
		}
		next := make([][]string, 0, len(combos)*len(vs))
		for _, c := range combos {
			for _, s := range vs {
				next = append(next, append(append([]string(nil), c...), s))
			}
		}
		combos = next
	}
	return combos
}

func joinKey(vs []string) string { return strings.Join(vs, "\x00") }

// aggCompile compiles the aggregations of a stats-like command.
func (c *compiler) aggCompile(cmd *ast.StatsCommand) ([]*aggSpec, []string, bool) {
	ok := true
	specs := make([]*aggSpec, 0, len(cmd.Aggs))
	for _, a := range cmd.Aggs {
		s, good := c.compileAgg(a)
		if !good {
			ok = false
			continue
		}
		specs = append(specs, s)
	}
	by := make([]string, len(cmd.By))
	for i, f := range cmd.By {
		by[i] = f.Name
	}
	return specs, by, ok
}
