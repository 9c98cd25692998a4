package spltest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/value"
)

// TestScripts runs the conformance scripts in testdata.
func TestScripts(t *testing.T) { RunFS(t, Scripts, Options{}) }

// recorder is a reporter that records instead of failing; Fatalf stops the
// script by panicking with errFatal.
type recorder struct {
	errors, fatals, logs []string
}

var errFatal = fmt.Errorf("fatal")

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
	panic(errFatal)
}
func (r *recorder) Logf(format string, args ...any) {
	r.logs = append(r.logs, fmt.Sprintf(format, args...))
}

// runText runs script text with a recorder.
func runText(text string) *recorder {
	r := &recorder{}
	func() {
		defer func() {
			if p := recover(); p != nil && p != errFatal {
				panic(p)
			}
		}()
		newScript(r, "t.test").run(strings.Split(text, "\n"))
	}()
	return r
}

// TestHarness checks that the harness passes matching expectations, fails
// wrong ones with file:line, and turns xfail into a pass while the failure
// lasts and into a failure (XPASS) once it is gone.
func TestHarness(t *testing.T) {
	const search = "search | makeresults | eval x=1 | table x\n"
	cases := []struct {
		name, text string
		errs       int
		errHas     string
		fatal      bool
	}{
		{"pass", search + "expect rows\nx\n1\n", 0, "", false},
		{"wrong row", search + "expect rows\nx\n2\n", 1, "t.test:2", false},
		{"wrong count", search + "expect empty\n", 1, "got 1 rows", false},
		{"unexpected success", search + "expect error\n", 1, "want an error", false},
		{"xfail holds", search + "xfail known bug\nexpect rows\nx\n2\n", 0, "", false},
		{"xpass", search + "xfail known bug\nexpect rows\nx\n1\n", 1, "XPASS", false},
		{"error position", "search | makeresults | nosuchcmd\nexpect error unsupported @17 /nosuchcmd/\n", 0, "", false},
		{"wrong position", "search | makeresults | nosuchcmd\nexpect error @3\n", 1, "error at 1:17, want 1:3", false},
		{"wrong class", "search | makeresults | nosuchcmd\nexpect error syntax\n", 1, "not of class syntax", false},
		{"heredoc position", "search <<EOF\n| makeresults\n| nosuchcmd\nEOF\nexpect error @2:3\n", 0, "", false},
		{"dangling xfail", search + "xfail reason\n", 0, "", true},
		{"unknown directive", "frobnicate\n", 0, "", true},
		{"ragged row", search + "expect rows\nx\n1 | 2\n", 0, "", true},
		{"exact fields", search + "expect rows exact\nx | y\n1 | ∅\n", 1, "fields differ", false},
		{"macro", "macro m(a) = eval x=$a$\nsearch | makeresults | `m(3)` | table x\nexpect rows\nx\n3\n", 0, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runText(c.text)
			if got := len(r.fatals) > 0; got != c.fatal {
				t.Fatalf("fatal = %v, want %v (%v)", got, c.fatal, r.fatals)
			}
			if len(r.errors) != c.errs {
				t.Fatalf("%d errors, want %d: %q", len(r.errors), c.errs, r.errors)
			}
			if c.errs > 0 && !strings.Contains(r.errors[0], c.errHas) {
				t.Errorf("error %q does not contain %q", r.errors[0], c.errHas)
			}
		})
	}
}

// TestCells checks the expected-cell notation against the canonical text
// of values.
func TestCells(t *testing.T) {
	cases := []struct {
		cell string
		want value.Value
	}{
		{"∅", value.NullValue},
		{"abc", value.Str("abc")},
		{`""`, value.Str("")},
		{`"a | b"`, value.Str("a | b")},
		{`[a, "b,c", ""]`, value.MV([]string{"a", "b,c", ""})},
		{"[x]", value.Str("x")},
		{`"∅"`, value.Str("∅")},
	}
	for _, c := range cases {
		v, err := parseCell(c.cell)
		if err != nil {
			t.Fatalf("%s: %v", c.cell, err)
		}
		if cellText(v) != cellText(c.want) {
			t.Errorf("parseCell(%s) = %s, want %s", c.cell, cellText(v), cellText(c.want))
		}
		// The canonical text reads back as the same value.
		back, err := parseCell(cellText(c.want))
		if err != nil || cellText(back) != cellText(c.want) {
			t.Errorf("round trip of %s: %s (%v)", cellText(c.want), cellText(back), err)
		}
	}
	if got := splitCells(`a | "x|y" | [1,2] | ∅`); len(got) != 4 {
		t.Errorf("splitCells: %q", got)
	}
}
