package spltime

import (
	"testing"
	"time"
)

// now is the reference time of spl-semantics.md §5: a Wednesday.
var now = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

func TestResolveWorkedExamples(t *testing.T) {
	f := func(mod, want string) {
		t.Helper()
		got, err := Resolve(mod, now)
		if err != nil {
			t.Errorf("Resolve(%q): %v", mod, err)
			return
		}
		if s := got.Format("2006-01-02 15:04:05"); s != want {
			t.Errorf("Resolve(%q) = %s, want %s", mod, s, want)
		}
	}
	f("-70m@m", "2024-05-15 13:27:00")
	f("-24h@h", "2024-05-14 14:00:00")
	f("@d", "2024-05-15 00:00:00")
	f("-1d@d", "2024-05-14 00:00:00")
	f("-1d@d+8h", "2024-05-14 08:00:00")
	f("@w0", "2024-05-12 00:00:00")
	f("@w", "2024-05-12 00:00:00")
	f("@w7", "2024-05-12 00:00:00")
	f("@w1", "2024-05-13 00:00:00")
	f("@w3", "2024-05-15 00:00:00") // today is Wednesday: stays
	f("@w4", "2024-05-09 00:00:00")
	f("-1mon@mon", "2024-04-01 00:00:00")
	f("@q", "2024-04-01 00:00:00")
	f("@y", "2024-01-01 00:00:00")
	f("+1h", "2024-05-15 15:37:22")
	f("-h", "2024-05-15 13:37:22")
	f("-2days", "2024-05-13 14:37:22")
	f("-1w", "2024-05-08 14:37:22")
	f("-1y", "2023-05-15 14:37:22")
	f("-1q", "2024-02-15 14:37:22")
	f("-30s@m", "2024-05-15 14:36:00")
	f("-1d-2h", "2024-05-14 12:37:22")
	f("now", "2024-05-15 14:37:22")
	f("", "2024-05-15 14:37:22")
	f("0", "1970-01-01 00:00:00")
	f("1", "1970-01-01 00:00:01")
	f("1715783842", "2024-05-15 14:37:22")
	f("10/19/2018:00:00:00", "2018-10-19 00:00:00")
}

func TestResolveMonthClamp(t *testing.T) {
	got, err := Resolve("-1mon", time.Date(2024, 3, 31, 10, 0, 0, 0, time.UTC))
	if err != nil || !got.Equal(time.Date(2024, 2, 29, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("-1mon from Mar 31 = %v, %v", got, err)
	}
}

func TestResolveErrors(t *testing.T) {
	for _, mod := range []string{"-1x", "@foo", "yesterday", "13/45/2018:00:00:00", "-5m@"} {
		if _, err := Resolve(mod, now); err == nil {
			t.Errorf("Resolve(%q) succeeded", mod)
		}
	}
}

func TestStrftime(t *testing.T) {
	ts := time.Date(2024, 5, 5, 9, 4, 7, 123456789, time.UTC) // a Sunday
	f := func(format, want string) {
		t.Helper()
		if got := Strftime(ts, format); got != want {
			t.Errorf("Strftime(%q) = %q, want %q", format, got, want)
		}
	}
	f("%Y", "2024")
	f("%y", "24")
	f("%m", "05")
	f("%d", "05")
	f("%e", " 5")
	f("%H", "09")
	f("%I", "09")
	f("%p", "AM")
	f("%M", "04")
	f("%S", "07")
	f("%3N", "123")
	f("%6N", "123456")
	f("%9N", "123456789")
	f("%Q", "123")
	f("%s", "1714899847")
	f("%a %A", "Sun Sunday")
	f("%b %B", "May May")
	f("%w", "0")
	f("%j", "126")
	f("%Z %z", "UTC +0000")
	f("%T", "09:04:07")
	f("%F", "2024-05-05")
	f("%c", "Sun May  5 09:04:07 2024")
	f("%x %X", "05/05/24 09:04:07")
	f("%%", "%")
	f("%Y-%m-%dT%H:%M:%S", "2024-05-05T09:04:07")
	f("%m/%d/%Y %H:%M:%S", "05/05/2024 09:04:07")
	f("%Y-%m-%dT%H:%M:%S.%3N%z", "2024-05-05T09:04:07.123+0000")
	f("%q", "%q")
	f("x%", "x%")

	wed := time.Unix(1715783842, 0)
	if got := Strftime(wed, "%Y-%m-%dT%H:%M:%S %H %w %A"); got != "2024-05-15T14:37:22 14 3 Wednesday" {
		t.Errorf("§7.6 example: %q", got)
	}
	if got := Strftime(time.Date(2024, 5, 5, 15, 0, 0, 0, time.UTC), "%I %p"); got != "03 PM" {
		t.Errorf("PM: %q", got)
	}
}

func TestStrptime(t *testing.T) {
	f := func(s, format string, want float64) {
		t.Helper()
		got, ok := Strptime(s, format)
		if !ok {
			t.Errorf("Strptime(%q, %q) failed", s, format)
			return
		}
		if e := Epoch(got); e != want {
			t.Errorf("Strptime(%q, %q) = %v, want %v", s, format, e, want)
		}
	}
	f("2024-05-15 14:37:22", "%Y-%m-%d %H:%M:%S", 1715783842)
	f("2024-05-15T14:37:22.250Z", "%Y-%m-%dT%H:%M:%S.%3N%Z", 1715783842.25)
	f("2024-05-15T16:37:22+02:00", "%Y-%m-%dT%H:%M:%S%z", 1715783842)
	f("05/15/24 02:37:22 PM", "%m/%d/%y %I:%M:%S %p", 1715783842)
	f("Wed May 15 14:37:22 2024", "%c", 1715783842)
	f("1715783842", "%s", 1715783842)
	f("1715783842.5", "%s", 1715783842.5)
	f("2024-136", "%Y-%j", 1715731200)
	f("15/May/2024:14:37:22", "%d/%b/%Y:%H:%M:%S", 1715783842)
	f("2024-05-15 14:37:22 trailing", "%Y-%m-%d %H:%M:%S", 1715783842)
	f("2024-05-15", "%F", 1715731200)

	for _, c := range [][2]string{
		{"2024-13-01", "%Y-%m-%d"},
		{"2024-02-30", "%Y-%m-%d"},
		{"abc", "%Y"},
		{"2024/05/15", "%Y-%m-%d"},
		{"", "%H"},
	} {
		if got, ok := Strptime(c[0], c[1]); ok {
			t.Errorf("Strptime(%q, %q) = %v, want failure", c[0], c[1], got)
		}
	}
}

func TestSpan(t *testing.T) {
	at := Epoch(now)
	f := func(span, want string) {
		t.Helper()
		sp, err := ParseSpan(span)
		if err != nil {
			t.Errorf("ParseSpan(%q): %v", span, err)
			return
		}
		if got := EpochTime(sp.Floor(at)).Format("2006-01-02 15:04:05"); got != want {
			t.Errorf("span %s floor = %s, want %s", span, got, want)
		}
	}
	f("5m", "2024-05-15 14:35:00")
	f("4h", "2024-05-15 12:00:00")
	f("1h", "2024-05-15 14:00:00")
	f("1d", "2024-05-15 00:00:00")
	f("30s", "2024-05-15 14:37:00")
	f("1mon", "2024-05-01 00:00:00")
	f("1q", "2024-04-01 00:00:00")
	f("1y", "2024-01-01 00:00:00")
	f("2minutes", "2024-05-15 14:36:00")
	for _, bad := range []string{"", "m", "5x", "-5m", "0m", "1.5mon"} {
		if _, err := ParseSpan(bad); err == nil {
			t.Errorf("ParseSpan(%q) succeeded", bad)
		}
	}
	if d, err := ParseDuration("2m"); err != nil || d != 2*time.Minute {
		t.Errorf("ParseDuration(2m) = %v, %v", d, err)
	}
	if _, err := ParseDuration("1mon"); err == nil {
		t.Error("ParseDuration(1mon) succeeded")
	}
}
