package exec

import (
	"math"
	"strconv"
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spltime"
	"github.com/riskhound/riskhound/internal/value"
)

// DefaultTimeformat is convert's format when timeformat= is not given.
const DefaultTimeformat = "%m/%d/%Y %H:%M:%S"

// convert applies conversion functions to fields (spl-semantics.md §9.22):
// ctime formats epoch numbers with timeformat (UTC), mktime parses them back,
// dur2sec turns [D+]HH:MM:SS into seconds, num/auto keep numbers, rmcomma and
// rmunit strip commas and trailing units. A value the function cannot convert
// is left unchanged; each value of a multivalue is converted; the result
// replaces the field unless AS names another.
func (c *compiler) convert(cmd *ast.ConvertCommand) stage {
	format := DefaultTimeformat
	if cmd.Timeformat != nil {
		format = cmd.Timeformat.Value
	}
	type conv struct {
		fn   func(string) (string, bool)
		from namePattern
		as   string
	}
	var cs []conv
	for _, cv := range cmd.Conversions {
		fn := converter(cv.Func, format)
		if fn == nil {
			c.errf(source.ErrUnsupported, cv.Sp, "convert function %q is not supported", cv.Func)
			continue
		}
		x := conv{fn: fn, from: newNamePattern(cv.Field.Name)}
		if cv.As != nil {
			if x.from.wild() {
				c.errf(source.ErrUnsupported, cv.Sp, "convert: AS with a wildcard field is not supported")
				continue
			}
			x.as = cv.As.Name
		}
		cs = append(cs, x)
	}
	return mapStage(func(ev *event.Event) {
		for _, x := range cs {
			for _, name := range matchingFields(ev, x.from) {
				v := ev.Get(name)
				if v.IsNull() {
					continue
				}
				out := make([]string, v.Len())
				converted := false
				for i := range out {
					s := v.Index(i)
					if r, ok := x.fn(s); ok {
						s, converted = r, true
					}
					out[i] = s
				}
				if !converted {
					continue // nothing to write, in place or under AS [VERIFY]
				}
				target := name
				if x.as != "" {
					target = x.as
				}
				ev.Set(target, value.MV(out))
			}
		}
	})
}

func converter(name, format string) func(string) (string, bool) {
	switch strings.ToLower(name) {
	case "ctime":
		return func(s string) (string, bool) {
			f, ok := value.ParseNumber(s)
			if !ok {
				return "", false
			}
			return spltime.Strftime(spltime.EpochTime(f), format), true
		}
	case "mktime":
		return func(s string) (string, bool) {
			t, ok := spltime.Strptime(s, format)
			if !ok {
				return "", false
			}
			return value.FormatNumber(spltime.Epoch(t)), true
		}
	case "dur2sec":
		return dur2sec
	case "num", "auto":
		return func(s string) (string, bool) {
			f, ok := value.ParseNumber(strings.TrimSpace(s))
			if !ok {
				return "", false
			}
			return value.FormatNumber(f), true
		}
	case "rmcomma":
		return func(s string) (string, bool) { return strings.ReplaceAll(s, ",", ""), true }
	case "rmunit":
		return func(s string) (string, bool) {
			i := 0
			for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == '-' || s[i] == '+') {
				i++
			}
			if _, ok := value.ParseNumber(s[:i]); !ok {
				return "", false
			}
			return s[:i], true
		}
	case "none":
		return func(s string) (string, bool) { return s, true }
	}
	return nil
}

// dur2sec converts [D+]HH:MM:SS[.fff] to seconds.
func dur2sec(s string) (string, bool) {
	days := 0.0
	if d, rest, ok := strings.Cut(s, "+"); ok {
		n, err := strconv.Atoi(d)
		if err != nil {
			return "", false
		}
		days, s = float64(n), rest
	}
	parts := strings.Split(s, ":")
	if len(parts) > 3 {
		return "", false
	}
	total := 0.0
	for _, p := range parts {
		f, ok := value.ParseNumber(p)
		if !ok || f < 0 {
			return "", false
		}
		total = total*60 + f
	}
	total += days * 86400
	if math.IsNaN(total) {
		return "", false
	}
	return value.FormatNumber(total), true
}
