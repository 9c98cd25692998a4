package exec

import (
	"math"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
)

// anomalyEvents: nine IAMUser rows with small counts and one Root row with a
// huge count, the shape of ESCU's GetObject detection.
func anomalyEvents() []*event.Event {
	var evs []*event.Event
	for i := 1; i <= 9; i++ {
		evs = append(evs, ev("id", i, "count", i, "user_type", "IAMUser"))
	}
	return append(evs, ev("id", 10, "count", 1000, "user_type", "Root"))
}

func TestAnomalydetectionHistogram(t *testing.T) {
	num := func(f float64) string { return value.FormatNumber(f) }
	// Root's value is in a category (and a bin) of 1 out of 10 for both
	// fields; the IAMUser rows are at the Tukey fence, not below it.
	root := "id=10 log_event_prob=" + num(2*math.Log(0.1)) + " probable_cause=count probable_cause_freq=0.1 max_freq=0.9"
	wantRows(t, runText(t, `* | anomalydetection "count" "user_type" | table id log_event_prob probable_cause probable_cause_freq max_freq`, Env{Now: testNow}, anomalyEvents()...),
		root)

	// annotate keeps every row, in order; probable_cause=* finds the anomaly.
	got := runText(t, `* | anomalydetection "count" "user_type" action=annotate | table id probable_cause`, Env{Now: testNow}, anomalyEvents()...)
	if len(got) != 10 || got[9].Get("probable_cause").Text() != "count" || got[0].Has("probable_cause") || got[0].Get("id").Text() != "1" {
		t.Errorf("annotate:\n%s", joinLines(rows(got)))
	}
	wantRows(t, runText(t, `* | anomalydetection count user_type action=annotate | search probable_cause=* | table id`, Env{Now: testNow}, anomalyEvents()...),
		"id=10")

	// Fields in the other order: the tie on the lowest frequency goes to the
	// first field.
	wantRows(t, runText(t, `* | anomalydetection user_type count | table id probable_cause`, Env{Now: testNow}, anomalyEvents()...),
		"id=10 probable_cause=user_type")

	// pthresh: IAMUser rows have probability 0.81.
	if got := runText(t, `* | anomalydetection pthresh=0.5 count user_type`, Env{Now: testNow}, anomalyEvents()...); len(got) != 1 {
		t.Errorf("pthresh=0.5 kept %d rows, want 1", len(got))
	}
	if got := runText(t, `* | anomalydetection pthresh=0.9 count user_type`, Env{Now: testNow}, anomalyEvents()...); len(got) != 10 {
		t.Errorf("pthresh=0.9 kept %d rows, want 10", len(got))
	}

	// No fields named: every field not starting with "_" counts. id is
	// numeric, so it is binned (ids 9 and 10 share a bin of 5, frequency
	// 0.2) rather than counted as ten categories of 0.1, which would make it
	// the probable cause.
	wantRows(t, runText(t, `* | anomalydetection | table id probable_cause`, Env{Now: testNow}, anomalyEvents()...),
		"id=10 probable_cause=count")

	// A missing value is a category: the one row without user_type.
	evs := anomalyEvents()[:9]
	evs = append(evs, ev("id", 10, "count", 5))
	wantRows(t, runText(t, `* | anomalydetection user_type | table id probable_cause_freq`, Env{Now: testNow}, evs...),
		"id=10 probable_cause_freq=0.1")

	// Uniform data has no anomaly; no input, no output.
	wantRows(t, runText(t, `* | anomalydetection user_type`, Env{Now: testNow}, anomalyEvents()[:9]...))
	wantRows(t, runText(t, `* | anomalydetection user_type`, Env{Now: testNow}))
}

func TestAnomalydetectionErrors(t *testing.T) {
	compileErr(t, `* | anomalydetection method=zscore x`, source.ErrUnsupported, "zscore")
	compileErr(t, `* | anomalydetection action=summary x`, source.ErrUnsupported, "summary")
	compileErr(t, `* | anomalydetection pthresh=2 x`, source.ErrSyntax, "pthresh")
	compileErr(t, `* | anomalydetection cutoff=maybe x`, source.ErrSyntax, "cutoff")
	compileErr(t, `* | anomalydetection foo=1 x`, source.ErrUnsupported, `"foo"`)
}
