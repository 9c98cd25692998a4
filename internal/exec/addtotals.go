package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// addtotals adds to each result the sum of the numeric values of the listed
// fields (wildcards allowed; all non-internal fields when none are listed)
// into fieldname= (default Total); non-numeric and missing values are skipped
// (spl-semantics.md §9.23). row=false turns that off; col=true appends a
// result with the column sums, labelled in labelfield= with label= (default
// Total) when labelfield is given.
func (c *compiler) addtotals(cmd *ast.AddtotalsCommand) stage {
	opts, ok := c.options("addtotals", cmd.Options, "row", "col", "fieldname", "labelfield", "label")
	if !ok {
		return nil
	}
	row, ok1 := c.boolOption(opts["row"], true)
	col, ok2 := c.boolOption(opts["col"], false)
	if !ok1 || !ok2 {
		return nil
	}
	total := "Total"
	if o := opts["fieldname"]; o != nil {
		total = o.Value
	}
	labelField, label := "", "Total"
	if o := opts["labelfield"]; o != nil {
		labelField = o.Value
	}
	if o := opts["label"]; o != nil {
		label = o.Value
	}
	pats := make([]namePattern, len(cmd.Fields))
	for i, f := range cmd.Fields {
		pats[i] = newNamePattern(f.Name)
	}
	selected := func(name string) bool {
		if name == total || strings.HasPrefix(name, "_") {
			return false
		}
		if len(pats) == 0 {
			return true
		}
		for _, p := range pats {
			if _, ok := p.match(name); ok {
				return true
			}
		}
		return false
	}
	rowSum := func(ev *event.Event) {
		sum, any := 0.0, false
		for _, f := range ev.Fields {
			if !selected(f.Name) {
				continue
			}
			for i := 0; i < f.Value.Len(); i++ {
				if x, ok := value.ParseNumber(f.Value.Index(i)); ok {
					sum, any = sum+x, true
				}
			}
		}
		if any || len(pats) > 0 {
			ev.Set(total, value.Num(sum))
		}
	}
	if !col {
		if !row {
			return mapStage(func(*event.Event) {})
		}
		return mapStage(rowSum)
	}
	return &blockingStage{name: "addtotals", span: cmd.Sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		sums := event.New(8)
		for _, ev := range in {
			if row {
				rowSum(ev)
			}
			for _, f := range ev.Fields {
				if f.Name == labelField || strings.HasPrefix(f.Name, "_") {
					continue
				}
				x, ok := f.Value.Number()
				if !ok {
					continue
				}
				prev, _ := sums.Get(f.Name).Number()
				sums.Set(f.Name, value.Num(prev+x))
			}
		}
		if labelField != "" {
			sums.Set(labelField, value.Str(label))
		}
		return append(in, sums), nil
	}}
}
