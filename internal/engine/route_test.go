package engine

import (
	"slices"
	"testing"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// TestRouterNeverLosesAMatch checks the routing guarantee: every search that
// matches an event is among the router's candidates for it, and guards do
// narrow the candidates.
func TestRouterNeverLosesAMatch(t *testing.T) {
	searches := []string{
		`(source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR source="XmlWinEventLog:Microsoft-Windows-PowerShell/Operational") EventCode=4104 ScriptBlockText="*invoke*"`,
		`sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational EventCode=1`,
		`eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security EventCode IN (4624, 4625)`,
		`EventID=7 OR EventID=8`,
		`source=*Sysmon* Image=*cmd.exe`,
		`NOT EventCode=1`,
		`user=admin`,
	}
	var leading []ast.SearchExpr
	var filters []*filter.Filter
	for _, s := range searches {
		f := source.NewFile("q", s)
		p, err := parse.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		e := p.Commands[0].(*ast.SearchCommand).Expr
		leading = append(leading, e)
		fl, err := filter.Compile(e, f)
		if err != nil {
			t.Fatal(err)
		}
		filters = append(filters, fl)
	}
	mk := func(kv ...string) *event.Event {
		ev := event.New(len(kv) / 2)
		for i := 0; i < len(kv); i += 2 {
			ev.Set(kv[i], value.Str(kv[i+1]))
		}
		return ev
	}
	events := []*event.Event{
		mk("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational", "EventCode", "4104", "ScriptBlockText", "Invoke-X"),
		mk("source", "xmlwineventlog:microsoft-windows-sysmon/operational", "EventCode", "1", "Image", `C:\cmd.exe`),
		mk("source", "XmlWinEventLog:Security", "Channel", "Security", "EventCode", "4625", "user", "admin"),
		mk("EventID", "8", "EventCode", "8"),
		mk("sourcetype", "XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "EventCode", "1"),
		mk("source", "other", "EventCode", "4104"),
	}
	r := newRouter(leading)
	narrowed := false
	for i, ev := range events {
		cands := slices.Clone(r.candidates(ev))
		if len(cands) < len(searches) {
			narrowed = true
		}
		for s, f := range filters {
			if f.Match(ev) && !slices.Contains(cands, s) {
				t.Errorf("event %d matches search %d (%s) but was not routed to it (candidates %v)", i, s, searches[s], cands)
			}
		}
	}
	if !narrowed {
		t.Error("the router never narrowed the candidates")
	}
	if g, ok := guardOf(leading[0]); !ok || len(g) != 1 || g[0] != (fieldValue{"EventCode", "4104"}) {
		t.Errorf("guard of the seed search = %v, %v; want EventCode=4104", g, ok)
	}
}

// TestRowRouterNeverLosesAMatch checks routing of searches over data-model
// rows (tstats WHERE): every search whose program would match an event's row
// is among the candidates, and row-field guards do narrow the candidates.
func TestRowRouterNeverLosesAMatch(t *testing.T) {
	dms, err := newDataModels()
	if err != nil {
		t.Fatal(err)
	}
	searches := []struct{ dataset, where string }{
		{"Endpoint.Processes", `Processes.process_name IN ("cmd.exe", "powershell.exe")`},
		{"Endpoint.Processes", `Processes.process_name=CASE(cmd.exe)`},
		{"Endpoint.Processes", `Processes.process_name=*.exe`},
		{"Endpoint.Processes", ``},
		{"Endpoint.Processes", `(Processes.process_name="WHOAMI.EXE" OR Processes.parent_process_name=cmd.exe) Processes.process=*`},
		{"Endpoint.Processes", `NOT Processes.process_name=cmd.exe`},
		{"Endpoint.Processes", `Processes.dest=10.0.0.0/8`},
		{"Endpoint.Filesystem", `Filesystem.file_name=x.dll`},
	}
	var leading []ast.SearchExpr
	var filters []*filter.Filter
	var datasets []*datamodel.Dataset
	for _, s := range searches {
		f := source.NewFile("q", "search "+s.where)
		p, err := parse.Parse(f)
		if err != nil {
			t.Fatal(err)
		}
		var e ast.SearchExpr
		if s.where != "" {
			e = p.Commands[0].(*ast.SearchCommand).Expr
		}
		leading = append(leading, e)
		fl, err := filter.Compile(e, f)
		if err != nil {
			t.Fatal(err)
		}
		filters = append(filters, fl)
		ds, err := dms.reg.Dataset(s.dataset)
		if err != nil {
			t.Fatal(err)
		}
		datasets = append(datasets, ds)
	}
	sysmon := func(image, parent string) *event.Event {
		ev := event.New(8)
		ev.Set(event.Source, value.Str("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"))
		ev.Set(event.Sourcetype, value.Str("XmlWinEventLog"))
		ev.Set("EventCode", value.Str("1"))
		ev.Set("Computer", value.Str("10.1.2.3"))
		ev.Set("Image", value.Str(image))
		ev.Set("CommandLine", value.Str(image+" /c whoami"))
		ev.Set("ParentImage", value.Str(parent))
		ev.Set("User", value.Str(`CORP\bob`))
		return ev
	}
	events := []*event.Event{
		sysmon(`C:\Windows\System32\cmd.exe`, `C:\Windows\explorer.exe`),
		sysmon(`C:\Windows\System32\CMD.EXE`, `C:\Windows\explorer.exe`),
		sysmon(`C:\Windows\System32\whoami.exe`, `C:\Windows\System32\cmd.exe`),
		sysmon(`C:\Tools\notepad.exe`, `C:\Windows\explorer.exe`),
		sysmon(`C:\Tools\script.bat`, `C:\Windows\explorer.exe`),
	}
	r := newRowRouter(leading, datasets, dms.rows)
	narrowed, rows := false, 0
	for i, ev := range events {
		cands := slices.Clone(r.candidates(ev))
		if len(cands) < len(searches) {
			narrowed = true
		}
		for s, f := range filters {
			row, ok := (dataset{dms, datasets[s]}).Row(ev)
			if !ok {
				continue
			}
			rows++
			if f.Match(row) && !slices.Contains(cands, s) {
				t.Errorf("event %d's row matches search %d (%s) but was not routed to it (candidates %v)", i, s, searches[s].where, cands)
			}
		}
	}
	if rows == 0 {
		t.Fatal("no event yielded a data-model row; the test tests nothing")
	}
	if !narrowed {
		t.Error("the router never narrowed the candidates")
	}
}
