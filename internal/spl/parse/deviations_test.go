package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

// TestRegexPatternQuoted: regex needs a quoted pattern (spl-semantics.md
// §9.5).
func TestRegexPatternQuoted(t *testing.T) {
	for _, in := range []string{`a | regex f=keep`, `a | regex f!=keep`, `a | regex f = keep`} {
		_, err := Parse(source.NewFile("t", in))
		if !errors.Is(err, source.ErrSyntax) || !strings.Contains(err.Error(), "quoted regular expression") {
			t.Errorf("Parse(%q) = %v, want a syntax error asking for a quoted pattern", in, err)
		}
	}
	if _, err := Parse(source.NewFile("t", `a | regex f="keep" | regex f != "x"`)); err != nil {
		t.Errorf("quoted patterns: %v", err)
	}
}

// TestInputlookupFirst: without append=true inputlookup must be the first
// command of its pipeline (spl-semantics.md §9.7).
func TestInputlookupFirst(t *testing.T) {
	bad := map[string]int{ // search -> column of the caret
		`| makeresults | inputlookup users`:          17,
		`x=1 | inputlookup users`:                    7,
		`| makeresults | inputlookup append=f users`: 17,
	}
	for in, col := range bad {
		_, err := Parse(source.NewFile("t", in))
		var l source.List
		if !errors.As(err, &l) || len(l) != 1 || !errors.Is(l[0], source.ErrSyntax) || !strings.Contains(l[0].Msg, "first command") {
			t.Errorf("Parse(%q) = %v, want one syntax error about the first command", in, err)
			continue
		}
		if _, c := l[0].File.Position(l[0].Span.Start); c != col {
			t.Errorf("Parse(%q): caret at column %d, want %d", in, c, col)
		}
	}
	for _, in := range []string{
		`| inputlookup users | table user`,
		`| makeresults | inputlookup append=t users`,
		`| makeresults | inputlookup users append=true`,
		`x=1 | append [| inputlookup users] | join u [| inputlookup users where a=1]`,
		`x=1 [| inputlookup users | fields u]`,
	} {
		if _, err := Parse(source.NewFile("t", in)); err != nil {
			t.Errorf("Parse(%q): %v", in, err)
		}
	}
}
