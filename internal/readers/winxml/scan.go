package winxml

import (
	"errors"
	"strings"
)

// errIncomplete means the scanner ran off the end of the window: the caller
// reads more input and scans the event again.
var errIncomplete = errors.New("incomplete event")

// syntaxError is malformed XML at window offset pos.
type syntaxError struct {
	pos int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

func bad(pos int, msg string) error { return &syntaxError{pos: pos, msg: msg} }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// isNameEnd reports whether c ends an element or attribute name.
func isNameEnd(c byte) bool { return nameEnd[c] }

// nameEnd and tagStop are byte classes, as tables because the scanner asks
// for every byte of every tag.
var nameEnd, tagStop = func() (ne, ts [256]bool) {
	for _, c := range []byte(" \t\r\n>/=<") {
		ne[c] = true
	}
	for _, c := range []byte(">'\"<") {
		ts[c] = true
	}
	return
}()

// startTag scans the start tag at s[i] == '<'. It returns the element name, the
// raw attribute text, whether the tag is self-closing (<x/>) and the offset
// after '>'. Quoted attribute values may hold '>' but never '<' (XML forbids
// it), which bounds how far a broken quote can run.
func startTag(s string, i int) (name, attrs string, empty bool, next int, err error) {
	j := i + 1
	for j < len(s) && !isNameEnd(s[j]) {
		j++
	}
	if j >= len(s) {
		return "", "", false, 0, errIncomplete
	}
	if j == i+1 {
		return "", "", false, 0, bad(i, "expected an element name after '<'")
	}
	name = s[i+1 : j]
	for k := j; ; {
		if k >= len(s) {
			return "", "", false, 0, errIncomplete
		}
		for k < len(s) && !tagStop[s[k]] {
			k++
		}
		if k >= len(s) {
			return "", "", false, 0, errIncomplete
		}
		switch c := s[k]; c {
		case '>':
			if s[k-1] == '/' {
				return name, s[j : k-1], true, k + 1, nil
			}
			return name, s[j:k], false, k + 1, nil
		case '\'', '"':
			q := strings.IndexByte(s[k+1:], c)
			if q < 0 {
				if strings.IndexByte(s[k+1:], '<') >= 0 {
					return "", "", false, 0, bad(k, "unterminated attribute value")
				}
				return "", "", false, 0, errIncomplete
			}
			if strings.IndexByte(s[k+1:k+1+q], '<') >= 0 {
				return "", "", false, 0, bad(k, "unterminated attribute value")
			}
			k += q + 2
		case '<':
			return "", "", false, 0, bad(k, "unexpected '<' inside a tag")
		default:
			k++
		}
	}
}

// attrIter walks name='value' pairs of a tag's attribute text. Values are
// returned as written (entities are not decoded).
type attrIter struct {
	a   string
	i   int
	pos int // window offset of a[0], for errors
}

// next returns the next attribute as window refs; ok is false at the end or
// on error.
func (it *attrIter) next() (name, val ref, ok bool, err error) {
	a := it.a
	i := it.i
	for i < len(a) && isSpace(a[i]) {
		i++
	}
	if i == len(a) {
		return ref{}, ref{}, false, nil
	}
	j := i
	for j < len(a) && !isNameEnd(a[j]) {
		j++
	}
	name = win(it.pos+i, j-i)
	for j < len(a) && isSpace(a[j]) {
		j++
	}
	if name.n == 0 || j == len(a) || a[j] != '=' {
		return ref{}, ref{}, false, bad(it.pos+i, "malformed attribute")
	}
	j++
	for j < len(a) && isSpace(a[j]) {
		j++
	}
	if j == len(a) || a[j] != '\'' && a[j] != '"' {
		return ref{}, ref{}, false, bad(it.pos+j, "attribute value is not quoted")
	}
	q := strings.IndexByte(a[j+1:], a[j])
	if q < 0 {
		return ref{}, ref{}, false, bad(it.pos+j, "unterminated attribute value")
	}
	val = win(it.pos+j+1, q)
	it.i = j + 2 + q
	return name, val, true, nil
}

// skipMarkup skips a comment, CDATA section, processing instruction or
// declaration at s[i] == '<' (s[i+1] is '!' or '?') and returns the offset
// after it.
func skipMarkup(s string, i int) (int, error) {
	end := ">"
	switch {
	case strings.HasPrefix(s[i:], "<!--"):
		end = "-->"
	case strings.HasPrefix(s[i:], "<![CDATA["):
		end = "]]>"
	case s[i+1] == '?':
		end = "?>"
	case len(s)-i < len("<![CDATA[") && (strings.HasPrefix("<![CDATA[", s[i:]) || strings.HasPrefix("<!--", s[i:])):
		return 0, errIncomplete
	}
	k := strings.Index(s[i+2:], end)
	if k < 0 {
		return 0, errIncomplete
	}
	return i + 2 + k + len(end), nil
}

// endTag checks the end tag at s[i:] ("</...") against name and returns the
// offset after its '>'.
func endTag(s string, i int, name string) (int, error) {
	if e := i + 2 + len(name); e < len(s) && s[e] == '>' && s[i+2:e] == name {
		return e + 1, nil
	}
	k := strings.IndexByte(s[i:], '>')
	if k < 0 {
		return 0, errIncomplete
	}
	got := s[i+2 : i+k]
	for got != "" && isSpace(got[len(got)-1]) {
		got = got[:len(got)-1]
	}
	if got != name {
		return 0, bad(i, "</"+got+"> does not close <"+name+">")
	}
	return i + k + 1, nil
}

// content scans the content of element name from s[i] (just after its start
// tag) to its end tag. It returns the content text as written, whether it
// held child elements, and the offset after the end tag. A nested <Event>
// start tag is an error: it means the enclosing event was cut short.
func content(s string, i int, name string) (text string, children bool, next int, err error) {
	depth := 0
	for p := i; ; {
		j := strings.IndexByte(s[p:], '<')
		if j < 0 || p+j+1 >= len(s) {
			return "", false, 0, errIncomplete
		}
		j += p
		switch s[j+1] {
		case '/':
			if depth == 0 {
				next, err = endTag(s, j, name)
				return s[i:j], children, next, err
			}
			k := strings.IndexByte(s[j:], '>')
			if k < 0 {
				return "", false, 0, errIncomplete
			}
			depth--
			p = j + k + 1
		case '!', '?':
			if p, err = skipMarkup(s, j); err != nil {
				return "", false, 0, err
			}
		default:
			child, _, empty, after, err := startTag(s, j)
			if err != nil {
				return "", false, 0, err
			}
			if child == "Event" {
				return "", false, 0, bad(j, "<Event> inside an event (the event before it is truncated)")
			}
			children = true
			if !empty {
				depth++
			}
			p = after
		}
	}
}

// nextTag finds the next tag at or after s[i], skipping text, comments and
// processing instructions. It returns the offset of its '<' and whether it is
// an end tag.
func nextTag(s string, i int) (at int, end bool, err error) {
	for {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 || i+j+1 >= len(s) {
			return 0, false, errIncomplete
		}
		j += i
		switch s[j+1] {
		case '/':
			return j, true, nil
		case '!', '?':
			if i, err = skipMarkup(s, j); err != nil {
				return 0, false, err
			}
		default:
			return j, false, nil
		}
	}
}
