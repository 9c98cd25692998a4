package exec

import (
	"sort"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
)

// namePattern is a field-name pattern of rename, table and fields: `*`
// matches any run of characters and is captured; matching is case-sensitive.
type namePattern struct {
	parts []string
}

func newNamePattern(p string) namePattern { return namePattern{strings.Split(p, "*")} }

func (p namePattern) wild() bool { return len(p.parts) > 1 }

// match returns the texts the stars matched, and whether name matches. Stars
// match as little as possible from left to right, except the last, which
// takes the rest.
func (p namePattern) match(name string) ([]string, bool) {
	if !p.wild() {
		return nil, name == p.parts[0]
	}
	first, last := p.parts[0], p.parts[len(p.parts)-1]
	if len(name) < len(first)+len(last) || !strings.HasPrefix(name, first) || !strings.HasSuffix(name, last) {
		return nil, false
	}
	rest := name[len(first) : len(name)-len(last)]
	caps := make([]string, 0, len(p.parts)-1)
	for _, mid := range p.parts[1 : len(p.parts)-1] {
		i := strings.Index(rest, mid)
		if i < 0 {
			return nil, false
		}
		caps = append(caps, rest[:i])
		rest = rest[i+len(mid):]
	}
	return append(caps, rest), true
}

// fill substitutes captures into the stars of p, in order; stars beyond the
// captures become empty.
func (p namePattern) fill(caps []string) string {
	var b strings.Builder
	for i, part := range p.parts {
		if i > 0 && i-1 < len(caps) {
			b.WriteString(caps[i-1])
		}
		b.WriteString(part)
	}
	return b.String()
}

// matchingFields returns the names of ev's fields that p matches, sorted
// lexicographically when p has wildcards [BELIEF §9.2].
func matchingFields(ev *event.Event, p namePattern) []string {
	if !p.wild() {
		if _, ok := p.match(p.parts[0]); ok {
			return []string{p.parts[0]}
		}
		return nil
	}
	var out []string
	for _, f := range ev.Fields {
		if _, ok := p.match(f.Name); ok {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}
