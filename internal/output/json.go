// Package output renders what riskhound produces -- findings, result rows and
// events -- as a readable table, JSON lines or CSV. The JSON shapes are the
// contracts of DESIGN.md ("Interfaces").
package output

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// AppendValue appends v as JSON: a string, an array of strings for a
// multivalue, or null. Numbers are rendered as their SPL text in a string, as
// Splunk's result JSON does.
func AppendValue(dst []byte, v value.Value) []byte {
	switch {
	case v.IsNull():
		return append(dst, "null"...)
	case v.IsMulti():
		dst = append(dst, '[')
		for i, s := range v.Values() {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, s)
		}
		return append(dst, ']')
	}
	return appendString(dst, v.Text())
}

// appendString appends s as a JSON string. Unlike json.Marshal it does not
// escape <, > and & (log values are full of them and readers expect them as
// is); invalid UTF-8 becomes U+FFFD.
func appendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x80 {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				dst = append(dst, "\ufffd"...)
			} else if r == '\u2028' || r == '\u2029' {
				dst = append(dst, fmt.Sprintf("\\u%04x", r)...)
			} else {
				dst = append(dst, s[i:i+size]...)
			}
			i += size
			continue
		}
		switch {
		case c == '"' || c == '\\':
			dst = append(dst, '\\', c)
		case c == '\n':
			dst = append(dst, '\\', 'n')
		case c == '\r':
			dst = append(dst, '\\', 'r')
		case c == '\t':
			dst = append(dst, '\\', 't')
		case c < 0x20:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
		default:
			dst = append(dst, c)
		}
		i++
	}
	return append(dst, '"')
}

// AppendRow appends the fields of ev as one JSON object, in field order.
func AppendRow(dst []byte, ev *event.Event) []byte {
	dst = append(dst, '{')
	for i, f := range ev.Fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, f.Name)
		dst = append(dst, ':')
		dst = AppendValue(dst, f.Value)
	}
	return append(dst, '}')
}

// AppendEvent appends the `events --format jsonl` object for ev:
// {"_time", "index", "host", "source", "sourcetype", "fields": {...}}, with
// _time in RFC 3339 UTC with sub-seconds. fields holds every extracted field
// except the metadata ones and _raw.
func AppendEvent(dst []byte, ev *event.Event) []byte {
	dst = append(dst, `{"_time":`...)
	if t, ok := ev.EpochTime(); ok {
		dst = appendString(dst, event.TimeOf(t).Format(time.RFC3339Nano))
	} else {
		dst = append(dst, "null"...)
	}
	for _, k := range []string{event.Index, event.Host, event.Source, event.Sourcetype} {
		dst = append(dst, ',')
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = AppendValue(dst, ev.Get(k))
	}
	dst = append(dst, `,"fields":{`...)
	n := 0
	for _, f := range ev.Fields {
		if event.IsMeta(f.Name) {
			continue
		}
		if n > 0 {
			dst = append(dst, ',')
		}
		n++
		dst = appendString(dst, f.Name)
		dst = append(dst, ':')
		dst = AppendValue(dst, f.Value)
	}
	return append(dst, "}}"...)
}

// oneLine flattens s for a table cell: newlines and tabs become spaces and
// the result is cut to max runes with an ellipsis.
func oneLine(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t':
			return ' '
		}
		return r
	}, s)
	if max > 0 && len(s) > max {
		r := []rune(s)
		if len(r) > max {
			return string(r[:max-1]) + "…"
		}
	}
	return s
}
