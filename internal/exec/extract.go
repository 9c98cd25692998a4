package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// extract (alias kv) extracts key/value pairs from _raw at search time
// (Splunk search reference, "extract"; spl-semantics.md §9 has no section).
//
// With pairdelim= or kvdelim= (each a set of single-character delimiters)
// _raw is split into pairs at any pairdelim character (default: whitespace),
// and each pair into key and value at its kvdelim character (default "=");
// a pair with no kvdelim character, or with more than one, is not extracted
// (the doc: a value containing the delimiter is not extracted). Keys and
// values are trimmed of spaces and then of one pair of enclosing double
// quotes.
//
// Without them (automatic extraction) every key=value in _raw is extracted:
// the key is the run of letters, digits, '_', '.', '-' before the '=', the
// value a double-quoted string or the text up to whitespace, ',' or ';'
// [VERIFY against Splunk's autokv].
//
// In both modes keys are cleaned (clean_keys=true, the default): characters
// other than letters, digits and '_' become '_', then leading '_' and digits
// are dropped. Empty keys and empty values are skipped [VERIFY]. Only the
// first maxchars bytes of _raw are read (default 10240) and at most limit
// pairs extracted (default 50). An extracted field never replaces a field
// the result already has, and a key seen again in the same result is
// ignored, unless mv_add=true, which appends the value instead (MV_ADD of
// transforms.conf).
func (c *compiler) extract(cmd *ast.ExtractCommand) stage {
	opts, ok := c.options("extract", cmd.Options, "pairdelim", "kvdelim", "limit", "maxchars", "mv_add", "clean_keys", "auto", "reload", "segment")
	if !ok {
		return nil
	}
	if len(cmd.Args) > 0 {
		c.errf(source.ErrUnsupported, cmd.Args[0].Sp, "extract with a transforms.conf extractor (%s) is not supported", cmd.Args[0].Name)
		return nil
	}
	x := &kvExtractor{pairDelim: " \t\r\n", kvDelim: "="}
	if o := opts["pairdelim"]; o != nil {
		x.pairDelim, x.delimited = o.Value, true
	}
	if o := opts["kvdelim"]; o != nil {
		x.kvDelim, x.delimited = o.Value, true
	}
	if x.delimited && (x.pairDelim == "" || x.kvDelim == "") {
		c.errf(source.ErrSyntax, cmd.Sp, "extract: pairdelim and kvdelim must not be empty")
		return nil
	}
	var ok1, ok2, ok3, ok4, ok5 bool
	x.limit, ok1 = c.intOption(opts["limit"], 50)
	x.maxChars, ok2 = c.intOption(opts["maxchars"], 10240)
	x.mvAdd, ok3 = c.boolOption(opts["mv_add"], false)
	x.cleanKeys, ok4 = c.boolOption(opts["clean_keys"], true)
	auto, ok5 := c.boolOption(opts["auto"], true)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 {
		return nil
	}
	if !auto && !x.delimited {
		// auto=f without delimiters extracts nothing.
		return mapStage(func(*event.Event) {})
	}
	return mapStage(x.apply)
}

// kvExtractor is a compiled extract command.
type kvExtractor struct {
	delimited          bool
	pairDelim, kvDelim string
	limit, maxChars    int
	mvAdd, cleanKeys   bool
}

func (x *kvExtractor) apply(ev *event.Event) {
	raw := ev.Get(event.Raw)
	if raw.IsNull() {
		return
	}
	text := raw.Text()
	if x.maxChars > 0 && len(text) > x.maxChars {
		text = text[:x.maxChars]
	}
	seen := map[string]bool{}
	n := 0
	emit := func(k, v string) bool {
		if x.cleanKeys {
			k = cleanKey(k)
		}
		if k == "" || v == "" {
			return true
		}
		if x.limit > 0 && n >= x.limit {
			return false
		}
		n++
		switch {
		case x.mvAdd && ev.Has(k):
			ev.Add(k, v)
		case seen[k] || ev.Has(k):
		default:
			ev.Set(k, value.Str(v))
		}
		seen[k] = true
		return true
	}
	if x.delimited {
		x.delimitedPairs(text, emit)
	} else {
		autoPairs(text, emit)
	}
}

// delimitedPairs calls emit for each pair of text; it stops when emit
// returns false.
func (x *kvExtractor) delimitedPairs(text string, emit func(k, v string) bool) {
	isPair := func(r rune) bool { return strings.ContainsRune(x.pairDelim, r) }
	for _, pair := range strings.FieldsFunc(text, isPair) {
		i := strings.IndexAny(pair, x.kvDelim)
		if i < 0 {
			continue
		}
		rest := pair[i+1:]
		if strings.ContainsAny(rest, x.kvDelim) {
			continue
		}
		k := unquoteCell(strings.TrimSpace(pair[:i]))
		v := unquoteCell(strings.TrimSpace(rest))
		if !emit(k, v) {
			return
		}
	}
}

// unquoteCell removes one pair of enclosing double quotes.
func unquoteCell(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		return s[1 : len(s)-1]
	}
	return s
}

// autoPairs calls emit for each key=value of text; it stops when emit
// returns false.
func autoPairs(text string, emit func(k, v string) bool) {
	for i := 0; i < len(text); i++ {
		if text[i] != '=' {
			continue
		}
		start := i
		for start > 0 && isKeyByte(text[start-1]) {
			start--
		}
		if start == i {
			continue
		}
		key := text[start:i]
		j := i + 1
		var v string
		if j < len(text) && text[j] == '"' {
			end := strings.IndexByte(text[j+1:], '"')
			if end < 0 {
				continue
			}
			v = text[j+1 : j+1+end]
			j += end + 2
		} else {
			for j < len(text) && !strings.ContainsRune(" \t\r\n,;", rune(text[j])) {
				j++
			}
			v = text[i+1 : j]
		}
		if !emit(key, v) {
			return
		}
		i = j - 1
	}
}

func isKeyByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '_' || b == '.' || b == '-'
}

// cleanKey applies CLEAN_KEYS: characters other than ASCII letters, digits
// and '_' become '_', then leading '_' and digits are removed.
func cleanKey(k string) string {
	k = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, k)
	return strings.TrimLeft(k, "_0123456789")
}
