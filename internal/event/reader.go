package event

import "fmt"

// Emit receives one event from a reader. The handler owns the event afterwards.
// Readers call Emit from one goroutine at a time, in input order. A non-nil
// error stops the reader, which returns it.
type Emit func(*Event) error

// Problem is a non-fatal input problem: a record, line or chunk a reader could
// not decode and skipped. Everything else in the input is still read.
type Problem struct {
	Path  string // the file (and archive member) being read
	Where string // "line 12", "record 7", "chunk 3 record 45"; empty for the whole file
	Err   error
}

func (p Problem) Error() string {
	if p.Where == "" {
		return fmt.Sprintf("%s: %v", p.Path, p.Err)
	}
	return fmt.Sprintf("%s: %s: %v", p.Path, p.Where, p.Err)
}

// Report receives problems. Readers call it from the same goroutine as Emit.
type Report func(Problem)

// Linux Sysmon writes the Windows event schema to syslog; Splunk's add-on for
// it indexes those events as source Syslog:Linux-Sysmon/Operational,
// sourcetype sysmon:linux, and ESCU's `sysmon` macro and Linux detections
// select them by those names.
const (
	linuxSysmonChannel    = "Linux-Sysmon/Operational"
	linuxSysmonSource     = "Syslog:" + linuxSysmonChannel
	linuxSysmonSourcetype = "sysmon:linux"
)

// SourceNames are an event's source and sourcetype.
type SourceNames struct{ Source, Sourcetype string }

// WinSource returns the source and sourcetype Splunk gives an event of the
// Windows event schema from channel: XmlWinEventLog:<channel> and
// XmlWinEventLog, except for Linux Sysmon's channel. Readers of the schema
// (XML text, EVTX, JSON renderings) share it so the same event gets the same
// names whatever its rendering.
func WinSource(channel string) SourceNames {
	if channel == linuxSysmonChannel {
		return SourceNames{linuxSysmonSource, linuxSysmonSourcetype}
	}
	return SourceNames{"XmlWinEventLog:" + channel, "XmlWinEventLog"}
}
