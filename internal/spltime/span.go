package spltime

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Span is a bin width such as the 5m of span=5m: N units. A span without a
// unit has Unit None and is a plain number (seconds when applied to times).
type Span struct {
	N    float64
	Unit Unit
}

// ParseSpan parses a span: a positive number followed by an optional unit
// ("1h", "5m", "1d", "2mon", "30", "1.5h").
func ParseSpan(s string) (Span, error) {
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	if i == 0 {
		return Span{}, fmt.Errorf("invalid span %q: want a number and a unit such as 5m", s)
	}
	n, err := strconv.ParseFloat(t[:i], 64)
	if err != nil || n <= 0 {
		return Span{}, fmt.Errorf("invalid span %q: want a positive number", s)
	}
	if i == len(t) {
		return Span{N: n, Unit: None}, nil
	}
	u, ok := ParseUnit(t[i:])
	if !ok {
		return Span{}, fmt.Errorf("invalid span %q: unknown unit %q", s, t[i:])
	}
	if u >= Month && n != math.Trunc(n) {
		return Span{}, fmt.Errorf("invalid span %q: calendar spans need a whole number", s)
	}
	return Span{N: n, Unit: u}, nil
}

// Seconds returns the span's length for clock units (None, s, m, h, d, w) and
// false for calendar units, whose length varies.
func (sp Span) Seconds() (float64, bool) {
	switch sp.Unit {
	case None, Second:
		return sp.N, true
	case Minute:
		return sp.N * 60, true
	case Hour:
		return sp.N * 3600, true
	case Day:
		return sp.N * 86400, true
	case Week:
		return sp.N * 7 * 86400, true
	}
	return 0, false
}

// ParseDuration parses a span with a clock unit into a time.Duration, as
// options like maxspan=2m and maxpause=5m need.
func ParseDuration(s string) (time.Duration, error) {
	sp, err := ParseSpan(s)
	if err != nil {
		return 0, err
	}
	sec, ok := sp.Seconds()
	if !ok {
		return 0, fmt.Errorf("invalid duration %q: months, quarters and years have no fixed length", s)
	}
	return time.Duration(sec * float64(time.Second)), nil
}

// Floor returns the start of the bin that epoch falls in (spl-semantics.md
// §9.10): clock spans are multiples of the span since the epoch (in UTC, days
// start at midnight); month, quarter and year spans start on the first of a
// month whose index since year 0 is a multiple of the span.
func (sp Span) Floor(epoch float64) float64 {
	if sec, ok := sp.Seconds(); ok {
		return math.Floor(epoch/sec) * sec
	}
	months := int(sp.N)
	switch sp.Unit {
	case Quarter:
		months *= 3
	case Year:
		months *= 12
	}
	if months <= 0 {
		return epoch
	}
	t := epochTime(epoch)
	idx := t.Year()*12 + int(t.Month()) - 1
	idx -= ((idx % months) + months) % months
	return Epoch(time.Date(idx/12, time.Month(idx%12+1), 1, 0, 0, 0, 0, time.UTC))
}

func (sp Span) String() string {
	return strconv.FormatFloat(sp.N, 'f', -1, 64) + sp.Unit.String()
}
