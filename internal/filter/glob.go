package filter

import (
	"strings"
	"unicode/utf8"
)

// Glob is a compiled search-language value pattern: `*` matches any run of
// characters (including none), everything else matches itself ignoring case
// (spl-semantics.md §4.3). There is no `?` wildcard and no escape for `*`.
type Glob struct {
	parts []string // pattern split on '*', folded; len(parts)-1 stars
	fold  bool     // compare ignoring case
	ascii bool     // every part is ASCII
}

// CompileGlob compiles pattern; fold selects case-insensitive matching.
func CompileGlob(pattern string, fold bool) *Glob {
	if fold {
		pattern = strings.ToLower(pattern)
	}
	g := &Glob{parts: strings.Split(pattern, "*"), fold: fold, ascii: isASCII(pattern)}
	return g
}

// HasWildcard reports whether the pattern contains `*`.
func (g *Glob) HasWildcard() bool { return len(g.parts) > 1 }

// MatchAll reports whether the pattern is only stars (matches every value).
func (g *Glob) MatchAll() bool {
	for _, p := range g.parts {
		if p != "" {
			return false
		}
	}
	return len(g.parts) > 1
}

// Match reports whether the whole of s matches.
func (g *Glob) Match(s string) bool {
	if !g.fold {
		return matchParts(g.parts, s, false)
	}
	if isASCII(s) {
		return matchParts(g.parts, s, true)
	}
	return matchParts(g.parts, strings.ToLower(s), false)
}

// matchParts matches s against parts joined by stars. With asciiFold, s may
// hold upper-case ASCII letters that compare equal to the (lower-case) parts.
func matchParts(parts []string, s string, asciiFold bool) bool {
	if len(parts) == 1 {
		return equal(s, parts[0], asciiFold)
	}
	first, last := parts[0], parts[len(parts)-1]
	if len(s) < len(first)+len(last) || !equal(s[:len(first)], first, asciiFold) || !equal(s[len(s)-len(last):], last, asciiFold) {
		return false
	}
	s = s[len(first) : len(s)-len(last)]
	for _, p := range parts[1 : len(parts)-1] {
		if p == "" {
			continue
		}
		i := index(s, p, asciiFold)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func equal(s, lower string, asciiFold bool) bool {
	if !asciiFold {
		return s == lower
	}
	if len(s) != len(lower) {
		return false
	}
	for i := 0; i < len(s); i++ {
		if toLowerASCII(s[i]) != lower[i] {
			return false
		}
	}
	return true
}

// index finds lower in s, folding ASCII case in s when asciiFold is set.
func index(s, lower string, asciiFold bool) int {
	if !asciiFold {
		return strings.Index(s, lower)
	}
	n := len(lower)
	if n == 0 {
		return 0
	}
	c0 := lower[0]
	for i := 0; i+n <= len(s); i++ {
		if toLowerASCII(s[i]) == c0 && equal(s[i:i+n], lower, true) {
			return i
		}
	}
	return -1
}

func toLowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
