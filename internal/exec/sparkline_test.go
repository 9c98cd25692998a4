package exec

import (
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
)

const sparkBase = 1699999200.0 // a multiple of 1800 s

func sparkEvents() []*event.Event {
	return []*event.Event{
		ev("_time", sparkBase+0, "host", "a", "bytes", 10),
		ev("_time", sparkBase+1, "host", "a", "bytes", 20),
		ev("_time", sparkBase+1, "host", "a", "bytes", 40),
		ev("_time", sparkBase+3, "host", "a"),
		ev("_time", sparkBase+2, "host", "b", "bytes", 5),
	}
}

func TestSparkline(t *testing.T) {
	// Without a job range the span fits the group's events: 1 s here.
	wantRows(t, runText(t, `* | stats sparkline count by host`, Env{Now: testNow}, sparkEvents()...),
		"host=a sparkline=[##__SPARKLINE__##, 1, 2, 0, 1] count=4",
		"host=b sparkline=[##__SPARKLINE__##, 1] count=1")
	wantRows(t, runText(t, `* | stats sparkline(count) as s`, Env{Now: testNow}, sparkEvents()...),
		"s=[##__SPARKLINE__##, 1, 2, 1, 1]")
	// An inner aggregation over a field; the event without bytes adds
	// nothing, and its bucket renders 0.
	wantRows(t, runText(t, `* | stats sparkline(avg(bytes)) as s by host`, Env{Now: testNow}, sparkEvents()...),
		"host=a s=[##__SPARKLINE__##, 10, 30]", "host=b s=[##__SPARKLINE__##, 5]")
	wantRows(t, runText(t, `* | stats sparkline(dc(bytes)) as s`, Env{Now: testNow}, sparkEvents()...),
		"s=[##__SPARKLINE__##, 1, 2, 1]")

	// With a one-day job range the span is 30 minutes (48 buckets).
	day := Env{Now: testNow, Earliest: time.Unix(int64(sparkBase), 0), Latest: time.Unix(int64(sparkBase)+86400, 0)}
	evs := []*event.Event{ev("_time", sparkBase+10), ev("_time", sparkBase+100), ev("_time", sparkBase+3*1800+5)}
	wantRows(t, runText(t, `* | stats sparkline`, day, evs...),
		"sparkline=[##__SPARKLINE__##, 2, 0, 0, 1]")
	// No events: the marker alone.
	wantRows(t, runText(t, `* | stats sparkline`, Env{Now: testNow}), "sparkline=##__SPARKLINE__##")
}

func TestSparklineErrors(t *testing.T) {
	compileErr(t, `* | stats sparkline(bytes)`, source.ErrSyntax, "aggregation")
	compileErr(t, `* | stats sparkline(nosuch(bytes))`, source.ErrUnsupported, "nosuch")
}
