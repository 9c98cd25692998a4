package datamodel

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

func benchEvents() map[string]*event.Event {
	return map[string]*event.Event{
		"sysmon1": winEvent(sysmonSource, "1", "win-dc-1.attackrange.local",
			"RuleName", "-", "UtcTime", "2023-02-08 13:01:11.053",
			"ProcessGuid", "{96128EA2-F212-5F7E-E400-000000007F01}", "ProcessId", "4242",
			"Image", `C:\Windows\System32\cmd.exe`, "FileVersion", "10.0.17763.1", "Description", "Windows Command Processor",
			"Product", "Microsoft Windows Operating System", "Company", "Microsoft Corporation", "OriginalFileName", "Cmd.Exe",
			"CommandLine", `"C:\Windows\system32\cmd.exe" /c whoami /all`, "CurrentDirectory", `C:\Users\bob\`,
			"User", `ATTACKRANGE\Administrator`, "LogonGuid", "{96128EA2-0000-0000-0000-000000000000}", "LogonId", "0x3e7",
			"TerminalSessionId", "0", "IntegrityLevel", "High",
			"Hashes", "MD5=11111111111111111111111111111111,SHA256=2222222222222222222222222222222222222222222222222222222222222222,IMPHASH=33333333333333333333333333333333",
			"ParentProcessGuid", "{96128EA2-F212-5F7E-E300-000000007F01}", "ParentProcessId", "1000",
			"ParentImage", `C:\Windows\explorer.exe`, "ParentCommandLine", `C:\Windows\Explorer.EXE`, "ParentUser", `ATTACKRANGE\Administrator`),
		"sysmon13": winEvent(sysmonSource, "13", "h", "EventType", "SetValue", "Image", `C:\Windows\regedit.exe`,
			"ProcessGuid", "{G}", "ProcessId", "99", "User", `NT AUTHORITY\SYSTEM`,
			"TargetObject", `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware`, "Details", "DWORD (0x00000001)"),
		"sec4688": winEvent(securitySource, "4688", "WIN-HOST.attackrange.local",
			"SubjectUserSid", "S-1-5-18", "SubjectUserName", "WIN-HOST$", "SubjectDomainName", "ATTACKRANGE",
			"SubjectLogonId", "0x3e7", "NewProcessId", "0xf84", "NewProcessName", `C:\Windows\System32\cmd.exe`,
			"TokenElevationType", "%%1936", "ProcessId", "0x2c8", "CommandLine", `cmd.exe /c whoami`, "TargetUserSid", "S-1-0-0",
			"TargetUserName", "-", "TargetDomainName", "-", "TargetLogonId", "0x0", "ParentProcessName", `C:\Windows\System32\services.exe`,
			"MandatoryLabel", "S-1-16-16384"),
		"nomatch4104": winEvent("XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "4104", "h",
			"MessageNumber", "1", "MessageTotal", "1", "ScriptBlockText", "IEX (New-Object Net.WebClient)", "ScriptBlockId", "{X}"),
	}
}

// BenchmarkDerive measures deriving all rows of one event.
func BenchmarkDerive(b *testing.B) {
	r := builtin(b)
	for name, ev := range benchEvents() {
		b.Run(name, func(b *testing.B) {
			d := r.NewDeriver()
			b.ReportAllocs()
			for b.Loop() {
				d.Derive(ev)
			}
		})
	}
}

// BenchmarkRowShared measures ten detections asking for the same event's
// Processes row: one derivation, nine cache hits.
func BenchmarkRowShared(b *testing.B) {
	r := builtin(b)
	ds, _ := r.Dataset("Endpoint.Processes")
	evs := benchEvents()
	ev := evs["sysmon1"]
	d := r.NewDeriver()
	b.ReportAllocs()
	for b.Loop() {
		d.Forget()
		for range 10 {
			if _, ok := d.Row(ev, ds); !ok {
				b.Fatal("no row")
			}
		}
	}
}

func BenchmarkBuiltin(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Builtin(); err != nil {
			b.Fatal(err)
		}
	}
}
