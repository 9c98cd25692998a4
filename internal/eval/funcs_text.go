package eval

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"hash"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// Text functions (spl-semantics.md §7.2). Single-value string functions apply
// to each value of a multivalue input and return a multivalue [VERIFY §6.6].
func init() {
	register("len", 1, 1, fn1(func(v value.Value) value.Value {
		return perValue(v, func(s string) value.Value { return value.Int(int64(utf8.RuneCountInString(s))) })
	}))
	register("lower", 1, 1, fn1(func(v value.Value) value.Value {
		return perValue(v, func(s string) value.Value { return value.Str(strings.ToLower(s)) })
	}))
	register("upper", 1, 1, fn1(func(v value.Value) value.Value {
		return perValue(v, func(s string) value.Value { return value.Str(strings.ToUpper(s)) })
	}))
	trim := func(side int) func(*Compiler, *ast.EvalCall, []node) node {
		return func(_ *Compiler, _ *ast.EvalCall, a []node) node {
			return anyNode(func(ev *event.Event) value.Value {
				v := a[0].fn(ev)
				if v.IsNull() {
					return null
				}
				chars := " \t"
				if len(a) > 1 {
					cv := a[1].fn(ev)
					if cv.IsNull() {
						return null
					}
					chars = cv.Text()
				}
				return perValue(v, func(s string) value.Value {
					switch side {
					case 0:
						s = strings.Trim(s, chars)
					case 1:
						s = strings.TrimLeft(s, chars)
					default:
						s = strings.TrimRight(s, chars)
					}
					return value.Str(s)
				})
			})
		}
	}
	register("trim", 1, 2, trim(0))
	register("ltrim", 1, 2, trim(1))
	register("rtrim", 1, 2, trim(2))
	register("substr", 2, 3, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v := a[0].fn(ev)
			start, ok := a[1].fn(ev).Number()
			if v.IsNull() || !ok {
				return null
			}
			length := -1.0
			if len(a) > 2 {
				l, ok := a[2].fn(ev).Number()
				if !ok {
					return null
				}
				length = l
			}
			return perValue(v, func(s string) value.Value { return value.Str(substr(s, int(start), int(length), len(a) > 2)) })
		})
	})
	register("replace", 3, 3, func(c *Compiler, call *ast.EvalCall, a []node) node {
		re := c.regexArg(call.Args[1], a[1])
		return anyNode(func(ev *event.Event) value.Value {
			v, r, repl := a[0].fn(ev), re(ev), a[2].fn(ev)
			if v.IsNull() || r == nil || repl.IsNull() {
				return null
			}
			rs := repl.Text()
			return perValue(v, func(s string) value.Value { return value.Str(r.ReplaceAll(s, rs)) })
		})
	})
	register("split", 2, 2, func(_ *Compiler, _ *ast.EvalCall, a []node) node {
		return anyNode(func(ev *event.Event) value.Value {
			v, d := a[0].fn(ev), a[1].fn(ev)
			if v.IsNull() || d.IsNull() {
				return null
			}
			sep := d.Text()
			var out []string
			for _, s := range v.Values() {
				out = append(out, strings.Split(s, sep)...)
			}
			return value.MV(out)
		})
	})
	register("urldecode", 1, 1, fn1(func(v value.Value) value.Value {
		return perValue(v, func(s string) value.Value { return value.Str(urldecode(s)) })
	}))
	hashFn := func(h func() hash.Hash) func(*Compiler, *ast.EvalCall, []node) node {
		return fn1(func(v value.Value) value.Value {
			d := h()
			d.Write([]byte(v.Text()))
			return value.Str(hex.EncodeToString(d.Sum(nil)))
		})
	}
	register("md5", 1, 1, hashFn(md5.New))
	register("sha1", 1, 1, hashFn(sha1.New))
	register("sha256", 1, 1, hashFn(sha256.New))
	register("sha512", 1, 1, hashFn(sha512.New))
}

// substr is 1-based; a negative start counts from the end and 0 acts as 1
// [VERIFY §7.2: ESCU's substr(command,0,256)].
func substr(s string, start, length int, hasLen bool) string {
	r := []rune(s)
	var i int
	switch {
	case start > 0:
		i = start - 1
	case start < 0:
		i = len(r) + start
		if i < 0 {
			i = 0
		}
	}
	if i > len(r) {
		return ""
	}
	end := len(r)
	if hasLen {
		if length < 0 {
			return ""
		}
		end = min(i+length, len(r))
	}
	return string(r[i:end])
}

// urldecode decodes %XX escapes and '+'; malformed escapes stay as written.
func urldecode(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			b.WriteByte(' ')
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(unhex(s[i+1])<<4 | unhex(s[i+2]))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}
