package datamodel

import "strings"

// Detection is one ESCU tstats detection from cim-mappings.md §4.4 with the
// data-model fields it needs, for conformance tests of the mappings and of
// tstats.
type Detection struct {
	// Name is the detection's file name without .yml (ESCU snake case).
	Name string
	// DataSources are the declared sources: "S1" Sysmon EventID 1, "S11",
	// "S12", "S13", "S3", "Sec" Security 4688, "CS" CrowdStrike
	// ProcessRollup2, "LS1" Linux Sysmon 1.
	DataSources []string
	// TestSource is the source ESCU's test replays: "Sysmon", "XmlSec"
	// (XmlWinEventLog:Security 4688), "CS", "LinuxSysmon", "Sec(classic)".
	TestSource []string
	// Filter are the fields in WHERE clauses (macros expanded).
	Filter []string
	// By are the BY-clause fields.
	By []string
	// Agg are fields used only inside aggregations (values(), dc(), ...).
	Agg []string
}

// RepresentativeProcesses returns the thirty representative
// Endpoint.Processes detections of cim-mappings.md §4.4. Field names are
// prefixed ("Processes.dest", "Registry.action", "All_Traffic.src"); "_time"
// and "host" are the base fields. Two names are ESCU typos that no mapping
// produces: Processes.orig_process_name (#23) and the A&I fields
// Processes.user_bunit/user_category (#23).
func RepresentativeProcesses() []Detection {
	const (
		by1  = "dest original_file_name parent_process_id parent_process_name process process_id process_name user"
		by6  = "dest parent_process parent_process_id parent_process_name process process_id process_name user"
		by9  = "dest original_file_name parent_process parent_process_guid parent_process_name process process_guid process_id process_name user"
		by25 = "dest parent_process parent_process_id process process_id process_name user"
		s1   = "S1 Sec CS"
	)
	rows := []struct{ name, ds, test, filter, by, agg string }{
		{"control_loading_from_world_writable_directory", s1, "Sysmon", "original_file_name process process_name", by1, ""},
		{"windows_curl_download_to_suspicious_path", s1, "Sysmon", "original_file_name process process_name", by1, ""},
		{"7zip_commandline_to_smb_share_path", s1, "Sysmon", "original_file_name process process_name", by1 + " parent_process", ""},
		{"network_discovery_using_route_windows_app", s1, "Sysmon", "original_file_name process_name", by6, ""},
		{"check_elevated_cmd_using_whoami", s1, "Sysmon", "process", by25, ""},
		{"anomalous_usage_of_7zip", s1, "Sysmon", "parent_process_name process_name", by6, ""},
		{"mimikatz_passtheticket_commandline_parameters", s1, "Sysmon", "process", by6, ""},
		{"detect_html_help_using_infotech_storage_handlers", s1, "Sysmon", "original_file_name process process_name", by25, ""},
		{"windows_archive_collected_data_via_rar", s1, "Sysmon", "original_file_name process process_name", by9, ""},
		{"windows_password_managers_discovery", s1, "Sysmon", "process", by9, ""},
		{"excel_spawning_windows_script_host", s1, "Sysmon", "parent_process_name process_name", "dest parent_process parent_process_name process_name user", "process"},
		{"suspicious_msbuild_path", s1, "Sysmon", "original_file_name process_name process_path", "dest original_file_name parent_process user", "process"},
		{"windows_bypass_uac_via_pkgmgr_tool", s1, "Sysmon", "parent_process_path process process_name",
			"dest original_file_name parent_process_id parent_process_name parent_process_path process process_id process_name user", ""},
		{"windows_uac_bypass_suspicious_child_process", s1, "Sysmon", "parent_process_name process process_integrity_level process_name",
			"dest parent_process parent_process_guid parent_process_name process process_current_directory process_integrity_level process_name process_path user", ""},
		{"windows_alternate_datastream___process_execution", "Sec S1", "Sysmon", "parent_process_name process_name",
			"dest parent_process_id parent_process_name process process_id process_name user", ""},
		{"system_processes_run_from_unexpected_locations", s1, "Sysmon", "process_path",
			"dest parent_process parent_process_id process process_hash process_id process_name process_path user", ""},
		{"notepad_with_no_command_line_arguments", s1, "Sysmon", "action process_name",
			"host _time dest parent_process parent_process_name process process_id process_name process_path", ""},
		{"windows_query_registry_reg_save", s1, "Sysmon", "original_file_name process process_name", by9, ""},
		{"suspicious_writes_to_windows_recycle_bin", "S1 S11", "Sysmon", "Filesystem.file_path process_name",
			"Filesystem.dest Filesystem.process_id Filesystem.process_name dest process_id", "Filesystem.file_name parent_process_name user"},
		{"windows_ad_dsrm_account_changes", "S1 S12 S13", "Sysmon", "Registry.registry_path Registry.registry_value_data",
			"Registry.action Registry.dest Registry.process_guid Registry.registry_path Registry.registry_value_data Registry.registry_value_type Registry.user dest parent_process parent_process_name process process_guid process_name user", ""},
		{"unknown_process_using_the_kerberos_protocol", "S1 S3", "Sysmon Sec(classic)", "All_Traffic.dest_port process_name",
			"_time All_Traffic.dest_port All_Traffic.process_id All_Traffic.src dest parent_process_name process process_id process_name process_path", ""},
		{"detect_rare_executables", s1, "Sysmon", "", "process_name", "dest user"},
		{"windows_network_share_interaction_with_net", "S1", "Sysmon", "process_name orig_process_name",
			"dest parent_process parent_process_exec process process_exec user", "user_bunit user_category"},
		{"windows_privilege_escalation_suspicious_process_elevation", s1, "Sysmon", "process_integrity_level user parent_process_path process_path",
			"dest parent_process parent_process_guid parent_process_name process process_current_directory process_guid process_integrity_level process_name process_path user", ""},
		{"svchost_lolbas_execution_process_spawn", s1, "XmlSec", "parent_process_name process_name", by25, ""},
		{"windows_conhost_with_headless_argument", s1, "XmlSec", "process process_name", by25, ""},
		{"excessive_distinct_processes_from_windows_temp", s1, "XmlSec", "process_path", "dest user _time", "process"},
		{"attempted_credential_dump_from_registry_via_reg_exe", s1, "Sysmon CS", "process process_name", by1 + " parent_process", ""},
		{"dump_lsass_via_procdump", s1, "Sysmon CS", "original_file_name process process_name",
			"dest original_file_name parent_process_name process process_name user", ""},
		{"linux_add_user_account", "LS1", "LinuxSysmon", "process process_name",
			"dest parent_process_id parent_process_name process process_guid process_id process_name user", ""},
	}
	out := make([]Detection, len(rows))
	for i, r := range rows {
		out[i] = Detection{
			Name:        r.name,
			DataSources: strings.Fields(r.ds),
			TestSource:  strings.Fields(r.test),
			Filter:      prefixFields(r.filter),
			By:          prefixFields(r.by),
			Agg:         prefixFields(r.agg),
		}
	}
	return out
}

// prefixFields splits a field list and prefixes bare data-model names with
// "Processes.".
func prefixFields(s string) []string {
	fs := strings.Fields(s)
	for i, f := range fs {
		if !strings.Contains(f, ".") && f != "_time" && f != "host" {
			fs[i] = "Processes." + f
		}
	}
	return fs
}
