package engine

import (
	"fmt"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// builtinEventtypes are the eventtypes ESCU's data-source macros test
// (spl-semantics.md §2 and §10.3: `wineventlog_security` is
// `eventtype=wineventlog_security OR ...` and `wineventlog_system` is only
// `eventtype=wineventlog_system`). In Splunk they come from the Windows
// add-on's eventtypes.conf; these definitions follow what the semantics
// document believes them to be, for classic and XML renderings alike.
var builtinEventtypes = []struct{ name, search string }{
	{"wineventlog_security", `source=WinEventLog:Security OR source=XmlWinEventLog:Security`},
	{"wineventlog_system", `source=WinEventLog:System OR source=XmlWinEventLog:System`},
	{"wineventlog_application", `source=WinEventLog:Application OR source=XmlWinEventLog:Application`},
}

// eventtyper sets the search-time field eventtype: the names of the
// eventtypes an event matches, as a multivalue in definition order.
type eventtyper struct {
	names   []string
	filters []*filter.Filter
}

func newEventtyper() (*eventtyper, error) {
	t := &eventtyper{}
	for _, et := range builtinEventtypes {
		f := source.NewFile("eventtype "+et.name, et.search)
		expr, err := parse.ParseSearch(f)
		if err != nil {
			return nil, fmt.Errorf("built-in eventtype %s: %w", et.name, err)
		}
		fl, err := filter.Compile(expr, f)
		if err != nil {
			return nil, fmt.Errorf("built-in eventtype %s: %w", et.name, err)
		}
		t.names = append(t.names, et.name)
		t.filters = append(t.filters, fl)
	}
	return t, nil
}

// annotate adds eventtype to ev when it matches any definition; an event
// that already carries an eventtype field (from JSON) keeps it.
func (t *eventtyper) annotate(ev *event.Event) {
	if ev.Has("eventtype") {
		return
	}
	var names []string
	for i, f := range t.filters {
		if f.Match(ev) {
			names = append(names, t.names[i])
		}
	}
	if names != nil {
		ev.Set("eventtype", value.MV(names))
	}
}
