package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// multikv turns a table-formatted _raw into one result per table row
// (Splunk search reference, "multikv"). Lines are the non-empty lines of
// _raw. The header is the first line [VERIFY: Splunk scores candidate header
// lines], line N with forceheader=N (counting non-empty lines from 1; the
// lines before it are skipped), or absent with noheader=true, when columns
// are named Column_1, Column_2, ... Header names are cleaned like extract's
// keys (so "sc_status" in quotes becomes sc_status_).
//
// Cells: when the header line has a comma, lines split at commas outside
// double quotes (cells trimmed of spaces, quotes kept); otherwise at runs of whitespace, and the
// cells beyond the header's count join the last column with single spaces
// [VERIFY: Splunk uses column offsets for aligned tables].
//
// Each row becomes a result holding the original's fields (copyattrs=true,
// the default; copyattrs=false keeps only _time), _raw set to the row's
// line, and its cells as fields (empty cells skipped). fields f1 f2 ...
// limits the fields set to those named; filter t1 t2 ... keeps only the rows
// whose line contains one of the terms (case-sensitive). The original result
// is dropped (rmorig=true, the default) or kept before its rows.
func (c *compiler) multikv(cmd *ast.MultikvCommand) stage {
	opts, ok := c.options("multikv", cmd.Options, "forceheader", "noheader", "rmorig", "copyattrs", "multitable", "last_nonempty_line")
	if !ok {
		return nil
	}
	m := &multikvSpec{}
	var ok1, ok2, ok3, ok4, ok5 bool
	m.forceHeader, ok1 = c.intOption(opts["forceheader"], 0)
	m.noHeader, ok2 = c.boolOption(opts["noheader"], false)
	m.rmOrig, ok3 = c.boolOption(opts["rmorig"], true)
	m.copyAttrs, ok4 = c.boolOption(opts["copyattrs"], true)
	_, ok5 = c.boolOption(opts["multitable"], true)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return nil
	}
	if o := opts["last_nonempty_line"]; o != nil {
		c.errf(source.ErrUnsupported, o.Sp, "multikv option %q is not supported", o.Key)
		return nil
	}
	if m.noHeader && m.forceHeader > 0 {
		c.errf(source.ErrSyntax, cmd.Sp, "multikv: noheader=true and forceheader= exclude each other")
		return nil
	}
	var list *[]string
	for _, a := range cmd.Args {
		switch {
		case !a.Quoted && strings.EqualFold(a.Name, "fields"):
			m.hasFields = true
			list = &m.fieldList
		case !a.Quoted && strings.EqualFold(a.Name, "filter"):
			list = &m.filter
		case list == nil:
			c.errf(source.ErrSyntax, a.Sp, "multikv: expected fields or filter before %q", a.Name)
			return nil
		default:
			*list = append(*list, a.Name)
		}
	}
	m.fields = map[string]bool{}
	for _, f := range m.fieldList {
		m.fields[f] = true
	}
	return &streamStage{fn: m.apply}
}

// multikvSpec is a compiled multikv command.
type multikvSpec struct {
	forceHeader                 int
	noHeader, rmOrig, copyAttrs bool
	hasFields                   bool
	fieldList                   []string
	fields                      map[string]bool
	filter                      []string
}

func (m *multikvSpec) apply(dst []*event.Event, ev *event.Event) ([]*event.Event, error) {
	if !m.rmOrig {
		dst = append(dst, ev)
	}
	raw := ev.Get(event.Raw)
	if raw.IsNull() {
		return dst, nil
	}
	var lines []string
	for line := range strings.SplitSeq(raw.Text(), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
		}
	}
	var header []string
	comma := false
	switch {
	case m.noHeader:
	case m.forceHeader > 0:
		if m.forceHeader > len(lines) {
			return dst, nil
		}
		lines = lines[m.forceHeader-1:]
		fallthrough
	default:
		if len(lines) == 0 {
			return dst, nil
		}
		comma = strings.Contains(lines[0], ",")
		for i, h := range splitRow(lines[0], comma, 0) {
			name := cleanKey(h)
			if name == "" {
				name = "Column_" + itoa(i+1)
			}
			header = append(header, name)
		}
		lines = lines[1:]
	}
	for _, line := range lines {
		if !m.keepLine(line) {
			continue
		}
		var row *event.Event
		if m.copyAttrs {
			row = ev.Clone()
		} else {
			row = event.New(4)
			row.Set(event.Time, ev.Get(event.Time))
		}
		row.Set(event.Raw, value.Str(line))
		width := len(header)
		if m.noHeader {
			comma = strings.Contains(line, ",")
		}
		for i, cell := range splitRow(line, comma, width) {
			name := "Column_" + itoa(i+1)
			if i < len(header) {
				name = header[i]
			}
			if cell == "" || (m.hasFields && !m.fields[name]) {
				continue
			}
			row.Set(name, value.Str(cell))
		}
		dst = append(dst, row)
	}
	return dst, nil
}

// keepLine applies the filter terms.
func (m *multikvSpec) keepLine(line string) bool {
	if len(m.filter) == 0 {
		return true
	}
	for _, t := range m.filter {
		if strings.Contains(line, t) {
			return true
		}
	}
	return false
}

// splitRow splits a table line into cells: at commas outside double quotes
// (trimmed), or at runs
// of whitespace with the cells beyond width (when > 0) joined into the last.
func splitRow(line string, comma bool, width int) []string {
	if comma {
		var cells []string
		start, quoted := 0, false
		for i := 0; i < len(line); i++ {
			switch line[i] {
			case '"':
				quoted = !quoted
			case ',':
				if !quoted {
					cells = append(cells, strings.TrimSpace(line[start:i]))
					start = i + 1
				}
			}
		}
		return append(cells, strings.TrimSpace(line[start:]))
	}
	cells := strings.Fields(line)
	if width > 0 && len(cells) > width {
		cells = append(cells[:width-1], strings.Join(cells[width-1:], " "))
	}
	return cells
}

func itoa(i int) string { return value.FormatNumber(float64(i)) }
