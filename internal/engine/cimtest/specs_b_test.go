package cimtest

// specsB covers §4.4 #11-#20 (same mapping rules as specsA).
func specsB() map[string]detSpec {
	const (
		xlPath = `C:\Program Files\Microsoft Office\root\Office16\EXCEL.EXE`
		xlCmd  = `"C:\Program Files\Microsoft Office\Root\Office16\EXCEL.EXE" "C:\Users\alice.m\Downloads\Invoice_0211.xlsm"`
		reg    = `C:\Windows\System32\reg.exe`
	)
	return map[string]detSpec{
		"excel_spawning_windows_script_host": {
			name: "Excel Spawning Windows Script Host",
			cases: []detCase{
				// Two wscript children of one Excel: one group, count 2,
				// values() sorted; values(Processes.process) keeps its name
				// (drop_dm_object_name renames only Processes.*).
				{file: "sysmon1", want: []row{{
					"parent_process": xlCmd, "parent_process_name": "EXCEL.EXE", "process_name": "wscript.exe", "user": u1, "dest": h1,
					"count": "2", "firstTime": ctime("2025-02-21T11:00:05.125Z"), "lastTime": ctime("2025-02-21T11:00:09.875Z"),
					"values(Processes.process)": mv(`"C:\Windows\System32\WScript.exe" "C:\Users\alice.m\AppData\Local\Temp\a1.js"`,
						`"C:\Windows\System32\WScript.exe" "C:\Users\alice.m\AppData\Local\Temp\a2.js"`)}}},
				{file: "sec4688", want: []row{once("2025-02-21T11:30:00.625Z", row{
					"parent_process": xlPath, "parent_process_name": "EXCEL.EXE", "process_name": "cscript.exe", "user": u2, "dest": h2,
					"values(Processes.process)": `C:\Windows\System32\cscript.exe //nologo C:\Users\bob.k\AppData\Local\Temp\inv.vbs`})}},
				{file: "negative"}, // wscript under WINWORD
			},
		},
		"suspicious_msbuild_path": {
			name: "Suspicious msbuild path",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-22T13:13:13.125Z", row{
					"dest": h1, "original_file_name": "MSBuild.exe", "parent_process": `cmd.exe /c C:\Users\Public\b.cmd`, "user": u1,
					"process_name": "MSBuild.exe", "process": `C:\Users\Public\MSBuild.exe C:\Users\Public\build.xml`})}},
				{file: "sec4688", want: []row{once("2025-02-22T13:30:00.250Z", row{
					"dest": h2, "original_file_name": "unknown", "parent_process": cmdExe, "user": u2,
					"process_name": "msbuild.exe", "process": `C:\ProgramData\msbuild.exe C:\ProgramData\p.csproj`})}},
				{file: "negative"}, // MSBuild from the .NET Framework64 folder
			},
		},
		"windows_bypass_uac_via_pkgmgr_tool": {
			name: "Windows Bypass UAC via Pkgmgr Tool",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-23T19:20:21.375Z", row{
					"dest": h1, "user": u1, "parent_process_name": "loader.exe", "parent_process_path": `C:\Users\alice.m\AppData\Local\Temp\loader.exe`,
					"process_name": "pkgmgr.exe", "process": `pkgmgr.exe /n:C:\Users\alice.m\AppData\Local\Temp\dism.xml`,
					"process_id": "3012", "parent_process_id": "2996", "original_file_name": "PkgMgr.exe"})}},
				{file: "sec4688", want: []row{once("2025-02-23T19:40:00.125Z", row{
					"dest": h2, "user": u2, "parent_process_name": "stage.exe", "parent_process_path": `C:\ProgramData\svc\stage.exe`,
					"process_name": "pkgmgr.exe", "process": `C:\Windows\System32\pkgmgr.exe /n:C:\ProgramData\svc\u.xml`,
					"process_id": "0xbd0", "parent_process_id": "0xbb4", "original_file_name": "unknown"})}},
				{file: "negative"}, // pkgmgr started by System32 cmd.exe
			},
		},
		"windows_uac_bypass_suspicious_child_process": {
			name: "Windows UAC Bypass Suspicious Child Process",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-24T06:06:06.250Z", row{
					"dest": h1, "user": u1, "parent_process_guid": guid(5480), "parent_process": `"C:\Windows\system32\fodhelper.exe"`,
					"parent_process_name": "fodhelper.exe", "process_name": "cmd.exe",
					"process":      `"C:\Windows\system32\cmd.exe" /c start C:\Users\alice.m\AppData\Local\Temp\x.exe`,
					"process_path": cmdExe, "process_integrity_level": "high", "process_current_directory": `C:\Windows\system32\`})}},
				{file: "sec4688", note: "4688 has no process_integrity_level in Splunk_TA_windows 8.x (MandatoryLabel is not mapped, §3.2), " +
					"so even a high-integrity child of fodhelper gives no row"},
				{file: "negative"}, // the same child at Medium integrity
			},
		},
		"windows_alternate_datastream___process_execution": {
			name: "Windows Alternate DataStream - Process Execution",
			cases: []detCase{
				// No summariesonly macro here, so no fillnull_value; values()
				// of the missing 4688 current directory leaves directory out.
				{file: "sysmon1", want: []row{once("2025-02-25T15:15:15.125Z", row{
					"dest": h1, "user": u1, "parent_process_name": "cmd.exe", "process_name": "rundll32.exe",
					"process": `rundll32.exe C:\ProgramData\doc.txt:payload.dll,Start`, "process_id": "6400", "parent_process_id": "6380",
					"directory": `C:\ProgramData\`})}},
				{file: "sec4688", want: []row{once("2025-02-25T15:30:00.375Z", row{
					"dest": h2, "user": u2, "parent_process_name": "cmd.exe", "process_name": "wscript.exe",
					"process":    `C:\Windows\System32\wscript.exe C:\Users\bob.k\AppData\Roaming\readme.txt:run.vbs`,
					"process_id": "0x1a2c", "parent_process_id": "0x19f0"})}},
				{file: "negative"}, // powershell -File on a plain script path
			},
		},
		"system_processes_run_from_unexpected_locations": {
			name: "System Processes Run From Unexpected Locations",
			cases: []detCase{
				// is_windows_system_file_macro: lookup ... OUTPUT systemFile |
				// search systemFile=true adds systemFile to the row.
				{file: "sysmon1", want: []row{once("2025-02-26T02:02:02.500Z", row{
					"dest": h1, "user": u1, "parent_process": explore, "process_path": `C:\Users\Public\svchost.exe`, "process_name": "svchost.exe",
					"process": `C:\Users\Public\svchost.exe -k netsvcs`, "process_id": "1888", "parent_process_id": "5528",
					"process_hash": "MD5=0C2F6B9E1A5D4C3B2A19087F6E5D4C3B,SHA256=9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A0,IMPHASH=1A2B3C4D5E6F708192A3B4C5D6E7F809",
					"systemFile":   "true"})}},
				{file: "sec4688", want: []row{once("2025-02-26T02:20:00.250Z", row{
					"dest": h2, "user": u2, "parent_process": `C:\Windows\System32\services.exe`, "process_path": `C:\ProgramData\Intel\lsass.exe`,
					"process_name": "lsass.exe", "process": `"C:\ProgramData\Intel\lsass.exe" -service`, "process_id": "0x7a0", "parent_process_id": "0x2a8",
					"process_hash": "null", "systemFile": "true"})}},
				{file: "negative"}, // svchost from System32; a non-system name from Public
			},
		},
		"notepad_with_no_command_line_arguments": {
			name: "Notepad with no Command Line Arguments",
			cases: []detCase{
				// BY host _time span=1h: _time is the hour bucket, an epoch
				// number (no ctime on it).
				{file: "sysmon1", want: []row{once("2025-02-27T21:47:30.250Z", row{
					"host": h1, "_time": epoch("2025-02-27T21:00:00Z"), "process_id": "7004", "process_name": "notepad.exe", "dest": h1,
					"process_path": `C:\Windows\System32\notepad.exe`, "process": `"C:\Windows\system32\notepad.exe"`,
					"parent_process_name": "rundll32.exe", "parent_process": `rundll32.exe C:\Users\Public\x.dll,Run`})}},
				{file: "sec4688", want: []row{once("2025-02-27T22:05:10.500Z", row{
					"host": h2, "_time": epoch("2025-02-27T22:00:00Z"), "process_id": "0x1b80", "process_name": "notepad.exe", "dest": h2,
					"process_path": `C:\Windows\System32\notepad.exe`, "process": `"C:\Windows\system32\NOTEPAD.EXE"`,
					"parent_process_name": "rundll32.exe", "parent_process": `C:\Windows\System32\rundll32.exe`})}},
				{file: "negative"}, // notepad opening a file
			},
		},
		"windows_query_registry_reg_save": {
			name: "Windows Query Registry Reg Save",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-02-28T01:23:45.125Z", row{
					"process_name": "reg.exe", "original_file_name": "reg.exe", "process": `reg.exe save HKLM\SAM C:\Windows\Temp\sam.save /y`,
					"process_id": "2468", "process_guid": guid(2468), "parent_process_name": "cmd.exe", "parent_process": "cmd.exe",
					"parent_process_guid": guid(2440), "dest": h1, "user": u1})}},
				{file: "sec4688", want: []row{once("2025-02-28T01:40:00.750Z", row{
					"process_name": "reg.exe", "original_file_name": "unknown", "process": reg + ` save hklm\system C:\ProgramData\sys.hiv`,
					"process_id": "0x9a4", "process_guid": "null", "parent_process_name": "cmd.exe", "parent_process": cmdExe,
					"parent_process_guid": "null", "dest": h2, "user": u2})}},
				{file: "negative"}, // reg query
			},
		},
		"suspicious_writes_to_windows_recycle_bin": {
			name: "Suspicious writes to windows Recycle Bin",
			cases: []detCase{
				// Sysmon 11 (Filesystem) joined on process_id with Sysmon 1
				// (Processes); firstTime/lastTime stay epoch numbers (no
				// ctime in this search).
				{file: "sysmon1", want: []row{{
					"process_name": "dropper.exe", "process_id": "5120", "dest": h1, "count": "1",
					"firstTime": epoch("2025-03-01T10:00:03.5Z"), "lastTime": epoch("2025-03-01T10:00:03.5Z"),
					"file_path": `C:\$Recycle.Bin\S-1-5-21-3311720911-1893011245-2146521340-1104\$RK4M2Q1.exe`, "file_name": "$RK4M2Q1.exe",
					"user": u1}}},
				{file: "negative"}, // Explorer moving a file to the bin (excluded by the subsearch)
			},
		},
		"windows_ad_dsrm_account_changes": {
			name: "Windows AD DSRM Account Changes",
			cases: []detCase{
				// Sysmon 13 joined (outer) on process_guid with the reg.exe
				// Sysmon 1 event; min(_time) as _time stays an epoch number.
				// registry_value_type follows the §3.1.7 recommendation.
				{file: "sysmon1", want: []row{{
					"_time": epoch("2025-03-02T04:00:00.5Z"), "action": "modified", "dest": hDC, "user": "da.admin",
					"parent_process_name": "cmd.exe", "parent_process": "cmd.exe", "process_name": "reg.exe",
					"process":       `reg add HKLM\System\CurrentControlSet\Control\Lsa /v DSRMAdminLogonBehavior /t REG_DWORD /d 2 /f`,
					"process_guid":  "{341B9886-912F-67AB-0C1C-000000003200}",
					"registry_path": `HKLM\System\CurrentControlSet\Control\Lsa\DSRMAdminLogonBehavior`, "registry_value_data": "0x00000002",
					"registry_value_type": "REG_DWORD"}}},
				{file: "negative"}, // DSRMAdminLogonBehavior set to 0
			},
		},
	}
}
