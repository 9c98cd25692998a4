package exec

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// rex extracts fields from named groups of an unanchored regex
// (spl-semantics.md §9.4). field= defaults to _raw; max_match defaults to 1,
// 0 means unlimited, and with more than one match a field becomes the
// multivalue of its group's captures. No match changes nothing; a group that
// did not participate sets nothing. A multivalue input is matched value by
// value, captures combined up to max_match [VERIFY]. offset_field=f records
// where each named group matched (see rexOffset) [VERIFY: format of several
// groups]. mode=sed rewrites the field with s/re/repl/[g|N] or y/abc/xyz/.
func (c *compiler) rex(cmd *ast.RexCommand) stage {
	opts, ok := c.options("rex", cmd.Options, "field", "max_match", "mode", "offset_field")
	if !ok {
		return nil
	}
	field := event.Raw
	if o := opts["field"]; o != nil {
		field = o.Value
	}
	offsetField := ""
	if o := opts["offset_field"]; o != nil {
		offsetField = o.Value
	}
	if o := opts["mode"]; o != nil {
		if !strings.EqualFold(o.Value, "sed") {
			c.errf(source.ErrSyntax, o.Sp, "rex mode must be sed")
			return nil
		}
		return c.sed(cmd, field)
	}
	maxMatch, ok := c.intOption(opts["max_match"], 1)
	if !ok {
		return nil
	}
	re, err := eval.CompileRegex(cmd.Pattern)
	if err != nil {
		c.errf(source.ErrSyntax, cmd.PatternSp, "invalid regular expression: %v", err)
		return nil
	}
	names := re.Names()
	limit := maxMatch
	if limit == 0 {
		limit = -1
	}
	return mapStage(func(ev *event.Event) {
		v := ev.Get(field)
		if v.IsNull() {
			return
		}
		caps := make([][]string, len(names))
		var offsets []string
		matched := 0
		for _, s := range v.Values() {
			n := limit
			if n > 0 {
				n -= matched
				if n <= 0 {
					break
				}
			}
			for _, m := range re.FindAll(s, n) {
				matched++
				for g := 1; g < len(names); g++ {
					if names[g] != "" && 2*g+1 < len(m) && m[2*g] >= 0 {
						caps[g] = append(caps[g], s[m[2*g]:m[2*g+1]])
						if offsetField != "" {
							offsets = append(offsets, rexOffset(s, names[g], m[2*g], m[2*g+1]))
						}
					}
				}
			}
		}
		// Several groups may share a name (alternatives): merge them.
		merged := map[string][]string{}
		var order []string
		for g, name := range names {
			if name == "" || len(caps[g]) == 0 {
				continue
			}
			if _, ok := merged[name]; !ok {
				order = append(order, name)
			}
			merged[name] = append(merged[name], caps[g]...)
		}
		for _, name := range order {
			ev.Set(name, value.MV(merged[name]))
		}
		if len(offsets) > 0 {
			ev.Set(offsetField, value.Str(strings.Join(offsets, "&")))
		}
	})
}

// rexOffset renders where group name matched in s for offset_field:
// name=start-end, 0-based character offsets with end inclusive, as Splunk
// prints them (several groups and matches are joined with "&"). An empty
// capture prints end = start-1.
func rexOffset(s, name string, start, end int) string {
	from := utf8.RuneCountInString(s[:start])
	to := from + utf8.RuneCountInString(s[start:end]) - 1
	return name + "=" + strconv.Itoa(from) + "-" + strconv.Itoa(to)
}

// sed compiles rex mode=sed.
func (c *compiler) sed(cmd *ast.RexCommand, field string) stage {
	expr := cmd.Pattern
	if len(expr) < 2 || (expr[0] != 's' && expr[0] != 'y') {
		c.errf(source.ErrSyntax, cmd.PatternSp, "sed expression must be s/regex/replacement/flags or y/from/to/")
		return nil
	}
	parts := splitSed(expr[2:], expr[1])
	if len(parts) != 3 {
		c.errf(source.ErrSyntax, cmd.PatternSp, "sed expression must be s/regex/replacement/flags or y/from/to/")
		return nil
	}
	var fn func(string) string
	if expr[0] == 'y' {
		from, to := []rune(parts[0]), []rune(parts[1])
		if len(from) != len(to) {
			c.errf(source.ErrSyntax, cmd.PatternSp, "sed y/// needs strings of equal length")
			return nil
		}
		fn = func(s string) string {
			return strings.Map(func(r rune) rune {
				for i, f := range from {
					if f == r {
						return to[i]
					}
				}
				return r
			}, s)
		}
	} else {
		re, err := eval.CompileRegex(parts[0])
		if err != nil {
			c.errf(source.ErrSyntax, cmd.PatternSp, "invalid regular expression: %v", err)
			return nil
		}
		repl, flags := parts[1], parts[2]
		switch {
		case flags == "g":
			fn = func(s string) string { return re.ReplaceAll(s, repl) }
		case flags == "":
			fn = func(s string) string { return re.ReplaceN(s, repl, 1) }
		default:
			nth, err := strconv.Atoi(flags)
			if err != nil || nth < 1 {
				c.errf(source.ErrSyntax, cmd.PatternSp, "sed flags must be g or a number")
				return nil
			}
			fn = func(s string) string { return replaceNth(re, s, repl, nth) }
		}
	}
	return mapStage(func(ev *event.Event) {
		v := ev.Get(field)
		if v.IsNull() {
			return
		}
		out := make([]string, v.Len())
		for i := range out {
			out[i] = fn(v.Index(i))
		}
		ev.Set(field, value.MV(out))
	})
}

// splitSed splits on unescaped delim; "\/" stands for the delimiter.
func splitSed(s string, delim byte) []string {
	var parts []string
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s) && s[i+1] == delim:
			b.WriteByte(delim)
			i++
		case s[i] == '\\' && i+1 < len(s):
			b.WriteByte(s[i])
			b.WriteByte(s[i+1])
			i++
		case s[i] == delim:
			parts = append(parts, b.String())
			b.Reset()
		default:
			b.WriteByte(s[i])
		}
	}
	return append(parts, b.String())
}

func replaceNth(re *eval.Regex, s, repl string, nth int) string {
	ms := re.FindAll(s, nth)
	if len(ms) < nth {
		return s
	}
	m := ms[nth-1]
	return s[:m[0]] + re.ReplaceN(s[m[0]:m[1]], repl, 1) + s[m[1]:]
}
