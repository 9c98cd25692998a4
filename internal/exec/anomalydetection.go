package exec

import (
	"context"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// anomalydetection flags results whose combination of field values is
// improbable, with Splunk's default histogram method (Splunk search
// reference, "anomalydetection"; spl-semantics.md has no section).
//
// The probability of a result is the product, over the fields named (all
// fields not starting with "_" when none are), of the frequency of its value:
// for a categorical field the share of results with that value; for a
// numeric field (every non-null value a number) the share of results in the
// value's histogram bin. Bins: ceil(log2 n)+1 equal-width bins between the
// smallest and largest value (Sturges' rule) [VERIFY: Splunk's binning is not
// documented]. A missing value is a category of its own.
//
// log_event_prob is the natural log of that probability. A result is
// anomalous when it is below the threshold: ln(pthresh) when pthresh= is
// given, else the lower Tukey fence of all results' log_event_prob,
// Q1 - 1.5*IQR (quartiles by linear interpolation) [VERIFY: cutoff=true, the
// default, "modifies" this fence in an undocumented way to report fewer
// anomalies; it is accepted and not modelled].
//
// Anomalous results get log_event_prob, probable_cause (the field whose
// value has the lowest frequency; the first such field on a tie),
// probable_cause_freq (that frequency) and max_freq (the highest frequency
// among that field's values) [VERIFY max_freq]. action=filter (the default)
// returns only the anomalous results, action=annotate all results in order
// with only the anomalous ones annotated. method=zscore|iqr and
// action=summary are not supported.
func (c *compiler) anomalydetection(cmd *ast.AnomalydetectionCommand) stage {
	opts, ok := c.options("anomalydetection", cmd.Options, "method", "action", "pthresh", "cutoff")
	if !ok {
		return nil
	}
	if o := opts["method"]; o != nil && !strings.EqualFold(o.Value, "histogram") {
		c.errf(source.ErrUnsupported, o.Sp, "anomalydetection method=%s is not supported (only histogram)", o.Value)
		return nil
	}
	annotate := false
	if o := opts["action"]; o != nil {
		switch strings.ToLower(o.Value) {
		case "filter":
		case "annotate":
			annotate = true
		default:
			c.errf(source.ErrUnsupported, o.Sp, "anomalydetection action=%s is not supported (filter or annotate)", o.Value)
			return nil
		}
	}
	pthresh := 0.0
	if o := opts["pthresh"]; o != nil {
		p, err := strconv.ParseFloat(o.Value, 64)
		if err != nil || p <= 0 || p >= 1 {
			c.errf(source.ErrSyntax, o.Sp, "pthresh must be a number between 0 and 1")
			return nil
		}
		pthresh = p
	}
	if _, ok := c.boolOption(opts["cutoff"], true); !ok {
		return nil
	}
	var names []string
	for _, f := range cmd.Args {
		names = append(names, f.Name)
	}
	return &blockingStage{name: "anomalydetection", span: cmd.Sp, run: func(ctx context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		return detectAnomalies(in, names, pthresh, annotate), ctx.Err()
	}}
}

// fieldFreq is the value frequencies of one field over the input.
type fieldFreq struct {
	name string
	// key maps each input result to its value's category or bin.
	key []string
	// count holds the size of each category or bin.
	count map[string]int
	max   int
}

// detectAnomalies runs the histogram method over in; see anomalydetection.
func detectAnomalies(in []*event.Event, names []string, pthresh float64, annotate bool) []*event.Event {
	n := len(in)
	if n == 0 {
		return in
	}
	if len(names) == 0 {
		names = visibleFields(in)
	}
	freqs := make([]*fieldFreq, len(names))
	for i, name := range names {
		freqs[i] = fieldFrequencies(in, name)
	}
	logp := make([]float64, n)
	for r := range in {
		for _, f := range freqs {
			logp[r] += math.Log(float64(f.count[f.key[r]]) / float64(n))
		}
	}
	threshold := math.Log(pthresh)
	if pthresh == 0 {
		sorted := append([]float64(nil), logp...)
		sort.Float64s(sorted)
		q1, q3 := quantile(sorted, 0.25), quantile(sorted, 0.75)
		threshold = q1 - 1.5*(q3-q1)
	}
	out := in[:0]
	for r, ev := range in {
		if logp[r] >= threshold || len(freqs) == 0 {
			if annotate {
				out = append(out, ev)
			}
			continue
		}
		cause := freqs[0]
		for _, f := range freqs[1:] {
			if f.count[f.key[r]] < cause.count[cause.key[r]] {
				cause = f
			}
		}
		ev.Set("log_event_prob", value.Num(logp[r]))
		ev.Set("probable_cause", value.Str(cause.name))
		ev.Set("probable_cause_freq", value.Num(float64(cause.count[cause.key[r]])/float64(n)))
		ev.Set("max_freq", value.Num(float64(cause.max)/float64(n)))
		out = append(out, ev)
	}
	return out
}

// visibleFields returns the names not starting with "_" of in's fields, in
// first-seen order.
func visibleFields(in []*event.Event) []string {
	seen := map[string]bool{}
	var names []string
	for _, ev := range in {
		for _, f := range ev.Fields {
			if !seen[f.Name] && !strings.HasPrefix(f.Name, "_") {
				seen[f.Name] = true
				names = append(names, f.Name)
			}
		}
	}
	return names
}

// fieldFrequencies builds the categories (or, for a numeric field, the
// histogram bins) of name over in.
func fieldFrequencies(in []*event.Event, name string) *fieldFreq {
	f := &fieldFreq{name: name, key: make([]string, len(in)), count: map[string]int{}}
	nums := make([]float64, len(in))
	numeric, present := true, false
	lo, hi := math.Inf(1), math.Inf(-1)
	for r, ev := range in {
		v := ev.Get(name)
		if v.IsNull() {
			continue
		}
		present = true
		x, ok := v.Number()
		if !ok || v.IsMulti() {
			numeric = false
			continue
		}
		nums[r] = x
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	numeric = numeric && present
	bins := int(math.Ceil(math.Log2(float64(len(in))))) + 1
	for r, ev := range in {
		v := ev.Get(name)
		switch {
		case v.IsNull():
			f.key[r] = "\x00missing"
		case numeric:
			b := 0
			if hi > lo {
				b = min(int(float64(bins)*(nums[r]-lo)/(hi-lo)), bins-1)
			}
			f.key[r] = "\x00bin" + strconv.Itoa(b)
		default:
			f.key[r] = strings.Join(v.Values(), "\n")
		}
		f.count[f.key[r]]++
	}
	for _, k := range f.count {
		f.max = max(f.max, k)
	}
	return f
}

// quantile returns the q-quantile of sorted by linear interpolation
// between closest ranks.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return math.NaN()
	}
	rank := q * float64(len(sorted)-1)
	lo := int(math.Floor(rank))
	if lo+1 >= len(sorted) {
		return sorted[lo]
	}
	return sorted[lo] + (rank-float64(lo))*(sorted[lo+1]-sorted[lo])
}
