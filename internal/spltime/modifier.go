package spltime

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Unit is a calendar or clock unit of a time modifier or span.
type Unit uint8

// Units, smallest first. None is a span written without a unit.
const (
	None Unit = iota
	Second
	Minute
	Hour
	Day
	Week
	Month
	Quarter
	Year
)

var unitNames = map[string]Unit{
	"s": Second, "sec": Second, "secs": Second, "second": Second, "seconds": Second,
	"m": Minute, "min": Minute, "mins": Minute, "minute": Minute, "minutes": Minute,
	"h": Hour, "hr": Hour, "hrs": Hour, "hour": Hour, "hours": Hour,
	"d": Day, "day": Day, "days": Day,
	"w": Week, "week": Week, "weeks": Week,
	"mon": Month, "month": Month, "months": Month,
	"q": Quarter, "qtr": Quarter, "qtrs": Quarter, "quarter": Quarter, "quarters": Quarter,
	"y": Year, "yr": Year, "yrs": Year, "year": Year, "years": Year,
}

// ParseUnit returns the unit named by s (case-insensitive), e.g. "m" minutes,
// "mon" months.
func ParseUnit(s string) (Unit, bool) {
	u, ok := unitNames[strings.ToLower(s)]
	return u, ok
}

func (u Unit) String() string {
	return [...]string{"", "s", "m", "h", "d", "w", "mon", "q", "y"}[u]
}

// AbsoluteFormat is the strptime format of absolute times in time modifiers,
// e.g. earliest=10/19/2018:00:00:00.
const AbsoluteFormat = "%m/%d/%Y:%H:%M:%S"

// Resolve applies the time modifier mod to now and returns the resulting time
// in UTC (spl-semantics.md §5). mod is one of:
//
//   - "now" (or empty);
//   - an epoch number such as 0, 1 or 1715783842.5;
//   - an absolute time in %m/%d/%Y:%H:%M:%S form;
//   - a chain of offsets ([+|-][N]unit, N defaulting to 1) and snaps (@unit,
//     @w0..@w7), applied left to right: "-1d@d+8h" goes back a day, snaps to
//     midnight, then adds 8 hours.
//
// Month offsets that land past the end of a month clamp to its last day
// (March 31 -1mon is February 28/29) [VERIFY against Splunk].
func Resolve(mod string, now time.Time) (time.Time, error) {
	now = now.UTC()
	s := strings.TrimSpace(mod)
	if s == "" || strings.EqualFold(s, "now") {
		return now, nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && s[0] != '+' && s[0] != '-' {
		return epochTime(f), nil
	}
	if strings.Count(s, "/") == 2 {
		t, ok := Strptime(s, AbsoluteFormat)
		if !ok {
			return time.Time{}, fmt.Errorf("invalid absolute time %q (want %s)", mod, AbsoluteFormat)
		}
		return t, nil
	}
	t := now
	i := 0
	for i < len(s) {
		switch c := s[i]; c {
		case '+', '-':
			i++
			j := i
			for i < len(s) && s[i] >= '0' && s[i] <= '9' {
				i++
			}
			n := 1
			if i > j {
				v, err := strconv.Atoi(s[j:i])
				if err != nil {
					return time.Time{}, fmt.Errorf("invalid time modifier %q: bad number", mod)
				}
				n = v
			}
			k := i
			for i < len(s) && isLetter(s[i]) {
				i++
			}
			u, ok := ParseUnit(s[k:i])
			if !ok {
				return time.Time{}, fmt.Errorf("invalid time modifier %q: unknown unit %q", mod, s[k:i])
			}
			if c == '-' {
				n = -n
			}
			t = Add(t, n, u)
		case '@':
			i++
			k := i
			for i < len(s) && isLetter(s[i]) {
				i++
			}
			u, ok := ParseUnit(s[k:i])
			if !ok {
				return time.Time{}, fmt.Errorf("invalid time modifier %q: unknown snap unit %q", mod, s[k:i])
			}
			weekday := 0
			if u == Week && i < len(s) && s[i] >= '0' && s[i] <= '7' {
				weekday = int(s[i]-'0') % 7
				i++
			}
			t = Snap(t, u, weekday)
		default:
			return time.Time{}, fmt.Errorf("invalid time modifier %q", mod)
		}
	}
	return t, nil
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// epochTime converts epoch seconds to UTC, keeping microseconds.
func epochTime(f float64) time.Time {
	sec := math.Floor(f)
	us := math.Round((f - sec) * 1e6)
	return time.Unix(int64(sec), int64(us)*1000).UTC()
}

// EpochTime converts epoch seconds (fraction kept to the microsecond) to UTC.
func EpochTime(f float64) time.Time { return epochTime(f) }

// Epoch converts t to epoch seconds with microseconds.
func Epoch(t time.Time) float64 {
	return float64(t.Unix()) + float64(t.Nanosecond()/1000)/1e6
}

// Add moves t by n units. Calendar units clamp the day of month, so that
// adding a month to January 31 gives the last day of February.
func Add(t time.Time, n int, u Unit) time.Time {
	switch u {
	case Second, None:
		return t.Add(time.Duration(n) * time.Second)
	case Minute:
		return t.Add(time.Duration(n) * time.Minute)
	case Hour:
		return t.Add(time.Duration(n) * time.Hour)
	case Day:
		return t.AddDate(0, 0, n)
	case Week:
		return t.AddDate(0, 0, 7*n)
	case Month:
		return addMonths(t, n)
	case Quarter:
		return addMonths(t, 3*n)
	case Year:
		return addMonths(t, 12*n)
	}
	return t
}

func addMonths(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return first.AddDate(0, 0, d-1)
}

// Snap rounds t down to the start of unit u. For Week, weekday selects the
// day the week starts on (0 = Sunday ... 6 = Saturday): t goes back to the
// most recent such day at midnight, staying on today if it is that day.
func Snap(t time.Time, u Unit, weekday int) time.Time {
	t = t.UTC()
	y, m, d := t.Date()
	switch u {
	case Second:
		return t.Truncate(time.Second)
	case Minute:
		return t.Truncate(time.Minute)
	case Hour:
		return t.Truncate(time.Hour)
	case Day:
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	case Week:
		back := (int(t.Weekday()) - weekday + 7) % 7
		return time.Date(y, m, d-back, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	case Quarter:
		return time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)
	case Year:
		return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return t
}
