package exec

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
)

// outlierEvents: counts -50, 1..8, 100 (Q1 2.25, Q3 6.75, so with
// param=2.5 the bounds are -9 and 18), plus one row without a count.
func outlierEvents() []*event.Event {
	evs := []*event.Event{ev("id", 0, "count", -50)}
	for i := 1; i <= 8; i++ {
		evs = append(evs, ev("id", i, "count", i))
	}
	return append(evs, ev("id", 9, "count", 100), ev("id", 10, "user", "x"))
}

func TestOutlier(t *testing.T) {
	got := runText(t, `* | outlier action=RM count | stats count as n values(id) as ids`, Env{Now: testNow}, outlierEvents()...)
	wantRows(t, got, "n=10 ids=[0, 1, 10, 2, 3, 4, 5, 6, 7, 8]")

	got = runText(t, `* | outlier count | search id=0 OR id=9 | table id count`, Env{Now: testNow}, outlierEvents()...)
	wantRows(t, got, "id=0 count=-50", "id=9 count=18")

	got = runText(t, `* | outlier action=tf uselower=true mark=true count | search id=0 OR id=9 OR id=1 | table id count`, Env{Now: testNow}, outlierEvents()...)
	wantRows(t, got, "id=0 count=000-9", "id=1 count=1", "id=9 count=00018")

	got = runText(t, `* | outlier action=remove uselower=t param=20 | stats count`, Env{Now: testNow}, outlierEvents()...)
	wantRows(t, got, "count=10") // bounds -87.75 and 96.75: only 100 goes
}

func TestOutlierErrors(t *testing.T) {
	compileErr(t, `* | outlier action=drop x`, source.ErrSyntax, "action")
	compileErr(t, `* | outlier param=-1 x`, source.ErrSyntax, "param")
	compileErr(t, `* | outlier type=x x`, source.ErrUnsupported, `"type"`)
}
