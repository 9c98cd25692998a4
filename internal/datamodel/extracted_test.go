package datamodel

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// fieldsOf renders search-time fields as name -> text.
func fieldsOf(fs []event.Field) map[string]string {
	out := map[string]string{}
	for _, f := range fs {
		out[f.Name] = f.Value.Text()
	}
	return out
}

// TestExtracted checks the search-time fields of a Sysmon 10 (process access)
// event: the add-on's unprefixed CIM fields, without data-model fills.
func TestExtracted(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "10", "ws1.corp.local",
		"SourceImage", `C:\Tools\mimikatz.exe`,
		"TargetImage", `C:\Windows\system32\lsass.exe`,
		"GrantedAccess", "0x1010",
		"SourceUser", `CORP\bob`,
	)
	got := fieldsOf(r.NewDeriver().Extracted(ev))
	if got["dest"] != "ws1.corp.local" {
		t.Errorf("dest = %q, want the Computer (all: %v)", got["dest"], got)
	}
	if got["granted_access"] != "0x1010" {
		t.Errorf("granted_access = %q: fields no data model reads must still reach raw events", got["granted_access"])
	}
	for name, v := range got {
		if v == "unknown" {
			t.Errorf("%s = unknown: model fills must not leak into search-time fields", name)
		}
	}
	if f := r.NewDeriver().Extracted(winEvent("XmlWinEventLog:Nope", "1", "h")); f != nil {
		t.Errorf("unmapped source gave fields %v", f)
	}
}

// expectFields compares the search-time fields of ev with want; "<null>"
// means the field must be absent.
func expectFields(t *testing.T, r *Registry, ev *event.Event, want map[string]string) {
	t.Helper()
	got := fieldsOf(r.NewDeriver().Extracted(ev))
	for k, w := range want {
		g, ok := got[k]
		switch {
		case w == "<null>" && ok:
			t.Errorf("%s = %q, want absent", k, g)
		case w != "<null>" && g != w:
			t.Errorf("%s = %q, want %q", k, g, w)
		}
	}
}

// TestExtractedSecurityAnyEvent: Splunk_TA_windows's
// [source::XmlWinEventLog:Security] stanza applies to every Security event,
// not only those mapped to a data model: a DCSync 4662 gets Logon_ID (ESCU
// groups 4662 by Logon_ID and status), dest, src_user and the audit-success
// action/status.
func TestExtractedSecurityAnyEvent(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4662", "DC1.corp.local",
		"SubjectUserSid", "S-1-5-21-1-2-3-500", "SubjectUserName", "Administrator", "SubjectDomainName", "CORP",
		"SubjectLogonId", "0x40c6511", "ObjectServer", "DS", "ObjectType", "%{19195a5b-6da0-11d0-afd3-00c04fd930c9}",
		"ObjectName", "%{c6faf700-bfe4-452a-a766-424f84c29583}", "AccessMask", "0x100")
	ev.Add("Keywords", "0x8020000000000000")
	ev.Add("EventRecordID", "202791")
	expectFields(t, r, ev, map[string]string{
		"Logon_ID": "0x40c6511", "session_id": "0x40c6511", "dest": "DC1.corp.local", "src_user": "Administrator",
		"Caller_User_Name": "Administrator", "Caller_Domain": "CORP", "src_nt_domain": "CORP",
		"action": "success", "status": "success", "signature_id": "4662",
		"signature": "An operation was performed on an object", "subject": "An operation was performed on an object",
		"Error_Code": "-", "ta_windows_action": "failure", "RecordNumber": "202791",
		"object_file_path": "%{c6faf700-bfe4-452a-a766-424f84c29583}", "user": "<null>",
	})
	// An audit failure with a Status: Error_Code and ta_windows_* follow Status.
	ev = winEvent(securitySource, "4771", "DC1", "TargetUserName", "bob", "IpAddress", "::ffff:10.0.0.5", "Status", "0x18")
	ev.Add("Keywords", "0x8010000000000000")
	expectFields(t, r, ev, map[string]string{"action": "failure", "status": "failure", "Error_Code": "0x18",
		"ta_windows_status": "0x18", "user": "bob", "Target_User_Name": "bob", "src_ip": "::ffff:10.0.0.5",
		"src": "::ffff:10.0.0.5", "Source_Workstation": "::ffff:10.0.0.5"})
}

// TestExtractedSecuritySource: Source_Workstation is the first of
// Workstation, WorkstationName and IpAddress, and src takes it only when it
// does not start with "-" (so a 4624 with WorkstationName "-" has no src,
// however good its IpAddress); src_ip keeps "-" (the EXTRACT excludes only
// ::1 and 127.0.0.1).
func TestExtractedSecuritySource(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4624", "h", "TargetUserName", "bob", "WorkstationName", "-", "IpAddress", "10.1.1.1", "LogonType", "9")
	expectFields(t, r, ev, map[string]string{"src": "<null>", "Source_Workstation": "-", "src_ip": "10.1.1.1", "Logon_Type": "9"})
	ev = winEvent(securitySource, "4776", "h", "TargetUserName", "bob", "Workstation", `\\WS7`)
	expectFields(t, r, ev, map[string]string{"src": "WS7", "src_nt_host": "WS7", "user": "bob"})
	ev = winEvent(securitySource, "4625", "h", "TargetUserName", "bob", "IpAddress", "-")
	expectFields(t, r, ev, map[string]string{"src_ip": "-", "src": "<null>"})
	ev = winEvent(securitySource, "4625", "h", "TargetUserName", "bob", "IpAddress", "127.0.0.1")
	expectFields(t, r, ev, map[string]string{"src_ip": "<null>"})
}

// TestExtractedSecurityObjectAccess: 4663 object fields (ESCU matches
// object_file_path against registry keys too, so it is ObjectName whatever
// the ObjectType) and the full-path process_name quirk.
func TestExtractedSecurityObjectAccess(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4663", "h", "ObjectType", "Key",
		"ObjectName", `\REGISTRY\USER\S-1\Software\Microsoft\Office\16.0\Outlook\Profiles\Outlook\9375CFF0413111d3B88A00104B2A6676`,
		"ProcessName", `C:\Tools\x.exe`, "ProcessId", "0x44")
	expectFields(t, r, ev, map[string]string{
		"object_file_name": "9375CFF0413111d3B88A00104B2A6676", "process_name": `C:\Tools\x.exe`,
		"process_path": `C:\Tools\x.exe`, "process_id": "0x44", "file_path": "<null>",
	})
}

// TestExtractedSecurityAccountChange: 4741 (computer account created)
// carries user_type=computer and the event title as subject (ESCU groups by
// dest Logon_ID subject).
func TestExtractedSecurityAccountChange(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4741", "DC", "TargetUserName", "EVIL$", "SubjectUserName", "bob", "SubjectLogonId", "0x1")
	expectFields(t, r, ev, map[string]string{"user_type": "computer", "subject": "A computer account was created",
		"Logon_ID": "0x1", "user": "EVIL$", "src_user": "bob", "user_group": "EVIL$"})
}

// TestExtractedSystem: every System event gets the add-on's common fields;
// 7036 names its service in param1 and its state in param2.
func TestExtractedSystem(t *testing.T) {
	r := builtin(t)
	ev := winEvent(systemSource, "7036", "srv", "param1", "Windows Defender Antivirus Service", "param2", "stopped")
	expectFields(t, r, ev, map[string]string{"dest": "srv", "service": "Windows Defender Antivirus Service",
		"service_name": "Windows Defender Antivirus Service", "status": "stopped", "signature_id": "7036"})
	ev = winEvent(systemSource, "104", "srv", "Channel", "Security")
	expectFields(t, r, ev, map[string]string{"dest": "srv", "signature_id": "104", "Error_Code": "-"})
	ev = winEvent(systemSource, "7045", "srv", "ServiceName", "PSEXESVC", "ImagePath", `%SystemRoot%\PSEXESVC.exe`)
	expectFields(t, r, ev, map[string]string{"service": "PSEXESVC", "service_name": "PSEXESVC", "dest": "srv"})
}

// TestExtractedSysmonAnyEvent: Sysmon events without a data model (6 driver
// load, 255 error) still get the add-on's common fields.
func TestExtractedSysmonAnyEvent(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "6", "ws", "ImageLoaded", `C:\Windows\Temp\evil.sys`, "Signed", "false",
		"Hashes", "SHA1=0123456789abcdef0123456789abcdef01234567,IMPHASH=0123456789ABCDEF0123456789ABCDEF")
	expectFields(t, r, ev, map[string]string{"dest": "ws", "signature": "Driver Load", "EventDescription": "Driver Load",
		"process_path": `C:\Windows\Temp\evil.sys`, "service_signature_exists": "false",
		"IMPHASH": "0123456789ABCDEF0123456789ABCDEF", "vendor_product": "Microsoft Sysmon"})
	if rows := r.Rows(ev); len(rows) != 0 {
		t.Errorf("EID 6 gave %d data-model rows, want none", len(rows))
	}
	ev = winEvent(sysmonSource, "255", "ws", "ID", "DriverCommunication")
	expectFields(t, r, ev, map[string]string{"dest": "ws", "signature_id": "255"})
}

// TestSecurityAppAndProcessFields: app comes from windows_app_lookup (4648
// remote, LogonType, else win:unknown from the source row); 4688 keeps the
// add-on's intermediate process fields.
func TestSecurityAppAndProcessFields(t *testing.T) {
	r := builtin(t)
	expectFields(t, r, winEvent(securitySource, "4648", "h", "TargetServerName", "localhost"),
		map[string]string{"app": "win:remote", "dest": "localhost", "dest_nt_host": "localhost"})
	expectFields(t, r, winEvent(securitySource, "4624", "h", "LogonType", "10", "TargetUserName", "bob"),
		map[string]string{"app": "win:remote"})
	expectFields(t, r, winEvent(securitySource, "4662", "h"), map[string]string{"app": "win:unknown"})
	ev := winEvent(securitySource, "4688", "h", "NewProcessName", `C:\Windows\System32\cmd.exe`, "NewProcessId", "0xf84",
		"CommandLine", `cmd.exe /c whoami`, "TokenElevationType", "%%1936")
	expectFields(t, r, ev, map[string]string{"Process_Command_Line": "cmd.exe /c whoami", "new_process_name": "cmd.exe",
		"new_process": `C:\Windows\System32\cmd.exe`, "new_process_id": "0xf84", "Token_Elevation_Type": "%%1936",
		"Token_Elevation_Type_id": "1936"})
}

// TestSecurityAccountChangeRows: the windows_security_change_account events
// (4722-4726, 4738, 4767, 4781, ...) are Change.Account_Management rows with
// the windows_audit_changes lookup's action, and the 8.x EVALs' user/object
// (the target) and src_user (the subject).
func TestSecurityAccountChangeRows(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4724", "DC1", "TargetUserName", "alice", "TargetSid", "S-1-5-21-9-1105",
		"SubjectUserName", "bob", "SubjectLogonId", "0x3e7")
	ev.Add("Keywords", "0x8020000000000000")
	row, r0 := rowOf(t, r, ev, "Change.All_Changes")
	checkFields(t, row, "All_Changes.user", "alice", "All_Changes.object", "alice", "All_Changes.object_id", "S-1-5-21-9-1105",
		"All_Changes.action", "modified", "All_Changes.change_type", "AAA", "All_Changes.object_category", "user",
		"All_Changes.result", "An attempt was made to reset an account's password",
		"All_Changes.Account_Management.src_user", "bob")
	upd, err := r.Dataset("Change.Accounts_Updated")
	if err != nil {
		t.Fatal(err)
	}
	if !r0.In(upd) {
		t.Errorf("4724 is not in Change.Accounts_Updated (datasets %v)", r0.Datasets())
	}
	ev = winEvent(securitySource, "4781", "DC1", "OldTargetUserName", "a", "NewTargetUserName", "b", "TargetUserName", "a")
	expectFields(t, r, ev, map[string]string{"user": "b", "object": "b", "user_name": "b", "action": "modified"})
	ev = winEvent(securitySource, "4742", "DC1", "TargetUserName", "DC01$")
	expectFields(t, r, ev, map[string]string{"action": "modified", "user_type": "computer"})
	if rows := r.Rows(ev); len(rows) != 0 {
		t.Errorf("4742 gave %d rows, want none", len(rows))
	}
}

// TestSecurityDSRMChangeRow: 4794 (DSRM password set) is a Change row whose
// result falls back to the event title and result_id to the event code, as
// ESCU's windows_ad_dsrm_password_reset filters them.
func TestSecurityDSRMChangeRow(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4794", "dc.corp.local", "SubjectUserName", "administrator", "Workstation", "DC", "Status", "0x0")
	ev.Add("Keywords", "0x8020000000000000")
	row, _ := rowOf(t, r, ev, "Change.All_Changes")
	checkFields(t, row, "All_Changes.result_id", "4794",
		"All_Changes.result", "An attempt was made to set the Directory Services Restore Mode administrator password",
		"All_Changes.src", "DC", "All_Changes.dest", "dc.corp.local", "All_Changes.action", "success", "All_Changes.user", "unknown")
}

// TestSecurityGroupName: on group events TargetUserName names the group, and
// the add-on exposes it as Group_Name (ESCU: EventCode=4732
// Group_Name=Administrators); other events get none.
func TestSecurityGroupName(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4732", "h", "TargetUserName", "Administrators", "TargetDomainName", "Builtin",
		"MemberSid", "S-1-5-20", "SubjectUserName", "IEUser")
	expectFields(t, r, ev, map[string]string{"Group_Name": "Administrators", "Group_Domain": "Builtin", "src_user": "IEUser"})
	expectFields(t, r, winEvent(securitySource, "4720", "h", "TargetUserName", "eve"), map[string]string{"Group_Name": "<null>"})
}

// TestExtractedPowerShell: script block events get the generic
// [XmlWinEventLog] fields (dvc, signature_id, vendor_product, RecordNumber)
// and no dest (the add-on maps none for this channel) and no rows.
func TestExtractedPowerShell(t *testing.T) {
	r := builtin(t)
	ev := winEvent("XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "4104", "ws1", "ScriptBlockText", "whoami")
	ev.Add("EventRecordID", "77")
	expectFields(t, r, ev, map[string]string{"dvc": "ws1", "signature_id": "4104", "vendor_product": "Microsoft Windows",
		"RecordNumber": "77", "dest": "<null>"})
	if rows := r.Rows(ev); len(rows) != 0 {
		t.Errorf("4104 gave %d rows, want none", len(rows))
	}
}

// TestExtractedApplication: Application events get dest (the
// [source::XmlWinEventLog:Application] FIELDALIAS of Computer).
func TestExtractedApplication(t *testing.T) {
	r := builtin(t)
	ev := winEvent("XmlWinEventLog:Application", "3000", "ws2", "param1", `C:\Windows\System32\notepad.exe`, "param2", "0")
	expectFields(t, r, ev, map[string]string{"dest": "ws2", "signature_id": "3000", "Error_Code": "-"})
	if rows := r.Rows(ev); len(rows) != 0 {
		t.Errorf("an Application event gave %d rows, want none", len(rows))
	}
}
