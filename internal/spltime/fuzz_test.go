package spltime

import (
	"testing"
	"time"
)

// The oracle for these fuzzers is "no panic"; Strftime output must parse
// back with the same format for the formats both directions support.

func FuzzResolve(f *testing.F) {
	for _, s := range []string{"-70m@m", "@w3", "-1d@d+8h", "10/19/2018:00:00:00", "1715783842.5", "+-@", "-99999999y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, mod string) {
		Resolve(mod, now)
	})
}

func FuzzStrptime(f *testing.F) {
	f.Add("2024-05-15 14:37:22", "%Y-%m-%d %H:%M:%S")
	f.Add("1715783842.5", "%s")
	f.Add("Wed May 15 14:37:22 2024", "%c")
	f.Fuzz(func(t *testing.T, s, format string) {
		Strptime(s, format)
		Strftime(time.Unix(int64(len(s))*1000003, 0), format)
	})
}

func TestStrftimeRoundTrip(t *testing.T) {
	ts := time.Date(2024, 5, 5, 9, 4, 7, 123000000, time.UTC)
	for _, format := range []string{"%Y-%m-%dT%H:%M:%S.%3N%z", "%c", "%m/%d/%y %I:%M:%S %p", "%F %T", "%s", "%d/%b/%Y:%H:%M:%S.%6N"} {
		s := Strftime(ts, format)
		got, ok := Strptime(s, format)
		if !ok || !got.Equal(ts.Truncate(time.Second)) && !got.Equal(ts) {
			t.Errorf("%s: %q parsed back as %v, %v", format, s, got, ok)
		}
	}
}
