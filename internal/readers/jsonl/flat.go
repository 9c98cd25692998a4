package jsonl

import (
	"github.com/riskhound/riskhound/internal/spltime"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// flatAliases maps flat (NXLog/HELK and Winlogbeat/ECS) member paths to the
// fields.md names the XML reader gives the same data; the member itself is
// kept under its own name too. Read-only.
var flatAliases = map[string][]string{
	"EventID":                  {"EventCode"},
	"Hostname":                 {"Computer"},
	"SourceName":               {"Name"},
	"ProviderGuid":             {"Guid"},
	"ExecutionProcessID":       {"ProcessID"},
	"RecordNumber":             {"EventRecordID"},
	"UserID":                   {"user_id"},
	"winlog.channel":           {"Channel"},
	"winlog.event_id":          {"EventID", "EventCode"},
	"winlog.computer_name":     {"Computer"},
	"winlog.provider_name":     {"Name"},
	"winlog.provider_guid":     {"Guid"},
	"winlog.record_id":         {"EventRecordID"},
	"winlog.process.pid":       {"ProcessID"},
	"winlog.process.thread.id": {"ThreadID"},
	"winlog.user.identifier":   {"UserID", "user_id"},
	"winlog.opcode":            {"Opcode"},
	"winlog.task":              {"Task"},
	"winlog.version":           {"Version"},
	"winlog.keywords":          {"Keywords"},
	"message":                  {"Message"},
}

// flat adds every member of obj as a field: nested objects give dotted names
// (except winlog.event_data.X and winlog.user_data.X, which give X), arrays
// give one value per element. Top-level _time and _raw members never become
// fields; host, source, sourcetype and index members become extracted_host
// and so on (see add), and a "host" member is also the host when there is no
// computer name.
func (c *converter) flat(obj int32, prefix string, windows bool) {
	for m := c.node(obj).first; m >= 0; m = c.node(m).next {
		key := c.node(m).key
		if prefix == "" && c.node(m).kind != kObj {
			switch key {
			case event.Time, event.Raw:
				continue // _time is read by timeFrom; _raw is the object text
			case event.Host:
				c.hostKey, _ = c.scalar(m)
			}
		}
		c.flatValue(joinKey(prefix, key), m, windows)
	}
}

func joinKey(prefix, key string) string {
	switch prefix {
	case "":
		return key
	case "winlog.event_data.", "winlog.user_data.":
		return key
	}
	return prefix + key
}

func (c *converter) flatValue(path string, m int32, windows bool) {
	switch c.node(m).kind {
	case kObj:
		c.flat(m, path+".", windows)
	case kArr:
		for e := c.node(m).first; e >= 0; e = c.node(e).next {
			c.flatValue(path, e, windows)
		}
	default:
		v, ok := c.scalar(m)
		if !ok || v == "" {
			return
		}
		c.add(path, v)
		if !windows {
			return
		}
		for _, a := range flatAliases[path] {
			c.alias(a, v)
		}
		switch path {
		case "Channel", "winlog.channel":
			c.channel = v
		case "Hostname", "Computer", "winlog.computer_name":
			if c.host == "" {
				c.host = v
			}
		}
	}
}

// flatTime sets _time from @timestamp, TimeCreated or EventTime, the first
// that parses.
func (c *converter) flatTime(root int32) {
	c.timeFrom(root, "@timestamp", "TimeCreated", "EventTime")
}

// genericTime sets _time from the usual timestamp members of other JSON.
func (c *converter) genericTime(root int32) {
	c.timeFrom(root, "_time", "@timestamp", "timestamp", "time", "TimeCreated", "EventTime", "datetime", "date", "ts")
}

func (c *converter) timeFrom(root int32, keys ...string) {
	for _, k := range keys {
		m := c.member(root, k)
		if m < 0 {
			continue
		}
		v, ok := c.scalar(m)
		if !ok {
			continue
		}
		if c.node(m).kind == kNum || value.LooksNumeric(v) {
			if f, ok := value.ParseNumber(v); ok && f > 0 {
				if f > 1e11 { // milliseconds
					f /= 1000
				}
				c.time = value.Num(f)
				return
			}
			continue
		}
		if t, ok := spltime.ParseISO(strings.TrimSpace(v)); ok {
			c.time = value.Num(event.EpochSeconds(t))
			return
		}
	}
}
