package jsonl

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// errIncomplete means the parser ran off the end of the window: the caller
// reads more input and parses the value again.
var errIncomplete = errors.New("incomplete value")

// syntaxError is invalid JSON at window offset pos.
type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func bad(pos int, msg string) error { return &syntaxError{pos: pos, msg: msg} }

// maxDepth bounds nesting so that hostile input cannot exhaust the stack.
const maxDepth = 512

type kind uint8

const (
	kNull kind = iota
	kBool
	kNum
	kStr
	kObj
	kArr
)

// node is one JSON value in the parser's arena. Children of objects and
// arrays are linked through first/next; members carry their key. Strings
// without escapes are substrings of the input, numbers keep their text as
// written (so 64-bit integers survive exactly).
type node struct {
	kind        kind
	key         string
	text        string
	first, next int32 // arena indices, -1 for none
	last        int32 // last child, while building
}

// parser parses one JSON value at a time into an arena that is reused for
// the next value; only the strings it produces outlive it.
type parser struct {
	s     string
	nodes []node
	buf   []byte // scratch for unescaping
}

func (p *parser) reset(s string) {
	p.s = s
	p.nodes = p.nodes[:0]
}

func (p *parser) newNode(k kind) int32 {
	p.nodes = append(p.nodes, node{kind: k, first: -1, next: -1, last: -1})
	return int32(len(p.nodes) - 1)
}

// appendChild links child under parent.
func (p *parser) appendChild(parent, child int32) {
	if l := p.nodes[parent].last; l >= 0 {
		p.nodes[l].next = child
	} else {
		p.nodes[parent].first = child
	}
	p.nodes[parent].last = child
}

func (p *parser) skipSpace(i int) int {
	s := p.s
	for i < len(s) && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
		i++
	}
	return i
}

// value parses the value at s[i] and returns its node and the offset after it.
func (p *parser) value(i, depth int) (int32, int, error) {
	s := p.s
	if i >= len(s) {
		return 0, 0, errIncomplete
	}
	switch c := s[i]; {
	case c == '{':
		return p.object(i, depth)
	case c == '[':
		return p.array(i, depth)
	case c == '"':
		str, next, err := p.str(i)
		if err != nil {
			return 0, 0, err
		}
		n := p.newNode(kStr)
		p.nodes[n].text = str
		return n, next, nil
	case c == '-' || c >= '0' && c <= '9':
		j := i + 1
		for j < len(s) && (s[j] >= '0' && s[j] <= '9' || s[j] == '.' || s[j] == 'e' || s[j] == 'E' || s[j] == '+' || s[j] == '-') {
			j++
		}
		if j == len(s) {
			return 0, 0, errIncomplete
		}
		if !validNumber(s[i:j]) {
			return 0, 0, bad(i, "invalid number "+s[i:j])
		}
		n := p.newNode(kNum)
		p.nodes[n].text = s[i:j]
		return n, j, nil
	default:
		for _, lit := range [...]string{"true", "false", "null"} {
			if strings.HasPrefix(s[i:], lit) {
				k := kBool
				if lit == "null" {
					k = kNull
				}
				n := p.newNode(k)
				p.nodes[n].text = lit
				return n, i + len(lit), nil
			}
			if len(s)-i < len(lit) && strings.HasPrefix(lit, s[i:]) {
				return 0, 0, errIncomplete
			}
		}
		return 0, 0, bad(i, "unexpected character "+quoteByte(c))
	}
}

func (p *parser) object(i, depth int) (int32, int, error) {
	if depth >= maxDepth {
		return 0, 0, bad(i, "nesting too deep")
	}
	obj := p.newNode(kObj)
	i = p.skipSpace(i + 1)
	if i < len(p.s) && p.s[i] == '}' {
		return obj, i + 1, nil
	}
	for {
		if i >= len(p.s) {
			return 0, 0, errIncomplete
		}
		if p.s[i] != '"' {
			return 0, 0, bad(i, "expected a member name")
		}
		key, next, err := p.str(i)
		if err != nil {
			return 0, 0, err
		}
		i = p.skipSpace(next)
		if i >= len(p.s) {
			return 0, 0, errIncomplete
		}
		if p.s[i] != ':' {
			return 0, 0, bad(i, "expected ':'")
		}
		v, next, err := p.value(p.skipSpace(i+1), depth+1)
		if err != nil {
			return 0, 0, err
		}
		p.nodes[v].key = key
		p.appendChild(obj, v)
		i = p.skipSpace(next)
		if i >= len(p.s) {
			return 0, 0, errIncomplete
		}
		switch p.s[i] {
		case ',':
			i = p.skipSpace(i + 1)
		case '}':
			return obj, i + 1, nil
		default:
			return 0, 0, bad(i, "expected ',' or '}'")
		}
	}
}

func (p *parser) array(i, depth int) (int32, int, error) {
	if depth >= maxDepth {
		return 0, 0, bad(i, "nesting too deep")
	}
	arr := p.newNode(kArr)
	i = p.skipSpace(i + 1)
	if i < len(p.s) && p.s[i] == ']' {
		return arr, i + 1, nil
	}
	for {
		v, next, err := p.value(i, depth+1)
		if err != nil {
			return 0, 0, err
		}
		p.appendChild(arr, v)
		i = p.skipSpace(next)
		if i >= len(p.s) {
			return 0, 0, errIncomplete
		}
		switch p.s[i] {
		case ',':
			i = p.skipSpace(i + 1)
		case ']':
			return arr, i + 1, nil
		default:
			return 0, 0, bad(i, "expected ',' or ']'")
		}
	}
}

// str parses the string at s[i] == '"'. A string without escapes is returned
// as a substring of the input; escapes are decoded into a new string. A raw
// newline is an error (it is how a line cut short shows); other raw control
// characters are accepted. The scanning uses strings.IndexByte, which is
// vectorised, instead of a byte loop.
func (p *parser) str(i int) (string, int, error) {
	s := p.s
	start := i + 1
	q := strings.IndexByte(s[start:], '"')
	if q < 0 {
		return "", 0, p.unterminated(start)
	}
	seg := s[start : start+q]
	if b := strings.IndexByte(seg, '\\'); b >= 0 {
		return p.unescape(start, start+b, start+q)
	}
	if nl := strings.IndexByte(seg, '\n'); nl >= 0 {
		return "", 0, bad(start+nl, "newline in string (line cut short?)")
	}
	return seg, start + q + 1, nil
}

// unterminated explains a string with no closing quote from s[from] to the
// end of the window: cut short if a newline follows, else incomplete.
func (p *parser) unterminated(from int) error {
	if nl := strings.IndexByte(p.s[from:], '\n'); nl >= 0 {
		return bad(from+nl, "newline in string (line cut short?)")
	}
	return errIncomplete
}

// unescape decodes a string with escapes: s[start:j] is its escape-free
// prefix, s[j] is a backslash and s[q] the next '"' after start.
func (p *parser) unescape(start, j, q int) (string, int, error) {
	s := p.s
	if nl := strings.IndexByte(s[start:j], '\n'); nl >= 0 {
		return "", 0, bad(start+nl, "newline in string (line cut short?)")
	}
	b := append(p.buf[:0], s[start:j]...)
	defer func() { p.buf = b[:0] }()
	for {
		// s[j] is a backslash.
		if j+1 >= len(s) {
			return "", 0, errIncomplete
		}
		switch e := s[j+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
			j += 2
		case 'b':
			b = append(b, '\b')
			j += 2
		case 'f':
			b = append(b, '\f')
			j += 2
		case 'n':
			b = append(b, '\n')
			j += 2
		case 'r':
			b = append(b, '\r')
			j += 2
		case 't':
			b = append(b, '\t')
			j += 2
		case 'u':
			r, n, err := p.hex4(j + 2)
			if err != nil {
				return "", 0, err
			}
			j += 2 + n
			if r >= 0xD800 && r < 0xDC00 { // a high surrogate: is a low one next?
				switch {
				case j < len(s) && s[j] != '\\', j+1 < len(s) && s[j+1] != 'u':
				case j+6 > len(s):
					return "", 0, errIncomplete
				default:
					if lo, n2, err := p.hex4(j + 2); err == nil && lo >= 0xDC00 && lo < 0xE000 {
						r = (r-0xD800)<<10 + (lo - 0xDC00) + 0x10000
						j += 2 + n2
					}
				}
			}
			if r >= 0xD800 && r < 0xE000 {
				r = utf8.RuneError
			}
			b = utf8.AppendRune(b, r)
		case '\n':
			return "", 0, bad(j+1, "newline in string (line cut short?)")
		default:
			return "", 0, bad(j, "invalid escape \\"+string(e))
		}
		// The escape may have consumed the quote we knew of (\"): find the
		// next one.
		if q < j {
			k := strings.IndexByte(s[j:], '"')
			if k < 0 {
				return "", 0, p.unterminated(j)
			}
			q = j + k
		}
		seg := s[j:q]
		k := strings.IndexByte(seg, '\\')
		if k < 0 {
			k = len(seg)
		}
		if nl := strings.IndexByte(seg[:k], '\n'); nl >= 0 {
			return "", 0, bad(j+nl, "newline in string (line cut short?)")
		}
		b = append(b, seg[:k]...)
		j += k
		if j == q {
			return string(b), q + 1, nil
		}
	}
}

func (p *parser) hex4(i int) (rune, int, error) {
	if i+4 > len(p.s) {
		return 0, 0, errIncomplete
	}
	var r rune
	for k := i; k < i+4; k++ {
		c := p.s[k]
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, 0, bad(k, "invalid \\u escape")
		}
	}
	return r, 4, nil
}

// validNumber checks JSON number syntax: -?digits(.digits)?([eE][+-]?digits)?
func validNumber(s string) bool {
	i := 0
	if s[0] == '-' {
		i++
	}
	d := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		d++
	}
	if d == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		d = 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			d++
		}
		if d == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		d = 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			d++
		}
		if d == 0 {
			return false
		}
	}
	return i == len(s)
}

func quoteByte(c byte) string {
	if c >= 0x20 && c < 0x7f {
		return "'" + string(c) + "'"
	}
	return "0x" + string("0123456789abcdef"[c>>4]) + string("0123456789abcdef"[c&15])
}
