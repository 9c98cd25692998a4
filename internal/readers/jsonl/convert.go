package jsonl

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// Slots of the metadata fields at the front of every event, filled once the
// whole object has been seen.
const (
	slotTime = iota
	slotHost
	slotSource
	slotSourcetype
	slotIndex
	slotRaw
	nSlots
)

// converter turns parsed objects into events (fields.md). Its scratch slice
// is reused; each event gets an exact-size copy.
type converter struct {
	file    string
	p       *parser
	fields  []event.Field
	mask    uint64                       // bloom filter over field names, see add
	sources map[string]event.SourceNames // by Channel, to allocate the names once
	time    value.Value
	host    string // Computer, for host
	hostKey string // a "host" member, used when there is no Computer
	channel string
}

func newConverter(file string) *converter {
	return &converter{file: file, sources: map[string]event.SourceNames{}, fields: make([]event.Field, nSlots, 64)}
}

// event converts the object at root, whose text is raw.
func (c *converter) event(p *parser, root int32, raw string) *event.Event {
	c.p = p
	c.fields = c.fields[:nSlots]
	clear(c.fields)
	c.mask = 0
	c.time, c.host, c.hostKey, c.channel = value.NullValue, "", "", ""
	windows := true
	if ev := c.member(root, "Event"); ev >= 0 && c.member(ev, "System") >= 0 {
		c.rendered(ev)
	} else if c.flatWindows(root) {
		c.flat(root, "", true)
		c.flatTime(root)
	} else {
		windows = false
		c.flat(root, "", false)
		c.genericTime(root)
	}
	return c.finish(raw, windows)
}

// flatWindows reports whether a flat object is a Windows event: an EventID
// with a Channel or provider (NXLog/HELK), or a winlog object with a channel
// or event_id (Winlogbeat). A lone "Channel" or "EventID" member is not
// enough: other logs use those words too.
func (c *converter) flatWindows(root int32) bool {
	if wl := c.member(root, "winlog"); c.isObj(wl) {
		return c.member(wl, "channel") >= 0 || c.member(wl, "event_id") >= 0
	}
	if c.member(root, "EventID") < 0 {
		return false
	}
	for _, k := range [...]string{"Channel", "SourceName", "ProviderName", "ProviderGuid"} {
		if c.member(root, k) >= 0 {
			return true
		}
	}
	return false
}

func (c *converter) node(i int32) *node { return &c.p.nodes[i] }

func (c *converter) isObj(i int32) bool { return i >= 0 && c.node(i).kind == kObj }

// member returns the first member of object obj named key, or -1.
func (c *converter) member(obj int32, key string) int32 {
	if obj < 0 || c.node(obj).kind != kObj {
		return -1
	}
	for k := c.node(obj).first; k >= 0; k = c.node(k).next {
		if c.node(k).key == key {
			return k
		}
	}
	return -1
}

// finish fills the metadata slots, drops the empty ones and copies the
// fields into a new event.
func (c *converter) finish(raw string, windows bool) *event.Event {
	f := c.fields
	f[slotTime] = event.Field{Name: event.Time, Value: c.time}
	host := c.host
	if host == "" {
		host = c.hostKey
	}
	if host != "" {
		f[slotHost] = event.Field{Name: event.Host, Value: value.Str(host)}
	}
	source, sourcetype := c.file, "_json"
	if windows && c.channel != "" {
		src, ok := c.sources[c.channel]
		if !ok {
			src = event.WinSource(c.channel)
			if len(c.sources) < 1000 {
				c.sources[c.channel] = src
			}
		}
		source, sourcetype = src.Source, src.Sourcetype
	}
	f[slotSource] = event.Field{Name: event.Source, Value: value.Str(source)}
	f[slotSourcetype] = event.Field{Name: event.Sourcetype, Value: value.Str(sourcetype)}
	f[slotIndex] = event.Field{Name: event.Index, Value: value.Str("main")}
	f[slotRaw] = event.Field{Name: event.Raw, Value: value.Str(raw)}
	n := 0
	for _, fl := range f {
		if !fl.Value.IsNull() {
			f[n] = fl
			n++
		}
	}
	// Spare capacity for the fields added at search time (the add-ons' CIM
	// fields, eventtype), which would otherwise reallocate the slice.
	return &event.Event{Fields: append(make([]event.Field, 0, n+8), f[:n]...)}
}

// add adds val as a value of name; a repeated name becomes a multivalue and an
// empty value makes no field. A name that is a metadata field's gets the
// prefix "extracted_", as Splunk does. A 64-bit bloom filter over the names seen so far
// skips the duplicate scan for nearly every field.
func (c *converter) add(name, val string) {
	if val == "" || name == "" {
		return
	}
	name = unclash(name)
	bit := uint64(1) << ((uint(len(name))*7 + uint(name[0]) + uint(name[len(name)-1])*3) & 63)
	if c.mask&bit != 0 {
		if i := c.find(name); i >= 0 {
			old := c.fields[i].Value
			vs := make([]string, 0, old.Len()+1)
			c.fields[i].Value = value.MV(append(append(vs, old.Values()...), val))
			return
		}
	}
	c.mask |= bit
	c.fields = append(c.fields, event.Field{Name: name, Value: value.Str(val)})
}

func (c *converter) find(name string) int {
	for i := nSlots; i < len(c.fields); i++ {
		if c.fields[i].Name == name {
			return i
		}
	}
	return -1
}

// alias adds val under name unless name already holds exactly val (so that
// NXLog's UserID and Winlogbeat's user.identifier do not double up).
func (c *converter) alias(name, val string) {
	if i := c.find(name); i >= 0 {
		for _, v := range c.fields[i].Value.Values() {
			if v == val {
				return
			}
		}
	}
	c.add(name, val)
}

// scalar returns the text of a scalar node and whether it is one (null is
// not: it makes no field).
func (c *converter) scalar(i int32) (string, bool) {
	n := c.node(i)
	switch n.kind {
	case kStr, kNum, kBool:
		return n.text, true
	}
	return "", false
}

// unclash renames extracted fields that would overwrite metadata: _time,
// _raw, host, source, sourcetype and index become extracted_<name>.
func unclash(name string) string {
	if isMeta(name) >= 0 {
		return "extracted_" + name
	}
	return name
}

// isMeta returns the slot of metadata field name key, or -1.
func isMeta(key string) int {
	switch key {
	case event.Time:
		return slotTime
	case event.Raw:
		return slotRaw
	case event.Host:
		return slotHost
	case event.Source:
		return slotSource
	case event.Sourcetype:
		return slotSourcetype
	case event.Index:
		return slotIndex
	}
	return -1
}

// xmlEscape escapes s the way Windows (EvtRender) renders event XML: text
// escapes &, < and >; attribute values, quoted with ', also ' and ".
func xmlEscape(b *strings.Builder, s string, attr bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '&':
			b.WriteString("&amp;")
		case c == '<':
			b.WriteString("&lt;")
		case c == '>':
			b.WriteString("&gt;")
		case c == '"' && attr:
			b.WriteString("&quot;")
		case c == '\'' && attr:
			b.WriteString("&apos;")
		default:
			b.WriteByte(c)
		}
	}
}
