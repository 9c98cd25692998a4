package detect

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

func row(kv ...any) *event.Event {
	e := event.New(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		var v value.Value
		switch x := kv[i+1].(type) {
		case string:
			v = value.Str(x)
		case []string:
			v = value.MV(x)
		case int:
			v = value.Int(int64(x))
		case float64:
			v = value.Num(x)
		case value.Value:
			v = x
		}
		e.Append(kv[i].(string), v)
	}
	return e
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedFindingJSON checks the jsonl object of DESIGN.md for the built-in
// PowerShell Invoke WmiExec Usage detection.
func TestSeedFindingJSON(t *testing.T) {
	c := content.Builtin()
	d, ok := c.Detection("PowerShell Invoke WmiExec Usage")
	if !ok {
		t.Fatal("seed detection missing")
	}
	r := row("Computer", "WS-CAROL.corp.local", "EventCode", "4104", "ScriptBlockText", "Invoke-WMIExec -Target 10.0.0.5 <x>",
		"count", 1, "firstTime", "2024-03-02T08:00:00", "lastTime", "2024-03-02T08:00:00")
	fs := Findings(d, []*event.Event{r})
	if len(fs) != 1 {
		t.Fatalf("got %d findings", len(fs))
	}
	var buf strings.Builder
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(fs[0]); err != nil {
		t.Fatal(err)
	}
	desc, _ := json.Marshal(d.Description)
	want := `{"detection":"PowerShell Invoke WmiExec Usage",` +
		`"detection_id":"0734bd21-2769-4972-a5f1-78bb1e011224",` +
		`"type":"TTP",` +
		`"result":{"Computer":"WS-CAROL.corp.local","EventCode":"4104","ScriptBlockText":"Invoke-WMIExec -Target 10.0.0.5 <x>",` +
		`"count":"1","firstTime":"2024-03-02T08:00:00","lastTime":"2024-03-02T08:00:00"},` +
		`"notable":{"rule_title":"PowerShell Invoke WmiExec Usage","rule_description":` + string(desc) + `,` +
		`"security_domain":"endpoint","severity":"critical","nes_fields":{"user":null,"dest":null}},` +
		`"risk":[{"risk_object":"WS-CAROL.corp.local","risk_object_type":"system","risk_score":100,` +
		`"risk_message":"PowerShell was identified running a Invoke-WmiExec on WS-CAROL.corp.local."}],` +
		`"threat_objects":[],` +
		`"mitre_attack":["T1047"],"analytic_story":["Suspicious WMI Use"]}` + "\n"
	if got := buf.String(); got != want {
		t.Errorf("finding JSON:\n%s\nwant:\n%s", got, want)
	}
}

func TestSeverity(t *testing.T) {
	cases := map[int]string{-5: "informational", 0: "informational", 19: "informational", 20: "low", 39: "low",
		40: "medium", 45: "medium", 59: "medium", 60: "high", 79: "high", 80: "critical", 100: "critical", 250: "critical"}
	for score, want := range cases {
		if got := Severity(score); got != want {
			t.Errorf("Severity(%d) = %q, want %q", score, got, want)
		}
	}
}

func v4(typ string, obs ...content.Observable) *content.Detection {
	return &content.Detection{Name: "Fixture Rule", ID: "id-1", Type: typ, Description: "Costs $5 $ maybe",
		RiskScore: 56, SecurityDomain: "endpoint", Message: "Tool on $dest$ by $user$",
		MitreAttackIDs: []string{"T1059"}, Observables: obs}
}

var (
	victimHost = content.Observable{Field: "dest", Type: "Hostname", Roles: []string{"Victim"}}
	victimUser = content.Observable{Field: "user", Type: "User", Roles: []string{"Victim"}}
	attackerIP = content.Observable{Field: "src_ip", Type: "IP Address", Roles: []string{"Attacker"}, Threat: true}
	procName   = content.Observable{Field: "process_name", Type: "Process Name", Roles: []string{"Attacker"}, Threat: true}
	victimProc = content.Observable{Field: "parent", Type: "Process", Roles: []string{"Victim"}}
)

func TestTypeRules(t *testing.T) {
	r := row("dest", "h1", "user", "bob", "src_ip", "10.1.1.1")
	cases := []struct {
		typ           string
		notable, risk bool
	}{{"TTP", true, true}, {"Anomaly", false, true}, {"Hunting", false, false}, {"Correlation", true, false}, {"Baseline", false, false}}
	for _, c := range cases {
		f := Findings(v4(c.typ, victimHost, attackerIP), []*event.Event{r})[0]
		if (f.Notable != nil) != c.notable || (len(f.Risk) > 0) != c.risk || (len(f.ThreatObjects) > 0) != c.risk {
			t.Errorf("%s: notable=%v risk=%d threats=%d", c.typ, f.Notable != nil, len(f.Risk), len(f.ThreatObjects))
		}
		j := mustJSON(t, f)
		if !c.notable && !strings.Contains(j, `"notable":null`) || !c.risk && !strings.Contains(j, `"risk":[],"threat_objects":[]`) {
			t.Errorf("%s JSON: %s", c.typ, j)
		}
	}
}

func TestRiskObjects(t *testing.T) {
	cases := []struct {
		label   string
		d       *content.Detection
		row     *event.Event
		risk    []Risk
		threats []ThreatObject
	}{
		{"v4 victim host and user", v4("TTP", victimHost, victimUser), row("dest", "h1", "user", "bob"),
			[]Risk{{"h1", "system", 56, "Tool on h1 by bob"}, {"bob", "user", 56, "Tool on h1 by bob"}}, []ThreatObject{}},
		{"absent risk field makes no risk event", v4("TTP", victimHost, victimUser), row("dest", "h1"),
			[]Risk{{"h1", "system", 56, "Tool on h1 by "}}, []ThreatObject{}},
		{"multivalue risk field: one event per value, each naming itself", v4("Anomaly", victimHost, victimUser), row("dest", []string{"h1", "h2"}, "user", "bob"),
			[]Risk{{"h1", "system", 56, "Tool on h1 by bob"}, {"h2", "system", 56, "Tool on h2 by bob"}, {"bob", "user", 56, "Tool on h1, h2 by bob"}}, []ThreatObject{}},
		{"threat objects typed from the observable type", v4("TTP", victimHost, attackerIP, procName), row("dest", "h1", "src_ip", []string{"10.1.1.1", "10.2.2.2"}, "process_name", "x.exe"),
			[]Risk{{"h1", "system", 56, "Tool on h1 by "}},
			[]ThreatObject{{"10.1.1.1", "ip_address"}, {"10.2.2.2", "ip_address"}, {"x.exe", "process"}}},
		{"v4 victim of another type is an other risk object", v4("TTP", victimProc), row("parent", "p.exe"),
			[]Risk{{"p.exe", "other", 56, "Tool on  by "}}, []ThreatObject{}},
		{"types from a loaded detection win", v4("TTP", content.Observable{Field: "dest", Type: "Hostname", ObjectType: "custom"}), row("dest", "h1"),
			[]Risk{{"h1", "custom", 56, "Tool on h1 by "}}, []ThreatObject{}},
		{"v5 per-object scores", &content.Detection{Type: "TTP", RiskScore: 80, Message: "$src_user$ on $dest$", Observables: []content.Observable{
			{Field: "dest", Type: "system", Score: 40}, {Field: "src_user", Type: "user", Score: 80}, {Field: "url", Type: "url", Threat: true}}},
			row("dest", "h1", "src_user", "amy", "url", "http://x"),
			[]Risk{{"h1", "system", 40, "amy on h1"}, {"amy", "user", 80, "amy on h1"}}, []ThreatObject{{"http://x", "url"}}},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			f := Findings(c.d, []*event.Event{c.row})[0]
			if !reflect.DeepEqual(f.Risk, c.risk) {
				t.Errorf("risk:\n%+v\nwant\n%+v", f.Risk, c.risk)
			}
			if !reflect.DeepEqual(f.ThreatObjects, c.threats) {
				t.Errorf("threats:\n%+v\nwant\n%+v", f.ThreatObjects, c.threats)
			}
		})
	}
}

func TestSubstitute(t *testing.T) {
	r := row("a", "1", "mv", []string{"x", "y"}, "n", 2.5)
	cases := map[string]string{
		"plain":            "plain",
		"$a$ and $a$":      "1 and 1",
		"$missing$!":       "!",
		"$mv$":             "x, y",
		"cost $$ here":     "cost $$ here",
		"$5 and $a$":       "$5 and 1",
		"a $b c$ $a$":      "a $b c$ 1",
		"trailing $":       "trailing $",
		"$n$":              "2.5",
		"$a$$a$":           "11",
		"unterminated $a":  "unterminated $a",
		"$mv$ bound to $a": "x, y bound to $a",
	}
	for in, want := range cases {
		if got := substitute(in, r, "", ""); got != want {
			t.Errorf("substitute(%q) = %q, want %q", in, got, want)
		}
	}
	if got := substitute("$mv$ / $a$", r, "mv", "y"); got != "y / 1" {
		t.Errorf("bound: %q", got)
	}
}

func TestNotable(t *testing.T) {
	d := v4("TTP", victimHost)
	d.Notable = content.NotableConfig{RuleTitle: "%name% on $dest$", RuleDescription: "%description% ($user$)", NESFields: []string{"user", "dest", "src"}}
	f := Findings(d, []*event.Event{row("dest", "h1", "src", []string{"a", "b"})})[0]
	n := f.Notable
	if n.RuleTitle != "Fixture Rule on h1" || n.RuleDescription != "Costs $5 $ maybe ()" || n.Severity != "medium" || n.SecurityDomain != "endpoint" {
		t.Errorf("notable = %+v", n)
	}
	j := mustJSON(t, n)
	if !strings.HasSuffix(j, `"nes_fields":{"user":null,"dest":"h1","src":"a, b"}}`) {
		t.Errorf("nes_fields JSON in configured order: %s", j)
	}
	d.Notable = content.NotableConfig{}
	n = Findings(d, []*event.Event{row("user", "bob")})[0].Notable
	if n.RuleTitle != "Fixture Rule" || n.RuleDescription != d.Description || *n.NESFields["user"] != "bob" || n.NESFields["dest"] != nil {
		t.Errorf("defaults: %+v", n)
	}
}

func TestResultJSON(t *testing.T) {
	r := row("s", "a\"b", "n", 1.5, "i", 3, "mv", []string{"x", "y"}, "b", value.Boolean(true))
	r.Append("nul", value.NullValue)
	got := string(resultJSON(r))
	want := `{"s":"a\"b","n":"1.5","i":"3","mv":["x","y"],"b":"true","nul":null}`
	if got != want {
		t.Errorf("result JSON %s, want %s", got, want)
	}
	f := Finding{Detection: "x"}
	if j := mustJSON(t, f); j != `{"detection":"x","detection_id":"","type":"","result":null,"notable":null,"risk":[],"threat_objects":[],"mitre_attack":[],"analytic_story":[]}` {
		t.Errorf("zero finding JSON: %s", j)
	}
}

func TestRun(t *testing.T) {
	d := v4("TTP", victimHost)
	w := Window{Earliest: time.Unix(0, 0), Latest: time.Unix(3600, 0)}
	var gotW Window
	q := func(ctx context.Context, dd *content.Detection, win Window) ([]*event.Event, error) {
		if dd != d {
			t.Error("query got another detection")
		}
		gotW = win
		return []*event.Event{row("dest", "h1"), row("dest", "h2")}, nil
	}
	fs, err := Run(context.Background(), d, w, q)
	if err != nil || len(fs) != 2 || gotW != w || fs[1].Risk[0].Object != "h2" {
		t.Errorf("Run = %d findings, %v, window %v", len(fs), err, gotW)
	}
	boom := errors.New("boom")
	if _, err := Run(context.Background(), d, w, func(context.Context, *content.Detection, Window) ([]*event.Event, error) { return nil, boom }); !errors.Is(err, boom) {
		t.Errorf("query error: %v", err)
	}
	bad := v4("TTP")
	bad.Err = errors.New("did not compile")
	called := false
	if _, err := Run(context.Background(), bad, w, func(context.Context, *content.Detection, Window) ([]*event.Event, error) {
		called = true
		return nil, nil
	}); err != bad.Err || called {
		t.Errorf("broken detection: err=%v called=%v", err, called)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, d, w, q); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestSeedWinRM checks the second built-in detection: score 45 is a medium
// notable, its Endpoint observable a system risk object, and the row's
// user_id is not a notable field.
func TestSeedWinRM(t *testing.T) {
	c := content.Builtin()
	d, ok := c.Detection("7d4c618e-4716-11ec-951c-3e22fbd008af")
	if !ok {
		t.Fatal("seed detection missing")
	}
	f := Findings(d, []*event.Event{row("EventCode", "4104", "ScriptBlockText", "Invoke-Command -ComputerName dc1 {...}",
		"Computer", "ws1.corp", "user_id", "S-1-5-21-1", "count", 2)})[0]
	want := []Risk{{"ws1.corp", "system", 45, "A process was started on a remote endpoint from ws1.corp by abusing WinRM using PowerShell.exe"}}
	if !reflect.DeepEqual(f.Risk, want) {
		t.Errorf("risk = %+v", f.Risk)
	}
	if f.Notable == nil || f.Notable.Severity != "medium" || f.Notable.NESFields["user"] != nil || f.Notable.RuleTitle != d.Name {
		t.Errorf("notable = %+v", f.Notable)
	}
	if !reflect.DeepEqual(f.MitreAttack, []string{"T1021", "T1021.006"}) || !reflect.DeepEqual(f.AnalyticStory, []string{"Active Directory Lateral Movement"}) {
		t.Errorf("mitre=%v story=%v", f.MitreAttack, f.AnalyticStory)
	}
}
