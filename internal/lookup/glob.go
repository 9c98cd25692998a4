package lookup

import "strings"

// glob is a compiled WILDCARD cell: literal parts separated by '*'. Only the
// table value may hold wildcards; the event value is literal (backslashes
// included).
type glob struct {
	parts []string // len(parts) == 1 means no '*'
}

func compileGlob(s string) glob { return glob{parts: strings.Split(s, "*")} }

func (g glob) match(s string) bool {
	p := g.parts
	if len(p) == 1 {
		return s == p[0]
	}
	if !strings.HasPrefix(s, p[0]) {
		return false
	}
	s = s[len(p[0]):]
	last := p[len(p)-1]
	for _, mid := range p[1 : len(p)-1] {
		i := strings.Index(s, mid)
		if i < 0 {
			return false
		}
		s = s[i+len(mid):]
	}
	return len(s) >= len(last) && strings.HasSuffix(s, last)
}
