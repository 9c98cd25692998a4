package parse

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tEOF    tokKind = iota
	tWord           // bare word (search, value and argument modes) or identifier (eval mode)
	tString         // "..." including the quotes
	tSQuote         // '...' including the quotes (eval mode)
	tNumber         // eval mode
	tPipe
	tLBrack
	tRBrack
	tLParen
	tRParen
	tComma
	tEq
	tEqEq
	tNe
	tLt
	tLe
	tGt
	tGe
	tPlus
	tMinus
	tStar
	tSlash
	tPercent
	tDot
	tError // a character that starts no token in this mode, or an unterminated quote
)

// mode selects how the lexer reads the next token: SPL lexing depends on
// context (STYLE.md §4.1), so the parser says what it expects.
type mode uint8

const (
	// modeSearch reads search-language terms and field names: a word runs to
	// whitespace or one of ( ) [ ] | " = < > and "!=".
	modeSearch mode = iota
	// modeValue reads a search value after an operator: a quoted string, or
	// a bare run to whitespace, "|" or an unbalanced ")" or "]".
	modeValue
	// modeList is modeValue inside an IN list, where "," also ends a value.
	modeList
	// modeEval reads eval-language tokens.
	modeEval
	// modeArg reads command arguments: field names, option keys and values;
	// a word runs to whitespace or one of , ( ) [ ] | = " and "!=".
	modeArg
)

// token is a slice of the input with its span. Reading a token allocates
// nothing.
type token struct {
	kind tokKind
	sp   source.Span
	text string
}

// lexer is a cursor over the input; the parser saves and restores pos to
// look ahead.
type lexer struct {
	src string
	pos int
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func (l *lexer) skipSpace() {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
}

func (l *lexer) tok(kind tokKind, start int) token {
	return token{kind: kind, sp: source.Span{Start: source.Pos(start), End: source.Pos(l.pos)}, text: l.src[start:l.pos]}
}

// template reports the length of a foreach template such as <<FIELD>> or
// <<MATCHSEG1>> at i, or 0.
func template(s string, i int) int {
	if !strings.HasPrefix(s[i:], "<<") {
		return 0
	}
	j := i + 2
	for j < len(s) && (s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9') {
		j++
	}
	if j == i+2 || !strings.HasPrefix(s[j:], ">>") {
		return 0
	}
	return j + 2 - i
}

// next returns the next token in mode m.
func (l *lexer) next(m mode) token {
	l.skipSpace()
	start := l.pos
	if l.pos >= len(l.src) {
		return l.tok(tEOF, start)
	}
	c := l.src[l.pos]
	switch c {
	case '|':
		l.pos++
		return l.tok(tPipe, start)
	case '"':
		return l.quoted('"', tString)
	case '[':
		if m != modeValue && m != modeList {
			l.pos++
			return l.tok(tLBrack, start)
		}
	case ']':
		l.pos++
		return l.tok(tRBrack, start)
	}
	switch m {
	case modeValue, modeList:
		return l.value(m == modeList)
	case modeEval:
		return l.eval()
	}
	switch c {
	case '(':
		l.pos++
		return l.tok(tLParen, start)
	case ')':
		l.pos++
		return l.tok(tRParen, start)
	case ',':
		l.pos++
		return l.tok(tComma, start)
	case '=':
		l.pos++
		if l.pos < len(l.src) && l.src[l.pos] == '=' {
			l.pos++
			return l.tok(tEqEq, start)
		}
		return l.tok(tEq, start)
	case '!':
		if strings.HasPrefix(l.src[l.pos:], "!=") {
			l.pos += 2
			return l.tok(tNe, start)
		}
	}
	if m == modeSearch && template(l.src, l.pos) == 0 {
		switch c {
		case '<', '>':
			l.pos++
			eq := l.pos < len(l.src) && l.src[l.pos] == '='
			if eq {
				l.pos++
			}
			switch {
			case c == '<' && eq:
				return l.tok(tLe, start)
			case c == '<':
				return l.tok(tLt, start)
			case eq:
				return l.tok(tGe, start)
			}
			return l.tok(tGt, start)
		}
	}
	return l.word(m)
}

// word reads a bare word in search or argument mode. A backslash takes the
// next byte with it, so `\"` does not open a quote.
func (l *lexer) word(m mode) token {
	start := l.pos
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if c == '\\' && l.pos+1 < len(l.src) {
			l.pos += 2
			continue
		}
		if isSpace(c) {
			break
		}
		switch c {
		case '(', ')', '[', ']', '|', '"', '=':
			return l.tok(tWord, start)
		case ',':
			if m == modeArg {
				return l.tok(tWord, start)
			}
		case '!':
			if l.pos+1 < len(l.src) && l.src[l.pos+1] == '=' {
				return l.tok(tWord, start)
			}
		case '<', '>':
			if m == modeSearch {
				if n := template(l.src, l.pos); n > 0 {
					l.pos += n
					continue
				}
				return l.tok(tWord, start)
			}
		}
		l.pos++
	}
	return l.tok(tWord, start)
}

// value reads a search value: a bare run that ends at whitespace, "|", or a
// ")" or "]" that closes nothing opened inside the value; quoted sections
// inside it are kept.
func (l *lexer) value(list bool) token {
	start := l.pos
	paren, brack := 0, 0
loop:
	for l.pos < len(l.src) {
		c := l.src[l.pos]
		if isSpace(c) {
			break
		}
		switch c {
		case '\\':
			if l.pos+1 < len(l.src) {
				l.pos++
			}
		case '"':
			if t := l.quoted('"', tString); t.kind == tError {
				return t
			}
			continue
		case '|':
			break loop
		case ',':
			if list && paren == 0 {
				break loop
			}
		case '(':
			paren++
		case ')':
			if paren == 0 {
				break loop
			}
			paren--
		case '[':
			brack++
		case ']':
			if brack == 0 {
				break loop
			}
			brack--
		}
		l.pos++
	}
	if l.pos == start {
		// Nothing value-like here: return the delimiter as a token.
		switch l.src[l.pos] {
		case ')':
			l.pos++
			return l.tok(tRParen, start)
		case ',':
			l.pos++
			return l.tok(tComma, start)
		}
		l.pos++
		return l.tok(tError, start)
	}
	return l.tok(tWord, start)
}

// quoted reads a quoted string that starts at pos. In double quotes a
// backslash escapes the next byte; in single quotes (eval field names) only
// \' is an escape, matching how field names print. An unterminated string is
// a tError token.
func (l *lexer) quoted(q byte, kind tokKind) token {
	start := l.pos
	l.pos++
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case '\\':
			if q == '"' || l.pos+1 < len(l.src) && l.src[l.pos+1] == q {
				l.pos++
			}
		case q:
			l.pos++
			return l.tok(kind, start)
		}
		l.pos++
	}
	l.pos = len(l.src)
	return l.tok(tError, start)
}

func isIdentStart(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// eval reads an eval-language token.
func (l *lexer) eval() token {
	start := l.pos
	c := l.src[l.pos]
	if isIdentStart(c) || template(l.src, l.pos) > 0 {
		for l.pos < len(l.src) {
			if c := l.src[l.pos]; isIdentStart(c) || isDigit(c) {
				l.pos++
			} else if n := template(l.src, l.pos); n > 0 {
				l.pos += n
			} else {
				break
			}
		}
		return l.tok(tWord, start)
	}
	if isDigit(c) || c == '.' && l.pos+1 < len(l.src) && isDigit(l.src[l.pos+1]) && !l.afterOperand() {
		if c == '.' {
			l.pos++
		}
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
		if l.pos+1 < len(l.src) && l.src[l.pos] == '.' && isDigit(l.src[l.pos+1]) {
			l.pos++
			for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
				l.pos++
			}
		}
		if l.pos < len(l.src) && (l.src[l.pos] == 'e' || l.src[l.pos] == 'E') {
			j := l.pos + 1
			if j < len(l.src) && (l.src[j] == '+' || l.src[j] == '-') {
				j++
			}
			if j < len(l.src) && isDigit(l.src[j]) {
				for j < len(l.src) && isDigit(l.src[j]) {
					j++
				}
				l.pos = j
			}
		}
		return l.tok(tNumber, start)
	}
	l.pos++
	two := func(next byte, k2, k1 tokKind) token {
		if l.pos < len(l.src) && l.src[l.pos] == next {
			l.pos++
			return l.tok(k2, start)
		}
		return l.tok(k1, start)
	}
	switch c {
	case '\'':
		l.pos--
		return l.quoted('\'', tSQuote)
	case '(':
		return l.tok(tLParen, start)
	case ')':
		return l.tok(tRParen, start)
	case ',':
		return l.tok(tComma, start)
	case '=':
		return two('=', tEqEq, tEq)
	case '!':
		if l.pos < len(l.src) && l.src[l.pos] == '=' {
			l.pos++
			return l.tok(tNe, start)
		}
	case '<':
		return two('=', tLe, tLt)
	case '>':
		return two('=', tGe, tGt)
	case '+':
		return l.tok(tPlus, start)
	case '-':
		return l.tok(tMinus, start)
	case '*':
		return l.tok(tStar, start)
	case '/':
		return l.tok(tSlash, start)
	case '%':
		return l.tok(tPercent, start)
	case '.':
		return l.tok(tDot, start)
	}
	return l.tok(tError, start)
}

// afterOperand reports whether the last non-space byte before pos ends an
// operand, in which case a "." is concatenation (x.5) rather than the start
// of a number (.25).
func (l *lexer) afterOperand() bool {
	i := l.pos - 1
	for i >= 0 && isSpace(l.src[i]) {
		i--
	}
	if i < 0 {
		return false
	}
	c := l.src[i]
	if isIdentStart(c) || isDigit(c) {
		j := i
		for j > 0 && (isIdentStart(l.src[j-1]) || isDigit(l.src[j-1])) {
			j--
		}
		switch strings.ToUpper(l.src[j : i+1]) {
		case "AND", "OR", "XOR", "NOT", "LIKE", "IN":
			return false
		}
		return true
	}
	return c == ')' || c == '"' || c == '\'' || c == '>'
}

// unescape applies SPL's one level of backslash unescaping (spl-semantics.md
// §1.3): `\\` becomes `\`, `\"` becomes `"`, any other `\x` stays. Text
// without a backslash is returned as is, without allocating.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '"') {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// unquote returns the text of a quoted token without its quotes, unescaped.
func unquote(t token) string {
	if len(t.text) < 2 {
		return ""
	}
	return unescape(t.text[1 : len(t.text)-1])
}

// bareValue unescapes a bare search value; double quotes inside it (as in
// abc"d e"f) group text and are dropped, as Splunk joins adjacent pieces.
func bareValue(s string) string {
	if strings.IndexByte(s, '"') < 0 {
		return unescape(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && (s[i+1] == '\\' || s[i+1] == '"'):
			i++
		case s[i] == '"':
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
