// Package eventtype computes Splunk's search-time eventtype field: the names
// of the eventtypes (stored searches) an event satisfies, so that
// `eventtype=X` in a search, and the ESCU macros built on it, match as in
// Splunk (spl-semantics.md §4.8, §10.3). The engine annotates events as it
// reads them; the conformance harness (internal/spltest) uses the same
// definitions.
package eventtype

import (
	"fmt"
	"sync/atomic"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// Field is the name of the field Annotate sets.
const Field = "eventtype"

// Definition is one eventtype: its name and its search (the search
// language of spl-semantics.md §4, without pipes).
type Definition struct {
	Name   string
	Search string
}

// Builtin returns the eventtypes ESCU's data-source macros test
// (spl-semantics.md §2 and §10.3: `wineventlog_security` is
// `eventtype=wineventlog_security OR ...` and `wineventlog_system` is only
// `eventtype=wineventlog_system`). In Splunk they come from the Windows
// add-on's eventtypes.conf; these definitions follow what the semantics
// document believes them to be [BELIEF], for classic and XML renderings
// alike. The slice is new on each call.
func Builtin() []Definition {
	return []Definition{
		{"wineventlog_security", `source=WinEventLog:Security OR source=XmlWinEventLog:Security`},
		{"wineventlog_system", `source=WinEventLog:System OR source=XmlWinEventLog:System`},
		{"wineventlog_application", `source=WinEventLog:Application OR source=XmlWinEventLog:Application`},
	}
}

// Typer sets the eventtype field of events. It is safe for concurrent use.
type Typer struct {
	names   []string
	filters []*filter.Filter
	// metaOnly is set when every definition tests only metadata fields,
	// so the result depends on source, sourcetype, host and index alone and
	// can be reused while they repeat (events come in runs from one file).
	metaOnly bool
	last     atomic.Pointer[memo]
}

// memo is the result for one combination of metadata values.
type memo struct {
	key    [4]string
	result value.Value
}

var metaFields = [4]string{event.Source, event.Sourcetype, event.Host, event.Index}

// onlyMetadata reports whether e tests nothing but metadata fields.
func onlyMetadata(e ast.SearchExpr) bool {
	isMeta := func(name string) bool {
		for _, m := range metaFields {
			if name == m {
				return true
			}
		}
		return false
	}
	switch e := e.(type) {
	case *ast.SearchCompare:
		return isMeta(e.Field.Name)
	case *ast.SearchIn:
		return isMeta(e.Field.Name)
	case *ast.SearchNot:
		return onlyMetadata(e.X)
	case *ast.SearchAnd:
		for _, t := range e.Terms {
			if !onlyMetadata(t) {
				return false
			}
		}
		return true
	case *ast.SearchOr:
		for _, t := range e.Terms {
			if !onlyMetadata(t) {
				return false
			}
		}
		return true
	}
	return false
}

// New compiles defs; an error names the definition whose search does not
// parse or compile.
func New(defs []Definition) (*Typer, error) {
	t := &Typer{metaOnly: true}
	for _, d := range defs {
		f := source.NewFile("eventtype "+d.Name, d.Search)
		expr, err := parse.ParseSearch(f)
		if err != nil {
			return nil, fmt.Errorf("eventtype %s: %w", d.Name, err)
		}
		fl, err := filter.Compile(expr, f)
		if err != nil {
			return nil, fmt.Errorf("eventtype %s: %w", d.Name, err)
		}
		t.names = append(t.names, d.Name)
		t.filters = append(t.filters, fl)
		t.metaOnly = t.metaOnly && onlyMetadata(expr)
	}
	return t, nil
}

// NewBuiltin is New(Builtin()).
func NewBuiltin() (*Typer, error) { return New(Builtin()) }

// Annotate sets ev's eventtype field to the names of the eventtypes it
// matches, a multivalue in definition order, and leaves it unset when none
// matches. An event that already carries an eventtype field (from JSON
// input, say) keeps it.
func (t *Typer) Annotate(ev *event.Event) {
	if ev.Has(Field) {
		return
	}
	var key [4]string
	if t.metaOnly {
		for i, m := range metaFields {
			key[i] = ev.Get(m).Text()
		}
		if m := t.last.Load(); m != nil && m.key == key {
			if !m.result.IsNull() {
				ev.Set(Field, m.result)
			}
			return
		}
	}
	var names []string
	for i, f := range t.filters {
		if f.Match(ev) {
			names = append(names, t.names[i])
		}
	}
	result := value.MV(names)
	if !result.IsNull() {
		ev.Set(Field, result)
	}
	if t.metaOnly {
		t.last.Store(&memo{key: key, result: result})
	}
}
