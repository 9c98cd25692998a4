package sigma

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// compile compiles a rule's detection block for its logsource into SPL.
func compile(f *source.File, ls Logsource, lsSpan source.Span, det *yamlnode.Node) (string, error) {
	c := &detCompiler{f: f}
	ts, why := targets(ls)
	if why != "" {
		return "", source.Errorf(source.ErrUnsupported, f, lsSpan, "%s", why)
	}
	if det.Kind != yamlnode.Map {
		return "", source.Errorf(source.ErrInput, f, det.Span, "detection is a mapping, not %s", yamlnode.Describe(det))
	}
	sels := map[string]expr{}
	var cond *yamlnode.Node
	for i, k := range det.Keys {
		switch k.Text {
		case "condition":
			cond = det.Vals[i]
		case "timeframe":
			// Only aggregations use it; those are reported by the condition.
		default:
			sels[k.Text] = c.selection(det.Vals[i])
		}
	}
	if cond == nil {
		return "", source.Errorf(source.ErrInput, f, det.Span, "detection has no condition")
	}
	var conds []*yamlnode.Node
	switch cond.Kind {
	case yamlnode.Scalar:
		conds = []*yamlnode.Node{cond}
	case yamlnode.Seq:
		conds = cond.Vals
	default:
		return "", source.Errorf(source.ErrInput, f, cond.Span, "condition is a string or a list of strings, not %s", yamlnode.Describe(cond))
	}
	var x orExpr
	for _, cn := range conds {
		p := &condParser{c: c, text: cn.Text, base: cn.Span.Start, sels: sels, names: sortedNames(sels), used: map[string]bool{}}
		x = append(x, p.parse())
	}
	if err := c.errs.Err(); err != nil {
		return "", err
	}
	body := simplify(x)
	r := renderer{}
	var branches []branch
	for _, t := range ts {
		if !t.answers(body) {
			continue
		}
		m := t.rename
		if t.spaced {
			m = map[string]string{}
			walk(body, func(l *leaf) {
				if l.field != "EventCode" && l.field != "_raw" {
					m[l.field] = spacedName(l.field)
				}
			})
		}
		branches = append(branches, branch{t: t, x: rename(body, m)})
	}
	if len(branches) == 0 {
		return "", source.Errorf(source.ErrUnsupported, f, lsSpan, "the rule's fields exist in none of the events of logsource %s", ls)
	}
	return r.pipeline(branches), nil
}

type branch struct {
	t target
	x expr
}

// answers reports whether t can run x: every field x tests under a
// negation exists in t's events. A field t lacks in a positive position is
// simply absent there and fails its test, as Sigma says; under a negation its
// absence would make the test pass, turning an exclusion into a match, so
// the rule does not run on t (as Sigma backends refuse an unmapped field).
func (t target) answers(x expr) bool {
	if t.only == nil {
		return true
	}
	ok := true
	var visit func(x expr, neg bool)
	visit = func(x expr, neg bool) {
		switch x := x.(type) {
		case andExpr:
			for _, y := range x {
				visit(y, neg)
			}
		case orExpr:
			for _, y := range x {
				visit(y, neg)
			}
		case notExpr:
			visit(x.x, !neg)
		case *leaf:
			if !neg {
				return
			}
			if x.field != "_raw" && !t.only[x.field] || x.kind == kindFieldRef && !t.only[x.text] {
				ok = false
			}
		}
	}
	visit(x, false)
	return ok
}

func walk(x expr, fn func(*leaf)) {
	switch x := x.(type) {
	case andExpr:
		for _, y := range x {
			walk(y, fn)
		}
	case orExpr:
		for _, y := range x {
			walk(y, fn)
		}
	case notExpr:
		walk(x.x, fn)
	case *leaf:
		fn(x)
	}
}

// rename returns x with fields renamed by m (a copy; x is shared).
func rename(x expr, m map[string]string) expr {
	if m == nil {
		return x
	}
	switch x := x.(type) {
	case andExpr:
		out := make(andExpr, len(x))
		for i, y := range x {
			out[i] = rename(y, m)
		}
		return out
	case orExpr:
		out := make(orExpr, len(x))
		for i, y := range x {
			out[i] = rename(y, m)
		}
		return out
	case notExpr:
		return notExpr{rename(x.x, m)}
	case *leaf:
		l := *x
		if n, ok := m[l.field]; ok {
			l.field = n
		}
		if n, ok := m[l.text]; ok && l.kind == kindFieldRef {
			l.text = n
		}
		return &l
	}
	return x
}

// simplify flattens nested and/or, folds constants and unwraps
// single-element groups.
func simplify(x expr) expr {
	switch x := x.(type) {
	case andExpr:
		var out andExpr
		for _, y := range x {
			y = simplify(y)
			switch y := y.(type) {
			case constExpr:
				if !y {
					return constExpr(false)
				}
				continue
			case andExpr:
				out = append(out, y...)
				continue
			}
			out = append(out, y)
		}
		switch len(out) {
		case 0:
			return constExpr(true)
		case 1:
			return out[0]
		}
		return out
	case orExpr:
		var out orExpr
		for _, y := range x {
			y = simplify(y)
			switch y := y.(type) {
			case constExpr:
				if y {
					return constExpr(true)
				}
				continue
			case orExpr:
				out = append(out, y...)
				continue
			}
			out = append(out, y)
		}
		switch len(out) {
		case 0:
			return constExpr(false)
		case 1:
			return out[0]
		}
		return out
	case notExpr:
		y := simplify(x.x)
		if c, ok := y.(constExpr); ok {
			return !c
		}
		if n, ok := y.(notExpr); ok {
			return n.x
		}
		return notExpr{y}
	}
	return x
}

// searchable reports whether the search language can say x.
func searchable(x expr) bool {
	ok := true
	var visit func(expr)
	visit = func(x expr) {
		switch x := x.(type) {
		case andExpr:
			for _, y := range x {
				visit(y)
			}
		case orExpr:
			for _, y := range x {
				visit(y)
			}
		case notExpr:
			visit(x.x)
		case constExpr:
			ok = false
		case *leaf:
			switch x.kind {
			case kindRegex, kindFieldRef:
				ok = false
			case kindGlob:
				if x.cased {
					ok = false
				}
				for _, p := range x.pat {
					if p.wild == '?' || strings.Contains(p.lit, "*") {
						ok = false
					}
				}
			case kindLt, kindLte, kindGt, kindGte:
				if _, err := strconv.ParseFloat(x.text, 64); err != nil {
					ok = false
				}
			}
		}
	}
	visit(x)
	return ok
}

// renderer prints branches as SPL: a search with the routing constraints
// (source and EventCode, which the engine routes events by) and what of the
// logic the search language can say, then a where clause with the rest.
type renderer struct{}

func (r renderer) pipeline(bs []branch) string {
	var b strings.Builder
	b.WriteString("search")
	// Routing constraints common to all branches.
	var sources, codes []string
	allCodes := true
	for _, br := range bs {
		for _, ch := range br.t.channels {
			sources = appendNew(sources, "XmlWinEventLog:"+ch)
		}
		if len(br.t.codes) == 0 {
			allCodes = false
		}
		for _, code := range br.t.codes {
			codes = appendNew(codes, code)
		}
	}
	allSources := true
	for _, br := range bs {
		if len(br.t.channels) == 0 {
			allSources = false
		}
	}
	if allSources && len(sources) > 0 {
		b.WriteString(" " + inList("source", sources))
	}
	if allCodes && len(codes) > 0 {
		b.WriteString(" " + inList("EventCode", codes))
	}
	// What the search language can say goes into the search, so that the
	// engine's routing and literal prefilter see it and fewer events reach
	// the where clause, which gets the rest.
	splits := make([]split, len(bs))
	anySearch, anyWhere := false, false
	for i, br := range bs {
		splits[i] = splitExpr(br.x)
		anySearch = anySearch || splits[i].s != nil
		anyWhere = anyWhere || splits[i].w != nil
	}
	if anySearch {
		b.WriteByte(' ')
		if len(bs) == 1 {
			b.WriteString(r.search(splits[0].s, true))
		} else {
			parts := make([]string, len(bs))
			for i := range bs {
				part := r.branchGuard(i, bs)
				if splits[i].s != nil {
					part += " " + r.search(splits[i].s, true)
				}
				parts[i] = "(" + part + ")"
			}
			b.WriteString("(" + strings.Join(parts, " OR ") + ")")
		}
	}
	if anyWhere {
		b.WriteString(" | where ")
		if len(bs) == 1 {
			b.WriteString(r.evalExpr(splits[0].w))
		} else {
			parts := make([]string, len(bs))
			for i := range bs {
				part := r.evalBranchGuard(i, bs)
				if splits[i].w != nil {
					part += " AND " + r.evalExpr(splits[i].w)
				}
				parts[i] = "(" + part + ")"
			}
			b.WriteString(strings.Join(parts, " OR "))
		}
	}
	// Findings show the rule's fields first, then the rest of the event
	// without its text.
	cols := []string{"_time", "host", "EventCode"}
	for _, br := range bs {
		walk(br.x, func(l *leaf) {
			if l.field != "_raw" {
				cols = appendNew(cols, l.field)
			}
		})
	}
	for i, c := range cols {
		cols[i] = (&ast.Field{Name: c}).String()
	}
	b.WriteString(" | table " + strings.Join(cols, ", ") + ", * | fields - _raw")
	return b.String()
}

func prefixed(chs []string) []string {
	out := make([]string, len(chs))
	for i, ch := range chs {
		out[i] = "XmlWinEventLog:" + ch
	}
	return out
}

func appendNew(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// inList prints field=v or field IN (v1, v2).
func inList(field string, vals []string) string {
	f := (&ast.Field{Name: field}).String()
	if len(vals) == 1 {
		return f + "=" + (&ast.SearchValue{Text: vals[0], Quoted: true}).String()
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = (&ast.SearchValue{Text: v, Quoted: true}).String()
	}
	return f + " IN (" + strings.Join(parts, ", ") + ")"
}

// branchGuard prints what tells branch br's events from the other
// branches' (the common source and EventCode constraints are already
// tested): its EventCodes when no other branch shares one, else its sources
// and EventCodes. Testing only the EventCode saves two long string
// comparisons per rule and event; it would differ only for an event of one
// branch's channel carrying another branch's EventCode (a Security event 1,
// a Sysmon event 4688), which Windows does not write.
func (r renderer) branchGuard(i int, bs []branch) string {
	br := bs[i]
	if sharesCode(i, bs) {
		return inList("source", prefixed(br.t.channels)) + " " + inList("EventCode", br.t.codes)
	}
	return inList("EventCode", br.t.codes)
}

// evalBranchGuard is branchGuard as an eval test.
func (r renderer) evalBranchGuard(i int, bs []branch) string {
	br := bs[i]
	if sharesCode(i, bs) {
		return evalIn("source", prefixed(br.t.channels)) + " AND " + evalIn("EventCode", br.t.codes)
	}
	return evalIn("EventCode", br.t.codes)
}

// sharesCode reports whether another branch has one of br's EventCodes (or
// br has none), so that the EventCode alone does not tell them apart.
func sharesCode(i int, bs []branch) bool {
	br := bs[i]
	if len(br.t.codes) == 0 {
		return true
	}
	for j, o := range bs {
		if j == i {
			continue
		}
		for _, c := range o.t.codes {
			if slices.Contains(br.t.codes, c) {
				return true
			}
		}
	}
	return false
}

// split is a branch's expression as a search part and a where part, either
// nil when empty; the branch matches when both do.
type split struct{ s, w expr }

// splitExpr puts the conjuncts the search language can say into the search
// part and the others into the where part.
func splitExpr(x expr) split {
	if searchable(x) {
		return split{s: x}
	}
	and, ok := x.(andExpr)
	if !ok {
		return split{w: x}
	}
	var s, w andExpr
	for _, y := range and {
		if searchable(y) {
			s = append(s, y)
		} else {
			w = append(w, y)
		}
	}
	return split{s: single(s), w: single(w)}
}

// single returns nil for no conjuncts, the conjunct for one, else them all.
func single(a andExpr) expr {
	switch len(a) {
	case 0:
		return nil
	case 1:
		return a[0]
	}
	return a
}

// evalIn prints the eval test that field equals one of vals.
func evalIn(field string, vals []string) string {
	parts := make([]string, len(vals))
	for i, v := range vals {
		parts[i] = evalField(field) + "==" + evalString(v)
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// search prints x in the search language. top omits the parentheses of a
// top-level conjunction.
func (r renderer) search(x expr, top bool) string {
	switch x := x.(type) {
	case andExpr:
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = r.search(y, false)
		}
		s := strings.Join(parts, " ")
		if top {
			return s
		}
		return "(" + s + ")"
	case orExpr:
		// OR binds tighter than AND in the search language, but the
		// parentheses keep the printed form obvious.
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = r.search(y, false)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case notExpr:
		return "NOT " + r.search(x.x, false)
	case *leaf:
		f := (&ast.Field{Name: x.field}).String()
		switch x.kind {
		case kindExists:
			return f + "=*"
		case kindCIDR:
			return f + "=" + (&ast.SearchValue{Text: x.text, Quoted: true}).String()
		case kindLt:
			return f + "<" + x.text
		case kindLte:
			return f + "<=" + x.text
		case kindGt:
			return f + ">" + x.text
		case kindGte:
			return f + ">=" + x.text
		}
		var b strings.Builder
		for _, p := range x.pat {
			if p.wild != 0 {
				b.WriteByte(p.wild)
			} else {
				b.WriteString(p.lit)
			}
		}
		return f + "=" + (&ast.SearchValue{Text: b.String(), Quoted: true}).String()
	}
	panic("sigma: search of a constant") // searchable excludes constants
}

// evalExpr prints x as an eval boolean that is never null: every test of a
// field is guarded by isnotnull, so NOT of a test on an absent field is
// true, as in Sigma (and in the search language).
func (r renderer) evalExpr(x expr) string {
	switch x := x.(type) {
	case andExpr:
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = r.evalExpr(y)
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case orExpr:
		parts := make([]string, len(x))
		for i, y := range x {
			parts[i] = r.evalExpr(y)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case notExpr:
		return "NOT " + r.evalExpr(x.x)
	case constExpr:
		if x {
			return "true()"
		}
		return "false()"
	case *leaf:
		f := evalField(x.field)
		guard := func(test string) string { return "(isnotnull(" + f + ") AND " + test + ")" }
		switch x.kind {
		case kindExists:
			return "isnotnull(" + f + ")"
		case kindCIDR:
			return guard("cidrmatch(" + evalString(x.text) + ", " + f + ")")
		case kindLt, kindLte, kindGt, kindGte:
			op := map[leafKind]string{kindLt: "<", kindLte: "<=", kindGt: ">", kindGte: ">="}[x.kind]
			return guard("tonumber(" + f + ")" + op + evalNumber(x.text))
		case kindFieldRef:
			return guard(f + "==" + evalField(x.text))
		case kindRegex:
			return guard("match(" + f + ", " + evalString(x.re) + ")")
		}
		return guard("match(" + f + ", " + evalString(globRegex(x.pat, x.cased)) + ")")
	}
	return "false()"
}

// globRegex returns an anchored regular expression for a wildcard pattern.
func globRegex(pat []part, cased bool) string {
	var b strings.Builder
	b.WriteString("(?s")
	if !cased {
		b.WriteByte('i')
	}
	b.WriteString(")^")
	for _, p := range pat {
		switch p.wild {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteByte('.')
		default:
			b.WriteString(regexp.QuoteMeta(p.lit))
		}
	}
	b.WriteByte('$')
	return b.String()
}

var plainEvalField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// evalField prints a field name for eval: single-quoted unless plain.
func evalField(name string) string {
	if plainEvalField.MatchString(name) {
		return name
	}
	return "'" + strings.ReplaceAll(name, "'", "\\'") + "'"
}

// evalString prints s as an eval string literal.
func evalString(s string) string {
	return ast.Quote(s)
}

// evalNumber prints a number operand; a non-number compares as a string.
func evalNumber(s string) string {
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return evalString(s)
}
