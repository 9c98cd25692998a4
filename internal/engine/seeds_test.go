package engine

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// findingJSON is the jsonl finding contract of DESIGN.md, decoded loosely so
// the test compares what a user sees.
type findingJSON struct {
	Detection   string            `json:"detection"`
	DetectionID string            `json:"detection_id"`
	Type        string            `json:"type"`
	Result      map[string]any    `json:"result"`
	Notable     *notableJSON      `json:"notable"`
	Risk        []riskJSON        `json:"risk"`
	Threat      []json.RawMessage `json:"threat_objects"`
	Mitre       []string          `json:"mitre_attack"`
	Story       []string          `json:"analytic_story"`
}

type notableJSON struct {
	RuleTitle      string             `json:"rule_title"`
	SecurityDomain string             `json:"security_domain"`
	Severity       string             `json:"severity"`
	NESFields      map[string]*string `json:"nes_fields"`
}

type riskJSON struct {
	Object  string `json:"risk_object"`
	Type    string `json:"risk_object_type"`
	Score   int    `json:"risk_score"`
	Message string `json:"risk_message"`
}

func huntJSON(t *testing.T, paths ...string) []findingJSON {
	t.Helper()
	rep, err := Hunt(context.Background(), HuntOptions{
		Inputs: Inputs{Paths: paths},
		Time:   TimeRange{Now: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range rep.Errors {
		t.Errorf("detection error: %v", e)
	}
	if rep.Run != 2 {
		t.Errorf("ran %d detections, want the 2 built-in ones", rep.Run)
	}
	var out []findingJSON
	for _, f := range rep.Findings {
		b, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		var fj findingJSON
		if err := json.Unmarshal(b, &fj); err != nil {
			t.Fatalf("finding is not the documented JSON: %v\n%s", err, b)
		}
		out = append(out, fj)
	}
	return out
}

const wmiexecText = "Invoke-WMIExec -Target 10.1.1.5 -Username admin -Hash 00112233445566778899aabbccddeeff -Command whoami"

// TestSeedDetections runs both built-in seed detections over positive and
// negative fixtures and checks the exact rows, counts, times, notables and
// risk events; the XML and JSON renderings of the same events must give the
// same findings.
func TestSeedDetections(t *testing.T) {
	want := []findingJSON{
		{
			Detection: "PowerShell Invoke WmiExec Usage", DetectionID: "0734bd21-2769-4972-a5f1-78bb1e011224", Type: "TTP",
			Result: map[string]any{"Computer": "HOST-A.lab", "EventCode": "4104", "ScriptBlockText": wmiexecText,
				"count": "2", "firstTime": "2024-03-02T08:00:00", "lastTime": "2024-03-02T08:05:30"},
			Notable: &notableJSON{RuleTitle: "PowerShell Invoke WmiExec Usage", SecurityDomain: "endpoint", Severity: "critical",
				NESFields: map[string]*string{"user": nil, "dest": nil}},
			Risk:  []riskJSON{{"HOST-A.lab", "system", 100, "PowerShell was identified running a Invoke-WmiExec on HOST-A.lab."}},
			Mitre: []string{"T1047"}, Story: []string{"Suspicious WMI Use"},
		},
		{
			Detection: "PowerShell Invoke WmiExec Usage", DetectionID: "0734bd21-2769-4972-a5f1-78bb1e011224", Type: "TTP",
			Result: map[string]any{"Computer": "HOST-B.lab", "EventCode": "4104", "ScriptBlockText": "IEX (INVOKE-WMIEXEC -Target 10.1.1.6)",
				"count": "1", "firstTime": "2024-03-02T09:00:00", "lastTime": "2024-03-02T09:00:00"},
			Notable: &notableJSON{RuleTitle: "PowerShell Invoke WmiExec Usage", SecurityDomain: "endpoint", Severity: "critical",
				NESFields: map[string]*string{"user": nil, "dest": nil}},
			Risk:  []riskJSON{{"HOST-B.lab", "system", 100, "PowerShell was identified running a Invoke-WmiExec on HOST-B.lab."}},
			Mitre: []string{"T1047"}, Story: []string{"Suspicious WMI Use"},
		},
		{
			Detection: "Remote Process Instantiation via WinRM and PowerShell Script Block", DetectionID: "7d4c618e-4716-11ec-951c-3e22fbd008af", Type: "TTP",
			Result: map[string]any{"EventCode": "4104", "ScriptBlockText": "invoke-command -computername SRV1 -ScriptBlock { Start-Process calc.exe }",
				"Computer": "HOST-D.lab", "user_id": "S-1-5-21-1111111111-2222222222-3333333333-1002",
				"count": "1", "firstTime": "2024-03-02T10:00:00", "lastTime": "2024-03-02T10:00:00"},
			Notable: &notableJSON{RuleTitle: "Remote Process Instantiation via WinRM and PowerShell Script Block", SecurityDomain: "endpoint", Severity: "medium",
				NESFields: map[string]*string{"user": nil, "dest": nil}},
			Risk:  []riskJSON{{"HOST-D.lab", "system", 45, "A process was started on a remote endpoint from HOST-D.lab by abusing WinRM using PowerShell.exe"}},
			Mitre: []string{"T1021", "T1021.006"}, Story: []string{"Active Directory Lateral Movement"},
		},
	}
	for _, file := range []string{"testdata/seeds/seeds.log", "testdata/seeds/seeds.json"} {
		t.Run(file, func(t *testing.T) {
			got := huntJSON(t, file)
			if len(got) != len(want) {
				t.Fatalf("got %d findings, want %d: %+v", len(got), len(want), got)
			}
			for i := range want {
				g, w := got[i], want[i]
				g.Threat = nil
				if !reflect.DeepEqual(g, w) {
					t.Errorf("finding %d:\n got %+v\nwant %+v", i, g, w)
				}
				if got[i].Notable != nil && got[i].Notable.RuleTitle == "" {
					t.Errorf("finding %d has an empty rule title", i)
				}
			}
		})
	}
}
