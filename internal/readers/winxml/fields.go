package winxml

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// Slots of the metadata fields at the front of every event, filled once the
// whole event has been scanned (Computer and Channel come late in <System>).
const (
	slotTime = iota
	slotHost
	slotSource
	slotSourcetype
	slotIndex
	slotRaw
	nSlots
)

// parser extracts the fields of one event (fields.md). Its scratch slice is
// reused across events; each emitted event gets an exact-size copy (retained
// events hold no spare capacity), so an event costs two allocations in the
// common case.
type parser struct {
	s       string
	fields  []event.Field
	mask    uint64            // bloom filter over field names, see add
	sources map[string]string // Channel -> "XmlWinEventLog:"+Channel, to allocate it once
	time    value.Value
	host    string
	channel string
}

// event scans the event whose "<Event" starts at s[start]. It returns the
// event and the offset after </Event>.
func (p *parser) event(s string, start int) (*event.Event, int, error) {
	p.s = s
	if cap(p.fields) < nSlots {
		p.fields = make([]event.Field, nSlots, 64)
	}
	p.fields = p.fields[:nSlots]
	clear(p.fields)
	p.mask = 0
	p.time, p.host, p.channel = value.NullValue, "", ""
	_, _, empty, i, err := startTag(s, start)
	if err != nil {
		return nil, 0, err
	}
	if empty {
		return nil, 0, bad(start, "empty <Event/>")
	}
	for {
		j, end, err := nextTag(s, i)
		if err != nil {
			return nil, 0, err
		}
		if end {
			if i, err = endTag(s, j, "Event"); err != nil {
				return nil, 0, err
			}
			return p.finish(s[start:i]), i, nil
		}
		name, _, empty, after, err := startTag(s, j)
		if err != nil {
			return nil, 0, err
		}
		switch {
		case name == "Event":
			return nil, 0, bad(j, "<Event> inside an event (the event before it is truncated)")
		case empty:
			i = after
		case name == "System":
			i, err = p.system(after)
		case name == "EventData":
			i, err = p.eventData(after)
		case name == "UserData":
			i, err = p.userData(after)
		case name == "RenderingInfo":
			i, err = p.renderingInfo(after)
		default:
			_, _, i, err = content(s, after, name)
		}
		if err != nil {
			return nil, 0, err
		}
	}
}

// finish fills the metadata slots, drops the empty ones and copies the fields
// into a new event.
func (p *parser) finish(raw string) *event.Event {
	f := p.fields
	f[slotTime] = event.Field{Name: event.Time, Value: p.time}
	if p.host != "" {
		f[slotHost] = event.Field{Name: event.Host, Value: value.Str(p.host)}
	}
	if p.channel != "" {
		src, ok := p.sources[p.channel]
		if !ok {
			src = "XmlWinEventLog:" + p.channel
			if len(p.sources) < 1000 {
				p.sources[p.channel] = src
			}
		}
		f[slotSource] = event.Field{Name: event.Source, Value: value.Str(src)}
	}
	f[slotSourcetype] = event.Field{Name: event.Sourcetype, Value: value.Str("XmlWinEventLog")}
	f[slotIndex] = event.Field{Name: event.Index, Value: value.Str("main")}
	f[slotRaw] = event.Field{Name: event.Raw, Value: value.Str(raw)}
	n := 0
	for _, fl := range f {
		if !fl.Value.IsNull() {
			f[n] = fl
			n++
		}
	}
	return &event.Event{Fields: append([]event.Field(nil), f[:n]...)}
}

// add adds val as a value of name; a repeated name becomes a multivalue and an
// empty value makes no field. A name that is a metadata field's gets the
// prefix "extracted_", as Splunk does. A 64-bit bloom filter over the names seen so far
// skips the duplicate scan for nearly every field.
func (p *parser) add(name, val string) {
	if val == "" || name == "" {
		return
	}
	name = unclash(name)
	bit := uint64(1) << ((uint(len(name))*7 + uint(name[0]) + uint(name[len(name)-1])*3) & 63)
	if p.mask&bit != 0 {
		for i := nSlots; i < len(p.fields); i++ {
			if p.fields[i].Name == name {
				old := p.fields[i].Value
				vs := make([]string, 0, old.Len()+1)
				p.fields[i].Value = value.MV(append(append(vs, old.Values()...), val))
				return
			}
		}
	}
	p.mask |= bit
	p.fields = append(p.fields, event.Field{Name: name, Value: value.Str(val)})
}

// system extracts <System>: every attribute of a child becomes a field named
// after the attribute (Provider/@Name -> Name, TimeCreated/@SystemTime ->
// SystemTime, ...), and every child's text a field named after the child.
func (p *parser) system(i int) (int, error) {
	s := p.s
	for {
		j, end, err := nextTag(s, i)
		if err != nil {
			return 0, err
		}
		if end {
			return endTag(s, j, "System")
		}
		name, attrs, empty, after, err := startTag(s, j)
		if err != nil {
			return 0, err
		}
		if name == "Event" {
			return 0, bad(j, "<Event> inside an event (the event before it is truncated)")
		}
		it := attrIter{a: attrs, pos: j + 1 + len(name)}
		for {
			an, av, ok, err := it.next()
			if err != nil {
				return 0, err
			}
			if !ok {
				break
			}
			p.systemAttr(an, av)
		}
		i = after
		if empty {
			continue
		}
		text, children, next, err := content(s, after, name)
		if err != nil {
			return 0, err
		}
		i = next
		if children || text == "" {
			continue
		}
		p.add(name, text)
		switch name {
		case "EventID":
			p.add("EventCode", text)
		case "Computer":
			p.host = text
		case "Channel":
			p.channel = text
		}
	}
}

func (p *parser) systemAttr(name, val string) {
	if name == "xmlns" || len(name) > 6 && name[:6] == "xmlns:" {
		return
	}
	p.add(name, val)
	switch name {
	case "SystemTime":
		if t, ok := parseTime(val); ok {
			p.time = value.Num(event.EpochSeconds(t))
		}
	case "UserID":
		p.add("user_id", val)
	}
}

// eventData extracts <EventData>: <Data Name='X'>v</Data> -> X=v (name
// cleaned), nameless <Data> -> Data, any other child (Binary, ...) by its
// element name.
func (p *parser) eventData(i int) (int, error) {
	s := p.s
	for {
		j, end, err := nextTag(s, i)
		if err != nil {
			return 0, err
		}
		if end {
			return endTag(s, j, "EventData")
		}
		name, attrs, empty, after, err := startTag(s, j)
		if err != nil {
			return 0, err
		}
		if name == "Event" {
			return 0, bad(j, "<Event> inside an event (the event before it is truncated)")
		}
		i = after
		if empty {
			continue
		}
		text, children, next, err := content(s, after, name)
		if err != nil {
			return 0, err
		}
		i = next
		if children || text == "" {
			continue
		}
		field := cleanKey(name)
		if name == "Data" {
			it := attrIter{a: attrs, pos: j + 1 + len(name)}
			for {
				an, av, ok, err := it.next()
				if err != nil {
					return 0, err
				}
				if !ok {
					break
				}
				if an == "Name" && av != "" {
					field = cleanKey(av)
				}
			}
		}
		p.add(field, text)
	}
}

// userData extracts <UserData>: UserData_Xml is its inner XML as written, and
// every leaf element below its child becomes a field named after the element.
func (p *parser) userData(i int) (int, error) {
	s := p.s
	start := i
	depth := 0 // elements open inside UserData
	leaf, leafAt := "", -1
	for {
		j, end, err := nextTag(s, i)
		if err != nil {
			return 0, err
		}
		if end {
			if depth == 0 {
				after, err := endTag(s, j, "UserData")
				if err != nil {
					return 0, err
				}
				p.add("UserData_Xml", s[start:j])
				return after, nil
			}
			// Only a leaf's end tag is checked against its name; closing
			// tags of inner elements just lower the depth.
			var k int
			if leafAt >= 0 {
				k, err = endTag(s, j, leaf)
				if err == nil && depth >= 2 {
					p.add(cleanKey(leaf), s[leafAt:j])
				}
			} else if e := strings.IndexByte(s[j:], '>'); e >= 0 {
				k = j + e + 1
			} else {
				err = errIncomplete
			}
			if err != nil {
				return 0, err
			}
			leafAt = -1
			depth--
			i = k
			continue
		}
		name, _, empty, after, err := startTag(s, j)
		if err != nil {
			return 0, err
		}
		if name == "Event" {
			return 0, bad(j, "<Event> inside an event (the event before it is truncated)")
		}
		i = after
		leafAt = -1
		if !empty {
			depth++
			leaf, leafAt = name, after
		}
	}
}

// renderingInfo takes Message from <RenderingInfo>; its Level, Task, Opcode
// and Keywords texts are ignored (System's numbers win, fields.md).
func (p *parser) renderingInfo(i int) (int, error) {
	s := p.s
	for {
		j, end, err := nextTag(s, i)
		if err != nil {
			return 0, err
		}
		if end {
			return endTag(s, j, "RenderingInfo")
		}
		name, _, empty, after, err := startTag(s, j)
		if err != nil {
			return 0, err
		}
		if name == "Event" {
			return 0, bad(j, "<Event> inside an event (the event before it is truncated)")
		}
		i = after
		if empty {
			continue
		}
		text, children, next, err := content(s, after, name)
		if err != nil {
			return 0, err
		}
		i = next
		if name == "Message" && !children {
			p.add("Message", text)
		}
	}
}

// cleanKey applies Splunk's CLEAN_KEYS: every byte outside [A-Za-z0-9_]
// becomes '_'. It allocates only when something changes.
func cleanKey(k string) string {
	for i := 0; i < len(k); i++ {
		if !keyByte(k[i]) {
			b := []byte(k)
			for j := i; j < len(b); j++ {
				if !keyByte(b[j]) {
					b[j] = '_'
				}
			}
			return string(b)
		}
	}
	return k
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// unclash renames extracted fields that would overwrite metadata: _time,
// _raw, host, source, sourcetype and index become extracted_<name>.
func unclash(name string) string {
	switch name {
	case event.Time, event.Raw, event.Host, event.Source, event.Sourcetype, event.Index:
		return "extracted_" + name
	}
	return name
}
