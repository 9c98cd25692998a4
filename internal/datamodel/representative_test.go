package datamodel

import (
	"github.com/riskhound/riskhound/internal/corpus"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRepresentativeProcesses(t *testing.T) {
	r := builtin(t)
	dets := RepresentativeProcesses()
	if len(dets) != 30 {
		t.Fatalf("%d detections, want 30", len(dets))
	}
	produced := map[string]bool{"_time": true, "host": true}
	for _, p := range []string{"Endpoint.Processes", "Endpoint.Registry", "Endpoint.Filesystem", "Network_Traffic"} {
		ds, _ := r.Dataset(p)
		for _, f := range r.Produced(ds) {
			produced[f] = true
		}
	}
	known := map[string]bool{ // ESCU typos and A&I-only fields (§4.4 #23)
		"Processes.orig_process_name": true, "Processes.user_bunit": true, "Processes.user_category": true,
	}
	for _, d := range dets {
		for _, list := range [][]string{d.Filter, d.By, d.Agg} {
			for _, f := range list {
				if !produced[f] && !known[f] {
					t.Errorf("%s: field %s is not produced", d.Name, f)
				}
			}
		}
	}
	// With the corpus present, every name is a real detection whose search
	// mentions its filter fields.
	root := filepath.Join(corpus.Dir(t, "security_content"), "detections")
	files := map[string]string{}
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			files[strings.TrimSuffix(info.Name(), ".yml")] = p
		}
		return nil
	})
	macros := escuMacros(t, filepath.Dir(root))
	for _, d := range dets {
		p, ok := files[d.Name]
		if !ok {
			t.Errorf("%s: no such detection in the corpus", d.Name)
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := expand(string(data), macros)
		for _, f := range d.Filter {
			if !strings.Contains(text, f) {
				t.Errorf("%s: search does not mention %s", d.Name, f)
			}
		}
	}
}
