package eval

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Conversion and informational functions (spl-semantics.md §7.4).
func init() {
	register("tostring", 1, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			if v.IsNull() {
				return null
			}
			format := ""
			if len(a) > 1 {
				f := a[1].fn(ev)
				if f.IsNull() {
					return null
				}
				format = strings.ToLower(f.Text())
			}
			return perValue(v, func(s string) value.Value {
				if !v.IsMulti() {
					if b, ok := v.Truth(); ok {
						if b {
							return value.Str("True")
						}
						return value.Str("False")
					}
				}
				return tostring(s, format)
			})
		})
	})
	register("tonumber", 1, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			if v.IsNull() || v.IsMulti() {
				return null
			}
			base := 10.0
			if len(a) > 1 {
				b, ok := a[1].fn(ev).Number()
				if !ok || b < 2 || b > 36 {
					return null
				}
				base = b
			}
			return tonumber(strings.TrimSpace(v.Text()), int(base))
		})
	})
	register("isnum", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			_, ok := v.Number()
			return boolV(ok && !v.IsMulti())
		})
	})
	register("isint", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value {
			f, ok := a[0].fn(ev).Number()
			return boolV(ok && f == math.Trunc(f))
		})
	})
	register("isstr", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			_, num := v.Number()
			return boolV(v.Kind() == value.String && !num)
		})
	})
	register("isbool", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return boolNode(func(ev *event.Event) value.Value { return boolV(a[0].fn(ev).Kind() == value.Bool) })
	})
	register("typeof", 1, 1, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			switch v.Kind() {
			case value.Null:
				return value.Str("Invalid")
			case value.Bool:
				return value.Str("Boolean")
			case value.Multi:
				return value.Str("Multivalue")
			}
			if _, ok := v.Number(); ok {
				return value.Str("Number")
			}
			return value.Str("String")
		})
	})
}

// tostring formats one value (§7.4). Without a format numbers print in their
// shortest form; "duration" gives [D+]HH:MM:SS, "commas" thousands separators
// with at most 2 decimals, "hex" 0x and upper-case digits.
func tostring(s, format string) value.Value {
	f, isNum := value.ParseNumber(s)
	switch {
	case format == "" || !isNum:
		if isNum && format == "" {
			return value.Str(value.FormatNumber(f))
		}
		return value.Str(s)
	case format == "duration":
		return value.Str(duration(f))
	case format == "commas":
		return value.Str(commas(f))
	case format == "hex":
		if f < 0 {
			return value.Str("-0x" + strings.ToUpper(strconv.FormatInt(int64(-f), 16)))
		}
		return value.Str("0x" + strings.ToUpper(strconv.FormatInt(int64(f), 16)))
	}
	return value.Str(value.FormatNumber(f))
}

func duration(f float64) string {
	neg := f < 0
	if neg {
		f = -f
	}
	whole := int64(f)
	frac := f - float64(whole)
	d, h, m, sec := whole/86400, whole%86400/3600, whole%3600/60, whole%60
	out := fmt.Sprintf("%02d:%02d:%02d", h, m, sec)
	if frac > 0 {
		out += strings.TrimRight(strconv.FormatFloat(frac, 'f', 6, 64)[1:], "0")
	}
	if d > 0 {
		out = strconv.FormatInt(d, 10) + "+" + out
	}
	if neg {
		out = "-" + out
	}
	return out
}

func commas(f float64) string {
	s := strconv.FormatFloat(math.Round(f*100)/100, 'f', -1, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}

// tonumber parses s in base; base 16 accepts a 0x prefix [VERIFY].
func tonumber(s string, base int) value.Value {
	if base == 10 {
		if f, ok := value.ParseNumber(s); ok {
			return value.Num(f)
		}
		return null
	}
	neg := strings.HasPrefix(s, "-")
	t := strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	if base == 16 {
		t = strings.TrimPrefix(strings.TrimPrefix(t, "0x"), "0X")
	}
	n, err := strconv.ParseUint(t, base, 64)
	if err != nil || t == "" {
		return null
	}
	f := float64(n)
	if neg {
		f = -f
	}
	return value.Num(f)
}
