package engine

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

func searchExpr(t testing.TB, text string) ast.SearchExpr {
	t.Helper()
	x, err := parse.ParseSearch(source.NewFile("q", text))
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return x
}

func TestLiteralsOf(t *testing.T) {
	tests := []struct{ search, want string }{
		{`Image="*\\CertUtil.exe"`, `Image:\certutil.exe`},
		// The longest fragment of a pattern.
		{`CommandLine="*-urlcache*http*"`, `CommandLine:-urlcache`},
		// A conjunction needs one conjunct: the one with the longest
		// shortest literal.
		{`EventCode=1 Image="*\\cmd.exe" CommandLine="*whoami*"`, `Image:\cmd.exe`},
		{`Image IN ("*\\a.exe", "*\\bcd.exe")`, `Image:\a.exe Image:\bcd.exe`},
		{`(Image="*\\rundll32.exe" OR OriginalFileName="RUNDLL32.EXE")`, `Image:\rundll32.exe OriginalFileName:rundll32.exe`},
		// No set when any branch of a disjunction lacks one.
		{`Image="*\\rundll32.exe" OR NOT User="x"`, ``},
		{`NOT Image="*\\cmd.exe"`, ``},
		{`Image="*ab*"`, ``},                                    // too short
		{`Image=*`, ``},                                         // presence only
		{`DestinationIp="10.0.0.0/8"`, ``},                      // a subnet matches by address
		{`host=CASE(WS01)`, ``},                                 // case-sensitive
		{`EventCode=4688 source="XmlWinEventLog:Security"`, ``}, // routed fields
		{`Count>100`, ``},
		{`whoami`, ``}, // bare terms search _raw tokens
	}
	for _, tc := range tests {
		ls, ok := literalsOf(searchExpr(t, tc.search))
		var got []string
		for _, l := range ls {
			got = append(got, l.field+":"+l.lit)
		}
		if ok != (tc.want != "") || strings.Join(got, " ") != tc.want {
			t.Errorf("literalsOf(%s) = %q %v, want %q", tc.search, got, ok, tc.want)
		}
	}
}

// TestPrefilterNeverRulesOutAMatch checks the prefilter's contract against
// the filter itself over many generated searches and events: an event the
// filter accepts is never ruled out. Values mix cases, multivalues and
// non-ASCII text whose lower case differs in length (the Kelvin sign folds
// to an ASCII k).
func TestPrefilterNeverRulesOutAMatch(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	words := []string{`C:\Windows\System32\cmd.exe`, `CMD.EXE /c whoami`, "\u212Aelvin.exe", "kelvin.exe", `certutil -urlcache`, "ÉCOLE.exe", "école.exe", "xyz"}
	pats := []string{`*\\cmd.exe`, `*whoami*`, `kelvin.exe`, `*KELVIN*`, `*urlcache*`, `*école*`, `ÉCOLE.exe`, `xyz`, `*cmd*exe*`}
	fields := []string{"Image", "CommandLine"}
	var searches []ast.SearchExpr
	var texts []string
	for range 300 {
		var terms []string
		for range 1 + rng.Intn(3) {
			f := fields[rng.Intn(len(fields))]
			p := pats[rng.Intn(len(pats))]
			switch rng.Intn(4) {
			case 0:
				terms = append(terms, fmt.Sprintf("(%s=%q OR %s=%q)", f, p, fields[rng.Intn(2)], pats[rng.Intn(len(pats))]))
			case 1:
				terms = append(terms, fmt.Sprintf("%s IN (%q, %q)", f, p, pats[rng.Intn(len(pats))]))
			default:
				terms = append(terms, fmt.Sprintf("%s=%q", f, p))
			}
		}
		text := strings.Join(terms, " ")
		texts = append(texts, text)
		searches = append(searches, searchExpr(t, text))
	}
	sets := make([][]fieldLit, len(searches))
	filters := make([]*filter.Filter, len(searches))
	for i, x := range searches {
		if ls, ok := literalsOf(x); ok {
			sets[i] = ls
		}
		f, err := filter.Compile(x, nil)
		if err != nil {
			t.Fatal(err)
		}
		filters[i] = f
	}
	pre := newPrefilter(sets)
	if pre == nil {
		t.Fatal("no search has a literal set")
	}
	matched, ruledOut := 0, 0
	for range 2000 {
		ev := event.New(4)
		for _, f := range fields {
			for range rng.Intn(3) {
				ev.Add(f, words[rng.Intn(len(words))])
			}
		}
		pre.reset()
		for i, f := range filters {
			may := pre.may(i, ev)
			if f.Match(ev) {
				matched++
				if !may {
					t.Fatalf("prefilter ruled out a match of %s on %v", texts[i], ev)
				}
			} else if !may {
				ruledOut++
			}
		}
	}
	if matched == 0 || ruledOut == 0 {
		t.Errorf("uninformative run: %d matches, %d ruled out", matched, ruledOut)
	}
}
