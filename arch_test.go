package riskhound_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/riskhound/riskhound/"

// allowed lists, for each internal package (or package prefix ending in "/"),
// the internal packages it may import. It is the table of STYLE.md §6, plus
// `inputs`, which picks a reader by content and sits between the readers and
// the engine so that readers never import each other, and `output`, the
// renderers of findings, rows and events that the CLI (and later the server)
// share.
var allowed = map[string][]string{
	"internal/source":         {},
	"internal/value":          {},
	"internal/spltime":        {},
	"internal/lookup":         {"internal/value"},
	"internal/event":          {"internal/value", "internal/spltime"},
	"internal/spl/ast":        {"internal/source", "internal/value"},
	"internal/spl/macro":      {"internal/source"},
	"internal/yamlnode":       {"internal/source"},
	"internal/spl/parse":      {"internal/spl/ast", "internal/source", "internal/value", "internal/spltime"},
	"internal/readers/":       {"internal/event", "internal/value", "internal/spltime"},
	"internal/inputs":         {"internal/readers/", "internal/event", "internal/value", "internal/source"},
	"internal/store":          {"internal/event", "internal/value", "internal/spltime"},
	"internal/eval":           {"internal/spl/ast", "internal/event", "internal/value", "internal/spltime", "internal/source"},
	"internal/filter":         {"internal/spl/ast", "internal/event", "internal/value", "internal/source"},
	"internal/eventtype":      {"internal/spl/ast", "internal/spl/parse", "internal/filter", "internal/event", "internal/value", "internal/source"},
	"internal/datamodel":      {"internal/spl/ast", "internal/spl/parse", "internal/eval", "internal/filter", "internal/event", "internal/value", "internal/source", "internal/yamlnode"},
	"internal/content":        {"internal/spl/ast", "internal/spl/parse", "internal/spl/macro", "internal/lookup", "internal/datamodel", "internal/spltime", "internal/value", "internal/source", "internal/yamlnode"},
	"internal/sigma":          {"internal/spl/ast", "internal/source", "internal/value", "internal/yamlnode"},
	"internal/plan":           {"internal/spl/ast", "internal/spl/macro", "internal/eval", "internal/filter", "internal/datamodel", "internal/lookup", "internal/store", "internal/event", "internal/source", "internal/value", "internal/spltime"},
	"internal/exec":           {"internal/plan", "internal/eval", "internal/filter", "internal/datamodel", "internal/lookup", "internal/store", "internal/event", "internal/value", "internal/spltime", "internal/spl/ast", "internal/source"},
	"internal/detect":         {"internal/content", "internal/event", "internal/value", "internal/spltime", "internal/source", "internal/spl/ast"},
	"internal/schedule":       {"internal/spltime"},
	"internal/cluster":        {"internal/plan", "internal/exec", "internal/store", "internal/event"},
	"internal/engine":         {"internal/"},
	"internal/server":         {"internal/engine", "internal/source", "internal/event", "internal/value"},
	"internal/geoip":          {},
	"internal/corpus":         {}, // test-only: locates ../shared/corpus
	"internal/output":         {"internal/detect", "internal/content", "internal/event", "internal/value", "internal/source"},
	"internal/spltest":        {"internal/"},
	"internal/engine/cimtest": {"internal/"}, // test-only: conformance of CIM tstats detections
	"cmd/":                    {"internal/engine", "internal/server", "internal/output", "internal/event", "internal/readers/", "internal/inputs", "internal/source"},
}

func rule(pkg string) ([]string, bool) {
	best, found := "", false
	for k := range allowed {
		if (pkg == k || strings.HasSuffix(k, "/") && strings.HasPrefix(pkg, k)) && len(k) > len(best) {
			best, found = k, true
		}
	}
	return allowed[best], found
}

func permitted(imp string, rules []string) bool {
	for _, r := range rules {
		if imp == r || strings.HasSuffix(r, "/") && strings.HasPrefix(imp, r) {
			return true
		}
	}
	return false
}

// TestLayers checks that every package imports only from the layers below it
// (STYLE.md §6). A new edge in the graph is a reviewed change to the table
// above.
func TestLayers(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkg := strings.TrimPrefix(p.ImportPath, module)
		if pkg == p.ImportPath || !strings.HasPrefix(pkg, "internal/") && !strings.HasPrefix(pkg, "cmd/") {
			continue
		}
		rules, ok := rule(pkg)
		if !ok {
			t.Errorf("package %s is not in the layer table of arch_test.go", pkg)
			continue
		}
		for _, imp := range p.Imports {
			if !strings.HasPrefix(imp, module) {
				continue
			}
			imp = strings.TrimPrefix(imp, module)
			if strings.HasPrefix(imp, pkg+"/") || strings.HasPrefix(pkg, imp+"/") {
				continue // a package and its own sub-packages (tools, internal helpers)
			}
			if !permitted(imp, rules) {
				t.Errorf("%s imports %s, which its layer does not allow", pkg, imp)
			}
		}
	}
}
