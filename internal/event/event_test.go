package event

import (
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/value"
)

func TestSetGetKeepsOrder(t *testing.T) {
	e := New(4)
	e.Set("b", value.Str("1"))
	e.Set("a", value.Str("2"))
	e.Set("b", value.Str("3"))
	if len(e.Fields) != 2 || e.Fields[0].Name != "b" || e.Get("b").Text() != "3" {
		t.Fatalf("fields = %v", e.Fields)
	}
	e.Set("b", value.NullValue)
	if e.Has("b") || len(e.Fields) != 1 {
		t.Fatalf("null did not delete: %v", e.Fields)
	}
	e.Add("d", "x")
	e.Add("d", "y")
	if v := e.Get("d"); v.Len() != 2 || v.Index(1) != "y" {
		t.Fatalf("Add = %v", v)
	}
}

func TestTimeRoundTrip(t *testing.T) {
	tm := time.Date(2024, 5, 15, 14, 37, 22, 123456700, time.UTC)
	e := New(1)
	e.SetTime(tm)
	sec, ok := e.EpochTime()
	if !ok {
		t.Fatal("no _time")
	}
	if got := TimeOf(sec); !got.Equal(tm.Truncate(time.Microsecond)) {
		t.Errorf("TimeOf(%v) = %v", sec, got)
	}
}

func TestCleanKey(t *testing.T) {
	for in, want := range map[string]string{"Threat Name": "Threat_Name", "a.b-c/d": "a_b_c_d", "Plain_1": "Plain_1", "é": "__"} {
		if got := CleanKey(in); got != want {
			t.Errorf("CleanKey(%q) = %q, want %q", in, got, want)
		}
	}
}
