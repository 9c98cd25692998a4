package spltime

import (
	"strings"
	"time"
)

// Strptime parses s with format (the variables of Strftime) and returns the
// time in UTC, and false when s does not match. Text after the last format
// element is ignored, as Splunk's strptime stops when the format is used up
// [BELIEF]. A space in format matches any run of white space (including none).
// %z and %Z accept a zone offset (+hhmm, +hh:mm, Z) or the names UTC/GMT/Z;
// offsets are applied, other zone names are rejected.
func Strptime(s, format string) (time.Time, bool) {
	p := parser{s: s, year: 1970, month: 1, day: 1}
	if !p.run(format) {
		return time.Time{}, false
	}
	return p.result()
}

type parser struct {
	s                      string
	i                      int
	year, month, day, yday int
	hour, min, sec, nsec   int
	pm, hasPM              bool
	epoch                  *int64
	offset                 int // seconds east of UTC
}

func (p *parser) run(format string) bool {
	for f := 0; f < len(format); f++ {
		c := format[f]
		if c == ' ' || c == '\t' || c == '\n' {
			p.skipSpace()
			continue
		}
		if c != '%' || f+1 == len(format) {
			if p.i >= len(p.s) || p.s[p.i] != c {
				return false
			}
			p.i++
			continue
		}
		f++
		digits := -1
		if format[f] >= '0' && format[f] <= '9' && f+1 < len(format) {
			digits = int(format[f] - '0')
			f++
		}
		if !p.verb(format[f], digits) {
			return false
		}
	}
	return true
}

func (p *parser) skipSpace() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\t' || p.s[p.i] == '\n' || p.s[p.i] == '\r') {
		p.i++
	}
}

// num reads 1..max digits (after optional spaces when lead is true).
func (p *parser) num(max int, lead bool) (int, bool) {
	if lead {
		for p.i < len(p.s) && p.s[p.i] == ' ' {
			p.i++
		}
	}
	n, j := 0, p.i
	for p.i < len(p.s) && p.i-j < max && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		n = n*10 + int(p.s[p.i]-'0')
		p.i++
	}
	return n, p.i > j
}

func (p *parser) name(names []string) (int, bool) {
	rest := p.s[p.i:]
	for k, n := range names {
		if len(rest) >= len(n) && strings.EqualFold(rest[:len(n)], n) {
			p.i += len(n)
			return k, true
		}
	}
	return 0, false
}

func (p *parser) verb(v byte, digits int) bool {
	var ok bool
	switch v {
	case 'Y':
		neg := p.i < len(p.s) && p.s[p.i] == '-'
		if neg {
			p.i++
		}
		p.year, ok = p.num(4, false)
		if neg {
			p.year = -p.year
		}
	case 'y':
		var y int
		y, ok = p.num(2, false)
		if y < 69 {
			p.year = 2000 + y
		} else {
			p.year = 1900 + y
		}
	case 'm':
		p.month, ok = p.num(2, true)
		ok = ok && p.month >= 1 && p.month <= 12
	case 'd', 'e':
		p.day, ok = p.num(2, true)
		ok = ok && p.day >= 1 && p.day <= 31
	case 'j':
		p.yday, ok = p.num(3, true)
		ok = ok && p.yday >= 1 && p.yday <= 366
	case 'H', 'k':
		p.hour, ok = p.num(2, true)
		ok = ok && p.hour <= 24
	case 'I', 'l':
		p.hour, ok = p.num(2, true)
		ok = ok && p.hour >= 1 && p.hour <= 12
	case 'M':
		p.min, ok = p.num(2, true)
		ok = ok && p.min <= 59
	case 'S':
		p.sec, ok = p.num(2, true)
		ok = ok && p.sec <= 61
	case 'N', 'Q', 'f':
		if digits <= 0 {
			digits = 9
		}
		j := p.i
		var n int
		n, ok = p.num(digits, false)
		for k := p.i - j; k < 9; k++ {
			n *= 10
		}
		p.nsec = n
	case 's':
		neg := p.i < len(p.s) && p.s[p.i] == '-'
		if neg {
			p.i++
		}
		var n int
		n, ok = p.num(19, false)
		e := int64(n)
		if neg {
			e = -e
		}
		p.epoch = &e
		// An epoch may carry a fraction: keep it.
		if ok && p.i+1 < len(p.s) && p.s[p.i] == '.' && p.s[p.i+1] >= '0' && p.s[p.i+1] <= '9' {
			p.i++
			p.verb('N', 9)
		}
	case 'p':
		var k int
		k, ok = p.name([]string{"AM", "PM"})
		p.hasPM, p.pm = true, k == 1
	case 'a':
		if _, ok = p.name(longDays); !ok {
			_, ok = p.name(shortDays)
		}
	case 'A':
		if _, ok = p.name(longDays); !ok {
			_, ok = p.name(shortDays)
		}
	case 'b', 'B', 'h':
		var k int
		if k, ok = p.name(longMonths); !ok {
			k, ok = p.name(shortMonths)
		}
		p.month = k + 1
	case 'w', 'u':
		_, ok = p.num(1, false)
	case 'Z', 'z':
		ok = p.zone()
	case 'T':
		ok = p.run("%H:%M:%S")
	case 'R':
		ok = p.run("%H:%M")
	case 'F':
		ok = p.run("%Y-%m-%d")
	case 'D', 'x':
		ok = p.run("%m/%d/%y")
	case 'X':
		ok = p.run("%H:%M:%S")
	case 'c':
		ok = p.run("%a %b %e %H:%M:%S %Y")
	case 'n', 't':
		p.skipSpace()
		ok = true
	case '%':
		ok = p.i < len(p.s) && p.s[p.i] == '%'
		p.i++
	default:
		return false
	}
	return ok
}

func (p *parser) zone() bool {
	rest := p.s[p.i:]
	switch {
	case strings.HasPrefix(rest, "Z") && !strings.HasPrefix(rest, "Zulu"):
		p.i++
		return true
	case len(rest) >= 3 && (strings.EqualFold(rest[:3], "UTC") || strings.EqualFold(rest[:3], "GMT")):
		p.i += 3
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			return p.zone()
		}
		return true
	case len(rest) > 0 && (rest[0] == '+' || rest[0] == '-'):
		sign := 1
		if rest[0] == '-' {
			sign = -1
		}
		p.i++
		h, ok := p.num(2, false)
		if !ok {
			return false
		}
		if p.i < len(p.s) && p.s[p.i] == ':' {
			p.i++
		}
		m, _ := p.num(2, false)
		p.offset = sign * (h*3600 + m*60)
		return true
	}
	return false
}

func (p *parser) result() (time.Time, bool) {
	if p.epoch != nil {
		return time.Unix(*p.epoch, int64(p.nsec)).UTC(), true
	}
	h := p.hour
	if p.hasPM {
		h %= 12
		if p.pm {
			h += 12
		}
	}
	var t time.Time
	if p.yday > 0 {
		t = time.Date(p.year, 1, p.yday, h, p.min, p.sec, p.nsec, time.UTC)
	} else {
		t = time.Date(p.year, time.Month(p.month), p.day, h, p.min, p.sec, p.nsec, time.UTC)
		if t.Day() != p.day {
			return time.Time{}, false // February 30 and the like
		}
	}
	return t.Add(-time.Duration(p.offset) * time.Second), true
}
