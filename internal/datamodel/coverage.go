package datamodel

import "sort"

// Produced returns the prefixed fields of ds that rows can carry: fields
// some loaded mapping sets for events routed to ds's root, fields the model
// calculates or fills, and the row's tag field. A field ds defines that is
// missing here is always null, which a planner can report for a detection
// that filters on it. The result is sorted.
func (r *Registry) Produced(ds *Dataset) []string {
	set := map[int32]bool{}
	for _, m := range r.mappings {
		for _, em := range m.order {
			routed := false
			for _, root := range em.roots {
				routed = routed || root == ds.root
			}
			if !routed {
				continue
			}
			for _, e := range em.fields {
				set[e.id] = true
			}
			for _, e := range m.common {
				if !containsID(em.omit, e.id) {
					set[e.id] = true
				}
			}
		}
	}
	out := []string{ds.root.prefix + ".tag"}
	for p := ds; p != nil; p = p.parent {
		for _, f := range p.own {
			if set[f.id] || f.calc != nil || !f.fill.IsNull() {
				out = append(out, f.out)
			}
		}
	}
	sort.Strings(out)
	return out
}
