package jsonl

import (
	"github.com/riskhound/riskhound/internal/spltime"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// rendered extracts the {"Event":{"System":...,"EventData":...}} rendering
// (evtx_dump and similar), giving the fields the XML reader gives for the
// same event: an element's "#attributes" hold its attributes and "#text" its
// text when it has both.
func (c *converter) rendered(ev int32) {
	for m := c.node(ev).first; m >= 0; m = c.node(m).next {
		switch c.node(m).key {
		case "System":
			c.system(m)
		case "EventData":
			c.eventData(m)
		case "UserData":
			c.userData(m)
		case "RenderingInfo":
			if msg := c.member(m, "Message"); msg >= 0 {
				if t, ok := c.text(msg); ok {
					c.add("Message", t)
				}
			}
		}
	}
}

// text returns the text of an element: a scalar, or an object's "#text".
func (c *converter) text(i int32) (string, bool) {
	if c.node(i).kind == kObj {
		if t := c.member(i, "#text"); t >= 0 {
			return c.scalar(t)
		}
		return "", false
	}
	return c.scalar(i)
}

func (c *converter) system(sys int32) {
	for ch := c.node(sys).first; ch >= 0; ch = c.node(ch).next {
		name := c.node(ch).key
		if c.node(ch).kind == kObj {
			if attrs := c.member(ch, "#attributes"); attrs >= 0 {
				for a := c.node(attrs).first; a >= 0; a = c.node(a).next {
					if v, ok := c.scalar(a); ok {
						c.systemAttr(c.node(a).key, v)
					}
				}
			}
		}
		t, ok := c.text(ch)
		if !ok || t == "" {
			continue
		}
		c.add(name, t)
		switch name {
		case "EventID":
			c.add("EventCode", t)
		case "Computer":
			c.host = t
		case "Channel":
			c.channel = t
		}
	}
}

func (c *converter) systemAttr(name, val string) {
	if name == "xmlns" || strings.HasPrefix(name, "xmlns:") {
		return
	}
	c.add(name, val)
	switch name {
	case "SystemTime":
		if t, ok := spltime.ParseISO(val); ok {
			c.time = value.Num(event.EpochSeconds(t))
		}
	case "UserID":
		c.add("user_id", val)
	}
}

// eventData maps each member to a field named after it (cleaned). Nameless
// <Data> elements arrive as a "Data" member (a string or an array), which
// gives the multivalue Data the XML reader gives. Elements rendered as
// {"#attributes":{"Name":"X"},"#text":"v"} (or {"@Name":"X","#text":"v"})
// use their Name.
func (c *converter) eventData(ed int32) {
	if c.node(ed).kind != kObj {
		return
	}
	for m := c.node(ed).first; m >= 0; m = c.node(m).next {
		key := c.node(m).key
		if key == "#attributes" || strings.HasPrefix(key, "@") || key == "xmlns" {
			continue
		}
		c.dataValue(event.CleanKey(key), m)
	}
}

// dataValue adds the values of one EventData member.
func (c *converter) dataValue(name string, m int32) {
	switch c.node(m).kind {
	case kArr:
		for e := c.node(m).first; e >= 0; e = c.node(e).next {
			c.dataValue(name, e)
		}
	case kObj:
		if n := c.dataName(m); n != "" {
			name = event.CleanKey(n)
		}
		if t := c.member(m, "#text"); t >= 0 {
			c.dataValue(name, t)
		}
	default:
		if v, ok := c.scalar(m); ok {
			c.add(name, v)
		}
	}
}

// dataName returns the Name attribute of an element object, or "".
func (c *converter) dataName(obj int32) string {
	if a := c.member(c.member(obj, "#attributes"), "Name"); a >= 0 {
		v, _ := c.scalar(a)
		return v
	}
	if a := c.member(obj, "@Name"); a >= 0 {
		v, _ := c.scalar(a)
		return v
	}
	return ""
}

// userData adds UserData_Xml, the XML the JSON was rendered from (rebuilt
// with single-quoted attributes and Windows escaping), and a field for every
// leaf element below UserData's child.
func (c *converter) userData(ud int32) {
	if c.node(ud).kind != kObj {
		return
	}
	var b strings.Builder
	for m := c.node(ud).first; m >= 0; m = c.node(m).next {
		key := c.node(m).key
		if key == "#attributes" || key == "#text" {
			continue
		}
		c.writeXML(&b, key, m)
		c.leaves(m)
	}
	c.add("UserData_Xml", b.String())
}

// leaves adds a field for every leaf element below element obj.
func (c *converter) leaves(obj int32) {
	if c.node(obj).kind != kObj {
		return
	}
	for m := c.node(obj).first; m >= 0; m = c.node(m).next {
		key := c.node(m).key
		if key == "#attributes" || key == "#text" {
			continue
		}
		c.leafValue(event.CleanKey(key), m)
	}
}

func (c *converter) leafValue(name string, m int32) {
	switch c.node(m).kind {
	case kArr:
		for e := c.node(m).first; e >= 0; e = c.node(e).next {
			c.leafValue(name, e)
		}
	case kObj:
		if t := c.member(m, "#text"); t >= 0 {
			c.leafValue(name, t)
		}
		c.leaves(m)
	default:
		if v, ok := c.scalar(m); ok {
			c.add(name, v)
		}
	}
}

// writeXML renders element name with JSON value m as Windows renders XML.
func (c *converter) writeXML(b *strings.Builder, name string, m int32) {
	n := c.node(m)
	if n.kind == kArr {
		for e := n.first; e >= 0; e = c.node(e).next {
			c.writeXML(b, name, e)
		}
		return
	}
	b.WriteString("<" + name)
	if n.kind == kObj {
		if attrs := c.member(m, "#attributes"); attrs >= 0 {
			for a := c.node(attrs).first; a >= 0; a = c.node(a).next {
				if v, ok := c.scalar(a); ok {
					b.WriteString(" " + c.node(a).key + "='")
					xmlEscape(b, v, true)
					b.WriteString("'")
				}
			}
		}
	}
	b.WriteString(">")
	switch n.kind {
	case kObj:
		for ch := n.first; ch >= 0; ch = c.node(ch).next {
			switch key := c.node(ch).key; key {
			case "#attributes":
			case "#text":
				if v, ok := c.scalar(ch); ok {
					xmlEscape(b, v, false)
				}
			default:
				c.writeXML(b, key, ch)
			}
		}
	default:
		if v, ok := c.scalar(m); ok {
			xmlEscape(b, v, false)
		}
	}
	b.WriteString("</" + name + ">")
}
