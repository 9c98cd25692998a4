package engine

import (
	"fmt"
	"testing"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// BenchmarkRowRouter routes Sysmon process events among 300 tstats searches
// over Endpoint.Processes, most with a process_name guard in their WHERE
// clause, as the full ESCU set has: the cost per event of finding the few
// searches worth matching, with rows derived once per event.
func BenchmarkRowRouter(b *testing.B) {
	dms, err := newDataModels()
	if err != nil {
		b.Fatal(err)
	}
	ds, err := dms.reg.Dataset("Endpoint.Processes")
	if err != nil {
		b.Fatal(err)
	}
	var leading []ast.SearchExpr
	var datasets []*datamodel.Dataset
	for i := range 300 {
		text := fmt.Sprintf(`search Processes.process_name IN ("tool%d.exe", "other%d.exe")`, i, i)
		if i%10 == 0 {
			text = fmt.Sprintf(`search Processes.process=*tool%d*`, i)
		}
		p, err := parse.Parse(source.NewFile("q", text))
		if err != nil {
			b.Fatal(err)
		}
		leading = append(leading, p.Commands[0].(*ast.SearchCommand).Expr)
		datasets = append(datasets, ds)
	}
	evs := make([]*event.Event, 1000)
	for i := range evs {
		ev := event.New(8)
		ev.Set(event.Source, value.Str("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational"))
		ev.Set("EventCode", value.Str("1"))
		ev.Set("Computer", value.Str("ws1"))
		ev.Set("Image", value.Str(fmt.Sprintf(`C:\Tools\tool%d.exe`, i%300)))
		ev.Set("CommandLine", value.Str("tool /x"))
		evs[i] = ev
	}
	r := newRowRouter(leading, datasets, dms.rows)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := range b.N {
		n += len(r.candidates(evs[i%len(evs)]))
	}
	b.ReportMetric(float64(n)/float64(b.N), "candidates/event")
}
