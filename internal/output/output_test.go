package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

func TestAppendRowIsValidJSONAndKeepsOrder(t *testing.T) {
	ev := event.New(3)
	ev.Set("z", value.Str("a&b <c> \"q\" \\ \n\t\x01 é \u2028"))
	ev.Set("a", value.MV([]string{"1", "2"}))
	ev.Set("n", value.Num(2.5))
	b := AppendRow(nil, ev)
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("invalid JSON %s: %v", b, err)
	}
	if m["z"] != "a&b <c> \"q\" \\ \n\t\x01 é \u2028" || m["n"] != "2.5" {
		t.Errorf("values changed: %v", m)
	}
	if !strings.HasPrefix(string(b), `{"z":"a&b <c>`) || !strings.Contains(string(b), `"a":["1","2"]`) {
		t.Errorf("order or escaping: %s", b)
	}
	if bytes.Contains(b, []byte(`\u0026`)) {
		t.Errorf("HTML-escaped: %s", b)
	}
}

func TestAppendEventShape(t *testing.T) {
	ev := event.New(4)
	ev.Set(event.Time, value.Num(1709366400.25))
	ev.Set(event.Raw, value.Str("<Event/>"))
	ev.Set(event.Source, value.Str("XmlWinEventLog:Security"))
	ev.Set("EventCode", value.Str("4688"))
	var m struct {
		Time   string            `json:"_time"`
		Index  *string           `json:"index"`
		Source string            `json:"source"`
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal(AppendEvent(nil, ev), &m); err != nil {
		t.Fatal(err)
	}
	if m.Time != "2024-03-02T08:00:00.25Z" || m.Source != "XmlWinEventLog:Security" || m.Index != nil ||
		len(m.Fields) != 1 || m.Fields["EventCode"] != "4688" {
		t.Errorf("event JSON = %+v", m)
	}
}

func TestRowsTableTruncatesAndAligns(t *testing.T) {
	a := event.New(2)
	a.Set("host", value.Str("h1"))
	a.Set("text", value.Str(strings.Repeat("x", 200)+"\nsecond line"))
	b := event.New(1)
	b.Set("other", value.Str("v"))
	var buf bytes.Buffer
	if err := Rows(&buf, Table, []*event.Event{a, b}, 0); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "host") || !strings.Contains(lines[0], "other") {
		t.Fatalf("table:\n%s", buf.String())
	}
	if strings.Contains(lines[1], "second line") || !strings.Contains(lines[1], "…") {
		t.Errorf("long value not cut to one line: %q", lines[1])
	}
}
