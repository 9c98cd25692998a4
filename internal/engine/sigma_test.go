package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

// sigmaRule is the YAML of a Windows rule with the given logsource and
// detection block (indented by four spaces).
func sigmaRule(logsource, detection string) string {
	return "title: Test rule\nid: 00000000-0000-0000-0000-000000000001\nlevel: high\ntags:\n    - attack.execution\n    - attack.t1059.001\n" +
		"logsource:\n    product: windows\n" + logsource + "detection:\n" + detection
}

// huntSigma runs rule over testdata/sigma/events.log and returns the
// EventRecordIDs of its findings, sorted.
func huntSigma(t *testing.T, rule string) ([]string, *HuntReport) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rule.yml")
	if err := os.WriteFile(p, []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	rep, err := Hunt(context.Background(), HuntOptions{SigmaDirs: []string{p}, Inputs: Inputs{Paths: []string{"testdata/sigma/events.log"}}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Result.Get("EventRecordID").Text())
	}
	slices.Sort(ids)
	return ids, rep
}

// TestSigmaSemantics checks which fixture events Sigma rules match: value
// modifiers, condition operators, the logsource mappings and XML entities.
func TestSigmaSemantics(t *testing.T) {
	proc := "    category: process_creation\n"
	tests := []struct {
		name, logsource, detection string
		want                       []string
	}{
		{"endswith, case-insensitive, Sysmon 1 and 4688", proc,
			"    selection:\n        Image|endswith: '\\CERTUTIL.exe'\n    condition: selection\n", []string{"102", "103", "201"}},
		{"exact value is whole-value", proc,
			"    selection:\n        Image: 'certutil.exe'\n    condition: selection\n", nil},
		{"wildcards in a plain value", proc,
			"    selection:\n        Image: '*\\cert?til.exe'\n    condition: selection\n", []string{"102", "103", "201"}},
		{"contains|all needs every value", proc,
			"    selection:\n        CommandLine|contains|all:\n            - '-urlcache'\n            - ' -f '\n    condition: selection\n", []string{"102", "201"}},
		{"windash matches / and - options", proc,
			"    selection:\n        CommandLine|windash|contains|all:\n            - '-urlcache'\n            - ' -f '\n    condition: selection\n", []string{"102", "103", "201"}},
		{"a field 4688 lacks keeps the rule to Sysmon", proc,
			"    selection:\n        OriginalFileName: 'RUNDLL32.EXE'\n    condition: selection\n", []string{"101"}},
		{"list of values is OR, selections AND, not", proc,
			"    selection:\n        Image|endswith:\n            - '\\certutil.exe'\n            - '\\rundll32.exe'\n    filter:\n        CommandLine|contains: '/urlcache'\n    condition: selection and not filter\n", []string{"101", "102", "201"}},
		{"1 of selection_* and all of them", proc,
			"    selection_a:\n        Image|endswith: '\\cmd.exe'\n    selection_b:\n        ParentImage|endswith: '\\WINWORD.EXE'\n    condition: all of selection_* or 1 of sel*_x\n    sel_x:\n        Image|startswith: 'C:\\Tools\\'\n", []string{"105", "106"}},
		{"re is case-sensitive unless |i", proc,
			"    selection:\n        CommandLine|re: 'PsExec(64)?\\.exe \\\\\\\\'\n    condition: selection\n", []string{"106"}},
		{"re without match", proc,
			"    selection:\n        CommandLine|re: 'psexec64'\n    condition: selection\n", nil},
		{"re|i", proc,
			"    selection:\n        CommandLine|re|i: 'psexec64'\n    condition: selection\n", []string{"106"}},
		{"values with XML special characters match entity-kept fields", proc,
			"    selection:\n        CommandLine|contains: '> \"C:\\temp\\out.txt\" & whoami'\n    condition: selection\n", []string{"105"}},
		{"base64offset of UTF-16 text", proc,
			"    selection:\n        CommandLine|wide|base64offset|contains: 'Net.WebClient'\n    condition: selection\n", []string{"104"}},
		{"null means absent", proc,
			"    selection:\n        Image|endswith: '.exe'\n        LogonId: null\n    condition: selection\n", []string{"101", "102", "103", "104", "105", "106", "201"}},
		{"a field 4688 lacks in a filter keeps the rule to Sysmon", proc,
			"    selection:\n        Image|endswith: '\\certutil.exe'\n    filter:\n        Hashes: 'SHA256=BB'\n    condition: selection and not filter\n", []string{"102", "103"}},
		{"a field 4688 lacks in one of the selections", proc,
			"    selection_a:\n        OriginalFileName: 'certutil.exe'\n    selection_b:\n        CommandLine|contains: 'urlcache'\n    condition: 1 of selection_*\n", []string{"102", "103", "201"}},
		{"exists", proc,
			"    selection:\n        OriginalFileName|exists: true\n        Image|endswith: 'cmd.exe'\n    condition: selection\n", []string{"105"}},
		{"cidr and numbers", "    category: network_connection\n",
			"    selection:\n        DestinationIp|cidr: '10.0.0.0/8'\n        DestinationPort|gt: 1024\n    condition: selection\n", []string{"301"}},
		{"keywords search the whole event", "    service: sysmon\n",
			"    keywords:\n        - 'psexec.c'\n    condition: keywords\n", []string{"106"}},
		{"Defender field names lose their spaces", "    service: windefend\n",
			"    selection:\n        EventID: 1119\n        ThreatName|contains: 'Trojan'\n        SourceName: 'Real-Time Protection'\n    condition: selection\n", []string{"401"}},
		{"ps_script is PowerShell 4104", "    category: ps_script\n",
			"    selection:\n        ScriptBlockText|contains|all:\n            - 'New-Object'\n            - 'DownloadString'\n    condition: selection\n", []string{"501"}},
		{"fieldref", proc,
			"    selection:\n        Image|fieldref: ParentImage\n    condition: selection\n", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, rep := huntSigma(t, sigmaRule(tc.logsource, tc.detection))
			if len(rep.Errors) > 0 {
				t.Fatalf("rule failed: %v", rep.Errors[0].Err)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("matched %v, want %v", got, tc.want)
			}
		})
	}
}

// TestSigmaFinding checks what a Sigma finding reports: the rule, its ATT&CK
// techniques, the level as notable severity and risk on the host.
func TestSigmaFinding(t *testing.T) {
	_, rep := huntSigma(t, sigmaRule("    category: ps_script\n", "    selection:\n        ScriptBlockText|contains: 'IEX'\n    condition: selection\n"))
	if len(rep.Findings) != 1 {
		t.Fatalf("%d findings, want 1 (errors %v)", len(rep.Findings), rep.Errors)
	}
	f := rep.Findings[0]
	if f.Detection != "Test rule" || f.Type != "TTP" || !slices.Equal(f.MitreAttack, []string{"T1059.001"}) {
		t.Errorf("finding = %q %q %v", f.Detection, f.Type, f.MitreAttack)
	}
	if f.Notable == nil || f.Notable.Severity != "high" {
		t.Errorf("notable = %+v, want severity high", f.Notable)
	}
	if len(f.Risk) != 1 || f.Risk[0].Object != "WS1.corp.example" || f.Risk[0].Score != 70 {
		t.Errorf("risk = %+v", f.Risk)
	}
	if !f.Result.Get("_raw").IsNull() || f.Result.Get("ScriptBlockText").IsNull() {
		t.Errorf("result should hold the event's fields without _raw: %v", f.Result)
	}
}

// TestSigmaErrors checks that what riskhound cannot honour is an error at
// the rule's position, and that other rules still run.
func TestSigmaErrors(t *testing.T) {
	proc := "    category: process_creation\n"
	tests := []struct {
		name, rule, msg, at string
		class               error
	}{
		{"unknown modifier", sigmaRule(proc, "    selection:\n        Image|sounds_like: 'x'\n    condition: selection\n"),
			`modifier "sounds_like" is not supported`, "Image|sounds_like", source.ErrUnsupported},
		{"unknown selection", sigmaRule(proc, "    selection:\n        Image: 'x'\n    condition: selection and filter\n"),
			`"filter", which is not a selection`, "filter", source.ErrSyntax},
		{"aggregation", sigmaRule(proc, "    selection:\n        Image: 'x'\n    condition: selection | count() by User > 5\n"),
			"aggregations in a condition", "| count()", source.ErrUnsupported},
		{"unmapped logsource", strings.Replace(sigmaRule(proc, "    selection:\n        a: b\n    condition: selection\n"), "product: windows", "product: linux", 1),
			"logsource product=linux category=process_creation is not supported", "product: linux", source.ErrUnsupported},
		{"placeholder", sigmaRule(proc, "    selection:\n        User|expand: '%admins%'\n    condition: selection\n"),
			"placeholder", "User|expand", source.ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			bad := filepath.Join(dir, "bad.yml")
			good := filepath.Join(dir, "good.yml")
			if err := os.WriteFile(bad, []byte(tc.rule), 0o644); err != nil {
				t.Fatal(err)
			}
			goodRule := strings.Replace(sigmaRule("    category: ps_script\n", "    selection:\n        ScriptBlockText|contains: 'IEX'\n    condition: selection\n"),
				"00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", 1)
			if err := os.WriteFile(good, []byte(goodRule), 0o644); err != nil {
				t.Fatal(err)
			}
			rep, err := Hunt(context.Background(), HuntOptions{SigmaDirs: []string{dir}, Inputs: Inputs{Paths: []string{"testdata/sigma/events.log"}}})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Errors) != 1 || len(rep.Findings) != 1 {
				t.Fatalf("errors %v, findings %d; want the bad rule reported and the good one run", rep.Errors, len(rep.Findings))
			}
			err = rep.Errors[0].Err
			var d *source.Diagnostic
			if !errors.As(err, &d) || !errors.Is(err, tc.class) || !strings.Contains(d.Msg, tc.msg) {
				t.Fatalf("error = %v, want %v containing %q", err, tc.class, tc.msg)
			}
			if d.File == nil || d.File.Name != bad || !strings.HasPrefix(d.File.Text[d.Span.Start:], tc.at) {
				t.Errorf("error points at %q, want %q in %s", d.File.Text[d.Span.Start:min(int(d.Span.Start)+20, len(d.File.Text))], tc.at, bad)
			}
		})
	}
}
