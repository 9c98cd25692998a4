package exec

import (
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// bin (bucket) floors a field to its span (spl-semantics.md §9.10). A time
// span (s m h d w mon q y), or any span on _time, gives the start of the bin
// as epoch seconds; a plain number on another field gives a range string
// "lo-hi". Results whose field is null or not numeric pass unchanged. bin
// without span= (automatic bins) is not supported.
func (c *compiler) bin(cmd *ast.BinCommand) stage {
	opts, ok := c.options(cmd.Cmd, cmd.Options, "span")
	if !ok {
		return nil
	}
	o := opts["span"]
	if o == nil {
		c.errf(source.ErrUnsupported, cmd.Sp, "%s without span= is not supported", cmd.Cmd)
		return nil
	}
	sp, err := spltime.ParseSpan(o.Value)
	if err != nil {
		c.errf(source.ErrSyntax, o.Sp, "%v", err)
		return nil
	}
	from := cmd.Field.Name
	to := from
	if cmd.As != nil {
		to = cmd.As.Name
	}
	timeLike := sp.Unit != spltime.None || from == event.Time
	return mapStage(func(ev *event.Event) {
		f, ok := ev.Get(from).Number()
		if !ok {
			return
		}
		if timeLike {
			ev.Set(to, value.Num(sp.Floor(f)))
			return
		}
		lo := sp.Floor(f)
		ev.Set(to, value.Str(value.FormatNumber(lo)+"-"+value.FormatNumber(lo+sp.N)))
	})
}
