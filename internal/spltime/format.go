package spltime

import (
	"strconv"
	"strings"
	"time"
)

// Strftime formats t (in UTC) with Splunk's time format variables
// (spl-semantics.md §7.7). Unknown % sequences are copied as written.
func Strftime(t time.Time, format string) string {
	return string(AppendStrftime(nil, t, format))
}

var (
	shortDays   = []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"}
	longDays    = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	shortMonths = []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	longMonths  = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// AppendStrftime appends the formatted time to dst and returns it.
func AppendStrftime(dst []byte, t time.Time, format string) []byte {
	t = t.UTC()
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c != '%' || i+1 == len(format) {
			dst = append(dst, c)
			continue
		}
		i++
		// %3N, %6N, %9N, %3Q ...: subsecond digits.
		digits := -1
		if format[i] >= '0' && format[i] <= '9' && i+1 < len(format) && (format[i+1] == 'N' || format[i+1] == 'Q' || format[i+1] == 'f') {
			digits = int(format[i] - '0')
			i++
		}
		switch format[i] {
		case 'Y':
			dst = strconv.AppendInt(dst, int64(t.Year()), 10)
		case 'y':
			dst = pad(dst, t.Year()%100, 2, '0')
		case 'C':
			dst = pad(dst, t.Year()/100, 2, '0')
		case 'm':
			dst = pad(dst, int(t.Month()), 2, '0')
		case 'd':
			dst = pad(dst, t.Day(), 2, '0')
		case 'e':
			dst = pad(dst, t.Day(), 2, ' ')
		case 'H':
			dst = pad(dst, t.Hour(), 2, '0')
		case 'k':
			dst = pad(dst, t.Hour(), 2, ' ')
		case 'I':
			dst = pad(dst, hour12(t), 2, '0')
		case 'l':
			dst = pad(dst, hour12(t), 2, ' ')
		case 'p':
			if t.Hour() < 12 {
				dst = append(dst, "AM"...)
			} else {
				dst = append(dst, "PM"...)
			}
		case 'M':
			dst = pad(dst, t.Minute(), 2, '0')
		case 'S':
			dst = pad(dst, t.Second(), 2, '0')
		case 'N', 'Q', 'f':
			if digits < 0 {
				switch format[i] {
				case 'N':
					digits = 9
				case 'Q':
					digits = 3
				default:
					digits = 6
				}
			}
			dst = appendSubsec(dst, t.Nanosecond(), digits)
		case 's':
			dst = strconv.AppendInt(dst, t.Unix(), 10)
		case 'a':
			dst = append(dst, shortDays[t.Weekday()]...)
		case 'A':
			dst = append(dst, longDays[t.Weekday()]...)
		case 'b', 'h':
			dst = append(dst, shortMonths[t.Month()-1]...)
		case 'B':
			dst = append(dst, longMonths[t.Month()-1]...)
		case 'w':
			dst = strconv.AppendInt(dst, int64(t.Weekday()), 10)
		case 'u':
			wd := int(t.Weekday())
			if wd == 0 {
				wd = 7
			}
			dst = strconv.AppendInt(dst, int64(wd), 10)
		case 'j':
			dst = pad(dst, t.YearDay(), 3, '0')
		case 'U':
			dst = pad(dst, (t.YearDay()+6-int(t.Weekday()))/7, 2, '0')
		case 'W':
			dst = pad(dst, (t.YearDay()+6-(int(t.Weekday())+6)%7)/7, 2, '0')
		case 'V':
			_, wk := t.ISOWeek()
			dst = pad(dst, wk, 2, '0')
		case 'G':
			y, _ := t.ISOWeek()
			dst = strconv.AppendInt(dst, int64(y), 10)
		case 'Z':
			dst = append(dst, "UTC"...)
		case 'z':
			dst = append(dst, "+0000"...)
		case 'T':
			dst = AppendStrftime(dst, t, "%H:%M:%S")
		case 'R':
			dst = AppendStrftime(dst, t, "%H:%M")
		case 'F':
			dst = AppendStrftime(dst, t, "%Y-%m-%d")
		case 'D', 'x':
			dst = AppendStrftime(dst, t, "%m/%d/%y")
		case 'X':
			dst = AppendStrftime(dst, t, "%H:%M:%S")
		case 'c':
			dst = AppendStrftime(dst, t, "%a %b %e %H:%M:%S %Y")
		case 'n':
			dst = append(dst, '\n')
		case 't':
			dst = append(dst, '\t')
		case '%':
			dst = append(dst, '%')
		default:
			dst = append(dst, '%')
			if digits >= 0 {
				dst = append(dst, byte('0'+digits))
			}
			dst = append(dst, format[i])
		}
	}
	return dst
}

func hour12(t time.Time) int {
	h := t.Hour() % 12
	if h == 0 {
		h = 12
	}
	return h
}

func pad(dst []byte, n, width int, fill byte) []byte {
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		dst = append(dst, fill)
	}
	return append(dst, s...)
}

// appendSubsec appends the first digits digits of the nanoseconds, truncated
// (Splunk does not round subseconds).
func appendSubsec(dst []byte, ns, digits int) []byte {
	if digits <= 0 {
		return dst
	}
	s := strconv.Itoa(ns)
	s = strings.Repeat("0", 9-len(s)) + s
	for len(s) < digits {
		s += "0"
	}
	return append(dst, s[:digits]...)
}
