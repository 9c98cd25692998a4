// Package event defines the record that flows through riskhound: an Event is an
// ordered set of named values. Raw events from readers and result rows from SPL
// commands are both Events, as in Splunk where every result is an event.
//
// Metadata lives in ordinary fields with Splunk's names: _time (number, epoch
// seconds, fraction kept), _raw, host, source, sourcetype and index.
package event

import (
	"time"

	"github.com/riskhound/riskhound/internal/value"
)

// Names of the metadata fields.
const (
	Time       = "_time"
	Raw        = "_raw"
	Host       = "host"
	Source     = "source"
	Sourcetype = "sourcetype"
	Index      = "index"
)

// Field is one named value.
type Field struct {
	Name  string
	Value value.Value
}

// Event is an ordered set of fields with distinct names. Field order is the
// order of first assignment; it is what table output shows when no command
// fixes the order. An Event is not safe for concurrent mutation.
type Event struct {
	Fields []Field
}

// New returns an empty event with room for n fields.
func New(n int) *Event { return &Event{Fields: make([]Field, 0, n)} }

// Get returns the value of name, null when absent.
func (e *Event) Get(name string) value.Value {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			return e.Fields[i].Value
		}
	}
	return value.NullValue
}

// Has reports whether the event has a non-null value for name.
func (e *Event) Has(name string) bool { return !e.Get(name).IsNull() }

// Set assigns v to name, keeping the field's position when it exists. Setting
// null removes the field.
func (e *Event) Set(name string, v value.Value) {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			if v.IsNull() {
				e.Fields = append(e.Fields[:i], e.Fields[i+1:]...)
				return
			}
			e.Fields[i].Value = v
			return
		}
	}
	if !v.IsNull() {
		e.Fields = append(e.Fields, Field{name, v})
	}
}

// Append adds a field without checking for an existing one of the same name.
// Readers use it while building an event whose names they know are distinct.
func (e *Event) Append(name string, v value.Value) {
	e.Fields = append(e.Fields, Field{name, v})
}

// Add adds s as another value of name: the first value makes a plain string,
// further ones a multivalue. Readers use it for repeated elements.
func (e *Event) Add(name, s string) {
	for i := range e.Fields {
		if e.Fields[i].Name == name {
			old := e.Fields[i].Value
			vs := make([]string, 0, old.Len()+1)
			vs = append(vs, old.Values()...)
			e.Fields[i].Value = value.MV(append(vs, s))
			return
		}
	}
	e.Fields = append(e.Fields, Field{name, value.Str(s)})
}

// Delete removes name.
func (e *Event) Delete(name string) { e.Set(name, value.NullValue) }

// Clone returns a copy whose field slice can be changed independently.
func (e *Event) Clone() *Event {
	c := &Event{Fields: make([]Field, len(e.Fields), len(e.Fields)+4)}
	copy(c.Fields, e.Fields)
	return c
}

// EpochTime returns _time in epoch seconds, and false when it is absent or not
// a number.
func (e *Event) EpochTime() (float64, bool) {
	return e.Get(Time).Number()
}

// SetTime sets _time from t, keeping microseconds (float64 epoch seconds hold
// about 0.25 µs near the present).
func (e *Event) SetTime(t time.Time) {
	e.Set(Time, value.Num(EpochSeconds(t)))
}

// EpochSeconds converts t to epoch seconds rounded to the microsecond.
func EpochSeconds(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond()/1000)/1e6
}

// TimeOf converts epoch seconds to a UTC time rounded to the microsecond.
func TimeOf(epoch float64) time.Time {
	sec := int64(epoch)
	if float64(sec) > epoch {
		sec--
	}
	us := int64((epoch-float64(sec))*1e6 + 0.5)
	return time.Unix(sec, us*1000).UTC()
}

// IsMeta reports whether name is a metadata field (_time, _raw, host, source,
// sourcetype, index), which extracted fields must not overwrite.
func IsMeta(name string) bool {
	switch name {
	case Time, Raw, Host, Source, Sourcetype, Index:
		return true
	}
	return false
}

// CleanKey applies Splunk's CLEAN_KEYS to an extracted field name: every byte
// outside [A-Za-z0-9_] becomes '_' ('Threat Name' -> Threat_Name). It
// allocates only when something changes.
func CleanKey(k string) string {
	for i := 0; i < len(k); i++ {
		if !keyByte(k[i]) {
			b := []byte(k)
			for j := i; j < len(b); j++ {
				if !keyByte(b[j]) {
					b[j] = '_'
				}
			}
			return string(b)
		}
	}
	return k
}

func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
