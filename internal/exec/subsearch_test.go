package exec

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// runJob runs text as a job over all: the outer search gets the events its
// Match accepts and subsearches run over all of them.
func runJob(t *testing.T, text string, all ...*event.Event) []*event.Event {
	t.Helper()
	out, err := runJobErr(text, Env{}, all...)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	return out
}

func runJobErr(text string, env Env, all ...*event.Event) ([]*event.Event, error) {
	f := source.NewFile("search", text)
	p, err := parse.Parse(f)
	if err != nil {
		return nil, err
	}
	env.Now, env.File = testNow, f
	if env.Subsearch == nil {
		env.Subsearch = func(ctx context.Context, prog *Program) ([]*event.Event, error) {
			return RunOver(ctx, prog, all)
		}
	}
	prog, err := Compile(p, env)
	if err != nil {
		return nil, err
	}
	return RunOver(context.Background(), prog, all)
}

func jobEvents() []*event.Event {
	return []*event.Event{
		ev("kind", "proc", "user", "bob", "proc", "cmd.exe"),
		ev("kind", "proc", "user", "alice", "proc", "calc.exe"),
		ev("kind", "proc", "user", "eve", "proc", "x.exe"),
		ev("kind", "pw", "user", "bob", "EventID", "4723"),
		ev("kind", "pw", "user", "alice", "EventID", "4724"),
		ev("kind", "pw", "user", "alice", "EventID", "4723"),
		ev("kind", "bad", "proc", "calc.exe"),
	}
}

func TestJoin(t *testing.T) {
	wantRows(t, runJob(t, `kind=proc | join user [search kind=pw | fields user EventID] | table user proc EventID`, jobEvents()...),
		"user=bob proc=cmd.exe EventID=4723", "user=alice proc=calc.exe EventID=4724")
	wantRows(t, runJob(t, `kind=proc | join type=outer user [search kind=pw | fields user EventID] | table user EventID`, jobEvents()...),
		"user=bob EventID=4723", "user=alice EventID=4724", "user=eve EventID=null")
	wantRows(t, runJob(t, `kind=proc | join max=0 user [search kind=pw | fields user EventID] | table user EventID`, jobEvents()...),
		"user=bob EventID=4723", "user=alice EventID=4724", "user=alice EventID=4723")
	wantRows(t, runJob(t, `kind=proc | join user overwrite=false [search kind=pw | eval proc="other" | fields user proc] | table user proc`, jobEvents()...),
		"user=bob proc=cmd.exe", "user=alice proc=calc.exe")
}

func TestAppendAppendpipe(t *testing.T) {
	wantRows(t, runJob(t, `kind=pw | stats count by user | append [search kind=proc | stats count as procs] `, jobEvents()...),
		"user=alice count=2", "user=bob count=1", "procs=3")
	wantRows(t, runJob(t, `kind=pw | stats count by user | appendpipe [| stats sum(count) as total | eval user="ALL"]`, jobEvents()...),
		"user=alice count=2", "user=bob count=1", "total=3 user=ALL")
	wantRows(t, runJob(t, `kind=nothing | stats count by user | appendpipe [| stats count | where count=0]`, jobEvents()...),
		"count=0")
}

func TestSubsearchInSearch(t *testing.T) {
	wantRows(t, runJob(t, `kind=proc [search kind=bad | fields proc] | table user`, jobEvents()...), "user=alice")
	wantRows(t, runJob(t, `kind=proc NOT [search kind=bad | fields proc] | table user`, jobEvents()...), "user=bob", "user=eve")
	// An empty subsearch is NOT (): it matches nothing, and NOT of it everything.
	wantRows(t, runJob(t, `kind=proc [search kind=none | fields proc] | table user`, jobEvents()...))
	wantRows(t, runJob(t, `kind=proc NOT [search kind=none | fields proc] | table user`, jobEvents()...), "user=bob", "user=alice", "user=eve")
	wantRows(t, runJob(t, `* | stats count by user | search [search kind=pw EventID=4724 | fields user]`, jobEvents()...), "user=alice count=3")

	_, err := runJobErr(`kind=proc [search kind=bad]`, Env{Subsearch: nil}, jobEvents()...)
	if err != nil {
		t.Fatalf("subsearch with RunOver: %v", err)
	}
	f := source.NewFile("s", `a [search b]`)
	p, _ := parse.Parse(f)
	if _, err := Compile(p, Env{File: f}); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("no Subsearch func: err = %v", err)
	}
}

func TestMapIplocationOutputlookup(t *testing.T) {
	all := []*event.Event{
		ev("EventCode", "4624", "TargetLogonId", "0x1", "user", "bob"),
		ev("EventCode", "4624", "TargetLogonId", "0x2", "user", "eve"),
		ev("EventCode", "4672", "TargetLogonId", "0x2"),
		ev("EventCode", "4672", "TargetLogonId", "0x3"),
	}
	parseText := func(text string) (*ast.Pipeline, *source.File, error) {
		f := source.NewFile("map", text)
		p, err := parse.Parse(f)
		return p, f, err
	}
	out, err := runJobErr(`EventCode=4672 | map search="search EventCode=4624 TargetLogonId=$TargetLogonId$" | table user`, Env{ParseSearch: parseText}, all...)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	wantRows(t, out, "user=eve")

	geo := func(ip string, _ bool) (map[string]string, bool) {
		if ip == "8.8.8.8" {
			return map[string]string{"Country": "United States", "City": ""}, true
		}
		return nil, false
	}
	var written []*event.Event
	sink := func(table string, rows []*event.Event, _ bool) error { written = rows; return nil }
	out, err = runJobErr(`* | iplocation prefix=src_ src | outputlookup seen.csv | table src src_Country`, Env{GeoIP: geo, OutputLookup: sink}, ev("src", "8.8.8.8"), ev("src", "10.0.0.1"))
	if err != nil {
		t.Fatal(source.Render(err))
	}
	wantRows(t, out, "src=8.8.8.8 src_Country=United States", "src=10.0.0.1 src_Country=null")
	if len(written) != 2 {
		t.Errorf("outputlookup wrote %d rows", len(written))
	}
	if _, err := runJobErr(`* | iplocation src`, Env{}, ev("src", "8.8.8.8")); !errors.Is(err, source.ErrRuntime) || !strings.Contains(err.Error(), "--geoip") {
		t.Errorf("iplocation without GeoIP on rows with addresses: %v", err)
	}
	// Values no database could place need none: not an address (the
	// data-model "unknown"), private, loopback.
	for _, src := range []string{"unknown", "null", "10.0.0.1", "::1", "::ffff:192.168.1.7", "-"} {
		if out, err := runJobErr(`* | iplocation src`, Env{}, ev("src", src)); err != nil || len(out) != 1 {
			t.Errorf("iplocation without GeoIP on src=%q: %d rows, %v", src, len(out), err)
		}
	}
	if _, err := runJobErr(`* | iplocation src`, Env{}, ev("src", "::ffff:8.8.4.4")); !errors.Is(err, source.ErrRuntime) {
		t.Errorf("iplocation without GeoIP on a mapped public IPv6 address: %v", err)
	}
	if out, err := runJobErr(`* | iplocation nosuchfield`, Env{}, all...); err != nil || len(out) != len(all) {
		t.Errorf("iplocation without GeoIP and nothing to locate: %d rows, %v", len(out), err)
	}
}

func TestSubsearchSearchField(t *testing.T) {
	parseText := func(text string) (*ast.Pipeline, *source.File, error) {
		f := source.NewFile("raw", text)
		p, err := parse.Parse(f)
		return p, f, err
	}
	out, err := runJobErr(`kind=proc [| makeresults | eval search="user=bob OR user=eve" | table search] | table user`, Env{ParseSearch: parseText}, jobEvents()...)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	wantRows(t, out, "user=bob", "user=eve")
}
