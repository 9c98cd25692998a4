package exec

import (
	"context"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// makeresults generates count= results (default 1), each holding only _time
// set to the search's start time (Env.Now). It starts a pipeline, so it has
// no input.
func (c *compiler) makeresults(cmd *ast.MakeresultsCommand) stage {
	opts, ok := c.options("makeresults", cmd.Options, "count", "annotate")
	if !ok {
		return nil
	}
	n, ok := c.intOption(opts["count"], 1)
	if !ok {
		return nil
	}
	now := value.Num(float64(c.env.Now.Unix()))
	annotate, ok := c.boolOption(opts["annotate"], false)
	if !ok {
		return nil
	}
	return &blockingStage{name: "makeresults", span: cmd.Sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		out := in
		for range n {
			e := event.New(1)
			e.Set(event.Time, now)
			if annotate {
				for _, k := range []string{event.Host, event.Source, event.Sourcetype, "splunk_server"} {
					e.Append(k, value.NullValue)
				}
			}
			out = append(out, e)
		}
		return out, nil
	}}
}
