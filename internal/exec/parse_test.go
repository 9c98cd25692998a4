package exec

import (
	"context"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// splRun parses text, compiles it and runs it over the events Match accepts.
func splRun(t *testing.T, text string, events ...*event.Event) []*event.Event {
	t.Helper()
	out, err := splRunErr(text, events...)
	if err != nil {
		t.Fatalf("%s: %s", text, source.Render(err))
	}
	return out
}

func splRunErr(text string, events ...*event.Event) ([]*event.Event, error) {
	f := source.NewFile("search", text)
	p, err := parse.Parse(f)
	if err != nil {
		return nil, err
	}
	prog, err := Compile(p, Env{Now: testNow, File: f})
	if err != nil {
		return nil, err
	}
	var in []*event.Event
	for _, e := range events {
		if prog.Match(e) {
			in = append(in, e)
		}
	}
	return prog.Run(context.Background(), in)
}

func TestParsedSeeds(t *testing.T) {
	script := "function Invoke-WMIExec { param($Target) }"
	events := []*event.Event{
		psEvent(1715783842.75, "4104", "dc1", script),
		psEvent(1715783800.5, "4104", "dc1", script),
		psEvent(1715783000, "4103", "dc1", script),
	}
	q := `(source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR source="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational") EventCode=4104 ScriptBlockText IN ("*invoke-wmiexec*") | stats count min(_time) as firstTime max(_time) as lastTime by Computer EventCode ScriptBlockText | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime) | search *`
	wantRows(t, splRun(t, q, events...),
		"Computer=dc1 EventCode=4104 ScriptBlockText="+script+" count=2 firstTime=2024-05-15T14:36:40 lastTime=2024-05-15T14:37:22")

	pos := "Invoke-Command -ComputerName dc01 -ScriptBlock { whoami }"
	q2 := `(source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR source="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational") EventCode=4104 (ScriptBlockText="*Invoke-Command*" AND ScriptBlockText="*-ComputerName*") | stats count min(_time) as firstTime max(_time) as lastTime by EventCode ScriptBlockText Computer user_id | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(lastTime) | search *`
	wantRows(t, splRun(t, q2, psEvent(1715783842, "4104", "ws1", pos, "user_id", "u1"), psEvent(1715783842, "4104", "ws1", pos)),
		"EventCode=4104 ScriptBlockText="+pos+" Computer=ws1 user_id=u1 count=1 firstTime=2024-05-15T14:37:22 lastTime=2024-05-15T14:37:22")
}
