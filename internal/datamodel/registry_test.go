package datamodel

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

func TestDatasetLookup(t *testing.T) {
	r := builtin(t)
	tests := []struct{ path, name, prefix string }{
		{"Endpoint.Processes", "Processes", "Processes"},
		{"endpoint.registry", "Registry", "Registry"},
		{"Network_Traffic", "All_Traffic", "All_Traffic"},
		{"Network_Resolution", "DNS", "DNS"},
		{"Authentication", "Authentication", "Authentication"},
		{"Authentication.Failed_Authentication", "Failed_Authentication", "Authentication.Failed_Authentication"},
		{"Change", "All_Changes", "All_Changes"},
		{"Change.Instance_Changes", "Instance_Changes", "All_Changes.Instance_Changes"},
		{"Change.All_Changes.Account_Management.Accounts_Created", "Accounts_Created", "All_Changes.Account_Management.Accounts_Created"},
		{"Web", "Web", "Web"},
		{"Risk.All_Risk", "All_Risk", "All_Risk"},
	}
	for _, tc := range tests {
		ds, err := r.Dataset(tc.path)
		if err != nil {
			t.Errorf("Dataset(%q): %v", tc.path, err)
			continue
		}
		if ds.Name() != tc.name || ds.Prefix() != tc.prefix {
			t.Errorf("Dataset(%q) = %s prefix %q, want %s prefix %q", tc.path, ds.Name(), ds.Prefix(), tc.name, tc.prefix)
		}
	}
	for _, bad := range []string{"Endpoint", "Endpoint.Process", "Nope.X", "Change.Nope.Accounts_Created"} {
		_, err := r.Dataset(bad)
		if !errors.Is(err, source.ErrUnknown) {
			t.Errorf("Dataset(%q) error = %v, want ErrUnknown", bad, err)
			continue
		}
		if !strings.Contains(err.Error(), "Endpoint.Processes") {
			t.Errorf("Dataset(%q) error does not list known names: %v", bad, err)
		}
	}
}

func TestDatasetFields(t *testing.T) {
	r := builtin(t)
	ds, _ := r.Dataset("Change.Accounts_Created")
	fields := strings.Join(ds.Fields(), " ")
	for _, want := range []string{"All_Changes.user", "All_Changes.result_id", "All_Changes.Account_Management.src_user"} {
		if !strings.Contains(" "+fields+" ", " "+want+" ") {
			t.Errorf("Fields() lacks %s", want)
		}
	}
	if strings.Contains(fields, "Instance_Changes") {
		t.Errorf("Fields() has a sibling's field: %s", fields)
	}
	ds, _ = r.Dataset("Endpoint.Processes")
	if f := ds.Fields(); len(f) < 30 || f[0] != "Processes.action" {
		t.Errorf("Processes fields = %v", f)
	}
}

func TestDeriverCache(t *testing.T) {
	r := builtin(t)
	d := r.NewDeriver()
	root, _ := r.Dataset("Authentication")
	failed, _ := r.Dataset("Authentication.Failed_Authentication")
	procs, _ := r.Dataset("Endpoint.Processes")
	ev := winEvent(securitySource, "4625", "dc", "TargetUserName", "bob", "Status", "0xc000006d")
	a, ok1 := d.Row(ev, root)
	b, ok2 := d.Row(ev, failed)
	if !ok1 || !ok2 || a != b {
		t.Fatalf("Row: ok %v %v, shared %v", ok1, ok2, a == b)
	}
	if _, ok := d.Row(ev, procs); ok {
		t.Error("4625 is a Processes row")
	}
	ev2 := winEvent(sysmonSource, "1", "h", "Image", `C:\a.exe`)
	if row, ok := d.Row(ev2, procs); !ok || row.Get("Processes.process_name").Text() != "a.exe" {
		t.Errorf("second event: %v %v", ok, row)
	}
	// Derive after other events leaves no state behind.
	ev3 := winEvent(sysmonSource, "1", "h2", "Image", `C:\b.exe`)
	rows := d.Derive(ev3)
	if len(rows) != 1 || rows[0].Event.Get("Processes.parent_process_name").Text() != "unknown" ||
		rows[0].Event.Get("Processes.dest").Text() != "h2" {
		t.Errorf("Derive after other events: %v", dump(rows[0].Event))
	}
}

// writeFiles writes name -> text files into a new temporary folder.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestLoadExtraModels(t *testing.T) {
	r, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"custom.yaml": `model: Custom
datasets:
  - name: Things
    constraint: {tags: [thing]}
    fields:
      - {name: who, fill: nobody}
      - {name: what, lower: true}
`,
		"app.yml": `mapping: myapp
sources: [MyApp]
events:
  - codes: ["7"]
    tags: [thing]
    fields:
      - {field: what, copy: Verb}
      - {field: who, concat: {fields: [Domain, Name], sep: "\\"}}
`,
		// Override a builtin table: Sysmon 1 now gets a constant dest.
		"sysmon.yaml": `mapping: sysmon
sources: [XmlWinEventLog:Microsoft-Windows-Sysmon/Operational]
events:
  - codes: ["1"]
    tags: [process, report]
    fields:
      - {field: dest, const: overridden}
`,
		"README.txt": "not a definition",
	})
	if err := r.Load(dir); err != nil {
		t.Fatal(source.Render(err))
	}
	row, _ := rowOf(t, r, eventOf("source", "myapp", "EventCode", "7", "Verb", "RUN", "Domain", "CORP", "Name", "bob"), "Custom.Things")
	checkFields(t, row, "Things.what", "run", "Things.who", `CORP\bob`, "Things.tag", "thing")
	row, _ = rowOf(t, r, eventOf("source", "MyApp", "EventCode", "7"), "Custom")
	checkFields(t, row, "Things.who", "nobody", "Things.what", "<null>")
	row, _ = rowOf(t, r, winEvent(sysmonSource, "1", "h", "Image", `C:\a.exe`), "Endpoint.Processes")
	checkFields(t, row, "Processes.dest", "overridden", "Processes.process_name", "unknown")
	if len(r.Mappings()) != len(builtin(t).Mappings())+1 {
		t.Errorf("mappings: %d", len(r.Mappings()))
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name, text string
		want       string // regexp on the error text
	}{
		{"syntax", "model: X\ndatasets: [\n", `^bad\.yaml:\d+:\d+: YAML: `},
		{"unknown key", "model: X\ndatasets:\n  - name: A\n    colour: red\n", `^bad\.yaml:4:5: dataset: unknown key "colour"`},
		{"unknown parent", "model: X\ndatasets:\n  - name: A\n    parent: B\n", `^bad\.yaml:4:13: dataset A: parent "B" is not defined`},
		{"unknown op", "mapping: m\nsources: [s]\nevents:\n  - codes: [\"1\"]\n    fields:\n      - {field: a, frobnicate: B}\n", `^bad\.yaml:6:20: fields: unknown key "frobnicate"`},
		{"bad regex", "mapping: m\nsources: [s]\nevents:\n  - codes: [\"1\"]\n    fields:\n      - field: a\n        regex: {from: B, pattern: '(x'}\n", `^bad\.yaml:7:35: regex.pattern: error parsing regexp`},
		{"two ops", "mapping: m\nsources: [s]\ncommon:\n  - {field: a, copy: B, const: c}\nevents: []\n", `^bad\.yaml:4:25: common: two operations`},
		{"no kind", "name: x\n", `^bad\.yaml:1:1: definition file: want a top-level`},
		{"bad calc", "model: X\ndatasets:\n  - name: A\n    fields:\n      - {name: f, calc: {nope: g}}\n", `^bad\.yaml:5:26: field f: unknown operation "nope"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"bad.yaml": tc.text})
			r := New()
			err := r.Load(dir)
			if err == nil {
				t.Fatal("no error")
			}
			msg := strings.TrimPrefix(err.Error(), dir+string(filepath.Separator))
			if !regexp.MustCompile(tc.want).MatchString(msg) {
				t.Errorf("error = %s\nwant match %s", msg, tc.want)
			}
			if len(r.Models())+len(r.Mappings()) != 0 {
				t.Error("a failed Load added definitions")
			}
		})
	}
}

// TestConcurrentDerivers runs one Deriver per goroutine over one Registry;
// run with -race, it checks that derivation does not write shared state.
func TestConcurrentDerivers(t *testing.T) {
	r := builtin(t)
	evs := benchEvents()
	done := make(chan string)
	for range 4 {
		go func() {
			d := r.NewDeriver()
			got := ""
			for range 200 {
				for _, name := range []string{"sysmon1", "sysmon13", "sec4688", "nomatch4104"} {
					for _, row := range d.Derive(evs[name]) {
						got = row.Event.Get("Processes.process_name").Text()
					}
				}
			}
			done <- got
		}()
	}
	for range 4 {
		if got := <-done; got != "cmd.exe" {
			t.Errorf("last Processes.process_name = %q", got)
		}
	}
}
