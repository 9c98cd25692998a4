package exec

import (
	"context"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// table resolves a lookup table at compile time.
func (c *compiler) lookupTable(f *ast.Field) *lookup.Table {
	if c.env.Lookups != nil {
		if t, ok := c.env.Lookups(f.Name); ok {
			return t
		}
	}
	c.errf(source.ErrUnknown, f.Sp, "lookup table %q is not defined", f.Name)
	return nil
}

// lookup enriches each result from a table (spl-semantics.md §9.6): the
// input fields select rows with the table's matching rules (package lookup);
// OUTPUT writes the output columns over existing fields, OUTPUTNEW only into
// null ones, and without an output list every non-input column is written.
// A result missing an input field, or matching no row (with no min_matches),
// is left alone.
func (c *compiler) lookup(cmd *ast.LookupCommand) stage {
	for _, o := range cmd.Options {
		switch strings.ToLower(o.Key) {
		case "local", "update":
		default:
			c.errf(source.ErrUnsupported, o.Sp, "lookup option %q is not supported", o.Key)
			return nil
		}
	}
	t := c.lookupTable(cmd.Table)
	if t == nil {
		return nil
	}
	type in struct{ column, field string }
	ins := make([]in, len(cmd.Inputs))
	isInput := map[string]bool{}
	for i, f := range cmd.Inputs {
		ins[i] = in{f.Field.Name, f.Field.Name}
		if f.As != nil {
			ins[i].field = f.As.Name
		}
		isInput[f.Field.Name] = true
	}
	var cols, targets []string
	if len(cmd.Outputs) == 0 {
		for _, col := range t.Columns() {
			if !isInput[col] {
				cols, targets = append(cols, col), append(targets, col)
			}
		}
	}
	for _, o := range cmd.Outputs {
		target := o.Field.Name
		if o.As != nil {
			target = o.As.Name
		}
		cols, targets = append(cols, o.Field.Name), append(targets, target)
	}
	onlyNew := strings.EqualFold(cmd.OutputMode, "OUTPUTNEW")
	return mapStage(func(ev *event.Event) {
		inputs := make([]lookup.Input, len(ins))
		for i, x := range ins {
			inputs[i] = lookup.Input{Column: x.column, Values: ev.Get(x.field).Values()}
		}
		vals, ok := t.Lookup(inputs, cols)
		if !ok {
			return
		}
		for i, v := range vals {
			if onlyNew && !ev.Get(targets[i]).IsNull() {
				continue
			}
			ev.Set(targets[i], v)
		}
	})
}

// inputlookup emits the table's rows as results, one field per non-empty
// cell (spl-semantics.md §9.7), filtered by WHERE; append=true adds them
// after the current results; start= and max= select a range of rows.
func (c *compiler) inputlookup(cmd *ast.InputlookupCommand) stage {
	opts, ok := c.options("inputlookup", cmd.Options, "append", "start", "max")
	if !ok {
		return nil
	}
	appendRows, ok1 := c.boolOption(opts["append"], false)
	start, ok2 := c.intOption(opts["start"], 0)
	maxRows, ok3 := c.intOption(opts["max"], 0)
	if !ok1 || !ok2 || !ok3 {
		return nil
	}
	var where *filter.Filter
	if cmd.Where != nil {
		f, err := filter.Compile(cmd.Where, c.file)
		if err != nil {
			c.addErr(err)
			return nil
		}
		where = f
	}
	t := c.lookupTable(cmd.Table)
	if t == nil {
		return nil
	}
	sp := cmd.Sp
	return &blockingStage{name: "inputlookup", span: sp, run: func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error) {
		out := in[:0]
		if appendRows {
			out = in
		}
		cols := t.Columns()
		n := 0
		for i := start; i < t.Len(); i++ {
			if maxRows > 0 && n >= maxRows {
				break
			}
			row := t.Row(i)
			e := event.New(len(cols))
			for j, col := range cols {
				if j < len(row) && row[j] != "" {
					e.Set(col, value.Str(row[j]))
				}
			}
			if where != nil && !where.Match(e) {
				continue
			}
			if err := rs.budget.charge(eventSize(e), "inputlookup", sp); err != nil {
				return nil, err
			}
			out = append(out, e)
			n++
		}
		return out, ctx.Err()
	}}
}
