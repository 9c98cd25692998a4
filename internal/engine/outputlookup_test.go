package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputlookupWritesCSV(t *testing.T) {
	dir := t.TempDir()
	run := func(q string) {
		t.Helper()
		_, err := Search(context.Background(), SearchOptions{Query: q, OutputLookupDir: dir})
		if err != nil {
			t.Fatal(err)
		}
	}
	run(`| makeresults count=2 | streamstats count as n | eval user="u".n, tags=split("a,b",",") | table user n tags | outputlookup seen_users`)
	run(`| makeresults | eval user="u9", n=9 | table user n | outputlookup append=true seen_users.csv`)
	b, err := os.ReadFile(filepath.Join(dir, "seen_users.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "user,n,tags\nu1,1,\"a\nb\"\nu2,2,\"a\nb\"\nu9,9,\n"
	if string(b) != want {
		t.Errorf("CSV:\n%q\nwant\n%q", b, want)
	}
	res, err := Search(context.Background(), SearchOptions{Query: `| makeresults | outputlookup ../escape`, OutputLookupDir: dir})
	if err == nil {
		t.Errorf("a table name with a path was accepted: %v", res)
	}
	var warned []string
	if _, err := Search(context.Background(), SearchOptions{Query: `| makeresults | outputlookup x`,
		Warn: func(m string) { warned = append(warned, m) }}); err != nil {
		t.Fatal(err)
	}
	if len(warned) != 1 || !strings.Contains(warned[0], "--outputlookup-dir") {
		t.Errorf("no warning when rows are not written: %v", warned)
	}
}
