package exec

import (
	"context"
	"net/netip"
	"sort"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// iplocation adds GeoIP fields (City, Country, Region, lat, lon; more with
// allfields=true) for the IP in a field, named with prefix= (spl-semantics.md
// §9.25). Unknown or private addresses get nothing. A multivalue field uses
// its first value. Without Env.GeoIP the command still plans, so content
// validates, but a run that has an address to locate fails with a clear
// error rather than silently adding nothing; values no database could locate
// (not an IP address -- "unknown", a host name -- or a private, loopback or
// link-local one) get nothing with or without a database, so they do not
// need one.
func (c *compiler) iplocation(cmd *ast.IplocationCommand) stage {
	opts, ok := c.options("iplocation", cmd.Options, "prefix", "allfields", "lang")
	if !ok {
		return nil
	}
	all, ok := c.boolOption(opts["allfields"], false)
	if !ok {
		return nil
	}
	if c.env.GeoIP == nil {
		field, file, sp := cmd.Field.Name, c.env.File, cmd.Sp
		return &blockingStage{name: "iplocation", span: sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
			for _, e := range in {
				if locatable(e.Get(field)) {
					return nil, source.Errorf(source.ErrRuntime, file, sp,
						"iplocation needs a GeoIP database to locate %s: pass --geoip FILE.mmdb (a MaxMind City database)", field)
				}
			}
			return in, nil
		}}
	}
	prefix := ""
	if o := opts["prefix"]; o != nil {
		prefix = o.Value
	}
	geo, field := c.env.GeoIP, cmd.Field.Name
	return mapStage(func(ev *event.Event) {
		v := ev.Get(field)
		if v.IsNull() {
			return
		}
		info, ok := geo(v.Index(0), all)
		if !ok {
			return
		}
		keys := make([]string, 0, len(info))
		for k := range info {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ev.Set(prefix+k, value.Str(info[k]))
		}
	})
}

// outputlookup hands the results to Env.OutputLookup (when set) and passes
// them through unchanged (spl-semantics.md §9.8); append=true asks for the
// rows to be added to the table. create_empty and createinapp change
// nothing for an in-memory table and are accepted.
func (c *compiler) outputlookup(cmd *ast.OutputlookupCommand) stage {
	opts, ok := c.options("outputlookup", cmd.Options, "append", "create_empty", "createinapp")
	if !ok {
		return nil
	}
	appendRows, ok := c.boolOption(opts["append"], false)
	if !ok {
		return nil
	}
	out, table, env, sp := c.env.OutputLookup, cmd.Table.Name, c.env, cmd.Sp
	return &blockingStage{name: "outputlookup", span: sp, run: func(_ context.Context, _ *runState, in []*event.Event) ([]*event.Event, error) {
		if out != nil {
			rows := make([]*event.Event, len(in))
			for i, e := range in {
				rows[i] = e.Clone()
			}
			if err := out(table, rows, appendRows); err != nil {
				return nil, source.Errorf(source.ErrRuntime, env.File, sp, "outputlookup %s: %v", table, err)
			}
		}
		return in, nil
	}}
}

// locatable reports whether v's first value is an IP address a GeoIP
// database could place: a valid, global unicast, non-private address.
func locatable(v value.Value) bool {
	if v.IsNull() || v.Len() == 0 {
		return false
	}
	a, err := netip.ParseAddr(v.Index(0))
	if err != nil {
		return false
	}
	a = a.Unmap()
	return a.IsGlobalUnicast() && !a.IsPrivate()
}
