package evtx

import (
	"encoding/binary"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// BinXML value types (libevtx "Value types"; MS-EVEN6 §2.2.13). The array
// flag 0x80 may be combined with every fixed-size type and the two strings.
const (
	tNull     = 0x00
	tString   = 0x01
	tAnsi     = 0x02
	tInt8     = 0x03
	tUint8    = 0x04
	tInt16    = 0x05
	tUint16   = 0x06
	tInt32    = 0x07
	tUint32   = 0x08
	tInt64    = 0x09
	tUint64   = 0x0a
	tReal32   = 0x0b
	tReal64   = 0x0c
	tBool     = 0x0d
	tBinary   = 0x0e
	tGUID     = 0x0f
	tSizeT    = 0x10
	tFiletime = 0x11
	tSystime  = 0x12
	tSID      = 0x13
	tHex32    = 0x14
	tHex64    = 0x15
	tHandle   = 0x20
	tBinXML   = 0x21
	tEvtXML   = 0x23
	tArray    = 0x80
)

// fixedSize returns the element size of a fixed-size value type, 0 for
// variable-size types (strings, binary, SID, size_t) and -1 for unknown ones.
func fixedSize(t byte) int {
	switch t {
	case tInt8, tUint8:
		return 1
	case tInt16, tUint16:
		return 2
	case tInt32, tUint32, tReal32, tBool, tHex32:
		return 4
	case tInt64, tUint64, tReal64, tFiletime, tHex64:
		return 8
	case tGUID, tSystime:
		return 16
	case tString, tAnsi, tBinary, tSID, tSizeT, tHandle, tBinXML, tEvtXML:
		return 0
	}
	return -1
}

// appendEscaped appends s to dst escaped as Windows EvtRender escapes XML:
// &, < and > always, and in attribute values (which Windows quotes with ')
// also ' and ". Windows leaves ' and " as they are in element text
// (TestApostropheInText documents this).
func appendEscaped(dst []byte, s []byte, attr bool) []byte {
	start := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '\'':
			if !attr {
				continue
			}
			rep = "&apos;"
		case '"':
			if !attr {
				continue
			}
			rep = "&quot;"
		default:
			continue
		}
		dst = append(dst, s[start:i]...)
		dst = append(dst, rep...)
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// appendEscByte appends the ASCII byte c escaped as appendEscaped does.
func appendEscByte(dst []byte, c byte, attr bool) []byte {
	switch c {
	case '&':
		return append(dst, "&amp;"...)
	case '<':
		return append(dst, "&lt;"...)
	case '>':
		return append(dst, "&gt;"...)
	case '\'':
		if attr {
			return append(dst, "&apos;"...)
		}
	case '"':
		if attr {
			return append(dst, "&quot;"...)
		}
	}
	return append(dst, c)
}

// appendUTF16 appends the UTF-16LE text b, escaped for XML, stopping at the
// first NUL character (Windows strings carry their terminator). Unpaired
// surrogates become U+FFFD. It returns dst and the number of bytes of b used
// including the NUL (len(b) when there is none).
func appendUTF16(dst []byte, b []byte, attr bool) ([]byte, int) {
	mode := escText
	if attr {
		mode = escAttr
	}
	return appendUTF16Mode(dst, b, mode)
}

// appendUTF16Raw is appendUTF16 without escaping.
func appendUTF16Raw(dst []byte, b []byte) ([]byte, int) {
	return appendUTF16Mode(dst, b, escNone)
}

// Escaping modes of appendUTF16Mode.
const (
	escText = iota
	escAttr
	escNone
)

func appendUTF16Mode(dst []byte, b []byte, mode int) ([]byte, int) {
	n := len(b) &^ 1
	for i := 0; i < n; i += 2 {
		c := rune(b[i]) | rune(b[i+1])<<8
		switch {
		case c == 0:
			return dst, i + 2
		case c < 0x80:
			if mode == escNone {
				dst = append(dst, byte(c))
			} else {
				dst = appendEscByte(dst, byte(c), mode == escAttr)
			}
		case utf16.IsSurrogate(c):
			r := utf8.RuneError
			if c < 0xdc00 && i+3 < n {
				c2 := rune(b[i+2]) | rune(b[i+3])<<8
				if r2 := utf16.DecodeRune(c, c2); r2 != utf8.RuneError {
					r = r2
					i += 2
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			dst = utf8.AppendRune(dst, c)
		}
	}
	return dst, len(b)
}

// appendEscapedString is appendEscaped for a string.
func appendEscapedString(dst []byte, s string, attr bool) []byte {
	for i := 0; i < len(s); i++ {
		dst = appendEscByte(dst, s[i], attr)
	}
	return dst
}

// appendAnsi appends an ANSI (code page) string up to its first NUL. Bytes
// above 0x7f are taken as Windows-1252 approximated by Latin-1.
func appendAnsi(dst []byte, b []byte, attr bool) ([]byte, int) {
	for i, c := range b {
		switch {
		case c == 0:
			return dst, i + 1
		case c < 0x80:
			dst = appendEscByte(dst, c, attr)
		default:
			dst = utf8.AppendRune(dst, rune(c))
		}
	}
	return dst, len(b)
}

const hexUpper = "0123456789ABCDEF"

// appendGUID renders 16 bytes as Windows does: {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}
// in upper case, the first three groups little-endian.
func appendGUID(dst []byte, b []byte) []byte {
	dst = append(dst, '{')
	for _, i := range [...]int{3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15} {
		if i < 0 {
			dst = append(dst, '-')
			continue
		}
		dst = append(dst, hexUpper[b[i]>>4], hexUpper[b[i]&15])
	}
	return append(dst, '}')
}

// appendSID renders a binary SID as S-R-A-S1-S2-...; it reports false when b
// is not a well-formed SID.
func appendSID(dst []byte, b []byte) ([]byte, bool) {
	if len(b) < 8 {
		return dst, false
	}
	n := int(b[1])
	if len(b) < 8+4*n {
		return dst, false
	}
	var auth uint64
	for _, c := range b[2:8] {
		auth = auth<<8 | uint64(c)
	}
	dst = append(dst, "S-"...)
	dst = strconv.AppendUint(dst, uint64(b[0]), 10)
	dst = append(dst, '-')
	if auth >= 1<<32 {
		dst = append(dst, "0x"...)
		for _, c := range b[2:8] {
			dst = append(dst, hexUpper[c>>4], hexUpper[c&15])
		}
	} else {
		dst = strconv.AppendUint(dst, auth, 10)
	}
	for i := 0; i < n; i++ {
		dst = append(dst, '-')
		dst = strconv.AppendUint(dst, uint64(binary.LittleEndian.Uint32(b[8+4*i:])), 10)
	}
	return dst, true
}

// appendDigits appends v as exactly n decimal digits.
func appendDigits(dst []byte, v uint64, n int) []byte {
	var tmp [20]byte
	for i := n - 1; i >= 0; i-- {
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(dst, tmp[:n]...)
}

// appendISO renders a UTC civil time with 7 fractional digits (100 ns ticks),
// the form Windows uses for SystemTime: 2019-03-19T23:34:04.5615876Z.
func appendISO(dst []byte, year, month, day, hour, min, sec int, ticks uint64) []byte {
	dst = appendDigits(dst, uint64(year), 4)
	dst = append(dst, '-')
	dst = appendDigits(dst, uint64(month), 2)
	dst = append(dst, '-')
	dst = appendDigits(dst, uint64(day), 2)
	dst = append(dst, 'T')
	dst = appendDigits(dst, uint64(hour), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, uint64(min), 2)
	dst = append(dst, ':')
	dst = appendDigits(dst, uint64(sec), 2)
	dst = append(dst, '.')
	dst = appendDigits(dst, ticks, 7)
	return append(dst, 'Z')
}

// filetimeEpoch is 1601-01-01 in days before 1970-01-01.
const filetimeEpochDays = 134774

// appendFiletime renders a FILETIME (100 ns ticks since 1601-01-01 UTC).
func appendFiletime(dst []byte, ft uint64) []byte {
	ticks := ft % 1e7
	secs := ft / 1e7
	days := int64(secs/86400) - filetimeEpochDays
	rem := int(secs % 86400)
	y, m, d := civil(days)
	return appendISO(dst, y, m, d, rem/3600, rem/60%60, rem%60, ticks)
}

// civil converts days since 1970-01-01 to a proleptic Gregorian date
// (Howard Hinnant's days_from_civil inverse, public domain algorithm).
func civil(z int64) (int, int, int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}

// appendSystime renders a SYSTEMTIME (year, month, weekday, day, hour,
// minute, second, milliseconds as 16-bit fields).
func appendSystime(dst []byte, b []byte) []byte {
	u := func(i int) int { return int(binary.LittleEndian.Uint16(b[2*i:])) }
	return appendISO(dst, u(0)%10000, u(1)%100, u(3)%100, u(4)%100, u(5)%100, u(6)%100, uint64(u(7)%1000)*10000)
}

// appendHex appends v as 0x followed by lower-case hex digits without
// padding, as Windows renders HexInt32/HexInt64 (0xc000006d, 0x0).
func appendHex(dst []byte, v uint64) []byte {
	dst = append(dst, "0x"...)
	return strconv.AppendUint(dst, v, 16)
}

// appendFloat renders a Real32/Real64 in the shortest form that round-trips.
func appendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(dst, "1.#INF"...)
	case math.IsInf(f, -1):
		return append(dst, "-1.#INF"...)
	case math.IsNaN(f):
		return append(dst, "-1.#IND"...)
	}
	return strconv.AppendFloat(dst, f, 'g', -1, bits)
}

// appendScalar renders one value of fixed-size type t from b (len(b) is the
// type's size, or the whole value for variable-size types other than strings).
// It reports false for an unrenderable value.
func appendScalar(dst []byte, t byte, b []byte) ([]byte, bool) {
	le := binary.LittleEndian
	switch t {
	case tInt8:
		return strconv.AppendInt(dst, int64(int8(b[0])), 10), true
	case tUint8:
		return strconv.AppendUint(dst, uint64(b[0]), 10), true
	case tInt16:
		return strconv.AppendInt(dst, int64(int16(le.Uint16(b))), 10), true
	case tUint16:
		return strconv.AppendUint(dst, uint64(le.Uint16(b)), 10), true
	case tInt32:
		return strconv.AppendInt(dst, int64(int32(le.Uint32(b))), 10), true
	case tUint32:
		return strconv.AppendUint(dst, uint64(le.Uint32(b)), 10), true
	case tInt64:
		return strconv.AppendInt(dst, int64(le.Uint64(b)), 10), true
	case tUint64:
		return strconv.AppendUint(dst, le.Uint64(b), 10), true
	case tReal32:
		return appendFloat(dst, float64(math.Float32frombits(le.Uint32(b))), 32), true
	case tReal64:
		return appendFloat(dst, math.Float64frombits(le.Uint64(b)), 64), true
	case tBool:
		if le.Uint32(b) != 0 {
			return append(dst, "true"...), true
		}
		return append(dst, "false"...), true
	case tHex32:
		return appendHex(dst, uint64(le.Uint32(b))), true
	case tHex64:
		return appendHex(dst, le.Uint64(b)), true
	case tGUID:
		return appendGUID(dst, b), true
	case tFiletime:
		return appendFiletime(dst, le.Uint64(b)), true
	case tSystime:
		return appendSystime(dst, b), true
	case tSizeT:
		switch len(b) {
		case 4:
			return appendHex(dst, uint64(le.Uint32(b))), true
		case 8:
			return appendHex(dst, le.Uint64(b)), true
		}
		return dst, false
	case tSID:
		return appendSID(dst, b)
	case tBinary:
		for _, c := range b {
			dst = append(dst, hexUpper[c>>4], hexUpper[c&15])
		}
		return dst, true
	}
	return dst, false
}
