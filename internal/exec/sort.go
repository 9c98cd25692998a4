package exec

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// DefaultSortLimit is how many results sort keeps unless told otherwise
// (spl-semantics.md §9.15: the rest are silently discarded).
const DefaultSortLimit = 10000

// sort orders results by keys: auto compares numbers numerically and before
// strings, strings byte-wise; num() and str() and ip() force a type; a result
// missing the field sorts lowest [VERIFY]. The sort is stable; a trailing
// desc reverses the whole order; sort N or limit=N keeps the first N (0: all).
func (c *compiler) sort(cmd *ast.SortCommand) stage {
	opts, ok := c.options("sort", cmd.Options, "limit")
	if !ok {
		return nil
	}
	limit := DefaultSortLimit
	if cmd.HasCount {
		limit = cmd.Count
	}
	if o := opts["limit"]; o != nil {
		if limit, ok = c.intOption(o, limit); !ok {
			return nil
		}
	}
	spec := c.sortSpec(cmd.Keys, cmd.Reverse, limit)
	if spec == nil {
		return nil
	}
	return &blockingStage{name: "sort", span: cmd.Sp, run: func(ctx context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		return spec.sort(ctx, in)
	}}
}

type sortKey struct {
	name string
	desc bool
	kind string // "auto", "num", "str", "ip"
}

type sortSpec struct {
	keys    []sortKey
	reverse bool
	limit   int
}

func (c *compiler) sortSpec(keys []*ast.SortKey, reverse bool, limit int) *sortSpec {
	s := &sortSpec{reverse: reverse, limit: limit}
	for _, k := range keys {
		kind := strings.ToLower(k.Func)
		switch kind {
		case "":
			kind = "auto"
		case "auto", "num", "str", "ip":
		default:
			c.errf(source.ErrUnsupported, k.Sp, "sort type %q is not supported", k.Func)
			return nil
		}
		s.keys = append(s.keys, sortKey{name: k.Field.Name, desc: k.Desc, kind: kind})
	}
	return s
}

func (s *sortSpec) sort(ctx context.Context, in []*event.Event) ([]*event.Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	slices.SortStableFunc(in, func(a, b *event.Event) int {
		for _, k := range s.keys {
			c := compareSortValues(a.Get(k.name), b.Get(k.name), k.kind)
			if k.desc {
				c = -c
			}
			if s.reverse {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return 0
	})
	if s.limit > 0 && len(in) > s.limit {
		in = in[:s.limit]
	}
	return in, nil
}

func compareSortValues(a, b value.Value, kind string) int {
	switch {
	case a.IsNull() && b.IsNull():
		return 0
	case a.IsNull():
		return -1
	case b.IsNull():
		return 1
	}
	x, y := a.Index(0), b.Index(0)
	switch kind {
	case "str":
		return strings.Compare(x, y)
	case "num":
		fx, okx := value.ParseNumber(x)
		fy, oky := value.ParseNumber(y)
		switch {
		case okx && oky:
			return cmpFloat(fx, fy)
		case okx:
			return -1
		case oky:
			return 1
		}
		return strings.Compare(x, y)
	case "ip":
		ax, errx := netip.ParseAddr(x)
		ay, erry := netip.ParseAddr(y)
		if errx == nil && erry == nil {
			return ax.Compare(ay)
		}
	}
	return value.CompareText(x, y)
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
