// Package output renders what riskhound produces -- findings, result rows and
// events -- as a readable table, JSON lines or CSV. The JSON shapes are the
// contracts of DESIGN.md ("Interfaces").
package output

import (
	"encoding/json"
	"strings"
	"time"

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

func appendString(dst []byte, s string) []byte {
	b, _ := json.Marshal(s) // never fails for a string
	return append(dst, b...)
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
		if isMeta(f.Name) {
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

func isMeta(name string) bool {
	switch name {
	case event.Time, event.Raw, event.Index, event.Host, event.Source, event.Sourcetype:
		return true
	}
	return false
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
