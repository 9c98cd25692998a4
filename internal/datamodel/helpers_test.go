package datamodel

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
)

const (
	sysmonSource   = "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"
	securitySource = "XmlWinEventLog:Security"
	systemSource   = "XmlWinEventLog:System"
)

// winEvent builds an event the way the XML/EVTX/JSON readers do (fields.md):
// metadata, System fields (EventID and EventCode, Computer, Channel, ...),
// then the Data fields given as name, value pairs.
func winEvent(src, code, computer string, data ...string) *event.Event {
	ev := event.New(32)
	ev.Append(event.Time, value.Num(1700000000.5))
	ev.Append(event.Host, value.Str(computer))
	ev.Append(event.Source, value.Str(src))
	ev.Append(event.Sourcetype, value.Str("XmlWinEventLog"))
	ev.Append(event.Index, value.Str("main"))
	ev.Append("EventID", value.Str(code))
	ev.Append("EventCode", value.Str(code))
	ev.Append("Channel", value.Str(strings.TrimPrefix(src, "XmlWinEventLog:")))
	ev.Append("Computer", value.Str(computer))
	for i := 0; i+1 < len(data); i += 2 {
		if data[i+1] != "" {
			ev.Add(data[i], data[i+1])
		}
	}
	return ev
}

var (
	builtinOnce sync.Once
	builtinReg  *Registry
	builtinErr  error
)

func builtin(t testing.TB) *Registry {
	t.Helper()
	builtinOnce.Do(func() { builtinReg, builtinErr = Builtin() })
	if builtinErr != nil {
		t.Fatalf("Builtin: %v", builtinErr)
	}
	return builtinReg
}

// rowOf derives ev and returns its row for the dataset path, failing when
// there is none.
func rowOf(t *testing.T, r *Registry, ev *event.Event, path string) (*event.Event, Row) {
	t.Helper()
	ds, err := r.Dataset(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range r.Rows(ev) {
		if row.In(ds) {
			return row.Event, row
		}
	}
	t.Fatalf("event is not a row of %s", path)
	return nil, Row{}
}

// checkFields asserts name=value pairs; a value "<null>" asserts absence and
// "[a|b]" a multivalue.
func checkFields(t *testing.T, row *event.Event, want ...string) {
	t.Helper()
	for i := 0; i+1 < len(want); i += 2 {
		name, w := want[i], want[i+1]
		got := row.Get(name)
		switch {
		case w == "<null>":
			if !got.IsNull() {
				t.Errorf("%s = %v, want null", name, got)
			}
		case strings.HasPrefix(w, "[") && strings.HasSuffix(w, "]"):
			exp := strings.Split(w[1:len(w)-1], "|")
			if got.Len() != len(exp) || strings.Join(got.Values(), "|") != strings.Join(exp, "|") {
				t.Errorf("%s = %v, want %v", name, got, exp)
			}
		default:
			if got.IsMulti() || got.Text() != w {
				t.Errorf("%s = %v, want %q", name, got, w)
			}
		}
	}
}

func dump(ev *event.Event) string {
	var b strings.Builder
	for _, f := range ev.Fields {
		fmt.Fprintf(&b, "%s=%v\n", f.Name, f.Value)
	}
	return b.String()
}

type eventT = event.Event

func strValue(s string) value.Value { return value.Str(s) }

// eventOf builds an event from name, value pairs.
func eventOf(kv ...string) *event.Event {
	ev := event.New(len(kv) / 2)
	for i := 0; i+1 < len(kv); i += 2 {
		ev.Append(kv[i], value.Str(kv[i+1]))
	}
	return ev
}

func newTestFile(name, text string) *source.File { return source.NewFile(name, text) }
