package plan

import (
	"errors"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

var now = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

func cmp(f, v string) ast.SearchExpr {
	return &ast.SearchCompare{Field: &ast.Field{Name: f}, Op: ast.OpEq, Value: &ast.SearchValue{Text: v}}
}

func search(x ast.SearchExpr) *ast.Pipeline {
	return &ast.Pipeline{Commands: []ast.Command{&ast.SearchCommand{Expr: x}}}
}

func TestTimeTermsOverrideRange(t *testing.T) {
	x := &ast.SearchAnd{Terms: []ast.SearchExpr{cmp("earliest", "-70m@m"), cmp("EventCode", "4104"), cmp("latest", "-10m@m")}}
	pl, err := Build(search(x), Options{Now: now, Earliest: now.Add(-time.Hour * 48)})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2024, 5, 15, 13, 27, 0, 0, time.UTC); !pl.Earliest.Equal(want) {
		t.Errorf("Earliest = %v, want %v", pl.Earliest, want)
	}
	if want := time.Date(2024, 5, 15, 14, 27, 0, 0, time.UTC); !pl.Latest.Equal(want) {
		t.Errorf("Latest = %v, want %v", pl.Latest, want)
	}
	e := event.New(2)
	e.Set("EventCode", value.Str("4104"))
	if !pl.Search.Match(e) {
		t.Error("time terms were not removed from the filter")
	}
	if !pl.InRange(1715779620) || pl.InRange(1715783220) || pl.InRange(1715779619) {
		t.Error("InRange is not [earliest, latest)")
	}
	if len(pl.Search.Required()) != 1 {
		t.Errorf("Required = %v", pl.Search.Required())
	}
}

func TestOnlyTimeTerm(t *testing.T) {
	pl, err := Build(search(cmp("earliest", "0")), Options{Now: now})
	if err != nil || pl.Search.Expr() != nil || !pl.Earliest.Equal(time.Unix(0, 0)) {
		t.Errorf("plan = %+v, %v", pl, err)
	}
}

func TestTimeTermErrors(t *testing.T) {
	nested := &ast.SearchOr{Terms: []ast.SearchExpr{cmp("a", "1"), cmp("earliest", "-1d")}}
	if _, err := Build(search(nested), Options{Now: now}); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("nested earliest: %v", err)
	}
	if _, err := Build(search(cmp("latest", "-1x")), Options{Now: now}); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("bad modifier: %v", err)
	}
}

func TestGenerating(t *testing.T) {
	mk := &ast.Pipeline{Leading: true, Commands: []ast.Command{&ast.MakeresultsCommand{}}}
	pl, err := Build(mk, Options{})
	if err != nil || !pl.Generating || len(pl.Commands) != 1 {
		t.Errorf("makeresults: %+v, %v", pl, err)
	}
	ev := &ast.Pipeline{Leading: true, Commands: []ast.Command{&ast.EvalCommand{}}}
	if _, err := Build(ev, Options{}); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("| eval first: %v", err)
	}
	ts := &ast.Pipeline{Leading: true, Commands: []ast.Command{&ast.TstatsCommand{
		Where: &ast.SearchAnd{Terms: []ast.SearchExpr{cmp("nodename", "Authentication.Failed_Authentication"), cmp("Authentication.user", "x")}},
	}}}
	pl, err = Build(ts, Options{})
	if err != nil || pl.Generating || pl.Tstats == nil || pl.Nodename != "Authentication.Failed_Authentication" {
		t.Errorf("tstats: %+v, %v", pl, err)
	}
}

func TestExplain(t *testing.T) {
	x := &ast.SearchAnd{Terms: []ast.SearchExpr{cmp("earliest", "-70m@m"), cmp("EventCode", "4104")}}
	p := search(x)
	p.Commands = append(p.Commands, &ast.StatsCommand{Cmd: "stats", Aggs: []*ast.Aggregation{{Func: "count"}}, By: []*ast.Field{{Name: "Computer"}}})
	pl, err := Build(p, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := "range: [2024-05-15T13:27:00Z, unbounded)\nsource: events\nfilter: EventCode=4104\nrequire: EventCode in (4104)\n| stats count by Computer\n"
	if got := pl.String(); got != want {
		t.Errorf("explain:\n%s\nwant:\n%s", got, want)
	}
}
