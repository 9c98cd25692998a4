package datamodel

import (
	"testing"
)

func TestSysmonNetwork(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "3", "ws1.corp.local", "Image", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"ProcessGuid", "{G}", "ProcessId", "321", "User", `CORP\bob`, "Protocol", "TCP", "Initiated", "true",
		"SourceIp", "10.0.0.5", "SourceHostname", "-", "SourcePort", "50123", "SourcePortName", "-",
		"DestinationIp", "10.0.0.1", "DestinationHostname", "dc1.corp.local", "DestinationPort", "88", "DestinationPortName", "kerberos")
	row, rr := rowOf(t, r, ev, "Network_Traffic")
	checkFields(t, row,
		"All_Traffic.src", "10.0.0.5",
		"All_Traffic.src_ip", "10.0.0.5",
		"All_Traffic.src_port", "50123",
		"All_Traffic.dest", "dc1.corp.local",
		"All_Traffic.dest_ip", "10.0.0.1",
		"All_Traffic.dest_port", "88",
		"All_Traffic.transport", "tcp",
		"All_Traffic.protocol", "kerberos",
		"All_Traffic.direction", "outbound",
		"All_Traffic.app", `C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`,
		"All_Traffic.process_id", "321",
		"All_Traffic.process_guid", "{G}",
		"All_Traffic.session_id", "{G}",
		"All_Traffic.user", "bob",
		"All_Traffic.dvc", "ws1.corp.local",
		"All_Traffic.action", "allowed",
		"All_Traffic.rule", "unknown",
		"All_Traffic.bytes", "<null>",
		"All_Traffic.vendor_product", "Microsoft Sysmon",
	)
	for _, p := range []string{"Network_Traffic.Traffic_By_Action", "Network_Traffic.Allowed_Traffic"} {
		ds, _ := r.Dataset(p)
		if !ds.Contains(rr) {
			t.Errorf("row not in %s", p)
		}
	}
	if ds, _ := r.Dataset("Network_Traffic.Blocked_Traffic"); ds.Contains(rr) {
		t.Error("row in Blocked_Traffic")
	}
	// Inbound, no hostnames, UDP, missing port: dest is the IP, port 0.
	ev = winEvent(sysmonSource, "3", "h", "Image", `C:\x.exe`, "Protocol", "udp", "Initiated", "false",
		"SourceIp", "10.0.0.9", "SourcePortName", "netbios-ns", "DestinationIp", "10.0.0.2")
	row, _ = rowOf(t, r, ev, "Network_Traffic.All_Traffic")
	checkFields(t, row, "All_Traffic.dest", "10.0.0.2", "All_Traffic.direction", "inbound", "All_Traffic.protocol", "netbios-ns",
		"All_Traffic.dest_port", "0", "All_Traffic.src_port", "0", "All_Traffic.transport", "udp")
}

func TestSysmonDNS(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "22", "ws1", "Image", `C:\Program Files\Google\Chrome\chrome.exe`, "ProcessGuid", "{G}",
		"QueryName", "evil.example.com", "QueryStatus", "0",
		"QueryResults", "type:  5 edge.example.net;::ffff:1.2.3.4;::ffff:5.6.7.8;")
	row, _ := rowOf(t, r, ev, "Network_Resolution.DNS")
	checkFields(t, row,
		"DNS.query", "evil.example.com",
		"DNS.answer", "[edge.example.net|1.2.3.4|5.6.7.8]",
		"DNS.answer_count", "3",
		"DNS.query_count", "1",
		"DNS.reply_code_id", "0",
		"DNS.reply_code", "No Error",
		"DNS.src", "ws1",
		"DNS.dest", "unknown",
		"DNS.record_type", "unknown",
		"DNS.message_type", "unknown",
	)
	ev = winEvent(sysmonSource, "22", "ws1", "Image", `C:\a.exe`, "QueryName", "nx.example.com", "QueryStatus", "9003", "QueryResults", "-")
	row, _ = rowOf(t, r, ev, "Network_Resolution")
	checkFields(t, row, "DNS.answer", "unknown", "DNS.answer_count", "1", "DNS.reply_code", "unknown", "DNS.reply_code_id", "9003")
}

func TestAuthentication(t *testing.T) {
	r := builtin(t)
	logon := func(code string, data ...string) *eventT {
		base := []string{"SubjectUserSid", "S-1-5-18", "SubjectUserName", "DC1$", "SubjectDomainName", "CORP",
			"TargetUserName", "alice", "TargetDomainName", "CORP", "LogonType", "3", "WorkstationName", "-",
			"IpAddress", "10.1.1.1", "IpPort", "5555", "AuthenticationPackageName", "NTLM"}
		ev := winEvent(securitySource, code, "dc1.corp.local", base...)
		for i := 0; i+1 < len(data); i += 2 {
			ev.Set(data[i], strValue(data[i+1]))
		}
		return ev
	}
	membership := func(rr Row) []string {
		var out []string
		for _, ds := range rr.Datasets() {
			out = append(out, ds.Name())
		}
		return out
	}
	ev := logon("4624")
	row, rr := rowOf(t, r, ev, "Authentication")
	checkFields(t, row,
		"Authentication.action", "success",
		"Authentication.user", "alice",
		"Authentication.src", "unknown",
		"Authentication.src_ip", "<null>", // not an Authentication field in the CIM
		"Authentication.dest", "dc1.corp.local",
		"Authentication.app", "win:remote",
		"Authentication.signature_id", "4624",
		"Authentication.signature", "An account was successfully logged on",
		"Authentication.src_user", "DC1$",
		"Authentication.dest_nt_domain", "CORP",
		"Authentication.authentication_method", "NTLM",
	)
	if got := membership(rr); len(got) != 2 || got[1] != "Successful_Authentication" {
		t.Errorf("4624 datasets = %v", got)
	}

	// A successful computer-account logon is outside Authentication.
	if rows := r.Rows(logon("4624", "TargetUserName", "WS1$")); len(rows) != 0 {
		t.Errorf("4624 by a computer account gave %d rows", len(rows))
	}

	ev = logon("4625", "Status", "0xc000006d", "SubStatus", "0xc000006a", "WorkstationName", "KALI")
	row, rr = rowOf(t, r, ev, "Authentication.Failed_Authentication")
	checkFields(t, row, "Authentication.action", "failure", "Authentication.src", "KALI", "Authentication.user", "alice")
	if got := membership(rr); len(got) != 2 || got[1] != "Failed_Authentication" {
		t.Errorf("4625 datasets = %v", got)
	}
	// A failed logon by a computer account stays (only successes are cut).
	rowOf(t, r, logon("4625", "Status", "0xc000006d", "TargetUserName", "WS1$"), "Authentication.Failed_Authentication")

	ev = logon("4625", "Status", "0xc000006d", "SubStatus", "0xC0000064")
	row, rr = rowOf(t, r, ev, "Authentication")
	checkFields(t, row, "Authentication.action", "unknown")
	if got := membership(rr); len(got) != 1 {
		t.Errorf("4625 unknown-user datasets = %v", got)
	}
	if rows := r.Rows(logon("4625", "Status", "0xC0000133")); len(rows) != 0 {
		t.Errorf("4625 with action error gave %d rows", len(rows))
	}

	ev = winEvent(securitySource, "4648", "ws1.corp.local", "SubjectUserName", "bob", "TargetUserName", "admin",
		"TargetServerName", `\\fileserver`, "IpAddress", "-")
	row, rr = rowOf(t, r, ev, "Authentication.Successful_Privileged_Authentication")
	checkFields(t, row, "Authentication.dest", "fileserver", "Authentication.user", "admin", "Authentication.app", "win:remote",
		"Authentication.src", "unknown", "Authentication.src_user", "bob")
	if got := membership(rr); len(got) != 4 {
		t.Errorf("4648 datasets = %v, want root, Successful, Privileged, Successful_Privileged", got)
	}
	ev = winEvent(securitySource, "4648", "ws1.corp.local", "TargetUserName", "admin", "TargetServerName", "-")
	row, _ = rowOf(t, r, ev, "Authentication.Privileged_Authentication")
	checkFields(t, row, "Authentication.dest", "ws1.corp.local")

	ev = winEvent(securitySource, "4672", "dc1", "SubjectUserName", "alice", "PrivilegeList", "SeDebugPrivilege")
	row, _ = rowOf(t, r, ev, "Authentication.Privileged_Authentication")
	checkFields(t, row, "Authentication.user", "unknown", "Authentication.app", "win:unknown", "Authentication.action", "success")
}

func TestChange(t *testing.T) {
	r := builtin(t)
	ev := winEvent(securitySource, "4720", "dc1", "TargetUserName", "backdoor", "TargetDomainName", "CORP",
		"SubjectUserName", "admin", "SubjectDomainName", "CORP")
	row, rr := rowOf(t, r, ev, "Change.Accounts_Created")
	checkFields(t, row,
		"All_Changes.action", "created",
		"All_Changes.user", "backdoor",
		"All_Changes.result", "account was created",
		"All_Changes.result_id", "4720",
		"All_Changes.object_category", "user",
		"All_Changes.change_type", "user",
		"All_Changes.dest", "dc1",
		"All_Changes.command", "unknown",
		"All_Changes.Account_Management.src_user", "admin",
		"All_Changes.Account_Management.dest_nt_domain", "CORP",
		"All_Changes.Account_Management.src_user_name", "unknown",
		"All_Changes.Instance_Changes.image_id", "<null>",
	)
	ds, _ := r.Dataset("Change.Account_Management")
	if !ds.Contains(rr) || ds.Prefix() != "All_Changes.Account_Management" {
		t.Errorf("Account_Management: contains=%v prefix=%q", ds.Contains(rr), ds.Prefix())
	}
	ev = winEvent(securitySource, "4732", "dc1", "TargetUserName", "Administrators", "MemberSid", "S-1-5-21-9", "SubjectUserName", "admin")
	row, rr = rowOf(t, r, ev, "Change.Account_Management")
	checkFields(t, row, "All_Changes.user", "Administrators", "All_Changes.change_type", "AAA", "All_Changes.action", "unknown",
		"All_Changes.result_id", "4732")
	if ds, _ := r.Dataset("Change.Accounts_Created"); ds.Contains(rr) {
		t.Error("4732 in Accounts_Created")
	}
	// Sysmon WMI events are Endpoint_Changes (object_category=wmi passes the NOT clause).
	ev = winEvent(sysmonSource, "20", "h", "Operation", "Created", "Name", "evilconsumer", "Destination", "powershell.exe -enc AAA")
	row, _ = rowOf(t, r, ev, "Change.Other_Endpoint_Changes")
	checkFields(t, row, "All_Changes.object_category", "wmi", "All_Changes.action", "created", "All_Changes.command", "powershell.exe -enc AAA",
		"All_Changes.vendor_product", "Microsoft Sysmon")
}

func TestServices(t *testing.T) {
	r := builtin(t)
	ev := winEvent(systemSource, "7045", "srv1", "ServiceName", "PSEXESVC", "ImagePath", `%SystemRoot%\PSEXESVC.exe`,
		"ServiceType", "user mode service", "StartType", "demand start", "AccountName", "LocalSystem")
	ev.Append("UserID", strValue("S-1-5-21-5"))
	row, _ := rowOf(t, r, ev, "Endpoint.Services")
	checkFields(t, row, "Services.service", "PSEXESVC", "Services.service_name", "PSEXESVC", "Services.start_mode", "manual",
		"Services.dest", "srv1", "Services.status", "unknown", "Services.service_id", "unknown", "Services.user", "unknown",
		"Services.vendor_product", "Microsoft Windows", "Services.service_path", "<null>")
}

func TestNoDataset(t *testing.T) {
	r := builtin(t)
	for _, ev := range []*eventT{
		winEvent(securitySource, "4698", "h", "TaskName", `\Evil`, "TaskContent", "<Task/>"),
		winEvent(securitySource, "5136", "h", "ObjectDN", "CN=x", "AttributeLDAPDisplayName", "servicePrincipalName"),
		winEvent("XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "4104", "h", "ScriptBlockText", "IEX"),
		winEvent(sysmonSource, "4", "h", "State", "Started"),
		winEvent("XmlWinEventLog:Application", "1000", "h", "Data", "x"),
	} {
		if rows := r.Rows(ev); len(rows) != 0 {
			t.Errorf("%s %s: %d rows, want none", ev.Get("source"), ev.Get("EventCode"), len(rows))
		}
	}
}

func TestSourceMatching(t *testing.T) {
	r := builtin(t)
	ev := winEvent("xmlwineventlog:microsoft-windows-sysmon/operational", "1", "h", "Image", `C:\a\b.exe`)
	rowOf(t, r, ev, "Endpoint.Processes")
	// A JSON event without source metadata is matched through Channel.
	ev = winEvent(sysmonSource, "1", "h", "Image", `C:\a\b.exe`)
	ev.Delete("source")
	row, _ := rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row, "Processes.process_name", "b.exe", "source", "<null>")
	ev = winEvent("XMLWINEVENTLOG:SECURITY", "4688", "h", "NewProcessName", `C:\a\c.exe`)
	row, _ = rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row, "Processes.process_name", "c.exe")
	// Classic-format (WinEventLog:) events have other field names: no table.
	if rows := r.Rows(winEvent("WinEventLog:Security", "4688", "h", "New_Process_Name", `C:\a\c.exe`)); len(rows) != 0 {
		t.Errorf("classic WinEventLog:Security gave %d rows", len(rows))
	}
}

func TestRisk(t *testing.T) {
	r := builtin(t)
	ev := eventOf("_time", "1700000000", "index", "risk", "source", "ESCU - X - Rule", "sourcetype", "stash",
		"risk_object", "bob", "risk_object_type", "user", "risk_score", "56", "calculated_risk_score", "56")
	ev.Add("annotations.mitre_attack.mitre_technique_id", "T1003")
	ev.Add("annotations.mitre_attack.mitre_technique_id", "T1059")
	row, _ := rowOf(t, r, ev, "Risk.All_Risk")
	checkFields(t, row, "All_Risk.risk_object", "bob", "All_Risk.calculated_risk_score", "56",
		"All_Risk.annotations.mitre_attack.mitre_technique_id", "[T1003|T1059]", "All_Risk.source", "ESCU - X - Rule",
		"All_Risk.risk_message", "<null>")
}
