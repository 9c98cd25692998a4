package winxml

import (
	"github.com/riskhound/riskhound/internal/spltime"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// nMeta is the number of metadata fields an event can have: _time, host,
// source, sourcetype, index and _raw.
const nMeta = 6

// parser extracts the fields of one event (fields.md). While scanning it
// records fields as byte ranges of the window in a reused scratch slice
// without pointers (so the garbage collector's write barriers stay out of
// the inner loop); finish then builds the event's exact-size field slice,
// so an event costs two allocations in the common case.
type parser struct {
	s       string
	slots   []slot
	names   []string                     // names that are not in the window; see ref
	dup     bool                         // some name occurs twice: finish merges them
	mask    uint64                       // bloom filter over field names, see add
	sources map[string]event.SourceNames // by Channel, to allocate the names once
	time    value.Value
	host    ref
	channel ref
}

// ref is a string: s[off:off+n] of the window when off >= 0, else
// names[-1-off].
type ref struct{ off, n int }

// slot is one extracted field.
type slot struct{ name, val ref }

// Names that are not in the window, at fixed places of parser.names
// (read-only).
var (
	nameEventCode = ref{off: -1, n: len("EventCode")}
	nameUserID    = ref{off: -2, n: len("user_id")}
	nameUserData  = ref{off: -3, n: len("UserData_Xml")}
	nameMessage   = ref{off: -4, n: len("Message")}
	fixedNames    = [...]string{"EventCode", "user_id", "UserData_Xml", "Message"}
)

func (p *parser) str(r ref) string {
	if r.off < 0 {
		return p.names[-1-r.off]
	}
	return p.s[r.off : r.off+r.n]
}

// win returns the ref of s[off:off+n].
func win(off, n int) ref { return ref{off: off, n: n} }

// named returns a ref to a name built outside the window.
func (p *parser) named(name string) ref {
	p.names = append(p.names, name)
	return ref{off: -len(p.names), n: len(name)}
}

// key returns the ref of a field name found at s[off:off+n], cleaned as
// Splunk's CLEAN_KEYS does (every byte outside [A-Za-z0-9_] becomes '_').
func (p *parser) key(off, n int) ref {
	k := p.s[off : off+n]
	if c := event.CleanKey(k); c != k {
		return p.named(c)
	}
	return win(off, n)
}

// event scans the event whose "<Event" starts at s[start]. It returns the
// event and the offset after </Event>.
func (p *parser) event(s string, start int) (*event.Event, int, error) {
	p.s = s
	p.slots = p.slots[:0]
	p.names = append(p.names[:0], fixedNames[:]...)
	p.dup = false
	p.mask = 0
	p.time, p.host, p.channel = value.NullValue, ref{}, ref{}
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

// noChannel names the source of an event without a Channel.
var noChannel = event.WinSource("")

// searchTimeRoom is spare capacity in every event's field slice for the
// fields added at search time (the add-ons' CIM fields, eventtype), which
// would otherwise reallocate and copy the whole slice once per event.
const searchTimeRoom = 8

// finish builds the event: metadata first, then the fields in order of first
// appearance, repeated names merged into multivalues.
func (p *parser) finish(raw string) *event.Event {
	n := nMeta + len(p.slots)
	if p.time.IsNull() {
		n--
	}
	if p.host.n == 0 {
		n--
	}
	f := make([]event.Field, 0, n+searchTimeRoom)
	if !p.time.IsNull() {
		f = append(f, event.Field{Name: event.Time, Value: p.time})
	}
	if p.host.n > 0 {
		f = append(f, event.Field{Name: event.Host, Value: value.Str(p.str(p.host))})
	}
	src := noChannel
	if p.channel.n > 0 {
		ch := p.str(p.channel)
		var ok bool
		if src, ok = p.sources[ch]; !ok {
			src = event.WinSource(ch)
			if len(p.sources) < 1000 {
				p.sources[ch] = src
			}
		}
	}
	f = append(f,
		event.Field{Name: event.Source, Value: value.Str(src.Source)},
		event.Field{Name: event.Sourcetype, Value: value.Str(src.Sourcetype)},
		event.Field{Name: event.Index, Value: value.Str("main")},
		event.Field{Name: event.Raw, Value: value.Str(raw)})
	if !p.dup {
		for _, sl := range p.slots {
			f = append(f, event.Field{Name: p.str(sl.name), Value: value.Str(p.str(sl.val))})
		}
		return &event.Event{Fields: f}
	}
	meta := len(f)
	for _, sl := range p.slots {
		name, val := p.str(sl.name), p.str(sl.val)
		merged := false
		for i := meta; i < len(f); i++ {
			if f[i].Name == name {
				vs := make([]string, 0, f[i].Value.Len()+1)
				f[i].Value = value.MV(append(append(vs, f[i].Value.Values()...), val))
				merged = true
				break
			}
		}
		if !merged {
			f = append(f, event.Field{Name: name, Value: value.Str(val)})
		}
	}
	return &event.Event{Fields: f}
}

// add adds val as a value of name; a repeated name becomes a multivalue and an
// empty value makes no field. A name that is a metadata field's gets the
// prefix "extracted_", as Splunk does. A 64-bit bloom filter over the names
// seen so far skips the duplicate scan for nearly every field.
func (p *parser) add(name, val ref) {
	if val.n == 0 || name.n == 0 {
		return
	}
	ns := p.str(name)
	if event.IsMeta(ns) {
		name = p.named("extracted_" + ns)
		ns = p.str(name)
	}
	bit := uint64(1) << ((uint(len(ns))*7 + uint(ns[0]) + uint(ns[len(ns)-1])*3) & 63)
	if p.mask&bit != 0 && !p.dup {
		for _, sl := range p.slots {
			if p.str(sl.name) == ns {
				p.dup = true
				break
			}
		}
	}
	p.mask |= bit
	p.slots = append(p.slots, slot{name, val})
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
		val := win(after, len(text))
		p.add(win(j+1, len(name)), val)
		switch name {
		case "EventID":
			p.add(nameEventCode, val)
		case "Computer":
			p.host = val
		case "Channel":
			p.channel = val
		}
	}
}

func (p *parser) systemAttr(name, val ref) {
	ns := p.str(name)
	if ns == "xmlns" || strings.HasPrefix(ns, "xmlns:") {
		return
	}
	p.add(name, val)
	switch ns {
	case "SystemTime":
		if t, ok := spltime.ParseISO(p.str(val)); ok {
			p.time = value.Num(event.EpochSeconds(t))
		}
	case "UserID":
		p.add(nameUserID, val)
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
		field := p.key(j+1, len(name))
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
				if p.str(an) == "Name" && av.n > 0 {
					field = p.key(av.off, av.n)
				}
			}
		}
		p.add(field, win(after, len(text)))
	}
}

// userData extracts <UserData>: UserData_Xml is its inner XML as written, and
// every leaf element below its child becomes a field named after the element.
func (p *parser) userData(i int) (int, error) {
	s := p.s
	start := i
	depth := 0 // elements open inside UserData
	leaf, leafAt, leafOff := "", -1, 0
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
				p.add(nameUserData, win(start, j-start))
				return after, nil
			}
			// Only a leaf's end tag is checked against its name; closing
			// tags of inner elements just lower the depth.
			var k int
			if leafAt >= 0 {
				k, err = endTag(s, j, leaf)
				if err == nil && depth >= 2 {
					p.add(p.key(leafOff, len(leaf)), win(leafAt, j-leafAt))
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
			leaf, leafAt, leafOff = name, after, j+1
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
			p.add(nameMessage, win(after, len(text)))
		}
	}
}
