package exec

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
)

// Tests of the fixes for the conformance suite's former xfail cases
// (spl-semantics.md §9.1, §9.4, §9.8, §9.12, §9.17).

func TestRenameMissingSourceRemovesTarget(t *testing.T) {
	wantRows(t, splRun(t, `* | rename nosuch as user`, ev("user", "u", "x", "1")), "x=1")
	// A present source still overwrites the target, keeping its position.
	wantRows(t, splRun(t, `* | rename a as user`, ev("a", "1", "user", "u")), "user=1")
	// A wildcard matching nothing changes nothing.
	wantRows(t, splRun(t, `* | rename nosuch* as user*`, ev("user", "u")), "user=u")
}

func TestRexOffsetField(t *testing.T) {
	wantRows(t, splRun(t, `* | rex field=s offset_field=off "(?<g>ab)" | table g off`, ev("s", "xxab")), "g=ab off=g=2-3")
	// Character offsets, several groups and matches joined with &.
	wantRows(t, splRun(t, `* | rex field=s offset_field=off max_match=0 "(?<k>\w)=(?<v>\d)" | table off`, ev("s", "é a=1 b=2")),
		"off=k=2-2&v=4-4&k=6-6&v=8-8")
	// No match: no offset field.
	wantRows(t, splRun(t, `* | rex field=s offset_field=off "(?<g>zz)" | table s off`, ev("s", "xxab")), "s=xxab off=null")
}

func TestSpathCutoffKeepsEarlyLeaves(t *testing.T) {
	long := `{"early": "e", "n": 12, "o": {"a": [1, "x"]}, "pad": "` + strings.Repeat("p", 6000) + `", "late": "v"}`
	wantRows(t, splRun(t, `* | spath | table early n o.a{} pad late`, ev("_raw", long)),
		"early=e n=12 o.a{}=[1, x] pad=null late=null")
	// A number cut at the cutoff is not extracted.
	cutNum := `{"a": "x", "pad": "` + strings.Repeat("p", spathCutoff-32) + `", "num": 123456789}`
	if i := strings.Index(cutNum, "123"); i >= spathCutoff || i+9 <= spathCutoff {
		t.Fatalf("fixture: number at %d does not straddle the cutoff", i)
	}
	wantRows(t, splRun(t, `* | spath | table a num`, ev("_raw", cutNum)), "a=x num=null")
	// Not JSON within the cutoff: nothing.
	bad := `{"a": "x" "b": 1, "pad": "` + strings.Repeat("p", 6000) + `"}`
	wantRows(t, splRun(t, `* | spath | table a`, ev("_raw", bad)), "a=null")
}

func TestOutputlookupAppend(t *testing.T) {
	var gotAppend []bool
	sink := func(table string, rows []*event.Event, appendRows bool) error {
		gotAppend = append(gotAppend, appendRows)
		return nil
	}
	for _, q := range []string{`* | outputlookup t`, `* | outputlookup append=t t`, `* | outputlookup t append=false`} {
		if _, err := runJobErr(q, Env{OutputLookup: sink}, ev("a", "1")); err != nil {
			t.Fatal(source.Render(err))
		}
	}
	if len(gotAppend) != 3 || gotAppend[0] || !gotAppend[1] || gotAppend[2] {
		t.Errorf("append flags = %v, want [false true false]", gotAppend)
	}
	if _, err := runJobErr(`* | outputlookup append=maybe t`, Env{OutputLookup: sink}, ev("a", "1")); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("append=maybe: %v, want a syntax error", err)
	}
}

func TestTransactionPartialFields(t *testing.T) {
	// Newest first, as events arrive.
	chain := []*event.Event{
		ev("_time", 30.0, "_raw", "c", "src_user", "a"),
		ev("_time", 20.0, "_raw", "b", "dest", "d1"),
		ev("_time", 10.0, "_raw", "a", "src_user", "a", "dest", "d1"),
	}
	// The first event instantiates both fields; the others are consistent
	// with it, with connected=true as well.
	for _, conn := range []string{"true", "false"} {
		wantRows(t, splRun(t, `* | transaction src_user dest connected=`+conn+` | table _time eventcount src_user dest _raw`, chain...),
			"_time=10 eventcount=3 src_user=a dest=d1 _raw=a\nb\nc")
	}
	// {src_user} then {dest}: nothing in common, so connected=true opens a
	// second transaction; connected=false joins them. A conflicting value
	// never joins.
	split := []*event.Event{
		ev("_time", 40.0, "_raw", "d", "src_user", "b"),
		ev("_time", 30.0, "_raw", "c", "src_user", "a", "dest", "d1"),
		ev("_time", 20.0, "_raw", "b", "dest", "d1"),
		ev("_time", 10.0, "_raw", "a", "src_user", "a"),
		ev("_time", 5.0, "_raw", "none", "other", "x"),
	}
	wantRows(t, splRun(t, `* | transaction src_user dest | table _time eventcount _raw`, split...),
		"_time=40 eventcount=1 _raw=d",
		"_time=20 eventcount=2 _raw=b\nc",
		"_time=10 eventcount=1 _raw=a")
	wantRows(t, splRun(t, `* | transaction src_user dest connected=false | table _time eventcount _raw`, split...),
		"_time=40 eventcount=1 _raw=d",
		"_time=10 eventcount=3 _raw=a\nb\nc")
	// maxpause still splits, and a bad connected= value is an error.
	wantRows(t, splRun(t, `* | transaction src_user dest connected=false maxpause=5s | table _time eventcount`, split...),
		"_time=40 eventcount=1", "_time=30 eventcount=1", "_time=20 eventcount=1", "_time=10 eventcount=1")
	if _, err := splRunErr(`* | transaction src_user connected=maybe`, split...); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("connected=maybe: %v, want a syntax error", err)
	}
}

// TestTransactionManyGroups groups many interleaved values with
// connected=false, which goes through the by-value and by-field-set
// indexes.
func TestTransactionManyGroups(t *testing.T) {
	var evs []*event.Event
	for i := 20000; i > 0; i-- {
		evs = append(evs, ev("_time", float64(i), "user", "u"+strconv.Itoa(i%5000)))
	}
	out := splRun(t, `* | transaction user connected=false maxspan=1d`, evs...)
	if len(out) != 5000 {
		t.Fatalf("got %d transactions, want 5000", len(out))
	}
	if got := out[0].Get("eventcount").Text(); got != "4" {
		t.Errorf("eventcount = %s, want 4", got)
	}
}
