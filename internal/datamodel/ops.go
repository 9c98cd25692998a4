package datamodel

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// The operation language of field definitions. A mapping entry or a model
// calculated field names one operation; the operation reads fields (raw
// event fields in a mapping, CIM fields in a model) and yields a value or
// null. The operations are compiled once at load time (regexes included) and
// interpreted per event without compiling or allocating beyond the result
// strings. The YAML spelling of each is in doc.go.

type opKind uint8

const (
	opCopy opKind = iota
	opConst
	opBasename
	opDirname
	opStripDomain
	opLower
	opCoalesce
	opConcat
	opMap
	opRegex
	opPrefix
	opSplit
	opCmdline
	opDNSAnswers
	opProcessName
	opVendorProduct
	opMVCount
	opSum
	opDiff
	opNumeric
	opLength
)

// opNames maps the YAML key of each operation to its kind.
var opNames = map[string]opKind{
	"copy": opCopy, "const": opConst, "basename": opBasename, "dirname": opDirname,
	"strip_domain": opStripDomain, "lower": opLower, "coalesce": opCoalesce,
	"concat": opConcat, "map": opMap, "regex": opRegex, "prefix": opPrefix,
	"split": opSplit, "command_line": opCmdline, "dns_answers": opDNSAnswers,
	"process_name": opProcessName, "vendor_product": opVendorProduct,
	"mvcount": opMVCount, "sum": opSum, "diff": opDiff, "numeric": opNumeric,
	"length": opLength,
}

// ref names a field an operation reads. raw refs read the event; the others
// read the CIM record by id.
type ref struct {
	name string
	id   int32
	raw  bool
}

// env is what operations read: the raw event and the CIM record.
type env struct {
	ev  *event.Event
	rec []value.Value
}

func (e *env) get(r ref) value.Value {
	if r.raw {
		return e.ev.Get(r.name)
	}
	return e.rec[r.id]
}

type pair struct{ key, val string }

// op is one compiled operation.
type op struct {
	kind     opKind
	args     []ref
	lit      string      // const value, concat/split separator
	pairs    []pair      // map entries (keys compared case-insensitively) or prefix rules
	def      value.Value // map default
	re       *regexp.Regexp
	keep     bool     // regex/prefix: keep the input when nothing matches; prefix: append the rest
	keepRest bool     // prefix: append the text after the prefix
	ignore   []string // input values that count as missing (case-insensitive)
}

// in returns argument i, null when absent, empty or ignored.
func (o *op) in(e *env, i int) value.Value {
	v := e.get(o.args[i])
	if v.IsNull() {
		return v
	}
	if !v.IsMulti() {
		s := v.Text()
		if s == "" {
			return value.NullValue
		}
		for _, ig := range o.ignore {
			if strings.EqualFold(s, ig) {
				return value.NullValue
			}
		}
	}
	return v
}

// each applies f to every value of v; f returning false drops the value.
func each(v value.Value, f func(string) (string, bool)) value.Value {
	if v.IsNull() {
		return v
	}
	if !v.IsMulti() {
		s, ok := f(v.Text())
		if !ok || s == "" {
			return value.NullValue
		}
		return value.Str(s)
	}
	out := make([]string, 0, v.Len())
	for _, s := range v.Values() {
		if r, ok := f(s); ok && r != "" {
			out = append(out, r)
		}
	}
	return value.MV(out)
}

func (o *op) eval(e *env) value.Value {
	switch o.kind {
	case opCopy:
		return o.in(e, 0)
	case opConst:
		return value.Str(o.lit)
	case opBasename:
		return each(o.in(e, 0), basename)
	case opDirname:
		return each(o.in(e, 0), dirname)
	case opStripDomain:
		return each(o.in(e, 0), func(s string) (string, bool) {
			return s[strings.LastIndexByte(s, '\\')+1:], true
		})
	case opLower:
		return each(o.in(e, 0), func(s string) (string, bool) { return strings.ToLower(s), true })
	case opCoalesce:
		for i := range o.args {
			if v := o.in(e, i); !v.IsNull() {
				return v
			}
		}
		return value.NullValue
	case opConcat:
		var b strings.Builder
		for i := range o.args {
			v := o.in(e, i)
			if v.IsNull() {
				return value.NullValue
			}
			if i > 0 {
				b.WriteString(o.lit)
			}
			b.WriteString(v.Text())
		}
		return value.Str(b.String())
	case opMap:
		v := o.in(e, 0)
		if v.IsNull() {
			return o.def
		}
		s := v.Text()
		for _, p := range o.pairs {
			if strings.EqualFold(p.key, s) {
				return value.Str(p.val)
			}
		}
		return o.def
	case opRegex:
		return each(o.in(e, 0), func(s string) (string, bool) {
			m := o.re.FindStringSubmatchIndex(s)
			switch {
			case m == nil:
				return s, o.keep
			case len(m) >= 4 && m[2] >= 0:
				return s[m[2]:m[3]], true
			}
			return s[m[0]:m[1]], true
		})
	case opPrefix:
		return each(o.in(e, 0), func(s string) (string, bool) {
			for _, p := range o.pairs {
				if len(s) >= len(p.key) && strings.EqualFold(s[:len(p.key)], p.key) {
					if o.keepRest {
						return p.val + s[len(p.key):], true
					}
					return p.val, true
				}
			}
			return s, o.keep
		})
	case opSplit:
		v := o.in(e, 0)
		if v.IsNull() {
			return v
		}
		var out []string
		for _, s := range v.Values() {
			for _, part := range strings.Split(s, o.lit) {
				if part = strings.TrimSpace(part); part != "" {
					out = append(out, part)
				}
			}
		}
		return value.MV(out)
	case opCmdline:
		return commandLine(o.in(e, 0), o.in(e, 1))
	case opDNSAnswers:
		return dnsAnswers(o.in(e, 0))
	case opProcessName:
		return each(o.in(e, 0), processNameFromCommand)
	case opVendorProduct:
		return vendorProduct(o.in(e, 0), o.in(e, 1), o.in(e, 2))
	case opMVCount:
		v := o.in(e, 0)
		if v.IsNull() {
			return v
		}
		return value.Str(strconv.Itoa(v.Len()))
	case opSum, opDiff:
		a, ok1 := o.in(e, 0).Number()
		b, ok2 := o.in(e, 1).Number()
		if !ok1 || !ok2 {
			return value.NullValue
		}
		if o.kind == opDiff {
			b = -b
		}
		return value.Str(value.FormatNumber(a + b))
	case opNumeric:
		v := o.in(e, 0)
		if v.IsMulti() || !value.LooksNumeric(v.Text()) {
			return value.NullValue
		}
		return v
	case opLength:
		v := o.in(e, 0)
		if v.IsNull() {
			return v
		}
		return value.Str(strconv.Itoa(utf8.RuneCountInString(v.Text())))
	}
	return value.NullValue
}

// basename returns the text after the last backslash or slash of a path.
func basename(s string) (string, bool) {
	i := strings.LastIndexAny(s, `\/`)
	return s[i+1:], true
}

// dirname returns the text before the last backslash of a registry or file
// path; a path without one has no directory.
func dirname(s string) (string, bool) {
	i := strings.LastIndexByte(s, '\\')
	if i < 0 {
		return "", false
	}
	return s[:i], true
}

// splitCommand splits a command line into its first token (a double-quoted
// string with its quotes, or the text up to the first whitespace) and the
// arguments after it.
func splitCommand(cmd string) (first, rest string) {
	cmd = strings.TrimLeft(cmd, " \t")
	if strings.HasPrefix(cmd, `"`) {
		if j := strings.IndexByte(cmd[1:], '"'); j >= 0 {
			return cmd[:j+2], strings.TrimLeft(cmd[j+2:], " \t")
		}
		return cmd, ""
	}
	if j := strings.IndexAny(cmd, " \t"); j >= 0 {
		return cmd[:j], strings.TrimLeft(cmd[j:], " \t")
	}
	return cmd, ""
}

// commandLine is Splunk_TA_windows' 4688 `process` (cim-mappings.md §3.2): the
// command line as written when its first token is a path, otherwise the image
// path (quoted when it has blanks) followed by the arguments, and the image
// path alone when command-line auditing is off.
func commandLine(cmd, image value.Value) value.Value {
	if cmd.IsNull() {
		return image
	}
	first, rest := splitCommand(cmd.Text())
	if strings.IndexByte(first, '\\') >= 0 || image.IsNull() {
		return cmd
	}
	p := image.Text()
	if strings.ContainsAny(p, " \t") {
		p = `"` + p + `"`
	}
	if rest == "" {
		return value.Str(p)
	}
	return value.Str(p + " " + rest)
}

// processNameFromCommand is the CIM 6.2+ process_name fallback (§2.0): the
// file name of a leading double-quoted path, else the last path component of
// the first token.
func processNameFromCommand(s string) (string, bool) {
	first, _ := splitCommand(s)
	first = strings.Trim(first, `"`)
	n, _ := basename(first)
	return n, n != ""
}

// dnsAnswers parses Sysmon 22 QueryResults ("type:  5 a.example;::ffff:1.2.3.4;")
// into a multivalue of answers, dropping record-type prefixes and the IPv4
// mapping prefix; "-" means no answers.
func dnsAnswers(v value.Value) value.Value {
	if v.IsNull() {
		return v
	}
	var out []string
	for _, s := range v.Values() {
		for _, part := range strings.Split(s, ";") {
			part = strings.TrimSpace(part)
			if strings.HasPrefix(part, "type:") {
				part = strings.TrimLeft(part[len("type:"):], " ")
				part = strings.TrimLeft(part, "0123456789")
				part = strings.TrimSpace(part)
			}
			part = strings.TrimPrefix(part, "::ffff:")
			if part != "" && part != "-" {
				out = append(out, part)
			}
		}
	}
	return value.MV(out)
}

// vendorProduct is rules 2-5 of the CIM vendor_product formula (§2.0); rule 1
// (an existing value) and rule 6 ("unknown") come from the field's
// calc-when-empty and fill.
func vendorProduct(vendor, product, sourcetype value.Value) value.Value {
	usable := func(v value.Value) bool { return !v.IsNull() && v.Text() != "unknown" }
	switch {
	case usable(vendor) && usable(product):
		return value.Str(vendor.Text() + " " + product.Text())
	case usable(vendor):
		return value.Str(vendor.Text() + " unknown")
	case usable(product):
		return value.Str("unknown " + product.Text())
	}
	return sourcetype
}

// cond is a `when`/`where` condition: the field has a value matching one of
// the patterns (case-insensitive, `*` wildcards), negated by `not`. A null
// field matches nothing, so a negated condition on it holds (Splunk search
// semantics of NOT).
type cond struct {
	field ref
	pats  []string
	not   bool
}

func (c *cond) holds(e *env) bool {
	v := e.get(c.field)
	hit := false
	for i := 0; i < v.Len() && !hit; i++ {
		s := v.Index(i)
		for _, p := range c.pats {
			if globFold(p, s) {
				hit = true
				break
			}
		}
	}
	return hit != c.not
}

// globFold reports whether s matches pattern p, where `*` matches any run of
// bytes and letters compare case-insensitively (ASCII and simple Unicode
// folding through strings.EqualFold on literal segments).
func globFold(p, s string) bool {
	if strings.IndexByte(p, '*') < 0 {
		return strings.EqualFold(p, s)
	}
	segs := strings.Split(p, "*")
	first, last := segs[0], segs[len(segs)-1]
	if len(s) < len(first) || !strings.EqualFold(s[:len(first)], first) {
		return false
	}
	s = s[len(first):]
	for _, seg := range segs[1 : len(segs)-1] {
		i := indexFold(s, seg)
		if i < 0 {
			return false
		}
		s = s[i+len(seg):]
	}
	return len(s) >= len(last) && strings.EqualFold(s[len(s)-len(last):], last)
}

func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}
