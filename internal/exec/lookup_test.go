package exec

import (
	"context"
	"errors"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

func lookupEnv() Env {
	tools := lookup.New("remote_access_software", []string{"remote_utility", "isutility", "vendor"},
		[][]string{{"anydesk.exe", "TRUE", "AnyDesk"}, {"*teamviewer*", "TRUE", "TeamViewer"}, {"", "TRUE", "blank"}},
		lookup.Config{CaseInsensitive: true, Wildcard: []string{"remote_utility"}, MinMatches: 1, DefaultMatch: "false"})
	users := lookup.New("users.csv", []string{"user", "dept"}, [][]string{{"bob", "it"}, {"alice", ""}, {"carol", "hr"}}, lookup.Config{})
	return Env{Now: testNow, Lookups: func(name string) (*lookup.Table, bool) {
		switch name {
		case "remote_access_software":
			return tools, true
		case "users.csv":
			return users, true
		}
		return nil, false
	}}
}

func runLookup(t *testing.T, text string, events ...*event.Event) []*event.Event {
	t.Helper()
	f := source.NewFile("search", text)
	p, err := parse.Parse(f)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	env := lookupEnv()
	env.File = f
	prog, err := Compile(p, env)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	out, err := prog.Run(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestLookup(t *testing.T) {
	events := []*event.Event{ev("process_name", "AnyDesk.exe"), ev("process_name", "C:\\x\\TeamViewer_Service.exe"), ev("process_name", "cmd.exe"), ev("user", "x")}
	wantRows(t, runLookup(t, `* | lookup remote_access_software remote_utility AS process_name OUTPUT isutility vendor as v | search isutility = True | table process_name isutility v`, events...),
		"process_name=AnyDesk.exe isutility=TRUE v=AnyDesk",
		`process_name=C:\x\TeamViewer_Service.exe isutility=TRUE v=TeamViewer`)
	wantRows(t, runLookup(t, `* | lookup remote_access_software remote_utility AS process_name OUTPUT isutility | table process_name isutility`, events[2:]...),
		"process_name=cmd.exe isutility=false", "process_name=null isutility=null")
	wantRows(t, runLookup(t, `* | lookup users.csv user OUTPUTNEW dept | table user dept`, ev("user", "bob", "dept", "keep"), ev("user", "carol"), ev("user", "BOB")),
		"user=bob dept=keep", "user=carol dept=hr", "user=BOB dept=null")
	wantRows(t, runLookup(t, `* | lookup users.csv user | table user dept`, ev("user", "carol")), "user=carol dept=hr")
}

func TestInputlookup(t *testing.T) {
	wantRows(t, runLookup(t, `| inputlookup users.csv`), "user=bob dept=it", "user=alice", "user=carol dept=hr")
	wantRows(t, runLookup(t, `| inputlookup users.csv where dept=*`), "user=bob dept=it", "user=carol dept=hr")
	wantRows(t, runLookup(t, `| makeresults | eval user="zed" | inputlookup append=t users.csv | table user`),
		"user=zed", "user=bob", "user=alice", "user=carol")
	f := source.NewFile("s", `* | lookup nosuch a OUTPUT b`)
	p, _ := parse.Parse(f)
	if _, err := Compile(p, Env{File: f}); !errors.Is(err, source.ErrUnknown) {
		t.Errorf("unknown table: %v", err)
	}
}

func TestLookupComputedShannon(t *testing.T) {
	shannon, _ := lookup.Computed(lookup.ShannonTable)
	env := Env{Now: testNow, Lookups: func(name string) (*lookup.Table, bool) {
		return shannon, name == lookup.ShannonTable
	}}
	got := runText(t, `* | lookup ut_shannon_lookup word AS user | where ut_shannon > 1.5 | table user ut_shannon`, env,
		ev("user", "aaaa"), ev("user", "abcd"), ev("host", "no user"), ev("user", "aab"))
	wantRows(t, got, "user=abcd ut_shannon=2")
	got = runText(t, `* | lookup ut_shannon_lookup word as Service_Name | table ut_shannon`, env, ev("Service_Name", "ab"))
	wantRows(t, got, "ut_shannon=1")
	// A computed table has no rows to list.
	wantRows(t, runText(t, `| inputlookup ut_shannon_lookup`, env))
}

func TestCyberchefNeedsApp(t *testing.T) {
	compileErr(t, `* | cyberchef infield=x outfield=y operation=FromPunycode`, source.ErrUnsupported, "CyberChef for Splunk app")
}
