package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// benchEvents returns n 4104-like events with a 2 kB _raw and 20 fields; one
// in ten is a wmiexec positive.
func benchEvents(n int) []*event.Event {
	out := make([]*event.Event, n)
	for i := range out {
		script := "Get-ChildItem -Path C:\\Users -Recurse | Where-Object { $_.Length -gt 1000 }"
		if i%10 == 0 {
			script = "function Invoke-WMIExec { param($Target) }"
		}
		kv := []any{"_time", float64(1715783842 - i), "_raw", "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'>" + strings.Repeat("<Data Name='x'>filler value</Data>", 50) + script + "</Event>",
			"source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "sourcetype", "XmlWinEventLog",
			"EventCode", "4104", "Computer", fmt.Sprintf("host%d", i%7), "ScriptBlockText", script}
		for j := range 13 {
			kv = append(kv, fmt.Sprintf("f%d", j), "v")
		}
		out[i] = ev(kv...)
	}
	return out
}

func BenchmarkSeedMatch(b *testing.B) {
	prog, err := Compile(wmiexecPipeline(), Env{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	evs := benchEvents(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prog.Match(evs[i%len(evs)])
	}
}

func BenchmarkBareTermMatch(b *testing.B) {
	prog, err := Compile(pipeline(search(sterm("wmiexec*"))), Env{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	evs := benchEvents(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		prog.Match(evs[i%len(evs)])
	}
}

func BenchmarkSeedRun(b *testing.B) {
	prog, err := Compile(wmiexecPipeline(), Env{Now: testNow})
	if err != nil {
		b.Fatal(err)
	}
	var in []*event.Event
	for _, e := range benchEvents(10000) {
		if prog.Match(e) {
			in = append(in, e)
		}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := prog.Run(context.Background(), in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTstatsSpanRun aggregates 1000 shared 30-field data-model rows by
// _time span and two fields, the shape of most ESCU tstats detections.
func BenchmarkTstatsSpanRun(b *testing.B) {
	kv := []any{"_time", 1715783842.0, "Processes.dest", "h1", "Processes.user", "bob"}
	for j := range 27 {
		kv = append(kv, fmt.Sprintf("Processes.f%d", j), "value")
	}
	row := ev(kv...)
	p, err := parse.Parse(source.NewFile("q", `| tstats count min(_time) as firstTime from datamodel=X by _time span=1h Processes.dest Processes.user`))
	if err != nil {
		b.Fatal(err)
	}
	prog, err := Compile(p, Env{DataModels: sharedDS{row}})
	if err != nil {
		b.Fatal(err)
	}
	evs := benchEvents(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := prog.Run(context.Background(), evs); err != nil {
			b.Fatal(err)
		}
	}
}
