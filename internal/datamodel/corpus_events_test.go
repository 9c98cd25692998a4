package datamodel

import (
	"archive/zip"
	"bufio"
	"encoding/json"
	"errors"
	"github.com/riskhound/riskhound/internal/corpus"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// jsonText renders a JSON scalar the way the readers do (fields.md): strings
// as they are, numbers in decimal, null as absent.
func jsonText(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, v != ""
	case float64:
		return value.FormatNumber(v), true
	case bool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// evtxJSONEvent turns one evtx-crate JSON rendering ({"Event": {"System":
// ..., "EventData": ...}}) into an event with the field names of fields.md.
// It is a test stand-in for the readers, covering what the mappings read.
func evtxJSONEvent(doc map[string]any) *event.Event {
	root, _ := doc["Event"].(map[string]any)
	sys, _ := root["System"].(map[string]any)
	if sys == nil {
		return nil
	}
	ev := event.New(40)
	channel, _ := jsonText(sys["Channel"])
	computer, _ := jsonText(sys["Computer"])
	code, _ := jsonText(sys["EventID"])
	if m, ok := sys["EventID"].(map[string]any); ok {
		code, _ = jsonText(m["#text"])
	}
	ev.Append(event.Host, value.Str(computer))
	ev.Append(event.Source, value.Str("XmlWinEventLog:"+channel))
	ev.Append(event.Sourcetype, value.Str("XmlWinEventLog"))
	ev.Append(event.Index, value.Str("main"))
	ev.Append("EventID", value.Str(code))
	ev.Append("EventCode", value.Str(code))
	ev.Append("Channel", value.Str(channel))
	ev.Append("Computer", value.Str(computer))
	if s, ok := jsonText(sys["Keywords"]); ok {
		ev.Append("Keywords", value.Str(s))
	}
	if sec, ok := sys["Security"].(map[string]any); ok {
		if attrs, ok := sec["#attributes"].(map[string]any); ok {
			if s, ok := jsonText(attrs["UserID"]); ok {
				ev.Append("UserID", value.Str(s))
			}
		}
	}
	data, _ := root["EventData"].(map[string]any)
	for k, v := range data {
		if s, ok := jsonText(v); ok && k != "#attributes" {
			ev.Set(k, value.Str(s))
		}
	}
	return ev
}

// TestCorpusRegressionEvents derives rows from the real events of the Sigma
// regression data and checks invariants per source and EventID: the real
// field names must feed the mappings.
func TestCorpusRegressionEvents(t *testing.T) {
	root := corpus.Dir(t, filepath.Join("sigma", "regression_data"))
	r := builtin(t)
	d := r.NewDeriver()
	ds := func(p string) *Dataset {
		x, err := r.Dataset(p)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	procs, reg, files, traffic, dns := ds("Endpoint.Processes"), ds("Endpoint.Registry"), ds("Endpoint.Filesystem"), ds("Network_Traffic"), ds("Network_Resolution")
	type check struct {
		ds     *Dataset
		fields []string // must not be unknown or null
	}
	checks := map[string]check{
		"sysmon/1":      {procs, []string{"Processes.process_name", "Processes.process", "Processes.dest", "Processes.process_guid", "Processes.process_id", "Processes.parent_process_name", "Processes.user"}},
		"sysmon/11":     {files, []string{"Filesystem.file_path", "Filesystem.file_name", "Filesystem.process_guid", "Filesystem.dest"}},
		"sysmon/12":     {reg, []string{"Registry.registry_path", "Registry.registry_key_name", "Registry.action", "Registry.process_guid"}},
		"sysmon/13":     {reg, []string{"Registry.registry_path", "Registry.registry_value_name", "Registry.registry_value_data", "Registry.action"}},
		"sysmon/3":      {traffic, []string{"All_Traffic.dest", "All_Traffic.dest_ip", "All_Traffic.app", "All_Traffic.transport"}},
		"sysmon/22":     {dns, []string{"DNS.query", "DNS.src"}},
		"security/4688": {procs, []string{"Processes.process_name", "Processes.process_path", "Processes.dest", "Processes.process_id", "Processes.user"}},
	}
	seen := map[string]int{}
	var paths []string
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && strings.HasSuffix(p, ".json") {
			paths = append(paths, p)
		}
		return nil
	})
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(f)
		for {
			var doc map[string]any
			if err := dec.Decode(&doc); err != nil {
				if !errors.Is(err, io.EOF) {
					t.Logf("%s: %v", p, err)
				}
				break
			}
			ev := evtxJSONEvent(doc)
			if ev == nil {
				continue
			}
			ch := strings.ToLower(ev.Get("Channel").Text())
			key := ""
			switch {
			case strings.Contains(ch, "sysmon"):
				key = "sysmon/" + ev.Get("EventCode").Text()
			case ch == "security":
				key = "security/" + ev.Get("EventCode").Text()
			}
			c, ok := checks[key]
			if !ok {
				d.Derive(ev) // must not panic on anything else
				continue
			}
			seen[key]++
			row, ok := d.Row(ev, c.ds)
			if !ok {
				t.Errorf("%s (%s): no %s row", p, key, c.ds.Path())
				continue
			}
			for _, name := range c.fields {
				if v := row.Get(name); v.IsNull() || v.Text() == "unknown" {
					t.Errorf("%s (%s): %s = %v", filepath.Base(p), key, name, v)
				}
			}
		}
		f.Close()
	}
	t.Logf("events checked per source/EventID: %v", seen)
	if seen["sysmon/1"] == 0 {
		t.Error("no Sysmon 1 events found in the regression data")
	}
}

// nxlogEvent turns one OTRF (NXLog) flat JSON event into an event with the
// field names of fields.md: Hostname is the Computer, EventID the EventCode,
// every other top-level scalar a field.
func nxlogEvent(doc map[string]any) *event.Event {
	channel, _ := jsonText(doc["Channel"])
	computer, _ := jsonText(doc["Hostname"])
	code, ok := jsonText(doc["EventID"])
	if !ok || channel == "" {
		return nil
	}
	ev := event.New(len(doc) + 8)
	ev.Append(event.Host, value.Str(computer))
	ev.Append(event.Source, value.Str("XmlWinEventLog:"+channel))
	ev.Append(event.Sourcetype, value.Str("XmlWinEventLog"))
	ev.Append(event.Index, value.Str("main"))
	ev.Append("EventCode", value.Str(code))
	ev.Append("Computer", value.Str(computer))
	for k, v := range doc {
		if s, ok := jsonText(v); ok && k != "Hostname" && k != "host" && k != "EventID" {
			ev.Set(k, value.Str(s))
		}
	}
	ev.Set("EventID", value.Str(code))
	return ev
}

// TestCorpusOTRFEvents derives rows from real OTRF recordings (Sysmon and
// Security) and checks the same invariants, plus Authentication on 4624.
func TestCorpusOTRFEvents(t *testing.T) {
	if testing.Short() {
		t.Skip("reads large archives")
	}
	root := corpus.Dir(t, "otrf")
	r := builtin(t)
	d := r.NewDeriver()
	procs, _ := r.Dataset("Endpoint.Processes")
	reg, _ := r.Dataset("Endpoint.Registry")
	auth, _ := r.Dataset("Authentication.Successful_Authentication")
	checks := map[string]struct {
		ds     *Dataset
		fields []string
	}{
		"sysmon/1":      {procs, []string{"Processes.process_name", "Processes.process", "Processes.dest", "Processes.process_guid", "Processes.parent_process_name"}},
		"sysmon/13":     {reg, []string{"Registry.registry_path", "Registry.registry_value_name", "Registry.registry_value_data", "Registry.registry_key_name", "Registry.action", "Registry.dest"}},
		"security/4688": {procs, []string{"Processes.process_name", "Processes.process", "Processes.process_path", "Processes.dest", "Processes.process_id", "Processes.parent_process_name", "Processes.user"}},
		"security/4624": {auth, []string{"Authentication.user", "Authentication.dest", "Authentication.app"}},
	}
	const perFile = 2000 // events decoded per archive, to bound the test's time
	seen := map[string]int{}
	zips, _ := filepath.Glob(filepath.Join(root, "windows", "*", "*", "*.zip"))
	for _, zp := range zips {
		zr, err := zip.OpenReader(zp)
		if err != nil {
			t.Fatal(err)
		}
		for _, zf := range zr.File {
			if !strings.HasSuffix(zf.Name, ".json") || strings.HasPrefix(zf.Name, "__MACOSX") {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(rc)
			sc.Buffer(make([]byte, 1<<20), 1<<24)
			n := 0
			for sc.Scan() && n < perFile {
				line := sc.Bytes()
				if !strings.Contains(string(line[:min(len(line), 4000)]), `"EventID":`) {
					continue
				}
				var doc map[string]any
				if json.Unmarshal(line, &doc) != nil {
					continue
				}
				ev := nxlogEvent(doc)
				if ev == nil {
					continue
				}
				n++
				ch := strings.ToLower(ev.Get("Channel").Text())
				key := ""
				switch {
				case strings.Contains(ch, "sysmon"):
					key = "sysmon/" + ev.Get("EventCode").Text()
				case ch == "security":
					key = "security/" + ev.Get("EventCode").Text()
				}
				c, ok := checks[key]
				if !ok || (key == "security/4624" && strings.HasSuffix(ev.Get("TargetUserName").Text(), "$")) {
					d.Derive(ev)
					continue
				}
				seen[key]++
				row, ok := d.Row(ev, c.ds)
				if !ok {
					t.Errorf("%s (%s): no %s row", filepath.Base(zp), key, c.ds.Path())
					continue
				}
				for _, name := range c.fields {
					if v := row.Get(name); v.IsNull() || v.Text() == "unknown" {
						t.Errorf("%s (%s): %s = %v", filepath.Base(zp), key, name, v)
					}
				}
			}
			rc.Close()
		}
		zr.Close()
	}
	t.Logf("events checked per source/EventID: %v", seen)
}
