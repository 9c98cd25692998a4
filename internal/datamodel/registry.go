package datamodel

import (
	"embed"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

//go:embed builtin/models/*.yaml builtin/mappings/*.yaml
var builtinFS embed.FS

// Registry holds data models and source mapping tables. Build it with
// Builtin, add or override definitions with Load, then derive rows with a
// Deriver. Loading is not safe concurrently with anything else; once loading
// is done a Registry is read-only and safe for concurrent use.
type Registry struct {
	// Options change how rows are derived; set them before creating Derivers.
	Options Options

	ids   map[string]int32
	names []string

	models   []*Model
	mappings []*Mapping

	bySource map[string]*Mapping // lower-cased source
	byIndex  map[string]*Mapping // lower-cased index
}

// Options change how rows are derived.
type Options struct {
	// SkipQuirks drops rows that exist in Splunk only through add-on quirks:
	// Sysmon 5/7/8/10/15/17/18 and Security 4689 as Endpoint.Processes rows,
	// Security 4663/5145 as Endpoint.Filesystem rows (cim-mappings.md §3.1.1,
	// §3.2, §5). The default (false) is Splunk-faithful.
	SkipQuirks bool
}

// New returns an empty registry.
func New() *Registry {
	return &Registry{ids: map[string]int32{}}
}

// Builtin returns a registry with the embedded models (builtin/models) and
// mapping tables (builtin/mappings).
func Builtin() (*Registry, error) {
	r := New()
	if err := r.loadFS(builtinFS, "builtin/models", "builtin"); err != nil {
		return nil, err
	}
	if err := r.loadFS(builtinFS, "builtin/mappings", "builtin"); err != nil {
		return nil, err
	}
	return r, nil
}

// Load reads every *.yaml and *.yml file in dir (not recursively) and adds
// its model or mapping table to r, replacing a model or table of the same
// name. A file is a model when it has a top-level `model:` key and a mapping
// table when it has `mapping:`. Errors are positioned diagnostics
// (file:line:col, class source.ErrInput or ErrSyntax), several in a
// source.List; when there is any error nothing from dir is added.
func (r *Registry) Load(dir string) error {
	return r.loadFS(os.DirFS(dir), ".", dir)
}

func (r *Registry) loadFS(fsys fs.FS, dir, display string) error {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return source.Errorf(source.ErrInput, nil, source.Span{}, "data model definitions: %v", err)
	}
	var errs source.List
	var models []*Model
	var maps []*Mapping
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !(strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, name))
		shown := path.Join(dir, name) // embedded: builtin/models/x.yaml
		if display != "builtin" {
			shown = filepath.Join(display, name)
		}
		f := source.NewFile(shown, string(data))
		if err != nil {
			errs.Add(source.Errorf(source.ErrInput, f, source.Span{}, "%v", err))
			continue
		}
		n, err := yamlnode.ParseAnchored(f)
		if err != nil {
			errs = append(errs, err.(*source.Diagnostic))
			continue
		}
		d := &decoder{f: f, r: r}
		switch {
		case n.Get("model") != nil:
			if m := d.decodeModel(n); m != nil {
				models = append(models, m)
			}
		case n.Get("mapping") != nil:
			if m := d.decodeMapping(n); m != nil {
				maps = append(maps, m)
			}
		default:
			d.errf(n, "definition file: want a top-level `model:` or `mapping:` key")
		}
		errs = append(errs, d.errs...)
	}
	if len(errs) > 0 {
		return errs.Err()
	}
	for _, m := range models {
		r.models = replaceByName(r.models, m, func(x *Model) string { return x.Name })
	}
	for _, m := range maps {
		r.mappings = replaceByName(r.mappings, m, func(x *Mapping) string { return x.Name })
	}
	r.link()
	return nil
}

func replaceByName[T any](list []T, x T, name func(T) string) []T {
	for i, y := range list {
		if strings.EqualFold(name(y), name(x)) {
			list[i] = x
			return list
		}
	}
	return append(list, x)
}

// intern returns the record slot of a CIM field name.
func (r *Registry) intern(name string) int32 {
	if id, ok := r.ids[name]; ok {
		return id
	}
	id := int32(len(r.names))
	r.ids[name] = id
	r.names = append(r.names, name)
	return id
}

// link indexes mapping tables by source and index, computes each event
// row's candidate root datasets from its tags, and marks the mapping entries
// whose field something reads (the others, such as a TA's MD5, would be
// computed for nothing).
func (r *Registry) link() {
	used := map[int32]bool{}
	useConds := func(cs []cond) {
		for _, c := range cs {
			if !c.field.raw {
				used[c.field.id] = true
			}
		}
	}
	for _, mod := range r.models {
		for _, ds := range mod.Datasets {
			useConds(ds.cons.where)
			useConds(ds.cons.unless)
			for _, f := range ds.own {
				used[f.id] = true
				if f.calc != nil {
					for _, a := range f.calc.args {
						if !a.raw {
							used[a.id] = true
						}
					}
				}
			}
		}
	}
	for _, m := range r.mappings {
		for _, em := range m.order {
			useConds(em.unless)
			for _, id := range em.requires {
				used[id] = true
			}
		}
	}
	for _, m := range r.mappings {
		for _, e := range m.common {
			e.live = used[e.id]
		}
		for _, em := range m.order {
			for _, e := range em.fields {
				e.live = used[e.id]
			}
		}
	}
	r.bySource = map[string]*Mapping{}
	r.byIndex = map[string]*Mapping{}
	for _, m := range r.mappings {
		for _, s := range m.Sources {
			r.bySource[strings.ToLower(s)] = m
		}
		for _, s := range m.Indexes {
			r.byIndex[strings.ToLower(s)] = m
		}
		for _, em := range m.order {
			em.roots = em.roots[:0]
			for _, mod := range r.models {
				for _, ds := range mod.Datasets {
					if ds.parent == nil && len(em.tags) > 0 && ds.cons.hasTags(em.tags) {
						em.roots = append(em.roots, ds)
					}
				}
			}
		}
	}
}

// Models returns the loaded models in load order.
func (r *Registry) Models() []*Model { return r.models }

// Mappings returns the loaded mapping tables in load order.
func (r *Registry) Mappings() []*Mapping { return r.mappings }

// Dataset resolves a data model path as tstats and nodename write it:
// "Endpoint.Processes", "Network_Traffic" (a model with one root dataset),
// "Network_Traffic.All_Traffic", "Authentication.Failed_Authentication" (a
// child by name) or a full lineage "Change.All_Changes.Account_Management".
// Names compare case-sensitively first, then case-insensitively. An unknown
// name is a *source.Diagnostic of class source.ErrUnknown listing the known
// names.
func (r *Registry) Dataset(p string) (*Dataset, error) {
	modelName, rest, _ := strings.Cut(p, ".")
	var m *Model
	for _, x := range r.models {
		if x.Name == modelName {
			m = x
		}
	}
	if m == nil {
		for _, x := range r.models {
			if strings.EqualFold(x.Name, modelName) {
				m = x
			}
		}
	}
	if m == nil {
		return nil, r.unknown(p)
	}
	if rest == "" {
		var roots []*Dataset
		for _, ds := range m.Datasets {
			if ds.parent == nil {
				roots = append(roots, ds)
			}
		}
		if len(roots) == 1 {
			return roots[0], nil
		}
		names := make([]string, len(roots))
		for i, ds := range roots {
			names[i] = ds.Path()
		}
		return nil, source.Errorf(source.ErrUnknown, nil, source.Span{}, "data model %s has several root datasets; name one of %s", m.Name, strings.Join(names, ", "))
	}
	if i := strings.LastIndexByte(rest, '.'); i >= 0 {
		lineage := rest
		for _, ds := range m.Datasets {
			if strings.EqualFold(ds.prefix, lineage) {
				return ds, nil
			}
		}
		return nil, r.unknown(p)
	}
	for _, ds := range m.Datasets {
		if ds.name == rest {
			return ds, nil
		}
	}
	for _, ds := range m.Datasets {
		if strings.EqualFold(ds.name, rest) {
			return ds, nil
		}
	}
	return nil, r.unknown(p)
}

func (r *Registry) unknown(p string) error {
	var names []string
	for _, m := range r.models {
		for _, ds := range m.Datasets {
			names = append(names, ds.Path())
		}
	}
	sort.Strings(names)
	return source.Errorf(source.ErrUnknown, nil, source.Span{}, "unknown data model dataset %q; known: %s", p, strings.Join(names, ", "))
}
