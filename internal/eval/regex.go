package eval

import (
	"regexp"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/dlclark/regexp2"
)

// Regex is a compiled PCRE-style pattern as SPL uses them in match(),
// replace(), rex and regex (spl-semantics.md §1.3, §9.4). Patterns that Go's
// RE2 engine accepts run on it (linear time); patterns it rejects (lookaround,
// backreferences, possessive quantifiers, \Z ...) fall back to a backtracking
// engine bounded by a match timeout. A Regex is safe for concurrent use.
type Regex struct {
	std   *regexp.Regexp
	bt    *regexp2.Regexp
	names []string // names[i] is the name of group i ("" when unnamed)
}

// MatchTimeout bounds one backtracking match; a match that runs out of time
// counts as no match.
const MatchTimeout = 2 * time.Second

// CompileRegex compiles pattern (after SPL's own unescaping).
func CompileRegex(pattern string) (*Regex, error) {
	if re, err := regexp.Compile(pattern); err == nil {
		return &Regex{std: re, names: re.SubexpNames()}, nil
	}
	re, err := regexp2.Compile(pcreToBacktrack(pattern), regexp2.None)
	if err != nil {
		return nil, err
	}
	re.MatchTimeout = MatchTimeout
	nums := re.GetGroupNumbers()
	maxN := 0
	for _, n := range nums {
		maxN = max(maxN, n)
	}
	names := make([]string, maxN+1)
	for _, n := range nums {
		if name := re.GroupNameFromNumber(n); name != "" && !isDigits(name) {
			names[n] = name
		}
	}
	return &Regex{bt: re, names: names}, nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// String returns the pattern.
func (r *Regex) String() string {
	if r.std != nil {
		return r.std.String()
	}
	return r.bt.String()
}

// Names returns the group names indexed by group number ("" when unnamed);
// index 0 is the whole match.
func (r *Regex) Names() []string { return r.names }

// MatchString reports whether the pattern matches anywhere in s.
func (r *Regex) MatchString(s string) bool {
	if r.std != nil {
		return r.std.MatchString(s)
	}
	ok, err := r.bt.MatchString(s)
	return ok && err == nil
}

// FindAll returns up to n matches (all when n < 0) as byte offset pairs per
// group, like regexp's FindAllStringSubmatchIndex: -1 marks a group that did
// not participate.
func (r *Regex) FindAll(s string, n int) [][]int {
	if r.std != nil {
		return r.std.FindAllStringSubmatchIndex(s, n)
	}
	var out [][]int
	// regexp2 reports rune offsets; map them back to bytes.
	var byteAt []int
	if !isASCIIString(s) {
		byteAt = make([]int, 0, utf8.RuneCountInString(s)+1)
		for i := range s {
			byteAt = append(byteAt, i)
		}
		byteAt = append(byteAt, len(s))
	}
	conv := func(i int) int {
		if byteAt == nil {
			return i
		}
		return byteAt[i]
	}
	m, err := r.bt.FindStringMatch(s)
	for err == nil && m != nil && (n < 0 || len(out) < n) {
		idx := make([]int, 2*len(r.names))
		for i := range idx {
			idx[i] = -1
		}
		for _, g := range m.Groups() {
			gi := r.bt.GroupNumberFromName(g.Name)
			if gi < 0 || gi >= len(r.names) || len(g.Captures) == 0 {
				continue
			}
			c := g.Captures[len(g.Captures)-1]
			idx[2*gi], idx[2*gi+1] = conv(c.Index), conv(c.Index+c.Length)
		}
		out = append(out, idx)
		m, err = r.bt.FindNextMatch(m)
	}
	return out
}

func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ReplaceAll replaces every match in s with repl, where \0..\9 insert groups
// (SPL's replace() syntax) and every other character is literal.
func (r *Regex) ReplaceAll(s, repl string) string {
	return r.replace(s, repl, -1)
}

// ReplaceN replaces the first n matches (all when n < 0).
func (r *Regex) ReplaceN(s, repl string, n int) string { return r.replace(s, repl, n) }

func (r *Regex) replace(s, repl string, n int) string {
	ms := r.FindAll(s, n)
	if len(ms) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range ms {
		b.WriteString(s[last:m[0]])
		for i := 0; i < len(repl); i++ {
			c := repl[i]
			if c == '\\' && i+1 < len(repl) && repl[i+1] >= '0' && repl[i+1] <= '9' {
				g := int(repl[i+1] - '0')
				if 2*g+1 < len(m) && m[2*g] >= 0 {
					b.WriteString(s[m[2*g]:m[2*g+1]])
				}
				i++
				continue
			}
			b.WriteByte(c)
		}
		last = m[1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// regexCache holds patterns compiled at run time (a pattern taken from a
// field, as in mvfind(new, old)). It is bounded and shared by one program.
type regexCache struct {
	mu sync.Mutex
	m  map[string]*Regex
}

const regexCacheMax = 1024

func (c *regexCache) get(pattern string) (*Regex, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if re, ok := c.m[pattern]; ok {
		return re, nil
	}
	re, err := CompileRegex(pattern)
	if err != nil {
		return nil, err
	}
	if c.m == nil || len(c.m) >= regexCacheMax {
		c.m = make(map[string]*Regex)
	}
	c.m[pattern] = re
	return re, nil
}

// pcreToBacktrack rewrites the PCRE syntax the backtracking engine lacks:
// Python-style (?P<name>...) groups become (?<name>...), and possessive
// quantifiers (a++, [x]*+, (...)?+, a{2,}+) become atomic groups, which
// match the same.
func pcreToBacktrack(p string) string {
	var out []byte
	var groups []int // output offsets of open groups
	atom := -1       // output offset where the last atom starts
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			atom = len(out)
			j := i + 2
			if k := p[i+1]; (k == 'x' || k == 'p' || k == 'P') && j < len(p) && p[j] == '{' {
				if e := strings.IndexByte(p[j:], '}'); e >= 0 {
					j += e + 1
				}
			}
			out = append(out, p[i:j]...)
			i = j - 1
		case c == '[':
			atom = len(out)
			j := i + 1
			if j < len(p) && p[j] == '^' {
				j++
			}
			if j < len(p) && p[j] == ']' {
				j++
			}
			for j < len(p) && p[j] != ']' {
				if p[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(p))
			out = append(out, p[i:j]...)
			i = j - 1
		case c == '(':
			groups = append(groups, len(out))
			if strings.HasPrefix(p[i:], "(?P<") {
				out = append(out, "(?<"...)
				i += 3
				continue
			}
			out = append(out, c)
		case c == ')':
			if n := len(groups); n > 0 {
				atom = groups[n-1]
				groups = groups[:n-1]
			}
			out = append(out, c)
		case c == '*' || c == '+' || c == '?' || c == '{':
			q := i + 1
			if c == '{' {
				e := strings.IndexByte(p[i:], '}')
				if e < 0 {
					atom = len(out)
					out = append(out, c)
					continue
				}
				q = i + e + 1
			}
			if q < len(p) && p[q] == '+' && atom >= 0 {
				quant := p[i:q]
				body := string(out[atom:])
				out = append(out[:atom], "(?>"+body+quant+")"...)
				i = q
				continue
			}
			out = append(out, p[i:q]...)
			i = q - 1
		default:
			atom = len(out)
			out = append(out, c)
		}
	}
	return string(out)
}
