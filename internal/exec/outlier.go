package exec

import (
	"context"
	"sort"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// outlier removes or truncates outlying numeric values (Splunk search
// reference, "outlier"; spl-semantics.md has no section). For each field
// named (all fields not starting with "_" when none are), over the results
// where it is a single number: Q1 and Q3 are its 25th and 75th percentiles
// (linear interpolation [VERIFY]) and a value is outlying above
// Q3 + param*(Q3-Q1), or, with uselower=true, below Q1 - param*(Q3-Q1);
// param defaults to 2.5. action=transform (tf, the default) replaces an
// outlying value with the bound it crossed, prefixed with "000" when
// mark=true; action=remove (rm) drops the results holding one.
func (c *compiler) outlier(cmd *ast.OutlierCommand) stage {
	opts, ok := c.options("outlier", cmd.Options, "action", "param", "uselower", "mark")
	if !ok {
		return nil
	}
	remove := false
	if o := opts["action"]; o != nil {
		switch strings.ToLower(o.Value) {
		case "transform", "tf":
		case "remove", "rm":
			remove = true
		default:
			c.errf(source.ErrSyntax, o.Sp, "outlier action must be transform (tf) or remove (rm)")
			return nil
		}
	}
	param := 2.5
	if o := opts["param"]; o != nil {
		p, err := strconv.ParseFloat(o.Value, 64)
		if err != nil || p < 0 {
			c.errf(source.ErrSyntax, o.Sp, "param must be a non-negative number")
			return nil
		}
		param = p
	}
	useLower, ok1 := c.boolOption(opts["uselower"], false)
	mark, ok2 := c.boolOption(opts["mark"], false)
	if !ok1 || !ok2 {
		return nil
	}
	var names []string
	for _, f := range cmd.Args {
		names = append(names, f.Name)
	}
	return &blockingStage{name: "outlier", span: cmd.Sp, run: func(ctx context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		fs := names
		if len(fs) == 0 {
			fs = visibleFields(in)
		}
		drop := make([]bool, len(in))
		for _, name := range fs {
			var xs []float64
			for _, ev := range in {
				if x, ok := ev.Get(name).Number(); ok {
					xs = append(xs, x)
				}
			}
			if len(xs) == 0 {
				continue
			}
			sort.Float64s(xs)
			q1, q3 := quantile(xs, 0.25), quantile(xs, 0.75)
			lower, upper := q1-param*(q3-q1), q3+param*(q3-q1)
			for r, ev := range in {
				x, ok := ev.Get(name).Number()
				if !ok {
					continue
				}
				bound := 0.0
				switch {
				case x > upper:
					bound = upper
				case useLower && x < lower:
					bound = lower
				default:
					continue
				}
				if remove {
					drop[r] = true
					continue
				}
				v := value.Num(bound)
				if mark {
					v = value.Str("000" + value.FormatNumber(bound))
				}
				ev.Set(name, v)
			}
		}
		out := in[:0]
		for r, ev := range in {
			if !drop[r] {
				out = append(out, ev)
			}
		}
		return out, ctx.Err()
	}}
}
