package datamodel

import (
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

type escuDoc struct {
	Name       string `yaml:"name"`
	Search     string `yaml:"search"`
	Definition string `yaml:"definition"`
	Status     string `yaml:"status"`
}

// escuMacros reads macros/*.yml into name -> definition.
func escuMacros(t *testing.T, root string) map[string]string {
	files, _ := filepath.Glob(filepath.Join(root, "macros", "*.yml"))
	out := map[string]string{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var d escuDoc
		if yaml.Unmarshal(data, &d) == nil && d.Name != "" {
			out[d.Name] = d.Definition
		}
	}
	return out
}

var macroRef = regexp.MustCompile("`([A-Za-z0-9_]+)(\\([^`]*\\))?`")

// expand replaces macro references by their definitions (arguments are not
// substituted: only the field names in the text matter here).
func expand(s string, macros map[string]string) string {
	for range 5 {
		next := macroRef.ReplaceAllStringFunc(s, func(m string) string {
			name := macroRef.FindStringSubmatch(m)[1]
			if def, ok := macros[name]; ok {
				return " " + def + " "
			}
			return m
		})
		if next == s {
			break
		}
		s = next
	}
	return s
}

// endpointMustProduce are the Endpoint (and All_Traffic join) fields
// cim-mappings.md §4.2 and §4.5 rank as used by ESCU tstats detections;
// every one must be produced by the built-in Windows mappings.
var endpointMustProduce = []string{
	"Processes.process_name", "Processes.dest", "Processes.process", "Processes.user", "Processes.process_id",
	"Processes.parent_process_name", "Processes.parent_process_id", "Processes.parent_process",
	"Processes.original_file_name", "Processes.process_guid", "Processes.process_path",
	"Processes.parent_process_guid", "Processes.parent_process_path", "Processes.process_current_directory",
	"Processes.action", "Processes.process_integrity_level", "Processes.process_hash",
	"Processes.process_exec", "Processes.parent_process_exec", "Processes.vendor_product",
	"Registry.registry_path", "Registry.dest", "Registry.registry_value_data", "Registry.registry_key_name",
	"Registry.user", "Registry.registry_value_name", "Registry.process_guid", "Registry.action",
	"Registry.process_id", "Registry.status", "Registry.registry_value_type", "Registry.registry_hive",
	"Filesystem.file_path", "Filesystem.file_name", "Filesystem.dest", "Filesystem.file_create_time",
	"Filesystem.process_guid", "Filesystem.user", "Filesystem.process_id", "Filesystem.action",
	"Filesystem.file_hash", "Filesystem.process_name",
	"All_Traffic.dest_port", "All_Traffic.process_id", "All_Traffic.dest", "All_Traffic.dest_ip", "All_Traffic.src",
}

// minEndpointCoverage is the stored floor for the share of Endpoint field
// references (detection x field) in ESCU tstats searches that the built-in
// mappings produce. Raise it when coverage improves.
const minEndpointCoverage = 0.995

var dmField = regexp.MustCompile(`\b(Processes|Registry|Filesystem|Services|Ports|All_Traffic|DNS|Authentication|All_Changes|All_Risk|Web)\.([A-Za-z_][A-Za-z0-9_.]*[A-Za-z0-9_])`)

func TestCorpusFieldCoverage(t *testing.T) {
	root := corpus.Dir(t, "security_content")
	macros := escuMacros(t, root)
	r := builtin(t)
	produced := map[string]bool{}
	for _, p := range []string{"Endpoint.Processes", "Endpoint.Registry", "Endpoint.Filesystem", "Endpoint.Services",
		"Endpoint.Ports", "Network_Traffic", "Network_Resolution", "Authentication", "Change", "Risk", "Web"} {
		ds, err := r.Dataset(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range r.Produced(ds) {
			produced[f] = true
		}
		for _, c := range ds.Children() {
			for _, f := range r.Produced(c) {
				produced[f] = true
			}
		}
	}
	for _, f := range endpointMustProduce {
		if !produced[f] {
			t.Errorf("top ESCU field %s is not produced by the built-in mappings", f)
		}
	}

	uses := map[string]int{} // field -> detections referencing it
	detections := 0
	err := filepath.Walk(filepath.Join(root, "detections"), func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || !strings.HasSuffix(path, ".yml") || strings.Contains(path, "deprecated") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		var d escuDoc
		if yaml.Unmarshal(data, &d) != nil || d.Status == "deprecated" {
			return nil
		}
		s := strings.TrimSpace(d.Search)
		if !strings.HasPrefix(s, "|") || !strings.Contains(s[:min(len(s), 40)], "tstats") {
			return nil
		}
		detections++
		seen := map[string]bool{}
		for _, m := range dmField.FindAllStringSubmatch(expand(s, macros), -1) {
			if !seen[m[0]] {
				seen[m[0]] = true
				uses[m[0]]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if detections < 100 {
		t.Fatalf("only %d tstats detections found", detections)
	}
	var total, covered int
	var missing []string
	perPrefix := map[string][2]int{}
	for f, n := range uses {
		pre, _, _ := strings.Cut(f, ".")
		c := perPrefix[pre]
		c[1] += n
		if produced[f] {
			c[0] += n
		} else if !isEndpointField(f) {
			t.Logf("not produced (non-Endpoint): %s (%d detections)", f, n)
		}
		perPrefix[pre] = c
		if !isEndpointField(f) {
			continue
		}
		total += n
		if produced[f] {
			covered += n
		} else {
			missing = append(missing, f)
		}
	}
	sort.Slice(missing, func(i, j int) bool { return uses[missing[i]] > uses[missing[j]] })
	share := float64(covered) / float64(total)
	t.Logf("%d tstats detections; Endpoint field references produced: %d of %d (%.1f%%)", detections, covered, total, 100*share)
	var prefixes []string
	for p := range perPrefix {
		prefixes = append(prefixes, p)
	}
	sort.Strings(prefixes)
	for _, p := range prefixes {
		t.Logf("%s.*: %d of %d references produced", p, perPrefix[p][0], perPrefix[p][1])
	}
	for _, f := range missing {
		t.Logf("not produced: %s (%d detections)", f, uses[f])
	}
	if share < minEndpointCoverage {
		t.Errorf("Endpoint coverage %.3f below the stored floor %.3f", share, minEndpointCoverage)
	}
}

func isEndpointField(f string) bool {
	for _, p := range []string{"Processes.", "Registry.", "Filesystem.", "Services.", "Ports."} {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}
