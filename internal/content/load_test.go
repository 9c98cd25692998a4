package content

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
)

func mustLoad(t *testing.T, dirs ...string) *Content {
	t.Helper()
	c, err := Load(context.Background(), dirs...)
	if err != nil {
		t.Fatalf("Load(%v): %v", dirs, err)
	}
	return c
}

func detection(t *testing.T, c *Content, name string) *Detection {
	t.Helper()
	d, ok := c.Detection(name)
	if !ok {
		t.Fatalf("detection %q not loaded; have %d detections", name, len(c.Detections))
	}
	return d
}

func TestLoadV4(t *testing.T) {
	c := mustLoad(t, "testdata/v4")
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	if len(c.Detections) != 2 {
		t.Fatalf("got %d detections, want 2", len(c.Detections))
	}
	d := detection(t, c, "Suspicious Tool - Launch")
	if d.ID != "11111111-2222-3333-4444-555555555555" || d.Version != 3 || d.Type != "TTP" || d.Status != "production" {
		t.Errorf("metadata: id=%q version=%d type=%q status=%q", d.ID, d.Version, d.Type, d.Status)
	}
	if d.Schema != SchemaV4 {
		t.Errorf("schema = %d", d.Schema)
	}
	wantSearch := "`sysmon` EventCode=1 process_name=tool.exe | stats count by dest user process_name | `ctime(firstTime)` | `suspicious_tool___launch_filter`"
	if d.Search != wantSearch {
		t.Errorf("search:\n%q\nwant\n%q", d.Search, wantSearch)
	}
	if got := d.File.Slice(d.SearchSpan); !strings.HasPrefix(got, "`sysmon` EventCode=1") {
		t.Errorf("SearchSpan slices %q", got)
	}
	if want := filepath.Join("testdata", "v4", "detections", "endpoint", "suspicious_tool.yml") + ": search"; d.SearchFile.Name != want {
		t.Errorf("SearchFile.Name = %q, want %q", d.SearchFile.Name, want)
	}
	if d.RiskScore != 40 {
		t.Errorf("RiskScore = %d, want impact*confidence/100 = 40", d.RiskScore)
	}
	if d.Message != "Tool ran on $dest$ by $user$" || d.SecurityDomain != "endpoint" || d.AssetType != "Endpoint" {
		t.Errorf("tags: message=%q domain=%q asset=%q", d.Message, d.SecurityDomain, d.AssetType)
	}
	if !reflect.DeepEqual(d.MitreAttackIDs, []string{"T1059", "T1059.001"}) || !reflect.DeepEqual(d.AnalyticStory, []string{"Fixture Story"}) ||
		!reflect.DeepEqual(d.DataSource, []string{"Sysmon EventID 1"}) || !reflect.DeepEqual(d.CVE, []string{"CVE-2024-0001"}) {
		t.Errorf("lists: %v %v %v %v", d.MitreAttackIDs, d.AnalyticStory, d.DataSource, d.CVE)
	}
	wantObs := []Observable{
		{Field: "dest", Type: "Hostname", Roles: []string{"Victim"}, ObjectType: "system"},
		{Field: "user", Type: "User", Roles: []string{"Victim"}, ObjectType: "user"},
		{Field: "process_name", Type: "Process Name", Roles: []string{"Attacker"}, Threat: true, ObjectType: "process"},
		{Field: "parent", Type: "Process", Roles: []string{"Victim"}, ObjectType: "other"},
	}
	if !reflect.DeepEqual(d.Observables, wantObs) {
		t.Errorf("observables:\n%+v\nwant\n%+v", d.Observables, wantObs)
	}
	if len(d.Tests) != 1 || len(d.Tests[0].AttackData) != 1 || d.Tests[0].AttackData[0].Sourcetype != "XmlWinEventLog" {
		t.Errorf("tests: %+v", d.Tests)
	}
	if d.Schedule != (Schedule{"0 * * * *", "-70m@m", "-10m@m", "auto"}) {
		t.Errorf("default schedule = %+v", d.Schedule)
	}
	if !reflect.DeepEqual(d.Notable, NotableConfig{"%name%", "%description%", []string{"user", "dest"}}) {
		t.Errorf("default notable = %+v", d.Notable)
	}
	if s := c.StoriesOf(d); len(s) != 1 || s[0].Narrative != "Once upon a time." || s[0].ID != "9" {
		t.Errorf("StoriesOf = %+v", s)
	}

	old := detection(t, c, "old thing")
	if old.ID != "0x10" || old.Status != "deprecated" || old.RiskScore != 7 {
		t.Errorf("old: id=%q status=%q score=%d", old.ID, old.Status, old.RiskScore)
	}
	if !reflect.DeepEqual(old.AnalyticStory, []string{"Fixture Story"}) {
		t.Errorf("scalar analytic_story = %v", old.AnalyticStory)
	}
	if old.Schedule != (Schedule{"*/5 * * * *", "-15m", "now", "auto"}) {
		t.Errorf("deployment schedule = %+v", old.Schedule)
	}
	if !reflect.DeepEqual(old.Notable, NotableConfig{"Old thing on $dest$", "%description%", []string{"dest", "src"}}) {
		t.Errorf("deployment notable = %+v", old.Notable)
	}
}

func TestLoadMacros(t *testing.T) {
	c := mustLoad(t, "testdata/v4")
	ct, ok := c.Macros["ctime(1)"]
	if !ok || ct.Name != "ctime" || !reflect.DeepEqual(ct.Args, []string{"field"}) || ct.Body != "convert ctime($field$)" {
		t.Fatalf("ctime(1) = %+v", ct)
	}
	if got := ct.File.Slice(ct.Span); got != ct.Body {
		t.Errorf("definition span slices %q, want the body", got)
	}
	if _, ok := c.Macros["ctime"]; ok {
		t.Error("a macro with arguments is also keyed without arity")
	}
	if m := c.Macros["drop_dm_object_name(1)"]; m == nil || !strings.Contains(m.Body, "content's own") {
		t.Errorf("content's drop_dm_object_name(1) did not win over the built-in: %+v", m)
	}
	for _, k := range []string{"security_content_summariesonly", "summariesonly_config", "oldsummaries_config", "fillnull_config"} {
		if _, ok := c.Macros[k]; !ok {
			t.Errorf("built-in helper %s missing", k)
		}
	}
}

func TestLoadLookups(t *testing.T) {
	c := mustLoad(t, "testdata/v4")
	tab, err := c.Table("tools")
	if err != nil {
		t.Fatal(err)
	}
	look := func(v string) string {
		vals, ok := tab.Lookup([]lookup.Input{{Column: "tool", Values: []string{v}}}, []string{"is_bad"})
		if !ok {
			return "<none>"
		}
		return vals[0].Text()
	}
	if got := look(`C:\x\MyTool2.EXE`); got != "TRUE" {
		t.Errorf("wildcard, case-insensitive: %q", got)
	}
	if got := look("quoted, name.exe"); got != "TRUE" {
		t.Errorf("quoted CSV cell: %q", got)
	}
	if got := look("calc.exe"); got != "false" {
		t.Errorf("default_match: %q", got)
	}
	if same, err := c.Table("tools.csv"); err != nil || same != tab {
		t.Errorf("by file name: %v %v", same, err)
	}
	if extra, err := c.Table("extra.csv"); err != nil || extra.Len() != 1 {
		t.Errorf("bare CSV: %v", err)
	}
	if kv, err := c.Table("kv_baseline"); err != nil || !reflect.DeepEqual(kv.Columns(), []string{"_key", "user", "count"}) || kv.Len() != 0 {
		t.Errorf("collection: %v", err)
	}
	if _, err := c.Table("missing"); !errors.Is(err, source.ErrInput) || !strings.Contains(err.Error(), "not_there.csv") {
		t.Errorf("missing CSV: %v", err)
	}
	if _, err := c.Table("nope"); !errors.Is(err, source.ErrUnknown) {
		t.Errorf("undefined lookup: %v", err)
	}
}

func TestLoadV5FlatFolder(t *testing.T) {
	c := mustLoad(t, "testdata/v5")
	if len(c.Problems) != 0 {
		t.Fatalf("problems: %v", c.Problems)
	}
	d := detection(t, c, "New Style Detection")
	if d.Schema != SchemaV5 || d.Type != "Anomaly" || d.RiskScore != 64 || d.Message != "Connection from $src_user$ on $dest$ to $dest_ip$" {
		t.Errorf("v5: schema=%d type=%q score=%d message=%q", d.Schema, d.Type, d.RiskScore, d.Message)
	}
	want := []Observable{
		{Field: "dest", Type: "system", Score: 40, ObjectType: "system"},
		{Field: "src_user", Type: "user", Score: 64, ObjectType: "user"},
		{Field: "dest_ip", Type: "ip_address", Threat: true, ObjectType: "ip_address"},
	}
	if !reflect.DeepEqual(d.Observables, want) {
		t.Errorf("observables = %+v", d.Observables)
	}
	if !strings.HasPrefix(d.Search, "`sysmon` EventCode=3\n| stats") {
		t.Errorf("literal block search = %q", d.Search)
	}
	if got := d.File.Slice(d.SearchSpan); !strings.HasPrefix(got, "`sysmon` EventCode=3") {
		t.Errorf("SearchSpan slices %q", got)
	}
	if c.Macros["sysmon"] == nil {
		t.Error("macro in a flat folder not loaded")
	}
}

func TestLoadSingleFileAndOverride(t *testing.T) {
	c := mustLoad(t, "testdata/v5/new_style.yaml")
	if len(c.Detections) != 1 || c.Macros["sysmon"] != nil {
		t.Errorf("single file: %d detections, sysmon=%v", len(c.Detections), c.Macros["sysmon"])
	}
	c = mustLoad(t, "testdata/v4", "testdata/v5")
	if got := c.Macros["sysmon"].Body; got != "source=sysmon" {
		t.Errorf("later folder should override sysmon, got %q", got)
	}
	if len(c.Detections) != 3 {
		t.Errorf("got %d detections, want 3", len(c.Detections))
	}
	c = mustLoad(t, "testdata/v5", "testdata/v5/new_style.yaml")
	if len(c.Detections) != 1 {
		t.Errorf("same detection twice: got %d detections, want 1", len(c.Detections))
	}
}

func TestLoadMissingFolder(t *testing.T) {
	_, err := Load(context.Background(), "testdata/does-not-exist")
	if !errors.Is(err, source.ErrInput) {
		t.Errorf("err = %v, want ErrInput", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Load(ctx, "testdata/v4"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v", err)
	}
}

func TestLoadBroken(t *testing.T) {
	c := mustLoad(t, "testdata/broken")
	find := func(file string) *source.Diagnostic {
		for _, d := range c.Problems {
			if d.File != nil && strings.HasSuffix(d.File.Name, file) || d.File == nil && strings.Contains(d.Msg, file) {
				return d
			}
		}
		t.Errorf("no problem reported for %s; problems:\n%v", file, c.Problems)
		return nil
	}
	if d := find("bad_yaml.yml"); d != nil {
		if !errors.Is(d, source.ErrSyntax) {
			t.Errorf("bad YAML class: %v", d)
		}
		if line, _ := d.File.Position(d.Span.Start); line < 2 {
			t.Errorf("bad YAML position: %s", d.Render())
		}
	}
	if d := find("no_name.yml"); d != nil && !strings.Contains(d.Msg, "no name") {
		t.Errorf("no name: %v", d)
	}
	if d := find("bad_field.yml"); d != nil {
		if !errors.Is(d, source.ErrInput) || !strings.HasPrefix(d.Error(), filepath.Join("testdata", "broken", "detections", "bad_field.yml")+":2:10: version") {
			t.Errorf("bad field: %s", d.Render())
		}
	}
	bf := detection(t, c, "Bad Field")
	var list source.List
	if !errors.As(bf.Err, &list) || len(list) != 2 {
		t.Errorf("partially loaded detection Err = %v, want 2 diagnostics", bf.Err)
	}
	if bf.Search != "index=main | `bad_field_filter`" {
		t.Errorf("partially loaded search = %q", bf.Search)
	}
	if len(c.Detections) != 4 {
		t.Errorf("got %d detections, want 4 (all but bad_yaml and no_name)", len(c.Detections))
	}
}
