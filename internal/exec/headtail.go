package exec

import (
	"context"
	"slices"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// head keeps the first N results (default 10) and then stops pulling input,
// which ends the scan early.
func (c *compiler) head(cmd *ast.HeadCommand) stage {
	opts, ok := c.options("head", cmd.Options, "limit")
	if !ok {
		return nil
	}
	n := 10
	if cmd.HasCount {
		n = cmd.Count
	}
	if o := opts["limit"]; o != nil {
		if n, ok = c.intOption(o, n); !ok {
			return nil
		}
	}
	return &headStage{n: n}
}

type headStage struct{ n int }

func (s *headStage) open(in Operator, _ *runState) Operator { return &headOp{in: in, left: s.n} }

type headOp struct {
	in   Operator
	left int
}

func (o *headOp) Next(ctx context.Context) (*Batch, error) {
	if o.left <= 0 {
		return nil, nil
	}
	b, err := o.in.Next(ctx)
	if err != nil || b == nil {
		return nil, err
	}
	if len(b.Events) > o.left {
		b.Events = b.Events[:o.left]
	}
	o.left -= len(b.Events)
	return b, nil
}

func (o *headOp) Close() { o.in.Close() }

// tail returns the last N results (default 10) in reverse order, the last
// result first, as Splunk's tail does.
func (c *compiler) tail(cmd *ast.TailCommand) stage {
	n := 10
	if cmd.HasCount {
		n = cmd.Count
	}
	return &blockingStage{name: "tail", span: cmd.Sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		if len(in) > n {
			in = in[len(in)-n:]
		}
		slices.Reverse(in)
		return in, nil
	}}
}

// reverseStage reverses the order of the results.
func reverseStage() stage {
	return &blockingStage{name: "reverse", run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		slices.Reverse(in)
		return in, nil
	}}
}
