package engine

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

func TestEventtypes(t *testing.T) {
	et, err := newEventtyper()
	if err != nil {
		t.Fatal(err)
	}
	f := func(src, want string) {
		t.Helper()
		ev := event.New(1)
		ev.Set(event.Source, value.Str(src))
		et.annotate(ev)
		if got := ev.Get("eventtype").Text(); got != want {
			t.Errorf("eventtype of source %q = %q, want %q", src, got, want)
		}
	}
	f("XmlWinEventLog:System", "wineventlog_system")
	f("xmlwineventlog:security", "wineventlog_security")
	f("WinEventLog:Application", "wineventlog_application")
	f("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "")
}
