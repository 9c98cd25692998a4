package spltest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/value"
)

// null is how a null (absent) value is written in expected rows.
const null = "∅"

// check is one expectation; verify returns "" when the outcome meets it and
// otherwise a description of the difference.
type check interface {
	verify(rows []*event.Event, err error) string
}

// rowsCheck expects a successful run with the given rows (none for expect
// empty). Cells are compared in their canonical text (see cellText).
type rowsCheck struct {
	cols      []string
	rows      [][]string
	unordered bool
	// exact requires each row to have exactly cols as its fields, in order
	// (internal fields included); otherwise only the named columns are
	// compared and a named column that is absent must be written ∅.
	exact bool
}

func parseRows(block []string, opts []string) (*rowsCheck, error) {
	c := &rowsCheck{}
	for _, o := range opts {
		switch o {
		case "ordered":
		case "unordered":
			c.unordered = true
		case "exact":
			c.exact = true
		default:
			return nil, fmt.Errorf("expect rows: unknown option %q", o)
		}
	}
	if len(block) == 0 {
		return nil, fmt.Errorf("expect rows: missing header line (use expect empty for no rows)")
	}
	for _, h := range splitCells(block[0]) {
		c.cols = append(c.cols, strings.TrimSpace(h))
	}
	for k, l := range block[1:] {
		cells := splitCells(l)
		if len(cells) != len(c.cols) {
			return nil, fmt.Errorf("expect rows: row %d has %d cells, header has %d", k+1, len(cells), len(c.cols))
		}
		row := make([]string, len(cells))
		for j, cell := range cells {
			v, err := parseCell(strings.TrimSpace(cell))
			if err != nil {
				return nil, fmt.Errorf("expect rows: row %d, column %s: %v", k+1, c.cols[j], err)
			}
			row[j] = cellText(v)
		}
		c.rows = append(c.rows, row)
	}
	return c, nil
}

func (c *rowsCheck) verify(rows []*event.Event, err error) string {
	if err != nil {
		return "unexpected error:\n" + source.Render(err)
	}
	want := make([]string, len(c.rows))
	for i, r := range c.rows {
		want[i] = strings.Join(r, " | ")
	}
	got := make([]string, len(rows))
	for i, e := range rows {
		got[i] = c.render(e)
	}
	if c.unordered {
		slices.Sort(want)
		slices.Sort(got)
	}
	if slices.Equal(want, got) {
		return ""
	}
	return fmt.Sprintf("got %d rows:\n  %s\n  %s\nwant %d rows:\n  %s\n  %s",
		len(got), strings.Join(c.cols, " | "), strings.Join(got, "\n  "),
		len(want), strings.Join(c.cols, " | "), strings.Join(want, "\n  "))
}

// render prints e's values of the expected columns; with exact, a row whose
// field names differ prints as its full field list so the difference shows.
func (c *rowsCheck) render(e *event.Event) string {
	if c.exact {
		names := make([]string, len(e.Fields))
		for i, f := range e.Fields {
			names[i] = f.Name
		}
		if !slices.Equal(names, c.cols) {
			parts := make([]string, len(e.Fields))
			for i, f := range e.Fields {
				parts[i] = f.Name + "=" + cellText(f.Value)
			}
			return "fields differ: " + strings.Join(parts, ", ")
		}
	}
	parts := make([]string, len(c.cols))
	for i, col := range c.cols {
		parts[i] = cellText(e.Get(col))
	}
	return strings.Join(parts, " | ")
}

// cellText is the canonical text of a value: ∅ for null, [a,b] for a
// multivalue, the text otherwise; strings that would read back differently
// (empty, or holding | , [ ] " or surrounding spaces, or ∅ itself) are
// JSON-quoted.
func cellText(v value.Value) string {
	switch {
	case v.IsNull():
		return null
	case v.IsMulti():
		vs := v.Values()
		parts := make([]string, len(vs))
		for i, s := range vs {
			parts[i] = quoteCell(s, true)
		}
		return "[" + strings.Join(parts, ",") + "]"
	}
	return quoteCell(v.Text(), false)
}

func quoteCell(s string, inList bool) string {
	special := s == "" || s == null || strings.TrimSpace(s) != s ||
		strings.ContainsAny(s, "|\"\n\t") || strings.HasPrefix(s, "[") ||
		(inList && strings.ContainsAny(s, ",]"))
	if !special {
		return s
	}
	b, _ := json.Marshal(s)
	return string(b)
}

// parseCell reads one expected cell: ∅, "json string", [a, "b", c] or bare
// text.
func parseCell(s string) (value.Value, error) {
	switch {
	case s == null:
		return value.NullValue, nil
	case strings.HasPrefix(s, "\""):
		var str string
		if err := json.Unmarshal([]byte(s), &str); err != nil {
			return value.NullValue, fmt.Errorf("bad quoted cell %s: %v", s, err)
		}
		return value.Str(str), nil
	case strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]"):
		var vs []string
		for _, item := range splitOutside(s[1:len(s)-1], ',') {
			item = strings.TrimSpace(item)
			if strings.HasPrefix(item, "\"") {
				var str string
				if err := json.Unmarshal([]byte(item), &str); err != nil {
					return value.NullValue, fmt.Errorf("bad quoted item %s: %v", item, err)
				}
				item = str
			}
			vs = append(vs, item)
		}
		return value.MV(vs), nil
	}
	return value.Str(s), nil
}

// splitCells splits a row line on | outside "quotes" and [brackets].
func splitCells(line string) []string { return splitOutside(line, '|') }

func splitOutside(s string, sep byte) []string {
	var out []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(s); i++ {
		switch ch := s[i]; {
		case quoted && ch == '\\':
			i++
		case ch == '"':
			quoted = !quoted
		case quoted:
		case ch == '[':
			depth++
		case ch == ']':
			depth--
		case ch == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// errorCheck expects the search to fail: with a diagnostic of class (when
// set) starting at line:col of the search text (when set), whose message
// matches re (when set).
type errorCheck struct {
	class     error
	className string
	line, col int
	re        *regexp.Regexp
}

var classes = map[string]error{
	"syntax": source.ErrSyntax, "unsupported": source.ErrUnsupported, "unknown": source.ErrUnknown,
	"limit": source.ErrLimit, "input": source.ErrInput, "runtime": source.ErrRuntime,
}

// parseErrorCheck reads `[class] [@col | @line:col] [/regexp/]`.
func parseErrorCheck(args string) (*errorCheck, error) {
	e := &errorCheck{}
	args = strings.TrimSpace(args)
	if i := strings.Index(args, "/"); i >= 0 {
		if !strings.HasSuffix(args, "/") || len(args) == i+1 {
			return nil, fmt.Errorf("expect error: want /regexp/ last")
		}
		re, err := regexp.Compile(args[i+1 : len(args)-1])
		if err != nil {
			return nil, fmt.Errorf("expect error: %v", err)
		}
		e.re, args = re, args[:i]
	}
	for _, w := range strings.Fields(args) {
		if pos, ok := strings.CutPrefix(w, "@"); ok {
			l, c, two := strings.Cut(pos, ":")
			var err error
			if two {
				if e.line, err = strconv.Atoi(l); err == nil {
					e.col, err = strconv.Atoi(c)
				}
			} else {
				e.line = 1
				e.col, err = strconv.Atoi(l)
			}
			if err != nil || e.col < 1 || e.line < 1 {
				return nil, fmt.Errorf("expect error: bad position %q", w)
			}
			continue
		}
		class, ok := classes[w]
		if !ok {
			return nil, fmt.Errorf("expect error: unknown class or word %q", w)
		}
		e.class, e.className = class, w
	}
	return e, nil
}

func (e *errorCheck) verify(rows []*event.Event, err error) string {
	if err == nil {
		return fmt.Sprintf("succeeded with %d rows, want an error", len(rows))
	}
	if e.class != nil && !errors.Is(err, e.class) {
		return fmt.Sprintf("error is not of class %s:\n%s", e.className, source.Render(err))
	}
	var d *source.Diagnostic
	if e.col > 0 {
		if !errors.As(err, &d) || d.File == nil {
			return fmt.Sprintf("error has no position, want @%d:%d: %v", e.line, e.col, err)
		}
		if l, c := d.File.Position(d.Span.Start); l != e.line || c != e.col {
			return fmt.Sprintf("error at %d:%d, want %d:%d:\n%s", l, c, e.line, e.col, source.Render(err))
		}
	}
	if e.re != nil && !e.re.MatchString(err.Error()) {
		return fmt.Sprintf("error does not match /%s/:\n%s", e.re, source.Render(err))
	}
	return ""
}

// decodeEvent reads a load line: a JSON object whose values are strings,
// numbers (kept as their text, as extracted fields are; _time becomes a
// number), Booleans (their text), arrays of those (multivalues) or null (no
// field). Field order is the object's key order.
func decodeEvent(line string) (*event.Event, error) {
	e := event.New(8)
	d := json.NewDecoder(strings.NewReader(line))
	d.UseNumber()
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("want a JSON object: %q", line)
	}
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		k := tok.(string)
		var v any
		if err := d.Decode(&v); err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case nil:
		case []any:
			vs := make([]string, len(v))
			for i, x := range v {
				s, err := scalarText(x)
				if err != nil {
					return nil, fmt.Errorf("field %s: %v", k, err)
				}
				vs[i] = s
			}
			e.Set(k, value.MV(vs))
		default:
			s, err := scalarText(v)
			if err != nil {
				return nil, fmt.Errorf("field %s: %v", k, err)
			}
			if n, ok := v.(json.Number); ok && k == event.Time {
				f, err := n.Float64()
				if err != nil {
					return nil, fmt.Errorf("_time: %v", err)
				}
				e.Set(k, value.Num(f))
				continue
			}
			e.Set(k, value.Str(s))
		}
	}
	if _, err := d.Token(); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing text after the object: %q", line)
	}
	return e, nil
}

func scalarText(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return strconv.FormatBool(v), nil
	}
	return "", fmt.Errorf("unsupported JSON value %v (want string, number, boolean)", v)
}
