package datamodel

import (
	"testing"
)

func TestSysmonProcessCreate(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "1", "win-dc-1.attackrange.local",
		"ProcessGuid", "{96128EA2-F212-5F7E-E400-000000007F01}",
		"ProcessId", "4242",
		"Image", `C:\Windows\System32\cmd.exe`,
		"OriginalFileName", "Cmd.Exe",
		"CommandLine", `"C:\Windows\system32\cmd.exe" /c "reg save HKLM\sam sam.save &amp; echo &gt; x"`,
		"CurrentDirectory", `C:\Users\bob\`,
		"User", `ATTACKRANGE\Administrator`,
		"IntegrityLevel", "High",
		"Hashes", "MD5=11111111111111111111111111111111,SHA256=2222222222222222222222222222222222222222222222222222222222222222,IMPHASH=33333333333333333333333333333333",
		"ParentProcessGuid", "{96128EA2-F212-5F7E-E300-000000007F01}",
		"ParentProcessId", "1000",
		"ParentImage", `C:\Windows\explorer.exe`,
		"ParentCommandLine", `C:\Windows\Explorer.EXE`,
	)
	ev.Append("UserID", strValue("S-1-5-18"))
	row, rr := rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row,
		"_time", "1700000000.5",
		"host", "win-dc-1.attackrange.local",
		"source", sysmonSource,
		"sourcetype", "XmlWinEventLog",
		"index", "main",
		"Processes.tag", "[process|report]",
		"Processes.dest", "win-dc-1.attackrange.local",
		"Processes.process_name", "cmd.exe",
		"Processes.process_exec", "cmd.exe",
		"Processes.process_path", `C:\Windows\System32\cmd.exe`,
		"Processes.process", `"C:\Windows\system32\cmd.exe" /c "reg save HKLM\sam sam.save &amp; echo &gt; x"`,
		"Processes.process_id", "4242",
		"Processes.process_guid", "{96128EA2-F212-5F7E-E400-000000007F01}",
		"Processes.process_current_directory", `C:\Users\bob\`,
		"Processes.process_integrity_level", "high",
		"Processes.process_hash", "MD5=11111111111111111111111111111111,SHA256=2222222222222222222222222222222222222222222222222222222222222222,IMPHASH=33333333333333333333333333333333",
		"Processes.original_file_name", "Cmd.Exe",
		"Processes.user", "Administrator",
		"Processes.user_id", "S-1-5-18",
		"Processes.parent_process", `C:\Windows\Explorer.EXE`,
		"Processes.parent_process_name", "explorer.exe",
		"Processes.parent_process_exec", "explorer.exe",
		"Processes.parent_process_path", `C:\Windows\explorer.exe`,
		"Processes.parent_process_id", "1000",
		"Processes.parent_process_guid", "{96128EA2-F212-5F7E-E300-000000007F01}",
		"Processes.action", "allowed",
		"Processes.vendor_product", "Microsoft Sysmon",
		"Processes.parent_user", "unknown",
		// Not model fields: raw and TA-only fields stay out of the row.
		"Processes.MD5", "<null>",
		"Processes.signature", "<null>",
		"CommandLine", "<null>",
		"Image", "<null>",
	)
	if ds := rr.Datasets(); len(ds) != 1 || ds[0].Path() != "Endpoint.Processes" {
		t.Errorf("Datasets() = %v", ds)
	}
	if rows := r.Rows(ev); len(rows) != 1 {
		t.Errorf("%d rows, want 1 (Processes only)", len(rows))
	}
}

func TestSysmonProcessCreateFill(t *testing.T) {
	r := builtin(t)
	// Sparse event: OriginalFileName "-", no User, no parent command line,
	// no CommandLine: the data model fills "unknown".
	ev := winEvent(sysmonSource, "1", "h1",
		"Image", `C:\Temp\a b\evil.exe`, "OriginalFileName", "-", "ProcessId", "7",
		"ParentImage", `C:\Windows\System32\services.exe`, "User", "NT AUTHORITY\\SYSTEM")
	row, _ := rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row,
		"Processes.process_name", "evil.exe",
		"Processes.process", "unknown",
		"Processes.original_file_name", "unknown",
		"Processes.parent_process", "unknown",
		"Processes.parent_process_name", "services.exe",
		"Processes.user", "SYSTEM",
		"Processes.process_guid", "<null>",
		"Processes.process_integrity_level", "<null>",
	)
}

func TestSecurity4688(t *testing.T) {
	r := builtin(t)
	base := []string{
		"SubjectUserSid", "S-1-5-18", "SubjectUserName", "WIN-HOST$", "SubjectDomainName", "ATTACKRANGE",
		"SubjectLogonId", "0x3e7", "NewProcessId", "0xf84", "NewProcessName", `C:\Windows\System32\cmd.exe`,
		"TokenElevationType", "%%1936", "ProcessId", "0x2c8", "ParentProcessName", `C:\Windows\System32\services.exe`,
		"MandatoryLabel", "S-1-16-16384",
	}
	tests := []struct {
		name  string
		extra []string
		want  []string
	}{
		{"command line starts with a path", []string{"CommandLine", `C:\Windows\system32\cmd.exe /c whoami`, "TargetUserName", "-"},
			[]string{"Processes.process", `C:\Windows\system32\cmd.exe /c whoami`, "Processes.user", "WIN-HOST$"}},
		{"bare image name is made absolute", []string{"CommandLine", `cmd.exe /c "echo x &gt; y"`, "TargetUserName", "bob", "TargetDomainName", "CORP"},
			[]string{"Processes.process", `C:\Windows\System32\cmd.exe /c "echo x &gt; y"`, "Processes.user", "bob"}},
		{"quoted bare image name", []string{"CommandLine", `"cmd.exe"  /c dir`},
			[]string{"Processes.process", `C:\Windows\System32\cmd.exe /c dir`, "Processes.user", "WIN-HOST$"}},
		{"quoted path kept verbatim", []string{"CommandLine", `"C:\Windows\System32\cmd.exe" /c dir`},
			[]string{"Processes.process", `"C:\Windows\System32\cmd.exe" /c dir`}},
		{"no command-line auditing", nil,
			[]string{"Processes.process", `C:\Windows\System32\cmd.exe`}},
		{"command without arguments", []string{"CommandLine", `cmd.exe`},
			[]string{"Processes.process", `C:\Windows\System32\cmd.exe`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ev := winEvent(securitySource, "4688", "WIN-HOST.attackrange.local", append(append([]string{}, base...), tc.extra...)...)
			ev.Append("Keywords", strValue("0x8020000000000000"))
			row, _ := rowOf(t, r, ev, "Endpoint.Processes")
			checkFields(t, row, tc.want...)
			checkFields(t, row,
				"Processes.dest", "WIN-HOST.attackrange.local",
				"Processes.process_name", "cmd.exe",
				"Processes.process_exec", "cmd.exe",
				"Processes.process_path", `C:\Windows\System32\cmd.exe`,
				"Processes.process_id", "0xf84",
				"Processes.parent_process", `C:\Windows\System32\services.exe`,
				"Processes.parent_process_path", `C:\Windows\System32\services.exe`,
				"Processes.parent_process_name", "services.exe",
				"Processes.parent_process_id", "0x2c8",
				"Processes.action", "allowed",
				"Processes.original_file_name", "unknown",
				"Processes.vendor_product", "Microsoft Windows",
				"Processes.process_guid", "<null>",
				"Processes.parent_process_guid", "<null>",
				"Processes.process_integrity_level", "<null>",
			)
		})
	}
	// A 4688 with a space in the image path and a bare command.
	ev := winEvent(securitySource, "4688", "h", "NewProcessName", `C:\Program Files\App\app.exe`, "CommandLine", `app.exe -x`)
	row, _ := rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row, "Processes.process", `"C:\Program Files\App\app.exe" -x`, "Processes.user", "unknown", "Processes.action", "unknown")
}

func TestProcessQuirkRows(t *testing.T) {
	r := builtin(t)
	ev10 := winEvent(sysmonSource, "10", "h", "SourceImage", `C:\Windows\System32\rundll32.exe`, "SourceProcessGUID", "{S}",
		"SourceProcessId", "10", "SourceProcessGuid", "{S}", "TargetImage", `C:\Windows\system32\lsass.exe`, "TargetProcessId", "600",
		"TargetProcessGuid", "{T}", "GrantedAccess", "0x1010")
	row, _ := rowOf(t, r, ev10, "Endpoint.Processes")
	checkFields(t, row, "Processes.process_name", "lsass.exe", "Processes.parent_process_name", "rundll32.exe",
		"Processes.process_guid", "{T}", "Processes.parent_process_guid", "{S}", "Processes.process", "unknown")

	ev7 := winEvent(sysmonSource, "7", "h", "Image", `C:\a\loader.exe`, "ImageLoaded", `C:\Windows\System32\amsi.dll`,
		"ProcessGuid", "{P}", "ProcessId", "5", "Signed", "true")
	row, _ = rowOf(t, r, ev7, "Endpoint.Processes")
	// EID 7: the loading process is the process (ESCU's production EID 7
	// searches filter process_name=WINWORD.EXE with loaded_file_path=*\VBE7.DLL);
	// the module is loaded_file.
	checkFields(t, row, "Processes.process_name", "loader.exe", "Processes.process_path", `C:\a\loader.exe`,
		"Processes.process_guid", "{P}", "Processes.process_id", "5", "Processes.loaded_file", "amsi.dll",
		"Processes.parent_process_name", "unknown")
	got := fieldsOf(r.NewDeriver().Extracted(ev7))
	for k, want := range map[string]string{"process_name": "loader.exe", "loaded_file": "amsi.dll",
		"loaded_file_path": `C:\Windows\System32\amsi.dll`, "service_dll_signature_exists": "true"} {
		if got[k] != want {
			t.Errorf("EID 7 search-time %s = %q, want %q", k, got[k], want)
		}
	}

	ev4689 := winEvent(securitySource, "4689", "h", "ProcessName", `C:\Windows\System32\notepad.exe`, "ProcessId", "0x10", "SubjectUserName", "alice")
	row, _ = rowOf(t, r, ev4689, "Endpoint.Processes")
	checkFields(t, row, "Processes.process", `C:\Windows\System32\notepad.exe`, "Processes.process_name", "notepad.exe", "Processes.user", "alice")

	strict, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	strict.Options.SkipQuirks = true
	for _, ev := range []*eventT{ev10, ev7, ev4689} {
		if rows := strict.Rows(ev); len(rows) != 0 {
			t.Errorf("SkipQuirks: EventCode %s gave %d rows", ev.Get("EventCode").Text(), len(rows))
		}
	}
}

func TestSysmonRegistry(t *testing.T) {
	r := builtin(t)
	tests := []struct {
		name string
		data []string
		want []string
	}{
		{"13 DWORD", []string{"EventCode", "13", "EventType", "SetValue",
			"TargetObject", `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware`, "Details", "DWORD (0x00000001)"},
			[]string{"Registry.registry_path", `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender\DisableAntiSpyware`,
				"Registry.registry_value_name", "DisableAntiSpyware",
				"Registry.registry_value_data", "0x00000001",
				"Registry.registry_value_type", "REG_DWORD",
				"Registry.registry_key_name", `HKLM\SOFTWARE\Policies\Microsoft\Windows Defender`,
				"Registry.registry_hive", `HKEY_LOCAL_MACHINE\Software`,
				"Registry.action", "modified", "Registry.status", "success"}},
		{"13 QWORD under HKU", []string{"EventCode", "13", "EventType", "SetValue",
			"TargetObject", `HKU\S-1-5-21-1\Software\Microsoft\Windows\CurrentVersion\Run\x`, "Details", "QWORD (0x01d776fd-0xd724b8c5)"},
			[]string{"Registry.registry_value_data", "0x01d776fd-0xd724b8c5", "Registry.registry_value_type", "REG_QWORD",
				"Registry.registry_hive", "HKEY_CURRENT_USER", "Registry.registry_value_name", "x"}},
		{"13 string and default value", []string{"EventCode", "13", "EventType", "SetValue",
			"TargetObject", `HKCR\exefile\shell\open\command\(Default)`, "Details", `C:\evil.exe "%1"`},
			[]string{"Registry.registry_value_data", `C:\evil.exe "%1"`, "Registry.registry_value_type", "unknown",
				"Registry.registry_value_name", "(Default)", "Registry.registry_hive", "<null>",
				"Registry.registry_key_name", `HKCR\exefile\shell\open\command`}},
		{"13 binary", []string{"EventCode", "13", "EventType", "SetValue",
			"TargetObject", `HKLM\System\CurrentControlSet\Control\Lsa\x`, "Details", "Binary Data"},
			[]string{"Registry.registry_value_data", "Binary Data", "Registry.registry_value_type", "REG_BINARY",
				"Registry.registry_hive", `HKEY_LOCAL_MACHINE\System`}},
		{"12 DeleteValue", []string{"EventCode", "12", "EventType", "DeleteValue",
			"TargetObject", `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\Tree\T1\SD`},
			[]string{"Registry.action", "deleted", "Registry.registry_value_name", "SD",
				"Registry.registry_key_name", `HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Schedule\TaskCache\Tree\T1`,
				"Registry.registry_value_data", "unknown", "Registry.status", "success"}},
		{"12 CreateKey", []string{"EventCode", "12", "EventType", "CreateKey",
			"TargetObject", `HKLM\SOFTWARE\Microsoft\MicrosoftEdge\PhishingFilter`},
			[]string{"Registry.action", "created", "Registry.registry_value_name", "unknown",
				"Registry.registry_key_name", `HKLM\SOFTWARE\Microsoft\MicrosoftEdge\PhishingFilter`}},
		{"14 RenameKey", []string{"EventCode", "14", "EventType", "RenameKey",
			"TargetObject", `HKLM\SOFTWARE\A\Old`, "NewName", `HKLM\SOFTWARE\A\New`},
			[]string{"Registry.action", "modified", "Registry.registry_key_name", `HKLM\SOFTWARE\A\Old`,
				"Registry.status", "<null>", "Registry.registry_value_name", "unknown"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := append([]string{"Image", `C:\Windows\regedit.exe`, "ProcessGuid", "{G}", "ProcessId", "99", "User", `NT AUTHORITY\SYSTEM`}, tc.data[2:]...)
			ev := winEvent(sysmonSource, tc.data[1], "h", data...)
			row, _ := rowOf(t, r, ev, "Endpoint.Registry")
			checkFields(t, row, tc.want...)
			checkFields(t, row, "Registry.user", "SYSTEM", "Registry.dest", "h", "Registry.process_guid", "{G}",
				"Registry.process_id", "99", "Registry.process_name", "regedit.exe", "Registry.process_path", `C:\Windows\regedit.exe`,
				"Registry.vendor_product", "Microsoft Sysmon", "Registry.tag", "[endpoint|registry]")
		})
	}
}

func TestSysmonFilesystem(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "11", "h", "Image", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"ProcessGuid", "{G}", "ProcessId", "12", "TargetFilename", `C:\$Recycle.Bin\S-1-5-21\evil.exe`,
		"CreationUtcTime", "2023-02-08 13:01:11.053", "UtcTime", "2023-02-08 13:01:11.053", "User", `CORP\bob`)
	row, _ := rowOf(t, r, ev, "Endpoint.Filesystem")
	checkFields(t, row,
		"Filesystem.file_path", `C:\$Recycle.Bin\S-1-5-21\evil.exe`,
		"Filesystem.file_name", "evil.exe",
		"Filesystem.file_create_time", "2023-02-08 13:01:11.053",
		"Filesystem.action", "created",
		"Filesystem.file_hash", "unknown",
		"Filesystem.file_acl", "unknown",
		"Filesystem.file_size", "<null>",
		"Filesystem.process_name", "powershell.exe",
		"Filesystem.process_guid", "{G}",
		"Filesystem.process_id", "12",
		"Filesystem.process", "unknown",
		"Filesystem.user", "bob",
		"Filesystem.dest", "h",
	)
	ev23 := winEvent(sysmonSource, "23", "h", "Image", `C:\x\del.exe`, "TargetFilename", `C:\Users\a\doc.txt`, "Hashes", "SHA256=AB")
	row, _ = rowOf(t, r, ev23, "Endpoint.Filesystem")
	checkFields(t, row, "Filesystem.action", "deleted", "Filesystem.file_hash", "SHA256=AB", "Filesystem.user", "unknown")

	// Security 4663 on a file: a Filesystem row through the eventtype quirk,
	// with process_name the full path; on a registry key: no row.
	ev4663 := winEvent(securitySource, "4663", "h", "ObjectType", "File", "ObjectName", `C:\secret\a.kdbx`,
		"ProcessName", `C:\Windows\explorer.exe`, "ProcessId", "0x44", "SubjectUserName", "bob")
	row, _ = rowOf(t, r, ev4663, "Endpoint.Filesystem")
	checkFields(t, row, "Filesystem.file_name", "a.kdbx", "Filesystem.process_name", `C:\Windows\explorer.exe`,
		"Filesystem.user", "unknown", "Filesystem.action", "success")
	evKey := winEvent(securitySource, "4663", "h", "ObjectType", "Key", "ObjectName", `\REGISTRY\MACHINE\SAM`, "ProcessName", `C:\x.exe`)
	if rows := r.Rows(evKey); len(rows) != 0 {
		t.Errorf("4663 on a registry key gave %d rows", len(rows))
	}
	ev5145 := winEvent(securitySource, "5145", "h", "ShareName", `\\*\C$`, "ShareLocalPath", `\??\C:\`, "IpAddress", "10.0.0.5", "IpPort", "50000")
	row, _ = rowOf(t, r, ev5145, "Endpoint.Filesystem")
	checkFields(t, row, "Filesystem.file_name", `\\*\C$`, "Filesystem.file_path", `\??\C:\`, "Filesystem.action", "unknown")
}
