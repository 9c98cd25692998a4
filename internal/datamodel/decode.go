package datamodel

import (
	"regexp"
	"sort"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// decoder turns YAML nodes of one definition file into compiled definitions,
// collecting positioned diagnostics instead of stopping at the first one.
type decoder struct {
	f    *source.File
	errs source.List
	r    *Registry
}

func (d *decoder) errf(n *yamlnode.Node, format string, args ...any) {
	var sp source.Span
	if n != nil {
		sp = n.Span
	}
	d.errs.Add(source.Errorf(source.ErrInput, d.f, sp, format, args...))
}

// fields checks that n is a mapping whose keys are all allowed.
func (d *decoder) fields(n *yamlnode.Node, what string, allowed ...string) bool {
	if n == nil || n.Kind != yamlnode.Map {
		d.errf(n, "%s: want a mapping, got %s", what, describeOrMissing(n))
		return false
	}
	ok := true
	for _, k := range n.Keys {
		found := false
		for _, a := range allowed {
			if k.Text == a {
				found = true
				break
			}
		}
		if !found {
			d.errf(k, "%s: unknown key %q (known: %v)", what, k.Text, allowed)
			ok = false
		}
	}
	return ok
}

func describeOrMissing(n *yamlnode.Node) string {
	if n == nil {
		return "nothing"
	}
	return yamlnode.Describe(n)
}

// str returns a required scalar.
func (d *decoder) str(n *yamlnode.Node, what string) string {
	if n == nil || n.Kind != yamlnode.Scalar || n.Text == "" {
		d.errf(n, "%s: want a non-empty text, got %s", what, describeOrMissing(n))
		return ""
	}
	return n.Text
}

// optStr returns an optional scalar, "" when absent.
func (d *decoder) optStr(n *yamlnode.Node, what string) string {
	if n == nil || n.Kind == yamlnode.Null {
		return ""
	}
	if n.Kind != yamlnode.Scalar {
		d.errf(n, "%s: want a text, got %s", what, yamlnode.Describe(n))
		return ""
	}
	return n.Text
}

// optBool returns an optional Boolean.
func (d *decoder) optBool(n *yamlnode.Node, what string) bool {
	switch s := d.optStr(n, what); s {
	case "", "false":
		return false
	case "true":
		return true
	default:
		d.errf(n, "%s: want true or false, got %q", what, s)
	}
	return false
}

// strs returns a scalar or a sequence of scalars as a list.
func (d *decoder) strs(n *yamlnode.Node, what string) []string {
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	if n.Kind == yamlnode.Scalar {
		return []string{n.Text}
	}
	if n.Kind != yamlnode.Seq {
		d.errf(n, "%s: want a list of texts, got %s", what, yamlnode.Describe(n))
		return nil
	}
	out := make([]string, 0, len(n.Vals))
	for _, v := range n.Vals {
		if v.Kind != yamlnode.Scalar {
			d.errf(v, "%s: want a text, got %s", what, yamlnode.Describe(v))
			continue
		}
		out = append(out, v.Text)
	}
	return out
}

// metaNames are the event metadata fields that model calculations and
// constraints read from the event itself.
var metaNames = map[string]bool{
	event.Time: true, event.Host: true, event.Source: true, event.Sourcetype: true, event.Index: true,
}

// ref resolves a field name: raw refs read the event; record refs read the
// CIM record, except metadata names, which always read the event.
func (d *decoder) ref(name string, raw bool) ref {
	if raw || metaNames[name] {
		return ref{name: name, id: -1, raw: true}
	}
	return ref{name: name, id: d.r.intern(name)}
}

// opKeys lists the keys that select an operation, for error messages.
func opKeys() []string {
	keys := make([]string, 0, len(opNames))
	for k := range opNames {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// op compiles operation key with argument arg. raw says whether field names
// refer to raw event fields (mappings) or CIM fields (models).
func (d *decoder) op(key, arg *yamlnode.Node, raw bool) *op {
	kind := opNames[key.Text]
	o := &op{kind: kind}
	name := func(n *yamlnode.Node, what string) {
		if s := d.str(n, what); s != "" {
			o.args = append(o.args, d.ref(s, raw))
		}
	}
	what := key.Text
	switch kind {
	case opCopy, opBasename, opDirname, opStripDomain, opLower, opDNSAnswers, opProcessName, opMVCount, opNumeric, opLength:
		name(arg, what)
	case opConst:
		o.lit = d.str(arg, what)
	case opCoalesce, opSum, opDiff:
		for _, s := range d.strs(arg, what) {
			o.args = append(o.args, d.ref(s, raw))
		}
		if len(o.args) == 0 || (kind != opCoalesce && len(o.args) != 2) {
			d.errf(arg, "%s: wrong number of fields", what)
		}
	case opConcat:
		if d.fields(arg, what, "fields", "sep") {
			for _, s := range d.strs(arg.Get("fields"), what+".fields") {
				o.args = append(o.args, d.ref(s, raw))
			}
			if len(o.args) == 0 {
				d.errf(arg, "%s: no fields", what)
			}
			o.lit = d.optStr(arg.Get("sep"), what+".sep")
		}
	case opMap:
		if d.fields(arg, what, "from", "values", "default") {
			name(arg.Get("from"), what+".from")
			vals := arg.Get("values")
			if vals == nil || vals.Kind != yamlnode.Map {
				d.errf(arg, "%s.values: want a mapping of value: result", what)
			} else {
				for i, k := range vals.Keys {
					o.pairs = append(o.pairs, pair{k.Text, d.str(vals.Vals[i], what+".values")})
				}
			}
			if def := arg.Get("default"); def != nil {
				o.def = value.Str(d.str(def, what+".default"))
			}
		}
	case opRegex:
		if d.fields(arg, what, "from", "pattern", "keep") {
			name(arg.Get("from"), what+".from")
			pat := arg.Get("pattern")
			if s := d.str(pat, what+".pattern"); s != "" {
				re, err := regexp.Compile(s)
				if err != nil {
					d.errf(pat, "%s.pattern: %v", what, err)
				}
				o.re = re
			}
			o.keep = d.optBool(arg.Get("keep"), what+".keep")
		}
	case opPrefix:
		if d.fields(arg, what, "from", "prefixes", "keep", "rest") {
			name(arg.Get("from"), what+".from")
			ps := arg.Get("prefixes")
			if ps == nil || ps.Kind != yamlnode.Map {
				d.errf(arg, "%s.prefixes: want a mapping of prefix: replacement", what)
			} else {
				for i, k := range ps.Keys {
					o.pairs = append(o.pairs, pair{k.Text, d.optStr(ps.Vals[i], what+".prefixes")})
				}
			}
			o.keep = d.optBool(arg.Get("keep"), what+".keep")
			o.keepRest = d.optBool(arg.Get("rest"), what+".rest")
		}
	case opSplit:
		if d.fields(arg, what, "from", "sep") {
			name(arg.Get("from"), what+".from")
			o.lit = d.str(arg.Get("sep"), what+".sep")
		}
	case opCmdline:
		if d.fields(arg, what, "command", "image") {
			name(arg.Get("command"), what+".command")
			name(arg.Get("image"), what+".image")
		}
	case opVendorProduct:
		for _, s := range []string{"vendor", "product", event.Sourcetype} {
			o.args = append(o.args, d.ref(s, raw))
		}
	}
	return o
}

// conds compiles a condition or a list of them: {field: F, in: [...]} or
// {field: F, not_in: [...]}.
func (d *decoder) conds(n *yamlnode.Node, what string, raw bool) []cond {
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	items := []*yamlnode.Node{n}
	if n.Kind == yamlnode.Seq {
		items = n.Vals
	}
	var out []cond
	for _, it := range items {
		if !d.fields(it, what, "field", "in", "not_in") {
			continue
		}
		c := cond{field: d.ref(d.str(it.Get("field"), what+".field"), raw)}
		in, notIn := it.Get("in"), it.Get("not_in")
		switch {
		case in != nil && notIn == nil:
			c.pats = d.strs(in, what+".in")
		case notIn != nil && in == nil:
			c.pats, c.not = d.strs(notIn, what+".not_in"), true
		default:
			d.errf(it, "%s: want exactly one of in and not_in", what)
		}
		out = append(out, c)
	}
	return out
}
