package engine

import (
	"slices"
	"testing"

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
