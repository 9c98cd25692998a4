package filter

import "strings"

// Segmentation of _raw (spl-semantics.md §4.7). Major breakers separate major
// segments; minor breakers split those further. Every boundary of either kind
// is a token boundary for bare terms.
var majorBreaker, minorBreaker [256]bool

func init() {
	for _, c := range " \n\t\r\v\f[]<>(){}|!;,'\"*&?+" {
		majorBreaker[c] = true
	}
	for _, c := range "/:=@.-$#%\\_" {
		minorBreaker[c] = true
	}
}

func isBreaker(c byte) bool { return majorBreaker[c] || minorBreaker[c] }

// termMatcher tests one bare term, quoted phrase, TERM() or CASE() against a
// text (normally _raw).
type termMatcher struct {
	text  string // folded unless caseSensitive
	glob  *Glob  // set when the term has wildcards
	fold  bool
	major bool // TERM(): only major breakers bound the token
	// spaced reports that the pattern itself spans major segments (a phrase
	// with spaces), so a wildcard may cross them.
	spaced bool
	any    *Glob // *pattern*, for spaced phrases
}

func newTermMatcher(text string, kind termKind) *termMatcher {
	m := &termMatcher{fold: kind != kindCase, major: kind == kindTERM}
	if m.fold {
		text = strings.ToLower(text)
	}
	m.text = text
	if strings.Contains(text, "*") {
		m.glob = CompileGlob(text, false) // the subject is folded by the caller
		for i := 0; i < len(text); i++ {
			if text[i] != '*' && majorBreaker[text[i]] {
				m.spaced = true
			}
		}
		if m.spaced {
			m.any = anywhere(m.glob.parts)
		}
	}
	return m
}

type termKind uint8

const (
	kindPlain termKind = iota
	kindTERM
	kindCase
)

func (m *termMatcher) boundary(c byte) bool {
	if m.major {
		return majorBreaker[c]
	}
	return isBreaker(c)
}

// match tests the term against s, which the caller has already folded to
// lower case when m.fold is set.
func (m *termMatcher) match(s string) bool {
	if m.glob != nil {
		return m.matchGlob(s)
	}
	t := m.text
	if t == "" {
		return true
	}
	for off := 0; ; {
		i := strings.Index(s[off:], t)
		if i < 0 {
			return false
		}
		i += off
		end := i + len(t)
		leftOK := i == 0 || m.boundary(s[i-1]) || m.boundary(t[0])
		rightOK := end == len(s) || m.boundary(s[end]) || m.boundary(t[len(t)-1])
		if leftOK && rightOK {
			return true
		}
		off = i + 1
	}
}

// matchGlob tests a wildcard term. Without spaces in the pattern, the match
// must lie inside one major segment, start at a token start and end at a
// token end; a phrase with spaces is matched anywhere in the text.
func (m *termMatcher) matchGlob(s string) bool {
	if m.glob.MatchAll() {
		return true
	}
	if m.spaced {
		return m.any.Match(s)
	}
	if ok, done := m.fastGlob(s); done {
		return ok
	}
	for start := 0; start < len(s); {
		end := start
		for end < len(s) && !majorBreaker[s[end]] {
			end++
		}
		if end > start && m.matchSegment(s[start:end]) {
			return true
		}
		start = end + 1
	}
	return false
}

// fastGlob decides the common shapes term*, *term and *term* with one
// substring scan; done is false for other shapes. The literal has no major
// breakers (spaced is false), so a match never crosses a major segment, and
// the star can always extend to the segment's end (or start), which is a
// boundary.
func (m *termMatcher) fastGlob(s string) (ok, done bool) {
	parts := m.glob.parts
	var lit string
	var left, right bool // the literal must start / end at a boundary
	switch {
	case len(parts) == 2 && parts[0] != "" && parts[1] == "":
		lit, left = parts[0], true
	case len(parts) == 2 && parts[0] == "" && parts[1] != "":
		lit, right = parts[1], true
	case len(parts) == 3 && parts[0] == "" && parts[2] == "" && parts[1] != "":
		lit = parts[1]
	default:
		return false, false
	}
	for off := 0; off <= len(s); {
		i := strings.Index(s[off:], lit)
		if i < 0 {
			return false, true
		}
		i += off
		end := i + len(lit)
		if (!left || i == 0 || m.boundary(s[i-1]) || m.boundary(lit[0])) &&
			(!right || end == len(s) || m.boundary(s[end]) || m.boundary(lit[len(lit)-1])) {
			return true, true
		}
		off = i + 1
	}
	return false, true
}

func (m *termMatcher) matchSegment(seg string) bool {
	for st := 0; st < len(seg); st++ {
		if st > 0 && !m.boundary(seg[st-1]) {
			continue
		}
		for e := len(seg); e > st; e-- {
			if e < len(seg) && !m.boundary(seg[e]) {
				continue
			}
			if m.glob.Match(seg[st:e]) {
				return true
			}
		}
		if m.glob.parts[0] == "" {
			return false // a leading star already covered every later start
		}
	}
	return false
}

// anywhere returns a case-sensitive glob for *parts*.
func anywhere(parts []string) *Glob {
	all := make([]string, 0, len(parts)+2)
	all = append(append(append(all, ""), parts...), "")
	return &Glob{parts: all, ascii: true}
}
