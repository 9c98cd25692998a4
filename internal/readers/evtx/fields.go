package evtx

import (
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// fieldRec is a field found while rendering: its name (or, when name is "",
// the span of out holding a Data Name attribute) and the span of its value in
// out. Values are slices of the rendered XML, so they keep its escaping, as
// the XmlWinEventLog reader keeps entities as written.
type fieldRec struct {
	name         string
	nameS, nameE int32
	valS, valE   int32
}

// Section element names below <Event>.
const (
	secSystem    = "System"
	secEventData = "EventData"
	secUserData  = "UserData"
	secRendering = "RenderingInfo"
)

func (d *decoder) addField(name string, s, e int32) {
	d.fields = append(d.fields, fieldRec{name: name, valS: s, valE: e})
}

// elementDone records the fields of the element at stack index level whose
// content spans out[s:e] (fields.md: System children, EventData Data,
// UserData leaves, RenderingInfo Message).
func (d *decoder) elementDone(level int, s, e int32) {
	if level < 1 {
		return
	}
	el := &d.stack[level]
	sec := d.stack[1].name
	if level == 1 {
		if sec == secUserData && e > s {
			d.addField("UserData_Xml", s, e)
		}
		return
	}
	if el.hasChild || e <= s {
		return
	}
	switch sec {
	case secSystem:
		if level == 2 {
			d.addField(el.name, s, e)
			if el.name == "EventID" {
				d.addField("EventCode", s, e)
			}
		}
	case secEventData:
		if level != 2 {
			return
		}
		if el.name == "Data" {
			if el.nameE > el.nameS {
				d.fields = append(d.fields, fieldRec{nameS: el.nameS, nameE: el.nameE, valS: s, valE: e})
				return
			}
		}
		d.addField(el.name, s, e)
	case secUserData:
		if level >= 3 {
			d.addField(el.name, s, e)
		}
	case secRendering:
		if level == 2 && el.name == "Message" {
			d.addField("Message", s, e)
		}
	}
}

// attributeDone records attribute name with value out[s:e] of the innermost
// open element.
func (d *decoder) attributeDone(name string, s, e int32) {
	level := len(d.stack) - 1
	if level != 2 {
		return
	}
	switch d.stack[1].name {
	case secSystem:
		if e > s {
			d.addField(name, s, e)
			if name == "UserID" {
				d.addField("user_id", s, e)
			}
		}
	case secEventData:
		if name == "Name" && d.stack[2].name == "Data" {
			d.stack[2].nameS, d.stack[2].nameE = s, e
		}
	}
}

// cleanKey applies Splunk's CLEAN_KEYS: every character other than
// [A-Za-z0-9_] becomes '_'.
func cleanKey(s string) string {
	for i := 0; i < len(s); i++ {
		if !keyByte(s[i]) {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if !keyByte(b[j]) {
					b[j] = '_'
				}
			}
			// Collapse a multi-byte character to one '_' per byte, as the
			// byte-wise regex of CLEAN_KEYS does.
			return string(b)
		}
	}
	return s
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isMeta(name string) bool {
	switch name {
	case event.Time, event.Raw, event.Host, event.Source, event.Sourcetype, event.Index:
		return true
	}
	return false
}

// searchTimeRoom is spare capacity in every event's field slice for the
// fields added at search time (the add-ons' CIM fields, eventtype), which
// would otherwise reallocate and copy the whole slice once per event.
const searchTimeRoom = 8

// buildEvent turns the rendered record into an event: metadata first, then
// every field in document order, repeated names as multivalues.
func (d *decoder) buildEvent() *event.Event {
	raw := string(d.out)
	ev := event.New(len(d.fields) + 6 + searchTimeRoom)
	var computer, channel, systime string
	for i := range d.fields {
		f := &d.fields[i]
		switch f.name {
		case "Computer":
			computer = raw[f.valS:f.valE]
		case "Channel":
			channel = raw[f.valS:f.valE]
		case "SystemTime":
			systime = raw[f.valS:f.valE]
		}
	}
	if t, ok := parseSystemTime(systime); ok {
		ev.Append(event.Time, value.Num(event.EpochSeconds(t)))
	}
	ev.Append(event.Raw, value.Str(raw))
	if computer != "" {
		ev.Append(event.Host, value.Str(computer))
	}
	sourcetype := "XmlWinEventLog"
	if channel != "" {
		if channel != d.lastChannel {
			d.lastChannel, d.lastSource = channel, event.WinSource(channel)
		}
		ev.Append(event.Source, value.Str(d.lastSource.Source))
		sourcetype = d.lastSource.Sourcetype
	}
	ev.Append(event.Sourcetype, value.Str(sourcetype))
	ev.Append(event.Index, value.Str("main"))
	meta := len(ev.Fields)
	for i := range d.fields {
		f := &d.fields[i]
		name := f.name
		if name == "" {
			name = cleanKey(raw[f.nameS:f.nameE])
		}
		if isMeta(name) {
			continue
		}
		v := raw[f.valS:f.valE]
		dup := -1
		for j := meta; j < len(ev.Fields); j++ {
			if ev.Fields[j].Name == name {
				dup = j
				break
			}
		}
		if dup < 0 {
			ev.Append(name, value.Str(v))
			continue
		}
		old := ev.Fields[dup].Value
		vs := make([]string, 0, old.Len()+1)
		vs = append(append(vs, old.Values()...), v)
		ev.Fields[dup].Value = value.MV(vs)
	}
	return ev
}

// parseSystemTime parses the rendered form YYYY-MM-DDTHH:MM:SS[.fraction]Z.
func parseSystemTime(s string) (time.Time, bool) {
	if len(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[len(s)-1] != 'Z' {
		return time.Time{}, false
	}
	num := func(a, b int) (int, bool) {
		n := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	var v [6]int
	for i, r := range [6][2]int{{0, 4}, {5, 7}, {8, 10}, {11, 13}, {14, 16}, {17, 19}} {
		n, ok := num(r[0], r[1])
		if !ok {
			return time.Time{}, false
		}
		v[i] = n
	}
	nsec := 0
	if rest := s[19 : len(s)-1]; rest != "" {
		if rest[0] != '.' || len(rest) < 2 {
			return time.Time{}, false
		}
		digits := rest[1:]
		if len(digits) > 9 {
			digits = digits[:9]
		}
		n, ok := num(20, 20+len(digits))
		if !ok {
			return time.Time{}, false
		}
		for k := len(digits); k < 9; k++ {
			n *= 10
		}
		nsec = n
	}
	return time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], nsec, time.UTC), true
}
