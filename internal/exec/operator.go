package exec

import (
	"context"

	"github.com/riskhound/riskhound/internal/event"
)

// batchSize is how many events an operator hands downstream at a time.
const batchSize = 1024

// Batch is a run of results flowing between operators, in order.
//
// Ownership: a batch returned by Next belongs to the caller, events
// included; the producer keeps no reference and the consumer may modify or
// retain the events. (The source operator clones the caller's events, so Run
// never modifies what it was given.)
type Batch struct {
	Events []*event.Event
}

// Operator is one running stage of a pipeline.
//
// Lifecycle: an operator is created per Run by its stage's open method, with
// its upstream operator as input. The runner calls Next repeatedly from a
// single goroutine until Next returns a nil batch (end of results) or an
// error, then calls Close exactly once. Operators are never used
// concurrently.
//
// Next returns the next non-empty batch, or (nil, nil) at the end. Streaming
// operators return a batch per input batch; blocking operators (stats, sort,
// tail, eventstats ...) consume all input on the first call. An operator that
// needs no more input (head) stops pulling and returns end; its Close closes
// the input early, which is how a search stops scanning.
//
// Cancellation: operators check ctx between batches and inside long loops,
// and return ctx.Err() when it is done.
//
// Memory: stateful operators charge what they retain to the run's budget and
// fail with a source.ErrLimit error when it is exhausted.
type Operator interface {
	Next(ctx context.Context) (*Batch, error)
	Close()
}

// stage is a compiled command: immutable, shared by every Run of a Program,
// and able to open a fresh Operator for one run.
type stage interface {
	open(in Operator, rs *runState) Operator
}

// runState is the per-Run state shared by the operators of one run.
type runState struct {
	budget *budget
}

// sliceSource yields the given events in batches, cloning each so that
// downstream operators own what they receive.
type sliceSource struct {
	events []*event.Event
	pos    int
	// shared skips the clones when the first stage only reads its input
	// (stats): the caller's events are then never modified.
	shared bool
}

func (s *sliceSource) Next(ctx context.Context) (*Batch, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.pos >= len(s.events) {
		return nil, nil
	}
	end := min(s.pos+batchSize, len(s.events))
	out := make([]*event.Event, 0, end-s.pos)
	for _, e := range s.events[s.pos:end] {
		if !s.shared {
			e = e.Clone()
		}
		out = append(out, e)
	}
	s.pos = end
	return &Batch{Events: out}, nil
}

func (s *sliceSource) Close() { s.events = nil }

// emitter turns a slice of results produced by a blocking operator into
// batches.
type emitter struct {
	out []*event.Event
	pos int
}

func (e *emitter) next() *Batch {
	if e.pos >= len(e.out) {
		e.out = nil
		return nil
	}
	end := min(e.pos+batchSize, len(e.out))
	b := &Batch{Events: e.out[e.pos:end:end]}
	e.pos = end
	return b
}

// drain reads every remaining batch of in, calling f for each event.
func drain(ctx context.Context, in Operator, f func(*event.Event) error) error {
	for {
		b, err := in.Next(ctx)
		if err != nil {
			return err
		}
		if b == nil {
			return nil
		}
		for _, e := range b.Events {
			if err := f(e); err != nil {
				return err
			}
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

// streamStage is a stateless per-event command (eval, where, rename ...):
// fn returns the results an input event turns into, appending to dst. fn may
// modify and return the event itself, which the operator owns.
type streamStage struct {
	fn func(dst []*event.Event, ev *event.Event) ([]*event.Event, error)
}

func (s *streamStage) open(in Operator, _ *runState) Operator {
	return &streamOp{in: in, fn: s.fn}
}

type streamOp struct {
	in Operator
	fn func(dst []*event.Event, ev *event.Event) ([]*event.Event, error)
}

func (o *streamOp) Next(ctx context.Context) (*Batch, error) {
	for {
		b, err := o.in.Next(ctx)
		if err != nil || b == nil {
			return nil, err
		}
		out := b.Events[:0:0]
		for _, e := range b.Events {
			if out, err = o.fn(out, e); err != nil {
				return nil, err
			}
		}
		if len(out) > 0 {
			return &Batch{Events: out}, nil
		}
	}
}

func (o *streamOp) Close() { o.in.Close() }

// filterStage keeps the events keep accepts.
func filterStage(keep func(*event.Event) bool) *streamStage {
	return &streamStage{fn: func(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
		if keep(ev) {
			dst = append(dst, ev)
		}
		return dst, nil
	}}
}

// mapStage changes each event in place.
func mapStage(f func(*event.Event)) *streamStage {
	return &streamStage{fn: func(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
		f(ev)
		return append(dst, ev), nil
	}}
}

// blockingStage is a command that needs all its input before producing
// output (stats, sort, tail, ...): run receives every input event and
// returns the results.
type blockingStage struct {
	run  func(ctx context.Context, rs *runState, in []*event.Event) ([]*event.Event, error)
	name string
	span spanInfo
}

func (s *blockingStage) open(in Operator, rs *runState) Operator {
	return &blockingOp{in: in, st: s, rs: rs}
}

type blockingOp struct {
	in   Operator
	st   *blockingStage
	rs   *runState
	done bool
	em   emitter
}

func (o *blockingOp) Next(ctx context.Context) (*Batch, error) {
	if !o.done {
		o.done = true
		var all []*event.Event
		err := drain(ctx, o.in, func(e *event.Event) error {
			// Everything retained until run counts against the budget.
			if err := o.rs.budget.charge(eventSize(e), o.st.name, o.st.span); err != nil {
				return err
			}
			all = append(all, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
		out, err := o.st.run(ctx, o.rs, all)
		if err != nil {
			return nil, err
		}
		o.em = emitter{out: out}
	}
	return o.em.next(), nil
}

func (o *blockingOp) Close() { o.in.Close() }

// eventSize estimates the bytes an event retains, for the memory budget.
func eventSize(e *event.Event) int64 {
	n := int64(48 + 40*len(e.Fields))
	for _, f := range e.Fields {
		n += int64(len(f.Name))
		for i := 0; i < f.Value.Len(); i++ {
			n += int64(len(f.Value.Index(i))) + 16
		}
	}
	return n
}
