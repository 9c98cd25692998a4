package datamodel

import (
	"strings"

	"github.com/riskhound/riskhound/internal/value"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// Mapping is one source's field mapping table: which events of the source
// carry which tags (and so land in which datasets), and how their raw fields
// become CIM fields.
type Mapping struct {
	// Name identifies the table, e.g. "sysmon"; a later table of the same
	// name replaces an earlier one.
	Name string
	// Version is the table's version text.
	Version string
	// File is where the table was loaded from.
	File string
	// Sources are the event `source` values the table applies to, compared
	// case-insensitively.
	Sources []string
	// Indexes are `index` values the table applies to regardless of source
	// (the Risk table applies to index=risk).
	Indexes []string

	common []*entry
	events map[string]*eventMap // by EventCode text; "*" for any
	order  []*eventMap
}

// eventMap maps the events of one or more EventCodes.
type eventMap struct {
	codes    []string
	title    string
	tags     []string
	tagValue value.Value
	quirk    bool
	omit     []int32
	requires []int32
	unless   []cond
	fields   []*entry
	note     string
	roots    []*Dataset // candidate root datasets, by tags; set by link
}

// entry sets one CIM field from raw fields.
type entry struct {
	name     string
	id       int32
	live     bool // some model field, calculation or constraint reads the field; set by link
	op       *op
	when     []cond
	inferred bool
	note     string
}

// EventInfo describes one row of a mapping table, for documentation and
// coverage reports.
type EventInfo struct {
	Codes []string
	Title string
	Tags  []string
	// Quirk marks events that are dataset rows only because of an add-on
	// quirk (cim-mappings.md §3.1.1, §3.2); Options.SkipQuirks drops them.
	Quirk bool
	// Fields are the CIM fields the event's entries (and the table's common
	// entries) can set, in evaluation order.
	Fields []string
	Note   string
}

// Events describes the table's event rows in file order.
func (m *Mapping) Events() []EventInfo {
	out := make([]EventInfo, 0, len(m.order))
	for _, em := range m.order {
		info := EventInfo{Codes: em.codes, Title: em.title, Tags: em.tags, Quirk: em.quirk, Note: em.note}
		for _, e := range em.fields {
			info.Fields = append(info.Fields, e.name)
		}
		for _, e := range m.common {
			if !containsID(em.omit, e.id) {
				info.Fields = append(info.Fields, e.name)
			}
		}
		out = append(out, info)
	}
	return out
}

func containsID(ids []int32, id int32) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// decodeMapping compiles a mapping table file.
func (d *decoder) decodeMapping(n *yamlnode.Node) *Mapping {
	if !d.fields(n, "mapping file", "mapping", "version", "note", "sources", "indexes", "common", "events") {
		return nil
	}
	m := &Mapping{
		Name:    d.str(n.Get("mapping"), "mapping"),
		Version: d.optStr(n.Get("version"), "version"),
		File:    d.f.Name,
		Sources: d.strs(n.Get("sources"), "sources"),
		Indexes: d.strs(n.Get("indexes"), "indexes"),
		events:  map[string]*eventMap{},
	}
	if len(m.Sources) == 0 && len(m.Indexes) == 0 {
		d.errf(n, "mapping %s: want sources or indexes", m.Name)
	}
	m.common = d.entries(n.Get("common"), "common")
	evs := n.Get("events")
	if evs == nil || evs.Kind != yamlnode.Seq {
		d.errf(n, "mapping %s: want a list of events", m.Name)
		return m
	}
	for _, en := range evs.Vals {
		if !d.fields(en, "event", "codes", "title", "tags", "quirk", "omit", "requires", "unless", "fields", "note", "inferred") {
			continue
		}
		em := &eventMap{
			codes: d.strs(en.Get("codes"), "codes"),
			title: d.optStr(en.Get("title"), "title"),
			tags:  d.strs(en.Get("tags"), "tags"),
			quirk: d.optBool(en.Get("quirk"), "quirk"),
			note:  d.optStr(en.Get("note"), "note"),
		}
		d.optBool(en.Get("inferred"), "inferred")
		for i, t := range em.tags {
			em.tags[i] = strings.ToLower(t)
		}
		em.tagValue = value.MV(em.tags)
		for _, s := range d.strs(en.Get("omit"), "omit") {
			em.omit = append(em.omit, d.r.intern(s))
		}
		for _, s := range d.strs(en.Get("requires"), "requires") {
			em.requires = append(em.requires, d.r.intern(s))
		}
		em.unless = d.conds(en.Get("unless"), "unless", false)
		em.fields = d.entries(en.Get("fields"), "fields")
		if len(em.codes) == 0 {
			d.errf(en, "event: want codes")
		}
		for _, c := range em.codes {
			if m.events[c] != nil {
				d.errf(en.Get("codes"), "event code %s mapped twice in %s", c, m.Name)
			}
			m.events[c] = em
		}
		m.order = append(m.order, em)
	}
	return m
}

// entries compiles a list of field entries: {field: F, <operation>: arg,
// when: cond, note: text, inferred: bool}.
func (d *decoder) entries(n *yamlnode.Node, what string) []*entry {
	if n == nil || n.Kind == yamlnode.Null {
		return nil
	}
	if n.Kind != yamlnode.Seq {
		d.errf(n, "%s: want a list of field entries", what)
		return nil
	}
	var out []*entry
	for _, en := range n.Vals {
		if en.Kind != yamlnode.Map {
			d.errf(en, "%s: want a field entry mapping, got %s", what, yamlnode.Describe(en))
			continue
		}
		e := &entry{}
		var opKey, opArg *yamlnode.Node
		var ignore []string
		bad := false
		for i, k := range en.Keys {
			v := en.Vals[i]
			switch k.Text {
			case "field":
				e.name = d.str(v, "field")
			case "when":
				e.when = d.conds(v, "when", true)
			case "ignore":
				ignore = d.strs(v, "ignore")
			case "note":
				e.note = d.optStr(v, "note")
			case "inferred":
				e.inferred = d.optBool(v, "inferred")
			default:
				if _, ok := opNames[k.Text]; !ok {
					d.errf(k, "%s: unknown key %q: want field, when, ignore, note, inferred or an operation (%s)", what, k.Text, strings.Join(opKeys(), ", "))
					bad = true
					continue
				}
				if opKey != nil {
					d.errf(k, "%s: two operations (%s and %s) in one entry", what, opKey.Text, k.Text)
					continue
				}
				opKey, opArg = k, v
			}
		}
		if e.name == "" {
			d.errf(en, "%s: entry without field", what)
			continue
		}
		if opKey == nil {
			if bad {
				continue
			}
			d.errf(en, "%s: entry for %s has no operation (%s)", what, e.name, strings.Join(opKeys(), ", "))
			continue
		}
		e.id = d.r.intern(e.name)
		e.op = d.op(opKey, opArg, true)
		e.op.ignore = ignore
		out = append(out, e)
	}
	return out
}
