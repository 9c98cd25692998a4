package datamodel

import (
	"strings"

	"github.com/riskhound/riskhound/internal/value"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// Model is one CIM data model: a tree (or forest) of datasets.
type Model struct {
	// Name is the model name, e.g. "Endpoint".
	Name string
	// Version is the definition file's version text.
	Version string
	// File is where the definition was loaded from.
	File string
	// Datasets lists every dataset, parents before children, in file order.
	Datasets []*Dataset
}

// Dataset is one node of a data model. A root dataset (no parent) is what
// tstats `from datamodel=M.D` or `from datamodel=M` reads; a child dataset
// adds a constraint (and possibly fields) to its parent's, and rows that
// satisfy it are members of it as well.
type Dataset struct {
	model    *Model
	name     string
	parent   *Dataset
	children []*Dataset
	root     *Dataset
	bit      uint64 // membership bit within the root's tree
	prefix   string
	cons     constraint
	own      []*modelField
	note     string
}

// constraint is a dataset's base search: all tags, at least one of anyTags,
// every where condition, and not all of the unless conditions.
type constraint struct {
	tags, anyTags []string
	where, unless []cond
}

// modelField is a field a dataset defines, with its calculation.
type modelField struct {
	name     string
	id       int32
	out      string // prefixed output name
	typ      string
	multi    bool
	calc     *op         // computed when the field is empty (or always, with override)
	override bool        // calc replaces any extracted value
	fill     value.Value // value when still empty at the end
	lower    bool
	numeric  bool     // keep only numeric text
	empty    []string // values that count as empty besides ""
	note     string
}

// Name returns the dataset name, e.g. "Processes".
func (d *Dataset) Name() string { return d.name }

// Model returns the model the dataset belongs to.
func (d *Dataset) Model() *Model { return d.model }

// Parent returns the parent dataset, nil for a root.
func (d *Dataset) Parent() *Dataset { return d.parent }

// Root returns the root dataset of d's tree (d itself for a root).
func (d *Dataset) Root() *Dataset { return d.root }

// Children returns the child datasets.
func (d *Dataset) Children() []*Dataset { return d.children }

// Path returns the nodename form "Model.Dataset", e.g.
// "Authentication.Failed_Authentication"; Registry.Dataset accepts it.
func (d *Dataset) Path() string { return d.model.Name + "." + d.name }

// Prefix returns the prefix of the fields the dataset defines: the names of
// the datasets from its root down to it, joined with dots: "Processes",
// "All_Changes.Account_Management" (spl-semantics.md §8.4). Fields inherited
// from a parent keep the parent's prefix.
func (d *Dataset) Prefix() string { return d.prefix }

// Fields returns the names of the data-model fields a row of d can carry,
// prefixed, inherited ones first: "Processes.dest", ...,
// "All_Changes.user", "All_Changes.Account_Management.src_user". The row also
// carries the unprefixed base fields (BaseFields()) and "<root prefix>.tag".
func (d *Dataset) Fields() []string {
	var chain []*Dataset
	for p := d; p != nil; p = p.parent {
		chain = append(chain, p)
	}
	var out []string
	for i := len(chain) - 1; i >= 0; i-- {
		for _, f := range chain[i].own {
			out = append(out, f.out)
		}
	}
	return out
}

// Contains reports whether row is a member of d: the row comes from d's tree
// and satisfied the constraints from the root down to d.
func (d *Dataset) Contains(row Row) bool { return row.In(d) }

// baseFields are the unprefixed fields every row carries when the event has
// them (BaseEvent in the CIM).
var baseFields = [...]string{"_time", "host", "source", "sourcetype", "index"}

// BaseFields returns the unprefixed fields a row carries when the event has
// them: _time, host, source, sourcetype, index (BaseEvent in the CIM).
func BaseFields() []string { return append([]string(nil), baseFields[:]...) }

// hasTags reports whether tags satisfies the tag part of the constraint.
func (c *constraint) hasTags(tags []string) bool {
	for _, t := range c.tags {
		if !containsFold(tags, t) {
			return false
		}
	}
	if len(c.anyTags) == 0 {
		return true
	}
	for _, t := range c.anyTags {
		if containsFold(tags, t) {
			return true
		}
	}
	return false
}

// holds reports whether the field part of the constraint holds on e.
func (c *constraint) holds(e *env) bool {
	for i := range c.where {
		if !c.where[i].holds(e) {
			return false
		}
	}
	if len(c.unless) == 0 {
		return true
	}
	for i := range c.unless {
		if !c.unless[i].holds(e) {
			return true
		}
	}
	return false
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// apply computes f on the record in e (CIM calculated fields, §2.0).
func (f *modelField) apply(e *env) {
	v := e.rec[f.id]
	if !v.IsNull() && !v.IsMulti() {
		s := v.Text()
		if s == "" || containsFold(f.empty, s) {
			v = value.NullValue
		}
	}
	if f.calc != nil && (v.IsNull() || f.override) {
		v = f.calc.eval(e)
	}
	if f.numeric && (v.IsMulti() || !value.LooksNumeric(v.Text())) {
		v = value.NullValue
	}
	if f.lower && !v.IsNull() {
		v = each(v, func(s string) (string, bool) { return strings.ToLower(s), true })
	}
	if v.IsNull() {
		v = f.fill
	}
	e.rec[f.id] = v
}

// decodeModel compiles a model definition file.
func (d *decoder) decodeModel(n *yamlnode.Node) *Model {
	if !d.fields(n, "model file", "model", "version", "note", "datasets") {
		return nil
	}
	m := &Model{Name: d.str(n.Get("model"), "model"), Version: d.optStr(n.Get("version"), "version"), File: d.f.Name}
	byName := map[string]*Dataset{}
	ds := n.Get("datasets")
	if ds == nil || ds.Kind != yamlnode.Seq || len(ds.Vals) == 0 {
		d.errf(n, "model %s: want a non-empty list of datasets", m.Name)
		return m
	}
	for _, dn := range ds.Vals {
		if !d.fields(dn, "dataset", "name", "parent", "constraint", "fields", "note") {
			continue
		}
		nameNode := dn.Get("name")
		set := &Dataset{model: m, name: d.str(nameNode, "dataset name"), note: d.optStr(dn.Get("note"), "note")}
		if strings.ContainsAny(set.name, ". ") {
			d.errf(nameNode, "dataset name %q must not contain dots or blanks", set.name)
		}
		if byName[set.name] != nil {
			d.errf(nameNode, "dataset %s defined twice in model %s", set.name, m.Name)
			continue
		}
		if pn := dn.Get("parent"); pn != nil {
			p := byName[d.str(pn, "parent")]
			if p == nil {
				d.errf(pn, "dataset %s: parent %q is not defined above it in model %s", set.name, pn.Text, m.Name)
				continue
			}
			set.parent, set.root = p, p.root
			set.prefix = p.prefix + "." + set.name
		} else {
			set.root, set.prefix = set, set.name
		}
		n := 0
		for _, x := range m.Datasets {
			if x.root == set.root {
				n++
			}
		}
		if n >= 64 {
			d.errf(nameNode, "dataset %s: more than 64 datasets under root %s", set.name, set.root.name)
			continue
		}
		set.bit = 1 << n
		if set.parent != nil {
			set.parent.children = append(set.parent.children, set)
		}
		if cn := dn.Get("constraint"); cn != nil && d.fields(cn, "constraint", "tags", "any_tags", "where", "unless") {
			set.cons = constraint{
				tags:    d.strs(cn.Get("tags"), "constraint.tags"),
				anyTags: d.strs(cn.Get("any_tags"), "constraint.any_tags"),
				where:   d.conds(cn.Get("where"), "constraint.where", false),
				unless:  d.conds(cn.Get("unless"), "constraint.unless", false),
			}
		}
		seen := map[string]bool{}
		if fs := dn.Get("fields"); fs != nil {
			if fs.Kind != yamlnode.Seq {
				d.errf(fs, "dataset %s: fields: want a list", set.name)
			} else {
				for _, fn := range fs.Vals {
					if f := d.decodeModelField(fn, set); f != nil {
						if seen[f.name] {
							d.errf(fn, "field %s defined twice in dataset %s", f.name, set.name)
						}
						seen[f.name] = true
						set.own = append(set.own, f)
					}
				}
			}
		}
		byName[set.name] = set
		m.Datasets = append(m.Datasets, set)
	}
	return m
}

func (d *decoder) decodeModelField(n *yamlnode.Node, set *Dataset) *modelField {
	allowed := []string{"name", "type", "multivalue", "fill", "lower", "numeric", "empty", "calc", "override", "note"}
	if !d.fields(n, "field", allowed...) {
		return nil
	}
	f := &modelField{name: d.str(n.Get("name"), "field name")}
	if f.name == "" {
		return nil
	}
	f.id = d.r.intern(f.name)
	f.out = set.prefix + "." + f.name
	f.typ = d.optStr(n.Get("type"), "type")
	switch f.typ {
	case "", "string", "number", "boolean", "timestamp":
	default:
		d.errf(n.Get("type"), "field %s: type %q is not one of string, number, boolean, timestamp", f.name, f.typ)
	}
	f.multi = d.optBool(n.Get("multivalue"), "multivalue")
	if fill := n.Get("fill"); fill != nil {
		f.fill = value.Str(d.str(fill, "fill"))
	}
	f.lower = d.optBool(n.Get("lower"), "lower")
	f.numeric = d.optBool(n.Get("numeric"), "numeric")
	f.empty = d.strs(n.Get("empty"), "empty")
	f.override = d.optBool(n.Get("override"), "override")
	f.note = d.optStr(n.Get("note"), "note")
	if cn := n.Get("calc"); cn != nil {
		if cn.Kind != yamlnode.Map || len(cn.Keys) != 1 {
			d.errf(cn, "field %s: calc: want a mapping with one operation (%s)", f.name, strings.Join(opKeys(), ", "))
		} else if _, ok := opNames[cn.Keys[0].Text]; !ok {
			d.errf(cn.Keys[0], "field %s: unknown operation %q (known: %s)", f.name, cn.Keys[0].Text, strings.Join(opKeys(), ", "))
		} else {
			f.calc = d.op(cn.Keys[0], cn.Vals[0], false)
		}
	}
	if f.override && f.calc == nil {
		d.errf(n, "field %s: override without calc", f.name)
	}
	return f
}
