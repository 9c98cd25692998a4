package engine

import (
	"fmt"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// BenchmarkPrefilter offers a process-creation event to 1,000 searches on
// Image and CommandLine, as the SigmaHQ process_creation rules are, with and
// without the literal prefilter in front of the filters: the cost per event
// of deciding which few searches to run.
func BenchmarkPrefilter(b *testing.B) {
	var exprs []ast.SearchExpr
	var filters []*filter.Filter
	for i := range 1000 {
		x := searchExpr(b, fmt.Sprintf(`Image="*\\tool%d.exe" CommandLine="*-switch%d *"`, i, i))
		f, err := filter.Compile(x, nil)
		if err != nil {
			b.Fatal(err)
		}
		exprs, filters = append(exprs, x), append(filters, f)
	}
	ev := event.New(4)
	ev.Add("Image", `C:\Windows\System32\Tool7.exe`)
	ev.Add("CommandLine", `tool7.exe -switch7 -other C:\Users\alice\AppData\Local\Temp\x.dat`)
	b.Run("filters only", func(b *testing.B) {
		for b.Loop() {
			for _, f := range filters {
				f.Match(ev)
			}
		}
	})
	b.Run("prefilter then filters", func(b *testing.B) {
		sets := make([][]fieldLit, len(exprs))
		for i, x := range exprs {
			sets[i], _ = literalsOf(x)
		}
		pre := newPrefilter(sets)
		for b.Loop() {
			pre.reset()
			for i, f := range filters {
				if pre.may(i, ev) {
					f.Match(ev)
				}
			}
		}
	})
}
