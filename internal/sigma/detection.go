package sigma

import (
	"encoding/base64"
	"strings"
	"unicode/utf16"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// expr is a compiled detection expression.
type expr interface{ isExpr() }

type (
	andExpr []expr
	orExpr  []expr
	notExpr struct{ x expr }
	// leaf is one test of one field (or of _raw for keywords).
	leaf struct {
		field string
		kind  leafKind
		// pat is the value as wildcard parts (kindGlob, kindRegex built from
		// a glob); re a regular expression (kindRegex); text the operand of
		// the other kinds.
		pat   []part
		re    string
		text  string
		cased bool // kindGlob: case-sensitive (the cased modifier)
	}
	constExpr bool // an empty selection or a list with no values
)

func (andExpr) isExpr()   {}
func (orExpr) isExpr()    {}
func (notExpr) isExpr()   {}
func (*leaf) isExpr()     {}
func (constExpr) isExpr() {}

type leafKind uint8

const (
	kindGlob   leafKind = iota // whole-value match with * and ? wildcards
	kindRegex                  // re matches somewhere in the value
	kindExists                 // the field is present
	kindCIDR                   // text is a network the value is in
	kindLt                     // numeric comparisons with text
	kindLte
	kindGt
	kindGte
	kindFieldRef // text names a field whose value equals this one's
)

// part is one piece of a Sigma string value: literal text, `*` (any run) or
// `?` (any one character).
type part struct {
	lit  string
	wild byte // 0 for a literal, '*' or '?'
}

// parseValue splits a Sigma string into parts. A backslash escapes `*`, `?`
// and itself; before any other character it is literal (Sigma's escaping).
func parseValue(s string) []part {
	var out []part
	var lit strings.Builder
	flush := func() {
		if lit.Len() > 0 {
			out = append(out, part{lit: lit.String()})
			lit.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '*' || s[i+1] == '?' || s[i+1] == '\\'):
			lit.WriteByte(s[i+1])
			i++
		case c == '*' || c == '?':
			flush()
			out = append(out, part{wild: c})
		default:
			lit.WriteByte(c)
		}
	}
	flush()
	return out
}

// detCompiler compiles one rule's detection block.
type detCompiler struct {
	f    *source.File
	errs source.List
}

func (c *detCompiler) errf(cls error, sp source.Span, format string, args ...any) {
	c.errs.Add(source.Errorf(cls, c.f, sp, format, args...))
}

// selection compiles a named search identifier's definition: a mapping (AND
// of field conditions), a list of mappings (OR), or a list of keywords.
func (c *detCompiler) selection(n *yamlnode.Node) expr {
	switch n.Kind {
	case yamlnode.Map:
		var and andExpr
		for i, k := range n.Keys {
			and = append(and, c.fieldCond(k, n.Vals[i]))
		}
		return and
	case yamlnode.Seq:
		var or orExpr
		for _, item := range n.Vals {
			switch item.Kind {
			case yamlnode.Map:
				or = append(or, c.selection(item))
			case yamlnode.Scalar:
				or = append(or, &leaf{field: "_raw", kind: kindGlob, pat: contains(parseValue(item.Text))})
			default:
				c.errf(source.ErrInput, item.Span, "a selection list holds mappings or keywords, not %s", yamlnode.Describe(item))
			}
		}
		return or
	case yamlnode.Scalar:
		return &leaf{field: "_raw", kind: kindGlob, pat: contains(parseValue(n.Text))}
	}
	c.errf(source.ErrInput, n.Span, "a selection is a mapping or a list, not %s", yamlnode.Describe(n))
	return constExpr(false)
}

// fieldCond compiles `field|mod|mod: value(s)`.
func (c *detCompiler) fieldCond(k, v *yamlnode.Node) expr {
	name, mods, _ := strings.Cut(k.Text, "|")
	var modList []string
	if mods != "" {
		modList = strings.Split(mods, "|")
	}
	field := name
	if name == "" {
		field = "_raw" // keywords written as `|contains: ...`
	}
	if m, ok := fieldNames[field]; ok {
		field = m
	}
	var vals []*yamlnode.Node
	switch v.Kind {
	case yamlnode.Seq:
		vals = v.Vals
	default:
		vals = []*yamlnode.Node{v}
	}
	all := false
	var transform []string // value transformations, in order
	kind := kindGlob
	shape := "" // contains, startswith, endswith
	cased := false
	reFlags := ""
	for _, m := range modList {
		switch m {
		case "contains", "startswith", "endswith":
			shape = m
		case "all":
			all = true
		case "re":
			kind = kindRegex
		case "i", "m", "s":
			reFlags += m
		case "cidr":
			kind = kindCIDR
		case "exists":
			kind = kindExists
		case "lt":
			kind = kindLt
		case "lte":
			kind = kindLte
		case "gt":
			kind = kindGt
		case "gte":
			kind = kindGte
		case "fieldref":
			kind = kindFieldRef
		case "cased":
			cased = true
		case "base64", "base64offset", "wide", "utf16le", "utf16be", "utf16", "windash":
			transform = append(transform, m)
		case "expand":
			c.errf(source.ErrUnsupported, k.Span, "modifier %q needs placeholder values, which riskhound does not have", m)
			return constExpr(false)
		default:
			c.errf(source.ErrUnsupported, k.Span, "Sigma modifier %q is not supported", m)
			return constExpr(false)
		}
	}
	if reFlags != "" && kind != kindRegex {
		c.errf(source.ErrInput, k.Span, "modifier %q applies only with re", reFlags)
	}
	var terms []expr
	for _, vn := range vals {
		if vn.Kind == yamlnode.Null || (vn.Kind == yamlnode.Scalar && vn.Text == "" && !vn.Quoted && kind == kindGlob) {
			// field: null (and an empty unquoted value) means the field is
			// absent; readers make no field of an empty value.
			terms = append(terms, notExpr{&leaf{field: field, kind: kindExists}})
			continue
		}
		if vn.Kind != yamlnode.Scalar {
			c.errf(source.ErrInput, vn.Span, "a field value is a scalar, not %s", yamlnode.Describe(vn))
			continue
		}
		text := vn.Text
		switch kind {
		case kindExists:
			switch strings.ToLower(text) {
			case "true", "yes":
				terms = append(terms, &leaf{field: field, kind: kindExists})
			case "false", "no":
				terms = append(terms, notExpr{&leaf{field: field, kind: kindExists}})
			default:
				c.errf(source.ErrInput, vn.Span, "exists wants true or false, not %q", text)
			}
			continue
		case kindRegex:
			re := text
			if reFlags != "" {
				re = "(?" + reFlags + ")" + re
			}
			terms = append(terms, &leaf{field: field, kind: kindRegex, re: re})
			continue
		case kindCIDR, kindLt, kindLte, kindGt, kindGte, kindFieldRef:
			if kind == kindFieldRef {
				if m, ok := fieldNames[text]; ok {
					text = m
				}
			}
			terms = append(terms, &leaf{field: field, kind: kind, text: text})
			continue
		}
		if text == "" {
			// A quoted empty string: the field is present and empty, which
			// the readers never produce; Sigma backends treat it as absent.
			terms = append(terms, notExpr{&leaf{field: field, kind: kindExists}})
			continue
		}
		variants := []string{text}
		for _, t := range transform {
			variants = c.transform(t, variants, k.Span)
		}
		if !isEncoded(transform) {
			variants = withEscaped(variants)
		}
		var alts orExpr
		for _, s := range variants {
			pat := parseValue(s)
			if isEncoded(transform) {
				pat = []part{{lit: s}} // encoded text has no wildcards
			}
			switch shape {
			case "contains":
				pat = contains(pat)
			case "startswith":
				pat = append(pat, part{wild: '*'})
			case "endswith":
				pat = append([]part{{wild: '*'}}, pat...)
			}
			alts = append(alts, &leaf{field: field, kind: kindGlob, pat: pat, cased: cased})
		}
		if len(alts) == 1 {
			terms = append(terms, alts[0])
		} else {
			terms = append(terms, alts)
		}
	}
	switch {
	case len(terms) == 0:
		return constExpr(false)
	case len(terms) == 1:
		return terms[0]
	case all:
		return andExpr(terms)
	}
	return orExpr(terms)
}

func isEncoded(transform []string) bool {
	for _, t := range transform {
		if strings.HasPrefix(t, "base64") {
			return true
		}
	}
	return false
}

// contains wraps a pattern in `*` on both sides.
func contains(p []part) []part {
	out := make([]part, 0, len(p)+2)
	out = append(out, part{wild: '*'})
	out = append(out, p...)
	return append(out, part{wild: '*'})
}

// dashes are the characters Windows command-line parsers accept for a
// leading option dash (the windash modifier).
var dashes = []string{"-", "/", "\u2013", "\u2014", "\u2015"}

// transform applies one value modifier to every variant.
func (c *detCompiler) transform(mod string, in []string, sp source.Span) []string {
	var out []string
	for _, s := range in {
		switch mod {
		case "windash":
			if !strings.ContainsAny(s, "-/") {
				out = append(out, s)
				continue
			}
			for _, d := range dashes {
				out = append(out, windash(s, d))
			}
		case "wide", "utf16le", "utf16":
			out = append(out, utf16String(s, false, mod == "utf16"))
		case "utf16be":
			out = append(out, utf16String(s, true, false))
		case "base64":
			out = append(out, base64.StdEncoding.EncodeToString([]byte(s)))
		case "base64offset":
			out = append(out, base64Offsets(s)...)
		}
	}
	return out
}

// windash replaces the dash or slash that starts each option word (at the
// start or after a space) with d.
func windash(s, d string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if (s[i] == '-' || s[i] == '/') && (i == 0 || s[i-1] == ' ') {
			b.WriteString(d)
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// utf16String returns s encoded as UTF-16 code units in a Go string of bytes
// (little-endian unless be), with a byte-order mark when bom.
func utf16String(s string, be, bom bool) string {
	units := utf16.Encode([]rune(s))
	var b []byte
	if bom {
		if be {
			b = append(b, 0xFE, 0xFF)
		} else {
			b = append(b, 0xFF, 0xFE)
		}
	}
	for _, u := range units {
		if be {
			b = append(b, byte(u>>8), byte(u))
		} else {
			b = append(b, byte(u), byte(u>>8))
		}
	}
	return string(b)
}

// base64Offsets returns the three base64 forms of s as it appears at byte
// offsets 0, 1 and 2 of a longer encoded text: the characters that do not
// depend on the unknown neighbours.
func base64Offsets(s string) []string {
	var out []string
	for off := 0; off < 3; off++ {
		enc := base64.StdEncoding.EncodeToString(append(make([]byte, off), s...))
		start := [...]int{0, 2, 3}[off]
		end := len(enc)
		switch (off + len(s)) % 3 {
		case 1:
			end -= 3
		case 2:
			end -= 2
		}
		if start < end {
			out = append(out, enc[start:end])
		}
	}
	return out
}

// xmlEscaper writes the entities Windows writes in event XML; fields read
// from XmlWinEventLog text and EVTX keep them, as Splunk does.
var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

// withEscaped adds to each value that has a character XML escapes its
// escaped form: Sigma values are decoded text, and the same rule must match
// XML-derived fields (entities kept) and JSON ones (decoded).
func withEscaped(vals []string) []string {
	out := vals
	for _, v := range vals {
		if e := xmlEscaper.Replace(v); e != v {
			if len(out) == len(vals) {
				out = append([]string(nil), vals...)
			}
			out = append(out, e)
		}
	}
	return out
}
