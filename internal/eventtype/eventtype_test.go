package eventtype

import (
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

func TestBuiltin(t *testing.T) {
	et, err := NewBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	f := func(src, want string) {
		t.Helper()
		ev := event.New(1)
		ev.Set(event.Source, value.Str(src))
		et.Annotate(ev)
		if got := ev.Get(Field).Text(); got != want {
			t.Errorf("eventtype of source %q = %q, want %q", src, got, want)
		}
	}
	f("XmlWinEventLog:System", "wineventlog_system")
	f("xmlwineventlog:security", "wineventlog_security")
	f("WinEventLog:Security", "wineventlog_security")
	f("WinEventLog:Application", "wineventlog_application")
	f("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "")
}

func TestAnnotate(t *testing.T) {
	et, err := New([]Definition{{"a", "x=1"}, {"b", "y=*"}, {"c", "x=2"}})
	if err != nil {
		t.Fatal(err)
	}
	ev := event.New(2)
	ev.Set("x", value.Str("1"))
	ev.Set("y", value.Str("z"))
	et.Annotate(ev)
	if got := ev.Get(Field); got.String() != value.MV([]string{"a", "b"}).String() {
		t.Errorf("eventtype = %s, want [a, b]", got)
	}
	// An existing field is kept.
	ev = event.New(2)
	ev.Set("x", value.Str("2"))
	ev.Set(Field, value.Str("given"))
	et.Annotate(ev)
	if got := ev.Get(Field).Text(); got != "given" {
		t.Errorf("eventtype = %q, want the given value kept", got)
	}
}

func TestBadDefinition(t *testing.T) {
	if _, err := New([]Definition{{"broken", "(x=1"}}); err == nil || !strings.Contains(err.Error(), "broken") {
		t.Errorf("New with a bad search: %v, want an error naming it", err)
	}
}

// TestAnnotateReusesOnlySafely checks that the result reused across events
// with the same metadata is right when the metadata changes, and that a
// definition testing other fields is evaluated for every event.
func TestAnnotateReusesOnlySafely(t *testing.T) {
	mk := func(kv ...string) *event.Event {
		ev := event.New(len(kv) / 2)
		for i := 0; i < len(kv); i += 2 {
			ev.Set(kv[i], value.Str(kv[i+1]))
		}
		return ev
	}
	meta, err := NewBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ src, want string }{
		{"XmlWinEventLog:Security", "wineventlog_security"},
		{"XmlWinEventLog:Security", "wineventlog_security"},
		{"XmlWinEventLog:System", "wineventlog_system"},
		{"other", ""},
		{"XmlWinEventLog:Security", "wineventlog_security"},
	} {
		ev := mk(event.Source, c.src)
		meta.Annotate(ev)
		if got := ev.Get(Field).Text(); got != c.want {
			t.Errorf("event %d (%s): eventtype %q, want %q", i, c.src, got, c.want)
		}
	}
	byCode, err := New([]Definition{{"logon", `source=XmlWinEventLog:Security EventCode=4624`}})
	if err != nil {
		t.Fatal(err)
	}
	a := mk(event.Source, "XmlWinEventLog:Security", "EventCode", "4624")
	b := mk(event.Source, "XmlWinEventLog:Security", "EventCode", "4625")
	byCode.Annotate(a)
	byCode.Annotate(b)
	if a.Get(Field).Text() != "logon" || b.Has(Field) {
		t.Errorf("field-dependent eventtype reused: a=%v b=%v", a.Get(Field), b.Get(Field))
	}
}
