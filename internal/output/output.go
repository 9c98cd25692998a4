package output

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/detect"
	"github.com/riskhound/riskhound/internal/event"
)

// Format is an output format.
type Format string

// Formats.
const (
	Table Format = "table"
	JSONL Format = "jsonl"
	CSV   Format = "csv"
	XML   Format = "xml"
)

// ParseFormat checks s against the allowed formats.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	for _, f := range allowed {
		if string(f) == s {
			return f, nil
		}
	}
	names := make([]string, len(allowed))
	for i, f := range allowed {
		names[i] = string(f)
	}
	return "", fmt.Errorf("unknown format %q (want %s)", s, strings.Join(names, ", "))
}

// Findings writes findings in format f. width bounds table lines (0: 160).
func Findings(w io.Writer, f Format, fs []detect.Finding, width int) error {
	bw := bufio.NewWriter(w)
	switch f {
	case JSONL:
		enc := json.NewEncoder(bw)
		enc.SetEscapeHTML(false)
		for i := range fs {
			if err := enc.Encode(&fs[i]); err != nil {
				return err
			}
		}
	case CSV:
		cw := csv.NewWriter(bw)
		cw.Write([]string{"detection", "detection_id", "type", "severity", "risk_object", "risk_object_type", "risk_score", "risk_message", "mitre_attack", "result"})
		for _, fd := range fs {
			sev, obj, typ, score, msg := summary(fd)
			cw.Write([]string{fd.Detection, fd.DetectionID, fd.Type, sev, obj, typ, score, msg,
				strings.Join(fd.MitreAttack, " "), string(AppendRow(nil, fd.Result))})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	default:
		writeFindingTable(bw, fs, width)
	}
	return bw.Flush()
}

func summary(fd detect.Finding) (sev, obj, typ, score, msg string) {
	sev = "-"
	if fd.Notable != nil {
		sev = fd.Notable.Severity
	}
	if len(fd.Risk) > 0 {
		r := fd.Risk[0]
		obj, typ, score, msg = r.Object, r.ObjectType, strconv.Itoa(r.Score), r.Message
	}
	return
}

func writeFindingTable(w io.Writer, fs []detect.Finding, width int) {
	if width <= 0 {
		width = 160
	}
	if len(fs) == 0 {
		fmt.Fprintln(w, "no findings")
		return
	}
	rows := [][]string{{"SEVERITY", "DETECTION", "RISK", "RISK OBJECT", "ATT&CK", "RESULT"}}
	for _, fd := range fs {
		sev, obj, typ, score, _ := summary(fd)
		if obj != "" {
			obj += " (" + typ + ")"
		}
		var res []string
		for _, f := range fd.Result.Fields {
			text := f.Value.Text()
			if f.Name == event.Time {
				// Readable in a table; jsonl and csv keep epoch seconds.
				if t, ok := fd.Result.EpochTime(); ok {
					text = event.TimeOf(t).Format(time.RFC3339Nano)
				}
			}
			res = append(res, f.Name+"="+oneLine(text, 48))
		}
		rows = append(rows, []string{sev, oneLine(fd.Detection, 48), score, oneLine(obj, 40),
			oneLine(strings.Join(fd.MitreAttack, ","), 24), strings.Join(res, " ")})
	}
	writeAligned(w, rows, width)
}

// writeAligned pads every column but the last to its widest cell and cuts
// each line to width runes.
func writeAligned(w io.Writer, rows [][]string, width int) {
	n := len(rows[0])
	widths := make([]int, n)
	for _, r := range rows {
		for i := 0; i < n-1 && i < len(r); i++ {
			widths[i] = max(widths[i], utf8.RuneCountInString(r[i]))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			b.WriteString(c)
			if i < n-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c)+2))
			}
		}
		fmt.Fprintln(w, oneLine(strings.TrimRight(b.String(), " "), width))
	}
}

// Rows writes search result rows in format f. Table and CSV columns are the
// union of the rows' fields in first-seen order, with _raw last.
func Rows(w io.Writer, f Format, rows []*event.Event, width int) error {
	bw := bufio.NewWriter(w)
	switch f {
	case JSONL:
		var buf []byte
		for _, r := range rows {
			buf = AppendRow(buf[:0], r)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return err
			}
		}
	case CSV:
		cols := columns(rows)
		cw := csv.NewWriter(bw)
		cw.Write(cols)
		rec := make([]string, len(cols))
		for _, r := range rows {
			for i, c := range cols {
				rec[i] = r.Get(c).Text()
			}
			cw.Write(rec)
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
	default:
		if width <= 0 {
			width = 160
		}
		cols := columns(rows)
		if len(cols) == 0 {
			fmt.Fprintln(bw, "no results")
			break
		}
		table := [][]string{cols}
		for _, r := range rows {
			line := make([]string, len(cols))
			for i, c := range cols {
				line[i] = oneLine(r.Get(c).Text(), 60)
			}
			table = append(table, line)
		}
		writeAligned(bw, table, width)
	}
	return bw.Flush()
}

func columns(rows []*event.Event) []string {
	seen := map[string]bool{}
	var cols []string
	hasRaw := false
	for _, r := range rows {
		for _, f := range r.Fields {
			if f.Name == event.Raw {
				hasRaw = true
				continue
			}
			if !seen[f.Name] {
				seen[f.Name] = true
				cols = append(cols, f.Name)
			}
		}
	}
	if hasRaw {
		cols = append(cols, event.Raw)
	}
	return cols
}

// EventWriter writes events one at a time as jsonl or xml.
type EventWriter struct {
	w   *bufio.Writer
	f   Format
	buf []byte
}

// NewEventWriter returns a writer of events in format f (JSONL or XML).
func NewEventWriter(w io.Writer, f Format) *EventWriter {
	return &EventWriter{w: bufio.NewWriterSize(w, 1<<16), f: f}
}

// Write writes one event. In XML format it writes _raw on one line (events
// without an XML _raw are skipped and reported as an error).
func (ew *EventWriter) Write(ev *event.Event) error {
	if ew.f == XML {
		raw := ev.Get(event.Raw).Text()
		if !strings.HasPrefix(strings.TrimSpace(raw), "<Event") {
			return fmt.Errorf("event from %s has no XML rendering", ev.Get(event.Source).Text())
		}
		raw = strings.NewReplacer("\r\n", "&#13;&#10;", "\n", "&#10;", "\r", "&#13;").Replace(raw)
		ew.w.WriteString(raw)
		return ew.w.WriteByte('\n')
	}
	ew.buf = AppendEvent(ew.buf[:0], ev)
	ew.buf = append(ew.buf, '\n')
	_, err := ew.w.Write(ew.buf)
	return err
}

// Flush flushes buffered output.
func (ew *EventWriter) Flush() error { return ew.w.Flush() }

// SortedKeys returns m's keys in order; a small helper for deterministic
// summaries.
func SortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
