package macro

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// frame is one macro expansion in an origin chain: the macro, and the byte
// offset into its body.
type frame struct {
	def *Definition
	key string // name(N) as called
	off int32
}

// origin says where a byte of expanded text came from: the original text at
// pos (frames == nil), or the body of the innermost frame at inner.off,
// reached through the outermost call span call.
type origin struct {
	pos    source.Pos
	call   source.Span
	outer  []frame // enclosing expansions, outermost first; shared, never mutated
	inner  frame
	inBody bool // false: the byte is argument text, inner.off is the $param$
	frames []frame
}

// advance returns the origin n bytes further along the same run of text.
func (o origin) advance(n int) origin {
	if o.frames == nil {
		o.pos += source.Pos(n)
		return o
	}
	if o.inBody {
		o.inner.off += int32(n)
	}
	return o
}

// notes returns the "in expansion of" notes for a macro origin, outermost
// first.
func (o origin) notes() []source.Note {
	all := make([]frame, 0, len(o.outer)+1)
	all = append(all, o.outer...)
	all = append(all, o.inner)
	notes := make([]source.Note, 0, len(all))
	for _, fr := range all {
		n := source.Note{Msg: fmt.Sprintf("in expansion of macro `%s`", fr.def.Name)}
		if fr.def.File != nil {
			p := fr.def.Span.Start + source.Pos(fr.off)
			if fr.def.Span.End > fr.def.Span.Start && p >= fr.def.Span.End {
				p = fr.def.Span.End - 1
			}
			n.File, n.Span = fr.def.File, source.Span{Start: p, End: p + 1}
		}
		notes = append(notes, n)
	}
	return notes
}

// segment maps expanded bytes from start on (up to the next segment) to an
// origin.
type segment struct {
	start source.Pos
	o     origin
}

func (s segment) at(n source.Pos) origin { return s.o.advance(int(n)) }

// piece is the origin of a run of input text starting at start.
type piece struct {
	start int
	o     origin
}

type expander struct {
	orig   *source.File
	lookup Lookup
	out    strings.Builder
	segs   []segment
	errs   source.List
}

const maxErrors = 10

func (e *expander) fail(d *source.Diagnostic) {
	if len(e.errs) < maxErrors {
		e.errs.Add(d)
	}
}

// stripComments removes ```...``` comments. Comments may hold quotes and
// pipes, so the scan ignores quoting (spl-semantics.md §1.1).
func (e *expander) stripComments(text string) (string, []piece) {
	if !strings.Contains(text, "```") {
		return text, []piece{{0, origin{}}}
	}
	var b strings.Builder
	var pieces []piece
	last := 0
	for {
		i := strings.Index(text[last:], "```")
		if i < 0 {
			break
		}
		i += last
		j := strings.Index(text[i+3:], "```")
		if j < 0 {
			e.fail(source.Errorf(source.ErrSyntax, e.orig, source.Span{Start: source.Pos(i), End: source.Pos(i + 3)}, "unterminated ``` comment"))
			return "", nil
		}
		pieces = append(pieces, piece{b.Len(), origin{pos: source.Pos(last)}})
		b.WriteString(text[last:i])
		last = i + 3 + j + 3
	}
	pieces = append(pieces, piece{b.Len(), origin{pos: source.Pos(last)}})
	b.WriteString(text[last:])
	return b.String(), pieces
}

// originAt returns the origin of byte i of a text described by pieces.
func originAt(pieces []piece, i int) origin {
	k := 0
	for k+1 < len(pieces) && pieces[k+1].start <= i {
		k++
	}
	return pieces[k].o.advance(i - pieces[k].start)
}

// emit copies text[a:b] to the output with its origins.
func (e *expander) emit(text string, pieces []piece, a, b int) {
	if a >= b {
		return
	}
	base := e.out.Len()
	for k, p := range pieces {
		end := len(text)
		if k+1 < len(pieces) {
			end = pieces[k+1].start
		}
		if end <= a || p.start >= b {
			continue
		}
		s := max(a, p.start)
		e.segs = append(e.segs, segment{start: source.Pos(base + s - a), o: p.o.advance(s - p.start)})
	}
	e.out.WriteString(text[a:b])
}

// diag builds a diagnostic for the text from o to end (inclusive) in the
// original file: at the call itself when it is original text, else at the
// outermost call with notes into the macro bodies.
func (e *expander) diag(class error, o, end origin, format string, args ...any) *source.Diagnostic {
	if o.frames == nil {
		sp := source.Span{Start: o.pos, End: o.pos + 1}
		if end.frames == nil && end.pos >= o.pos {
			sp.End = end.pos + 1
		}
		return source.Errorf(class, e.orig, sp, format, args...)
	}
	d := source.Errorf(class, e.orig, o.call, format, args...)
	d.Notes = o.notes()
	return d
}

// expand copies text to the output, replacing macro calls outside double
// quotes by their expansion.
func (e *expander) expand(text string, pieces []piece, depth int, active []string) {
	last, inQuote := 0, false
	for i := 0; i < len(text); i++ {
		if len(e.errs) > 0 {
			return
		}
		switch text[i] {
		case '\\':
			i++
			continue
		case '"':
			inQuote = !inQuote
			continue
		case '`':
			if inQuote {
				continue
			}
		default:
			continue
		}
		j := strings.IndexByte(text[i+1:], '`')
		o := originAt(pieces, i)
		if j < 0 {
			e.fail(e.diag(source.ErrSyntax, o, o, "unterminated macro call: missing closing `"))
			return
		}
		j += i + 1
		e.emit(text, pieces, last, i)
		e.call(text[i+1:j], o, originAt(pieces, j), depth, active)
		last = j + 1
		i = j
	}
	e.emit(text, pieces, last, len(text))
	if e.out.Len() > MaxSize && len(e.errs) == 0 {
		e.fail(source.Errorf(source.ErrLimit, e.orig, source.Span{}, "macro expansion exceeds %d bytes", MaxSize))
	}
}

// call expands one macro call whose text between the backticks is body; o
// and end are the origins of the opening and closing backtick.
func (e *expander) call(text string, o, end origin, depth int, active []string) {
	name, args, ok := splitCall(text)
	if !ok {
		e.fail(e.diag(source.ErrSyntax, o, end, "malformed macro call `%s`", text))
		return
	}
	def, found := e.lookup(name, len(args))
	if !found || def == nil {
		msg := fmt.Sprintf("macro `%s` is not defined", name)
		for n := 0; n <= 10; n++ {
			if n == len(args) {
				continue
			}
			if _, ok := e.lookup(name, n); ok {
				msg = fmt.Sprintf("macro `%s` takes %s, called with %d", name, plural(n, "argument"), len(args))
				break
			}
		}
		e.fail(e.diag(source.ErrUnknown, o, end, "%s", msg))
		return
	}
	key := name + "(" + strconv.Itoa(len(args)) + ")"
	for _, a := range active {
		if a == key {
			e.fail(e.diag(source.ErrSyntax, o, end, "macro `%s` expands to itself (recursion through %s)", name, strings.Join(append(active, key), " -> ")))
			return
		}
	}
	if depth >= MaxDepth {
		e.fail(e.diag(source.ErrLimit, o, end, "macro expansion nested deeper than %d at `%s`", MaxDepth, name))
		return
	}
	if len(def.Args) != len(args) && len(args) > 0 {
		e.fail(e.diag(source.ErrSyntax, o, end, "macro `%s` declares %d parameters but is called with %d", name, len(def.Args), len(args)))
		return
	}
	args = bindArgs(def.Args, args)

	// The origin of the body text: the outermost call in the original text,
	// and the chain of enclosing expansions.
	base := origin{inBody: true, inner: frame{def: def, key: key}}
	if o.frames == nil {
		sp := source.Span{Start: o.pos, End: o.pos + 1}
		if end.frames == nil {
			sp.End = end.pos + 1
		}
		base.call = sp
	} else {
		base.call = o.call
		base.outer = append(append([]frame(nil), o.outer...), o.inner)
	}
	base.frames = append(append([]frame(nil), base.outer...), base.inner)

	body, pieces := substitute(def, args, base)
	e.expand(body, pieces, depth+1, append(active, key))
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// substitute replaces $param$ in def's body by the argument texts, textually
// and without added parentheses (spl-semantics.md §2). Body bytes keep their
// offset into the body; argument bytes point at the $param$.
func substitute(def *Definition, args []string, base origin) (string, []piece) {
	body := def.Body
	if len(args) == 0 || !strings.Contains(body, "$") {
		return body, []piece{{0, base}}
	}
	var b strings.Builder
	pieces := []piece{{0, base}}
	last := 0
	for i := 0; i < len(body); i++ {
		if body[i] != '$' {
			continue
		}
		j := strings.IndexByte(body[i+1:], '$')
		if j < 0 {
			break
		}
		j += i + 1
		k := paramIndex(def.Args, body[i+1:j])
		if k < 0 {
			continue
		}
		b.WriteString(body[last:i])
		at := base
		at.inner.off = int32(i)
		at.inBody = false
		pieces = append(pieces, piece{b.Len(), at})
		b.WriteString(args[k])
		after := base.advance(j + 1)
		pieces = append(pieces, piece{b.Len(), after})
		last = j + 1
		i = j
	}
	b.WriteString(body[last:])
	return b.String(), pieces
}

func paramIndex(params []string, name string) int {
	for i, p := range params {
		if p == name {
			return i
		}
	}
	return -1
}

// splitCall splits "name(a, b)" into the name and its arguments. Arguments
// are separated by commas outside double quotes and parentheses.
func splitCall(text string) (name string, args []string, ok bool) {
	text = strings.TrimSpace(text)
	open := strings.IndexByte(text, '(')
	if open < 0 {
		return text, nil, validName(text)
	}
	if !strings.HasSuffix(text, ")") {
		return "", nil, false
	}
	name = strings.TrimSpace(text[:open])
	inner := text[open+1 : len(text)-1]
	if strings.TrimSpace(inner) == "" {
		return name, nil, validName(name)
	}
	depth, inQuote, last := 0, false, 0
	for i := 0; i < len(inner); i++ {
		switch c := inner[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == ',' && depth == 0:
			args = append(args, inner[last:i])
			last = i + 1
		}
	}
	args = append(args, inner[last:])
	for i, a := range args {
		args[i] = strings.TrimSpace(a)
	}
	return name, args, validName(name)
}

func validName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ', '\t', '\n', '\r', '(', ')', '"', '|':
			return false
		}
	}
	return true
}

// bindArgs orders args by parameter: named when every argument is written
// param=value with distinct parameter names, positional otherwise. One pair
// of surrounding double quotes is stripped from each value, so that
// `drop_dm_object_name("Processes")` behaves like the unquoted call
// (spl-semantics.md §2).
func bindArgs(params, args []string) []string {
	named := make([]string, len(params))
	seen := 0
	for _, a := range args {
		eq := strings.IndexByte(a, '=')
		if eq <= 0 {
			break
		}
		k := paramIndex(params, strings.TrimSpace(a[:eq]))
		if k < 0 || named[k] != "" {
			break
		}
		named[k] = strings.TrimSpace(a[eq+1:])
		if named[k] == "" {
			named[k] = " " // keep "seen" distinct from unset; trimmed below
		}
		seen++
	}
	out := args
	if seen == len(args) && seen == len(params) {
		out = named
	}
	res := make([]string, len(out))
	for i, a := range out {
		a = strings.TrimSpace(a)
		if len(a) >= 2 && a[0] == '"' && a[len(a)-1] == '"' {
			a = a[1 : len(a)-1]
		}
		res[i] = a
	}
	return res
}
