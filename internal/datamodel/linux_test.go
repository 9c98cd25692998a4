package datamodel

import "testing"

const linuxSysmonSource = "Syslog:Linux-Sysmon/Operational"

// Linux Sysmon events use the Windows Sysmon schema with Linux paths, plain
// user names and "-" for values Linux lacks; ESCU's Linux detections match
// process_name=useradd and Filesystem.file_path="/etc/cron.*".
func TestLinuxSysmon(t *testing.T) {
	r := builtin(t)
	ev := winEvent(linuxSysmonSource, "1", "lnx-1",
		"ProcessGuid", "{7c1e55aa-9d13-674b-0000-000000009d13}", "ProcessId", "40211",
		"Image", "/usr/sbin/useradd", "OriginalFileName", "-", "CommandLine", "useradd -m eve",
		"CurrentDirectory", "/root", "User", "root", "IntegrityLevel", "no level", "Hashes", "-",
		"ParentProcessGuid", "{7c1e55aa-9cfe-674b-0000-000000009cfe}", "ParentProcessId", "40190",
		"ParentImage", "/usr/bin/sudo", "ParentCommandLine", "sudo useradd -m eve", "ParentUser", "root")
	ev.Append("UserId", strValue("0"))
	row, _ := rowOf(t, r, ev, "Endpoint.Processes")
	checkFields(t, row,
		"Processes.dest", "lnx-1",
		"Processes.process_name", "useradd",
		"Processes.process_path", "/usr/sbin/useradd",
		"Processes.process", "useradd -m eve",
		"Processes.process_id", "40211",
		"Processes.user", "root",
		"Processes.user_id", "0",
		"Processes.parent_process_name", "sudo",
		"Processes.parent_process", "sudo useradd -m eve",
		"Processes.parent_process_id", "40190",
		"Processes.action", "allowed",
		"Processes.os", "Linux",
		// "-" means absent: the data model's fill value, not a dash.
		"Processes.original_file_name", "unknown",
		"Processes.process_hash", "<null>",
	)

	// A process Linux Sysmon could not resolve ("-" as parent image) has no
	// parent name rather than the name "-".
	orphan := winEvent(linuxSysmonSource, "1", "lnx-1", "Image", "/usr/bin/id", "CommandLine", "id", "User", "root",
		"ParentImage", "-", "ParentCommandLine", "-")
	row, _ = rowOf(t, r, orphan, "Endpoint.Processes")
	checkFields(t, row, "Processes.parent_process_name", "unknown", "Processes.parent_process", "unknown")

	del := winEvent(linuxSysmonSource, "23", "lnx-1", "Image", "/usr/bin/rm", "ProcessGuid", "{G}", "ProcessId", "7",
		"User", "root", "TargetFilename", "/etc/cron.d/backup", "Hashes", "-")
	row, _ = rowOf(t, r, del, "Endpoint.Filesystem")
	checkFields(t, row,
		"Filesystem.action", "deleted",
		"Filesystem.file_path", "/etc/cron.d/backup",
		"Filesystem.file_name", "backup",
		"Filesystem.process_name", "rm",
		"Filesystem.dest", "lnx-1",
		"Filesystem.user", "root",
	)
	created := winEvent(linuxSysmonSource, "11", "lnx-1", "Image", "/usr/bin/cp", "TargetFilename", "/etc/profile.d/x.sh",
		"CreationUtcTime", "2025-03-12 08:00:00.000")
	row, _ = rowOf(t, r, created, "Endpoint.Filesystem")
	checkFields(t, row, "Filesystem.action", "created", "Filesystem.file_name", "x.sh", "Filesystem.file_create_time", "2025-03-12 08:00:00.000")

	// The Windows Sysmon mapping does not apply to Linux events, nor the
	// Linux one to Windows events.
	win := winEvent(sysmonSource, "1", "h", "Image", `C:\Windows\System32\cmd.exe`, "CommandLine", "cmd", "User", `CORP\bob`)
	row, _ = rowOf(t, r, win, "Endpoint.Processes")
	checkFields(t, row, "Processes.os", "Microsoft Windows", "Processes.vendor_product", "Microsoft Sysmon")
}
