// Package sigma compiles Sigma rules (sigmahq.io) into SPL, so that they run
// on the same engine, with the same routing and output, as ESCU detections.
//
// A rule's detection becomes one search expression: each selection a
// conjunction of field conditions, the condition a boolean expression over
// them, and the logsource a constraint on source and EventCode (plus field
// renames for Security 4688 process creation). Sigma's default matching --
// whole value, case-insensitive, `*` wildcards -- is the search language's
// (spl-semantics.md §4), so most rules compile to a plain search. What the
// search language cannot say (regular expressions, the `?` wildcard, a
// literal `*`, field references) moves the whole expression into a `where`
// clause of eval functions with the same meaning.
//
// Everything a rule asks that riskhound cannot honour -- an unknown
// modifier, a logsource with no Windows mapping, an aggregation in the
// condition, a placeholder -- is an error naming the rule file and position;
// nothing is dropped silently.
package sigma

import (
	"regexp"
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// Rule is one Sigma rule and its compiled search.
type Rule struct {
	File        *source.File
	ID          string
	Title       string
	Status      string
	Description string
	Author      string
	Date        string
	Level       string // informational, low, medium, high, critical ("" when absent)
	References  []string
	Tags        []string
	Logsource   Logsource

	// SPL is the compiled search (a pipeline starting with `search`), ""
	// when Err is set. Err is a *source.Diagnostic or source.List.
	SPL string
	Err error
}

// Logsource is a rule's logsource block.
type Logsource struct {
	Product, Category, Service string
}

func (l Logsource) String() string {
	var parts []string
	for _, kv := range [][2]string{{"product", l.Product}, {"category", l.Category}, {"service", l.Service}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return "(empty)"
	}
	return strings.Join(parts, " ")
}

// attackTag matches ATT&CK technique tags: attack.t1059, attack.t1059.001.
var attackTag = regexp.MustCompile(`(?i)^attack\.(t\d{4}(?:\.\d{3})?)$`)

// AttackIDs returns the rule's ATT&CK technique IDs from its tags, in tag
// order, upper-cased (T1059.001).
func (r *Rule) AttackIDs() []string {
	var out []string
	for _, t := range r.Tags {
		if m := attackTag.FindStringSubmatch(t); m != nil {
			out = append(out, strings.ToUpper(m[1]))
		}
	}
	return out
}

// Parse reads one rule from f. Only a file that is not a Sigma rule at all
// (unparsable YAML, no detection block) returns an error; a rule that is
// read but cannot be compiled is returned with Err set, so callers can still
// list it by title and ID.
func Parse(f *source.File) (*Rule, error) {
	root, err := yamlnode.Parse(f)
	if err != nil {
		return nil, err
	}
	if root.Kind != yamlnode.Map {
		return nil, source.Errorf(source.ErrInput, f, root.Span, "a Sigma rule is a YAML mapping, not %s", yamlnode.Describe(root))
	}
	r := &Rule{File: f}
	for _, key := range []struct {
		name string
		dst  *string
	}{{"id", &r.ID}, {"title", &r.Title}, {"status", &r.Status}, {"description", &r.Description},
		{"author", &r.Author}, {"date", &r.Date}, {"level", &r.Level}} {
		*key.dst = strings.TrimSpace(root.Get(key.name).Str())
	}
	r.Level = strings.ToLower(r.Level)
	r.References = strs(root.Get("references"))
	r.Tags = strs(root.Get("tags"))
	lsSpan := root.Span
	if ls := root.Get("logsource"); ls != nil {
		lsSpan = ls.Span
		r.Logsource = Logsource{
			Product:  strings.ToLower(ls.Get("product").Str()),
			Category: strings.ToLower(ls.Get("category").Str()),
			Service:  strings.ToLower(ls.Get("service").Str()),
		}
	}
	det := root.Get("detection")
	switch {
	case root.Get("correlation") != nil:
		r.Err = source.Errorf(source.ErrUnsupported, f, root.Get("correlation").Span, "Sigma correlation rules are not supported")
		return r, nil
	case root.Get("filter") != nil && det == nil:
		r.Err = source.Errorf(source.ErrUnsupported, f, root.Get("filter").Span, "Sigma filter rules are not supported")
		return r, nil
	case det == nil:
		return nil, source.Errorf(source.ErrInput, f, root.Span, "not a Sigma rule: no detection block")
	}
	if r.Title == "" {
		r.Title = strings.TrimSuffix(f.Name, ".yml")
	}
	r.SPL, r.Err = compile(f, r.Logsource, lsSpan, det)
	return r, nil
}

// strs returns a scalar or a sequence of scalars as strings.
func strs(n *yamlnode.Node) []string {
	if n == nil {
		return nil
	}
	if n.Kind == yamlnode.Scalar {
		return []string{n.Text}
	}
	var out []string
	for _, v := range n.Vals {
		if v.Kind == yamlnode.Scalar {
			out = append(out, v.Text)
		}
	}
	return out
}
