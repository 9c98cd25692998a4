package spltest

import (
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/eventtype"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/lookup"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/macro"
	"github.com/riskhound/riskhound/internal/spl/parse"
	"github.com/riskhound/riskhound/internal/value"
)

// builtinMacros are the ESCU macros the scripts may call without defining
// them (spl-semantics.md §2, §8.4); drop_dm_object_name and *_filter come
// from macro.Defaults. A script's `macro` lines take precedence.
var builtinMacros = []string{
	"security_content_ctime(field) = convert timeformat=\"%Y-%m-%dT%H:%M:%S\" ctime($field$)",
	"security_content_summariesonly = summariesonly=`summariesonly_config` allow_old_summaries=`oldsummaries_config` fillnull_value=`fillnull_config`",
	"summariesonly_config = false",
	"oldsummaries_config = true",
	"fillnull_config = null",
	"sysmon = sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational OR source=Syslog:Linux-Sysmon/Operational",
	"wineventlog_security = eventtype=wineventlog_security OR Channel=security OR source=XmlWinEventLog:Security",
	"powershell = (source=WinEventLog:Microsoft-Windows-PowerShell/Operational OR source=\"XmlWinEventLog:Microsoft-Windows-PowerShell/Operational\")",
}

// harnessEnv is what the searches of one script run against: the loaded
// events (newest first, as Splunk returns them), macros, lookup tables and
// GeoIP rows. Definitions accumulate over the script.
type harnessEnv struct {
	now    time.Time
	events []*event.Event
	macros map[string]*macro.Definition // keyed name/arity
	tables map[string]*lookup.Table
	geo    map[string]map[string]string
	run    func(ctx context.Context, p *ast.Pipeline, env exec.Env, events []*event.Event) ([]*event.Event, error)
}

func newHarnessEnv() *harnessEnv {
	h := &harnessEnv{
		now:    DefaultNow,
		macros: map[string]*macro.Definition{},
		tables: map[string]*lookup.Table{},
		run:    RunLocal,
	}
	for _, m := range builtinMacros {
		if err := h.defineMacro(m); err != nil {
			panic(err) // a bug in the table above
		}
	}
	return h
}

// load replaces the loaded events with one JSON object per line. Each gets
// the search-time eventtype field from the built-in eventtypes, as the
// engine adds it when it reads events (an eventtype in the JSON is kept).
func (h *harnessEnv) load(lines []string) error {
	et, err := eventtype.NewBuiltin()
	if err != nil {
		return err
	}
	h.events = h.events[:0:0]
	for k, l := range lines {
		e, err := decodeEvent(l)
		if err != nil {
			return fmt.Errorf("event %d: %v", k+1, err)
		}
		et.Annotate(e)
		h.events = append(h.events, e)
	}
	// Newest first, stable, events without _time last (engine order).
	slices.SortStableFunc(h.events, func(a, b *event.Event) int {
		ta, oka := a.EpochTime()
		tb, okb := b.EpochTime()
		switch {
		case oka != okb:
			if oka {
				return -1
			}
			return 1
		case ta > tb:
			return -1
		case ta < tb:
			return 1
		}
		return 0
	})
	return nil
}

var macroHead = regexp.MustCompile(`^([A-Za-z0-9_.:-]+)\s*(?:\(([^)]*)\))?\s*=\s*(.*)$`)

// defineMacro parses `name(a, b) = body` (or `name = body`).
func (h *harnessEnv) defineMacro(text string) error {
	m := macroHead.FindStringSubmatch(text)
	if m == nil {
		return fmt.Errorf("want name(args) = definition, got %q", text)
	}
	d := &macro.Definition{Name: m[1], Body: m[3]}
	if strings.TrimSpace(m[2]) != "" {
		for a := range strings.SplitSeq(m[2], ",") {
			d.Args = append(d.Args, strings.TrimSpace(a))
		}
	}
	h.macros[fmt.Sprintf("%s/%d", d.Name, len(d.Args))] = d
	return nil
}

func (h *harnessEnv) macroLookup() macro.Lookup {
	return macro.Defaults(func(name string, arity int) (*macro.Definition, bool) {
		d, ok := h.macros[fmt.Sprintf("%s/%d", name, arity)]
		return d, ok
	})
}

// defineLookup reads `lookup NAME [option=value ...]` with an inline CSV
// block. Options are the transforms.conf settings case_sensitive_match,
// match_type, min_matches, default_match and max_matches.
func (h *harnessEnv) defineLookup(head string, block []string) error {
	fields := strings.Fields(head)
	if len(fields) == 0 {
		return fmt.Errorf("lookup needs a name")
	}
	var cfg lookup.Config
	for _, opt := range fields[1:] {
		k, v, ok := strings.Cut(opt, "=")
		if !ok {
			return fmt.Errorf("option %q: want key=value", opt)
		}
		var err error
		switch strings.ToLower(k) {
		case "case_sensitive_match":
			var b bool
			b, err = strconv.ParseBool(v)
			cfg.CaseInsensitive = !b
		case "match_type":
			cfg.Wildcard, cfg.CIDR, err = lookup.ParseMatchType(v)
		case "min_matches":
			cfg.MinMatches, err = strconv.Atoi(v)
		case "default_match":
			cfg.DefaultMatch = v
		case "max_matches":
			cfg.MaxMatches, err = strconv.Atoi(v)
		default:
			return fmt.Errorf("unknown option %q", k)
		}
		if err != nil {
			return fmt.Errorf("option %q: %v", opt, err)
		}
	}
	cols, rows, err := readCSV(block)
	if err != nil {
		return err
	}
	h.tables[fields[0]] = lookup.New(fields[0], cols, rows, cfg)
	return nil
}

// defineGeoIP reads a CSV block whose first column is the IP address and
// whose other columns are the fields iplocation adds for it.
func (h *harnessEnv) defineGeoIP(block []string) error {
	cols, rows, err := readCSV(block)
	if err != nil {
		return err
	}
	h.geo = map[string]map[string]string{}
	for _, r := range rows {
		m := map[string]string{}
		for c := 1; c < len(cols); c++ {
			if r[c] != "" {
				m[cols[c]] = r[c]
			}
		}
		h.geo[r[0]] = m
	}
	return nil
}

func readCSV(block []string) (cols []string, rows [][]string, err error) {
	if len(block) == 0 {
		return nil, nil, fmt.Errorf("missing CSV header")
	}
	r := csv.NewReader(strings.NewReader(strings.Join(block, "\n")))
	recs, err := r.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	return recs[0], recs[1:], nil
}

// execute expands, parses, compiles and runs query over the loaded events.
// A panic in the code under test is returned as an error so that it fails
// (or xfails) the case instead of the whole run.
func (h *harnessEnv) execute(script string, line int, query string) (rows []*event.Event, err error) {
	defer func() {
		if r := recover(); r != nil {
			rows, err = nil, fmt.Errorf("panic: %v\n%s", r, debug.Stack())
		}
	}()
	ctx := context.Background()
	p, f, x, err := h.parse(fmt.Sprintf("%s:%d", script, line), query)
	if err != nil {
		return nil, err
	}
	env := h.execEnv()
	env.File = f
	rows, err = h.run(ctx, p, env, h.events)
	if err != nil {
		return nil, x.Remap(err)
	}
	return rows, nil
}

// parse expands macros in text and parses it; errors point into text.
func (h *harnessEnv) parse(name, text string) (*ast.Pipeline, *source.File, *macro.Expansion, error) {
	orig := source.NewFile(name, text)
	x, err := macro.Expand(orig, h.macroLookup())
	if err != nil {
		return nil, nil, nil, err
	}
	p, err := parse.Parse(x.File)
	if err != nil {
		return nil, nil, nil, x.Remap(err)
	}
	return p, x.File, x, nil
}

// execEnv is the exec.Env of a search: the script's time, lookups, GeoIP
// rows, subsearches over the loaded events, map through macro expansion and
// outputlookup into the script's tables.
func (h *harnessEnv) execEnv() exec.Env {
	env := exec.Env{
		Now: h.now,
		Lookups: func(name string) (*lookup.Table, bool) {
			t, ok := h.tables[name]
			return t, ok
		},
		Subsearch: func(ctx context.Context, prog *exec.Program) ([]*event.Event, error) {
			return exec.RunOver(ctx, prog, h.events)
		},
		ParseSearch: func(text string) (*ast.Pipeline, *source.File, error) {
			p, f, _, err := h.parse("map", text)
			return p, f, err
		},
		OutputLookup: func(table string, rows []*event.Event, appendRows bool) error {
			// A defined table keeps its matching configuration, as a
			// lookup definition keeps its transforms.conf stanza.
			var cfg lookup.Config
			if old, ok := h.tables[table]; ok {
				cfg = old.Config()
				if appendRows {
					rows = append(eventsOf(old), rows...)
				}
			}
			h.tables[table] = tableOf(table, rows, cfg)
			return nil
		},
	}
	if h.geo != nil {
		env.GeoIP = func(ip string, all bool) (map[string]string, bool) {
			m, ok := h.geo[ip]
			return m, ok
		}
	}
	return env
}

// eventsOf returns a table's rows as results, one field per non-empty cell
// (as inputlookup reads them), so that outputlookup append=true can write
// the old rows followed by the new ones.
func eventsOf(t *lookup.Table) []*event.Event {
	cols := t.Columns()
	out := make([]*event.Event, 0, t.Len())
	for i := range t.Len() {
		row := t.Row(i)
		e := event.New(len(cols))
		for j, col := range cols {
			if j < len(row) && row[j] != "" {
				e.Set(col, value.Str(row[j]))
			}
		}
		out = append(out, e)
	}
	return out
}

// tableOf makes a lookup table of results, columns in order of first
// appearance, multivalues joined with a newline (as Splunk writes them).
func tableOf(name string, rows []*event.Event, cfg lookup.Config) *lookup.Table {
	var cols []string
	idx := map[string]int{}
	for _, r := range rows {
		for _, f := range r.Fields {
			if _, ok := idx[f.Name]; !ok {
				idx[f.Name] = len(cols)
				cols = append(cols, f.Name)
			}
		}
	}
	recs := make([][]string, len(rows))
	for i, r := range rows {
		rec := make([]string, len(cols))
		for _, f := range r.Fields {
			rec[idx[f.Name]] = f.Value.Text()
		}
		recs[i] = rec
	}
	return lookup.New(name, cols, recs, cfg)
}
