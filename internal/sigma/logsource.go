package sigma

import "strings"

// target is where a logsource's events are: Windows event channels (source
// XmlWinEventLog:<channel>), optionally narrowed to EventCodes, and the
// field names the rule's Sysmon-style names take there (nil: as written).
type target struct {
	channels []string
	codes    []string
	rename   map[string]string
	// spaced: the channel's Data names have spaces ("Threat Name"), which
	// Sigma drops (ThreatName) and Splunk's CLEAN_KEYS turns into
	// underscores (Threat_Name).
	spaced bool
	// only lists the fields the target has (after renaming); a rule that
	// tests another field has no branch for this target. nil: any field.
	only map[string]bool
}

const (
	sysmonChannel   = "Microsoft-Windows-Sysmon/Operational"
	securityChannel = "Security"
)

// services maps Sigma's Windows service names to their event channels, as
// Sigma's Windows logsource taxonomy defines them.
var services = map[string][]string{
	"security":                             {securityChannel},
	"system":                               {"System"},
	"application":                          {"Application"},
	"sysmon":                               {sysmonChannel},
	"powershell":                           {"Microsoft-Windows-PowerShell/Operational"},
	"powershell-classic":                   {"Windows PowerShell"},
	"windefend":                            {"Microsoft-Windows-Windows Defender/Operational"},
	"taskscheduler":                        {"Microsoft-Windows-TaskScheduler/Operational"},
	"wmi":                                  {"Microsoft-Windows-WMI-Activity/Operational"},
	"dns-client":                           {"Microsoft-Windows-DNS Client Events/Operational"},
	"dns-server":                           {"DNS Server"},
	"dns-server-analytic":                  {"Microsoft-Windows-DNS-Server/Analytical"},
	"dns-server-audit":                     {"Microsoft-Windows-DNS-Server/Audit"},
	"codeintegrity-operational":            {"Microsoft-Windows-CodeIntegrity/Operational"},
	"appxdeployment-server":                {"Microsoft-Windows-AppXDeploymentServer/Operational"},
	"appxpackaging-om":                     {"Microsoft-Windows-AppxPackaging/Operational"},
	"appmodel-runtime":                     {"Microsoft-Windows-AppModel-Runtime/Admin"},
	"firewall-as":                          {"Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"},
	"bits-client":                          {"Microsoft-Windows-Bits-Client/Operational"},
	"msexchange-management":                {"MSExchange Management"},
	"ntlm":                                 {"Microsoft-Windows-NTLM/Operational"},
	"applocker":                            {"Microsoft-Windows-AppLocker/MSI and Script", "Microsoft-Windows-AppLocker/EXE and DLL", "Microsoft-Windows-AppLocker/Packaged app-Deployment", "Microsoft-Windows-AppLocker/Packaged app-Execution"},
	"iis-configuration":                    {"Microsoft-IIS-Configuration/Operational"},
	"security-mitigations":                 {"Microsoft-Windows-Security-Mitigations/Kernel Mode", "Microsoft-Windows-Security-Mitigations/User Mode"},
	"terminalservices-localsessionmanager": {"Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"},
	"smbclient-security":                   {"Microsoft-Windows-SmbClient/Security"},
	"smbclient-connectivity":               {"Microsoft-Windows-SmbClient/Connectivity"},
	"smbserver-connectivity":               {"Microsoft-Windows-SMBServer/Connectivity"},
	"openssh":                              {"OpenSSH/Operational"},
	"lsa-server":                           {"Microsoft-Windows-LSA/Operational"},
	"ldap":                                 {"Microsoft-Windows-LDAP-Client/Debug"},
	"driver-framework":                     {"Microsoft-Windows-DriverFrameworks-UserMode/Operational"},
	"shell-core":                           {"Microsoft-Windows-Shell-Core/Operational"},
	"diagnosis-scripted":                   {"Microsoft-Windows-Diagnosis-Scripted/Operational"},
	"microsoft-servicebus-client":          {"Microsoft-ServiceBus-Client"},
	"servicebus-client":                    {"Microsoft-ServiceBus-Client"},
	"capi2":                                {"Microsoft-Windows-CAPI2/Operational"},
	"certificateservicesclient-lifecycle-system": {"Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"},
	"vhdmp":                    {"Microsoft-Windows-VHDMP/Operational"},
	"kernel-shimengine":        {"Microsoft-Windows-Kernel-ShimEngine/Operational"},
	"printservice-admin":       {"Microsoft-Windows-PrintService/Admin"},
	"printservice-operational": {"Microsoft-Windows-PrintService/Operational"},
	"bitlocker":                {"Microsoft-Windows-BitLocker/BitLocker Management"},
	"dhcp":                     {"Microsoft-Windows-DHCP-Server/Operational"},
	"hyper-v-worker":           {"Microsoft-Windows-Hyper-V-Worker"},
	"ntfs":                     {"Microsoft-Windows-Ntfs/Operational"},
	"sysmon-error":             {sysmonChannel},
}

// sysmonCategory is a category Sysmon records, by EventID.
func sysmonCategory(codes ...string) []target {
	return []target{{channels: []string{sysmonChannel}, codes: codes}}
}

// categories maps Sigma's Windows categories to their targets: the Sysmon
// events the Sigma taxonomy names for them, PowerShell's own channels for
// the ps_* ones, and Security 4688 beside Sysmon 1 for process creation.
var categories = map[string][]target{
	"process_creation": {
		{channels: []string{sysmonChannel}, codes: []string{"1"}},
		{channels: []string{securityChannel}, codes: []string{"4688"}, rename: security4688, only: security4688Fields},
	},
	"file_change":               sysmonCategory("2"),
	"network_connection":        sysmonCategory("3"),
	"sysmon_status":             sysmonCategory("4", "16"),
	"process_termination":       sysmonCategory("5"),
	"driver_load":               sysmonCategory("6"),
	"image_load":                sysmonCategory("7"),
	"create_remote_thread":      sysmonCategory("8"),
	"raw_access_thread":         sysmonCategory("9"),
	"raw_access_read":           sysmonCategory("9"),
	"process_access":            sysmonCategory("10"),
	"file_event":                sysmonCategory("11"),
	"registry_add":              sysmonCategory("12"),
	"registry_delete":           sysmonCategory("12"),
	"registry_set":              sysmonCategory("13"),
	"registry_rename":           sysmonCategory("14"),
	"registry_event":            sysmonCategory("12", "13", "14"),
	"create_stream_hash":        sysmonCategory("15"),
	"pipe_created":              sysmonCategory("17", "18"),
	"wmi_event":                 sysmonCategory("19", "20", "21"),
	"dns_query":                 sysmonCategory("22"),
	"file_delete":               sysmonCategory("23", "26"),
	"file_delete_detected":      sysmonCategory("26"),
	"clipboard_capture":         sysmonCategory("24"),
	"process_tampering":         sysmonCategory("25"),
	"file_block_executable":     sysmonCategory("27"),
	"file_block_shredding":      sysmonCategory("28"),
	"file_executable_detected":  sysmonCategory("29"),
	"sysmon_error":              sysmonCategory("255"),
	"ps_script":                 {{channels: []string{"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"}, codes: []string{"4104"}}},
	"ps_module":                 {{channels: []string{"Microsoft-Windows-PowerShell/Operational", "PowerShellCore/Operational"}, codes: []string{"4103"}}},
	"ps_classic_start":          {{channels: []string{"Windows PowerShell"}, codes: []string{"400"}}},
	"ps_classic_provider_start": {{channels: []string{"Windows PowerShell"}, codes: []string{"600"}}},
	"ps_classic_script":         {{channels: []string{"Windows PowerShell"}, codes: []string{"800"}}},
}

// security4688 renames Sysmon process-creation fields to Security 4688's.
// User is left out: Sysmon's is DOMAIN\name, 4688's SubjectUserName a bare
// name (and the creator's), so Sigma's user patterns would not mean the same.
// ParentCommandLine, OriginalFileName, Hashes, CurrentDirectory and the
// version fields have no 4688 counterpart.
var security4688 = map[string]string{
	"Image":           "NewProcessName",
	"ParentImage":     "ParentProcessName",
	"ProcessId":       "NewProcessId",
	"ParentProcessId": "ProcessId",
	"LogonId":         "SubjectLogonId",
	"IntegrityLevel":  "MandatoryLabel", // SigmaHQ lists the SIDs (S-1-16-16384) beside the names
	"CommandLine":     "CommandLine",
}

// security4688Fields are the Sysmon names 4688 can answer (after renaming),
// plus the event's own fields a rule may name directly.
var security4688Fields = map[string]bool{
	"Image": true, "ParentImage": true, "ProcessId": true, "ParentProcessId": true, "LogonId": true,
	"IntegrityLevel": true, "CommandLine": true,
	"EventCode": true, "Computer": true, "Channel": true, "Name": true,
}

// targets returns where a logsource's events are, or why it has none.
func targets(ls Logsource) ([]target, string) {
	if ls.Product != "windows" {
		if ls.Product == "" && ls.Service == "" && ls.Category == "" {
			return nil, "the rule has no logsource"
		}
		return nil, "logsource " + ls.String() + " is not supported (riskhound maps Windows event logs)"
	}
	switch {
	case ls.Category != "" && ls.Service != "":
		return nil, "logsource " + ls.String() + ": a category and a service together are not supported"
	case ls.Category != "":
		if ts, ok := categories[ls.Category]; ok {
			return ts, ""
		}
		return nil, "logsource category " + ls.Category + " has no Windows event mapping (riskhound maps the categories that Sysmon, Security 4688 and PowerShell record)"
	case ls.Service != "":
		if chs, ok := services[ls.Service]; ok {
			return []target{{channels: chs, spaced: ls.Service == "windefend"}}, ""
		}
		return nil, "logsource service " + ls.Service + " has no Windows event channel mapping"
	}
	return []target{{}}, "" // product windows alone: every Windows event
}

// fieldNames maps Sigma field names to the names riskhound's readers give
// the same data (Splunk's Windows add-on names). Fields not listed keep
// their name.
var fieldNames = map[string]string{
	"Provider_Name": "Name",
	"EventID":       "EventCode",
}

// spacedName turns a Sigma field name of a channel with spaced Data names
// into the name the readers give it: an underscore at each lower-to-upper
// case boundary (ThreatName -> Threat_Name, FWLink stays).
func spacedName(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if i > 0 && c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z' {
			b.WriteByte('_')
		}
		b.WriteByte(c)
	}
	return b.String()
}
