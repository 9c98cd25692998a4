package exec

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// fakeModels maps events with EventCode=1 into Endpoint.Processes (and the
// root Endpoint, alike), prefixing dest, user and process_name;
// Endpoint.Processes.Admin additionally needs user=admin.
type fakeModels struct{}

type fakeDS struct{ admin bool }

func (fakeModels) Dataset(path string) (Dataset, error) {
	switch path {
	case "Endpoint.Processes", "Endpoint":
		return fakeDS{}, nil
	case "Endpoint.Processes.Admin", "Endpoint.Admin":
		return fakeDS{admin: true}, nil
	}
	return nil, fmt.Errorf("unknown dataset %q", path)
}

func (d fakeDS) Prefix() string { return "Processes." }

func (d fakeDS) Row(ev *event.Event) (*event.Event, bool) {
	if ev.Get("EventCode").Text() != "1" || d.admin && ev.Get("user").Text() != "admin" {
		return nil, false
	}
	row := event.New(8)
	row.Set(event.Time, ev.Get(event.Time))
	for _, f := range []string{"dest", "user", "process_name"} {
		row.Set("Processes."+f, ev.Get(f))
	}
	return row, true
}

func runTstats(t *testing.T, text string, events ...*event.Event) []*event.Event {
	t.Helper()
	out, err := runJobErr(text, Env{DataModels: fakeModels{}}, events...)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	return out
}

func TestTstats(t *testing.T) {
	events := []*event.Event{
		ev("_time", 1715783842.0, "EventCode", "1", "dest", "h1", "user", "admin", "process_name", "CMD.EXE"),
		ev("_time", 1715783000.0, "EventCode", "1", "dest", "h1", "process_name", "cmd.exe"),
		ev("_time", 1715782000.0, "EventCode", "1", "dest", "h2", "user", "bob", "process_name", "calc.exe"),
		ev("_time", 1715781000.0, "EventCode", "3", "dest", "h3", "process_name", "cmd.exe"),
	}
	q := `| tstats summariesonly=false allow_old_summaries=true fillnull_value=null count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe by Processes.dest Processes.user | rename Processes.* as * | foreach * [ eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)]`
	wantRows(t, runTstats(t, q, events...),
		"dest=h1 user=admin count=1 firstTime=1715783842 lastTime=1715783842",
		"dest=h1 count=1 firstTime=1715783000 lastTime=1715783000")
	// Without fillnull_value the row with a null by-field is dropped.
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes by Processes.dest Processes.user`, events...),
		"Processes.dest=h1 Processes.user=admin count=1", "Processes.dest=h2 Processes.user=bob count=1")
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes where nodename=Endpoint.Processes.Admin by Processes.dest`, events...),
		"Processes.dest=h1 count=1")
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes where nodename=Processes.Admin by Processes.dest`, events...),
		"Processes.dest=h1 count=1")
	// ESCU's relative form: from datamodel=Network_Resolution where
	// nodename=DNS names the dataset under the FROM model.
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint where nodename=Admin by Processes.dest`, events...),
		"Processes.dest=h1 count=1")
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes where Processes.dest=nothing`, events...), "count=0")
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes by _time span=1h`, events...),
		"_time=1715781600 count=3")
	// span= floors only the _time group key: min/max(_time) keep each
	// event's own time (the bucket starts at 1715781600).
	wantRows(t, runTstats(t, `| tstats count min(_time) as firstTime max(_time) as lastTime from datamodel=Endpoint.Processes by _time span=1h`, events...),
		"_time=1715781600 count=3 firstTime=1715782000 lastTime=1715783842")
	wantRows(t, runTstats(t, `| tstats count where EventCode=3 by dest`, events...), "dest=h3 count=1")
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes where earliest=-10m by Processes.dest`, events...), "Processes.dest=h1 count=1")

	for _, q := range []string{`| tstats count from datamodel=Nope`, `| tstats prestats=t count from datamodel=Endpoint.Processes`} {
		if _, err := runJobErr(q, Env{DataModels: fakeModels{}}, events...); err == nil {
			t.Errorf("%s: no error", q)
		}
	}
	f := source.NewFile("s", `| tstats count from datamodel=Endpoint.Processes`)
	p, _ := parse.Parse(f)
	prog, err := Compile(p, Env{DataModels: fakeModels{}})
	if err != nil || prog.Generating() {
		t.Fatalf("tstats program: %v, generating=%v", err, prog != nil && prog.Generating())
	}
	if !prog.Match(events[0]) || prog.Match(events[3]) {
		t.Error("Match does not follow dataset membership")
	}
	out, _ := prog.Run(context.Background(), []*event.Event{events[0]})
	if got := strings.Join(rows(out), ";"); got != "count=1" {
		t.Errorf("Run = %s", got)
	}
}

func TestFromDatamodel(t *testing.T) {
	events := []*event.Event{
		ev("_time", 1715783842.0, "_raw", "r1", "EventCode", "1", "dest", "h1", "process_name", "cmd.exe"),
		ev("_time", 1715781000.0, "_raw", "r2", "EventCode", "3", "dest", "h3"),
	}
	wantRows(t, runTstats(t, `| from datamodel Endpoint.Processes | table dest process_name _raw`, events...),
		"dest=h1 process_name=cmd.exe _raw=r1")
}

func TestTstatsSubsearch(t *testing.T) {
	events := []*event.Event{
		ev("_time", 1715783842.0, "EventCode", "1", "dest", "h1", "process_name", "find.exe"),
		ev("_time", 1715783000.0, "EventCode", "1", "dest", "h2", "process_name", "cmd.exe"),
		ev("kind", "list", "Processes.process_name", "*find*"),
	}
	wantRows(t, runTstats(t, `| tstats count from datamodel=Endpoint.Processes where [search kind=list | table Processes.process_name] by Processes.dest`, events...),
		"Processes.dest=h1 count=1")
}

// sharedDS returns one cached row for every event, as a caching
// implementation may; exec must not modify it.
type sharedDS struct{ row *event.Event }

func (d sharedDS) Dataset(string) (Dataset, error)       { return d, nil }
func (d sharedDS) Prefix() string                        { return "Processes." }
func (d sharedDS) Row(*event.Event) (*event.Event, bool) { return d.row, true }

func TestSharedRowsNotModified(t *testing.T) {
	row := ev("_time", 1715783842.0, "Processes.dest", "h1", "_raw", "r")
	before := strings.Join(rows([]*event.Event{row}), "")
	env := Env{DataModels: sharedDS{row}}
	for _, q := range []string{
		`| tstats fillnull_value=null count from datamodel=X by _time Processes.user span=1h`,
		`| tstats count min(_time) as first from datamodel=X by _time Processes.dest span=1h`,
		`| from datamodel X | eval dest=upper(dest)`,
	} {
		if _, err := runJobErr(q, env, ev("a", "1")); err != nil {
			t.Fatal(err)
		}
	}
	if after := strings.Join(rows([]*event.Event{row}), ""); after != before {
		t.Errorf("shared row changed: %s -> %s", before, after)
	}
}

// identityDS records the events it is asked for rows of.
type identityDS struct{ seen map[*event.Event]bool }

func (d identityDS) Dataset(string) (Dataset, error) { return d, nil }
func (d identityDS) Prefix() string                  { return "Processes." }
func (d identityDS) Row(ev *event.Event) (*event.Event, bool) {
	d.seen[ev] = true
	return ev, true
}

// TestTstatsRunsOnTheScannedEvents checks that tstats asks for the rows of
// the very events it is given (not copies), which lets a caller find rows
// it derived while scanning by the event's identity, and leaves them as
// they were.
func TestTstatsRunsOnTheScannedEvents(t *testing.T) {
	for _, q := range []string{
		`| tstats count from datamodel=X by Processes.dest`,
		`| tstats count from datamodel=X by _time Processes.dest span=1h`,
		`| tstats fillnull_value=none count from datamodel=X by Processes.user`,
	} {
		d := identityDS{seen: map[*event.Event]bool{}}
		in := ev("_time", 1715783842.0, "Processes.dest", "h1")
		before := strings.Join(rows([]*event.Event{in}), "")
		p, err := parse.Parse(source.NewFile("q", q))
		if err != nil {
			t.Fatal(source.Render(err))
		}
		prog, err := Compile(p, Env{DataModels: d})
		if err != nil {
			t.Fatal(source.Render(err))
		}
		out, err := prog.Run(context.Background(), []*event.Event{in})
		if err != nil || len(out) != 1 {
			t.Fatalf("%s: %d rows, %v", q, len(out), err)
		}
		if !d.seen[in] {
			t.Errorf("%s: Row was not asked about the input event itself", q)
		}
		if after := strings.Join(rows([]*event.Event{in}), ""); after != before {
			t.Errorf("%s: input changed: %s -> %s", q, before, after)
		}
	}
}
