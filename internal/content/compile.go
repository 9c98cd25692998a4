package content

import (
	"errors"
	"slices"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// filterDefault is the definition contentctl gives every filter macro.
const filterDefault = "search *"

// Compile expands and parses every detection's search, recording failures in
// the detection's Err. The filter macro <name>_filter defaults to `search *`
// unless the content defines it. Detections that failed to load (Err already
// set, or no search) are left as they are. Errors point into the detection's
// SearchFile, which is named after the YAML file.
func (c *Content) Compile() {
	for _, d := range c.Detections {
		if d.Err != nil || d.SearchFile == nil {
			continue
		}
		d.Expanded, d.Pipeline, d.Err = c.CompileSearch(d.SearchFile, FilterMacro(d.Name), contentctlFilterMacro(d.Name))
	}
}

// CompileSearch expands the macros of the search in f and parses the
// result. filters name the filter macros that default to `search *` when the
// content lacks them (none for an ad-hoc search).
func (c *Content) CompileSearch(f *source.File, filters ...string) (*macro.Expansion, *ast.Pipeline, error) {
	x, err := macro.Expand(f, c.MacroLookup(filters...))
	if err != nil {
		return nil, nil, err
	}
	if x == nil || x.File == nil {
		return nil, nil, errors.New("content: macro expansion returned nothing")
	}
	p, err := parse.Parse(x.File)
	if err != nil {
		return x, nil, x.Remap(err)
	}
	return x, p, nil
}

// MacroLookup returns a macro.Lookup over c's macros in which the macros
// named in filters (with no arguments) default to `search *`.
func (c *Content) MacroLookup(filters ...string) macro.Lookup {
	return func(name string, arity int) (*macro.Definition, bool) {
		if m, ok := c.Macros[MacroKey(name, arity)]; ok {
			return m, true
		}
		if arity == 0 && slices.Contains(filters, name) {
			return &macro.Definition{Name: name, Body: filterDefault}, true
		}
		return nil, false
	}
}
