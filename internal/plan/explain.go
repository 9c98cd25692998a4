package plan

import (
	"fmt"
	"strings"
	"time"
)

// String explains the plan on a few lines: the time range, the leading
// filter and its pushdown constraints, and the commands after it, each in
// canonical SPL.
func (pl *Plan) String() string {
	var b strings.Builder
	ts := func(t time.Time) string {
		if t.IsZero() {
			return "unbounded"
		}
		return t.UTC().Format(time.RFC3339)
	}
	fmt.Fprintf(&b, "range: [%s, %s)\n", ts(pl.Earliest), ts(pl.Latest))
	switch {
	case pl.Generating:
		b.WriteString("source: generating\n")
	case pl.Tstats != nil:
		b.WriteString("source: tstats rows")
		if pl.Nodename != "" {
			b.WriteString(" of " + pl.Nodename)
		}
		b.WriteByte('\n')
	case pl.From != nil:
		b.WriteString("source: " + pl.From.String() + "\n")
	default:
		b.WriteString("source: events\n")
	}
	if pl.Search != nil {
		if e := pl.Search.Expr(); e != nil {
			b.WriteString("filter: " + e.String() + "\n")
		} else {
			b.WriteString("filter: all\n")
		}
		for _, c := range pl.Search.Required() {
			fmt.Fprintf(&b, "require: %s in (%s)\n", c.Field, strings.Join(c.Values, ", "))
		}
	}
	for _, c := range pl.Commands {
		b.WriteString("| " + c.String() + "\n")
	}
	return b.String()
}
