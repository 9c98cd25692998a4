// Package value is the SPL value model: a field or expression value is null, a
// string, a number, a Boolean or a multivalue (an ordered list of strings).
//
// Field values extracted from events are strings; numbers appear when eval
// computes them, and a string that looks like a decimal number is treated as a
// number on demand (spl-semantics.md §6.3). A Value is immutable and cheap to
// copy; Multi values share their backing slice, which callers must not modify.
package value

import (
	"math"
	"strconv"
	"strings"
)

// Kind is the dynamic type of a Value.
type Kind uint8

// Kinds.
const (
	Null Kind = iota
	String
	Number
	Bool
	Multi
)

func (k Kind) String() string {
	return [...]string{"null", "string", "number", "boolean", "multivalue"}[k]
}

// Value is one SPL value. The zero Value is null.
type Value struct {
	kind Kind
	b    bool
	n    float64
	s    string
	mv   []string
}

// NullValue is the null value.
var NullValue = Value{}

// Str returns a string value.
func Str(s string) Value { return Value{kind: String, s: s} }

// Num returns a number value.
func Num(f float64) Value { return Value{kind: Number, n: f} }

// Int returns a number value holding i.
func Int(i int64) Value { return Value{kind: Number, n: float64(i)} }

// Boolean returns a Boolean value. Booleans exist only inside expressions:
// eval cannot store one in a field.
func Boolean(b bool) Value { return Value{kind: Bool, b: b} }

// MV returns a multivalue of vs. No values is null and one value is that plain
// string, as in Splunk, where a one-element multivalue is indistinguishable
// from a single value. The slice is retained, not copied.
func MV(vs []string) Value {
	switch len(vs) {
	case 0:
		return NullValue
	case 1:
		return Str(vs[0])
	}
	return Value{kind: Multi, mv: vs}
}

// Kind returns v's dynamic type.
func (v Value) Kind() Kind { return v.kind }

// IsNull reports whether v is null.
func (v Value) IsNull() bool { return v.kind == Null }

// IsMulti reports whether v holds more than one value.
func (v Value) IsMulti() bool { return v.kind == Multi }

// Len returns how many values v holds: 0 for null, 1 for a scalar.
func (v Value) Len() int {
	switch v.kind {
	case Null:
		return 0
	case Multi:
		return len(v.mv)
	}
	return 1
}

// Index returns the text of the i-th value (0 <= i < Len()).
func (v Value) Index(i int) string {
	if v.kind == Multi {
		return v.mv[i]
	}
	return v.Text()
}

// Values returns the text of every value. For a multivalue the returned slice
// is shared; do not modify it.
func (v Value) Values() []string {
	switch v.kind {
	case Null:
		return nil
	case Multi:
		return v.mv
	}
	return []string{v.Text()}
}

// Text returns the text of a scalar: a string as is, a number in its shortest
// form, a Boolean as "true"/"false". A multivalue yields its values joined with
// a newline, as Splunk displays them; null yields "".
func (v Value) Text() string {
	switch v.kind {
	case String:
		return v.s
	case Number:
		return FormatNumber(v.n)
	case Bool:
		if v.b {
			return "true"
		}
		return "false"
	case Multi:
		return strings.Join(v.mv, "\n")
	}
	return ""
}

// String implements fmt.Stringer for debugging and test output.
func (v Value) String() string {
	switch v.kind {
	case Null:
		return "null"
	case Multi:
		return "[" + strings.Join(v.mv, ", ") + "]"
	}
	return v.Text()
}

// Truth returns the Boolean held by v and whether v is a Boolean.
func (v Value) Truth() (b, ok bool) { return v.b, v.kind == Bool }

// Number returns v as a number: a number as is, a string when it looks like a
// decimal number. Booleans, nulls, multivalues and other strings are not
// numbers.
func (v Value) Number() (float64, bool) {
	switch v.kind {
	case Number:
		return v.n, true
	case String:
		return ParseNumber(v.s)
	}
	return 0, false
}

// Equal reports whether a and b are the same value of the same kind.
func Equal(a, b Value) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case Null:
		return true
	case String:
		return a.s == b.s
	case Number:
		return a.n == b.n || (math.IsNaN(a.n) && math.IsNaN(b.n))
	case Bool:
		return a.b == b.b
	}
	if len(a.mv) != len(b.mv) {
		return false
	}
	for i := range a.mv {
		if a.mv[i] != b.mv[i] {
			return false
		}
	}
	return true
}

// FormatNumber renders f in Splunk's shortest natural form: integers without a
// fraction, other values with as few digits as round-trip, never in exponent
// form; NaN as "nan" and infinities as "inf"/"-inf".
func FormatNumber(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatInt(int64(f), 10)
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// ParseNumber parses s as a decimal number: optional sign, digits with an
// optional fraction, optional exponent, nothing else (no spaces, no hex).
func ParseNumber(s string) (float64, bool) {
	if !LooksNumeric(s) {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		// Out of range: still a number, saturated as ParseFloat returns it.
		return f, !math.IsNaN(f)
	}
	return f, true
}

// LooksNumeric reports whether s has the shape of a decimal number.
func LooksNumeric(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
		digits++
	}
	if i < len(s) && s[i] == '.' {
		i++
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		exp := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(s)
}

// CompareText orders two value texts the way stats min/max and sort do: numbers
// before non-numbers, numbers numerically, other strings byte-wise.
func CompareText(a, b string) int {
	fa, na := ParseNumber(a)
	fb, nb := ParseNumber(b)
	if c, ok := compareNumbers(fa, na, fb, nb); ok {
		return c
	}
	return strings.Compare(a, b)
}

// Compare orders two values as CompareText orders their texts, using a
// number value's number directly (eval min/max, spl-semantics.md §7.5:
// "Strings are greater than numbers").
func Compare(a, b Value) int {
	fa, na := a.Number()
	fb, nb := b.Number()
	if c, ok := compareNumbers(fa, na, fb, nb); ok {
		return c
	}
	return strings.Compare(a.Text(), b.Text())
}

// compareNumbers orders two operands when at least one is a number: numbers
// numerically, a number before a non-number. ok is false when neither is.
func compareNumbers(fa float64, na bool, fb float64, nb bool) (c int, ok bool) {
	switch {
	case na && nb:
		switch {
		case fa < fb:
			return -1, true
		case fa > fb:
			return 1, true
		}
		return 0, true
	case na:
		return -1, true
	case nb:
		return 1, true
	}
	return 0, false
}
