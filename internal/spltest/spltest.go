// Package spltest runs SPL conformance scripts (STYLE.md rule 11), in the
// manner of Prometheus's promqltest: a script loads events, defines macros,
// lookups and GeoIP rows, runs searches and states the expected rows or the
// expected error. The scripts in testdata are the executable form of
// spl-semantics.md; README.md documents the script language.
//
// It is a test-only harness: import it only from _test.go files.
package spltest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// DefaultNow is the search start time of every script unless a `now`
// directive changes it: the reference time of spl-semantics.md §5, a
// Wednesday.
var DefaultNow = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

// RunDir runs every *.test script in dir as a subtest named after the file.
func RunDir(t *testing.T, dir string) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.test"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scripts in %s (%v)", dir, err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".test"), func(t *testing.T) { RunFile(t, f) })
	}
}

// RunFile runs one script. Each failed expectation is reported with the
// script's file:line; script syntax errors stop the script.
func RunFile(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := newScript(t, path)
	s.run(strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n"))
}

// counts is what a script did, for the log.
type counts struct {
	Cases, XFail int
}

// reporter is the part of testing.T a script reports to.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// script is the state of one running script.
type script struct {
	t     reporter
	name  string
	env   *harnessEnv
	query string
	qline int
	// xfail is the reason of a pending xfail directive, which applies to
	// the next expectation.
	xfail     string
	xfailLine int
	stats     counts
}

func newScript(t reporter, name string) *script {
	return &script{t: t, name: name, env: newHarnessEnv()}
}

func (s *script) at(i int) string { return fmt.Sprintf("%s:%d", s.name, i+1) }

// fatalf reports an error in the script itself.
func (s *script) fatalf(i int, format string, args ...any) {
	s.t.Helper()
	s.t.Fatalf("%s: "+format, append([]any{s.at(i)}, args...)...)
}

func (s *script) run(lines []string) {
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		word, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case word == "now":
			t, err := time.Parse(time.RFC3339Nano, rest)
			if err != nil {
				s.fatalf(i, "now: %v", err)
			}
			s.env.now = t
		case word == "load":
			if rest != "events" && rest != "" {
				s.fatalf(i, "want `load events`")
			}
			var block []string
			start := i
			block, i = blockAfter(lines, i)
			if err := s.env.load(block); err != nil {
				s.fatalf(start, "load: %v", err)
			}
		case word == "macro":
			if err := s.env.defineMacro(rest); err != nil {
				s.fatalf(i, "macro: %v", err)
			}
		case word == "lookup":
			var block []string
			start := i
			block, i = blockAfter(lines, i)
			if err := s.env.defineLookup(rest, block); err != nil {
				s.fatalf(start, "lookup: %v", err)
			}
		case word == "geoip":
			var block []string
			start := i
			block, i = blockAfter(lines, i)
			if err := s.env.defineGeoIP(block); err != nil {
				s.fatalf(start, "geoip: %v", err)
			}
		case word == "search":
			s.qline = i + 1
			if rest == "<<EOF" {
				s.qline = i + 2 // the text starts on the next line
				var q []string
				for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "EOF"; i++ {
					q = append(q, lines[i])
				}
				if i == len(lines) {
					s.fatalf(s.qline-1, "search <<EOF without EOF")
				}
				s.query = strings.Join(q, "\n")
			} else {
				s.query = rest
			}
		case word == "xfail":
			if rest == "" {
				s.fatalf(i, "xfail needs a reason")
			}
			s.xfail, s.xfailLine = rest, i
		case word == "expect":
			s.expect(lines, &i, rest)
		default:
			s.fatalf(i, "unknown directive %q", word)
		}
	}
	if s.xfail != "" {
		s.fatalf(s.xfailLine, "xfail not followed by an expectation")
	}
	s.t.Logf("%s: %d cases, %d xfail", s.name, s.stats.Cases, s.stats.XFail)
}

// expect runs the current search against the expectation on line *i.
func (s *script) expect(lines []string, i *int, rest string) {
	at := *i
	if s.query == "" {
		s.fatalf(at, "expect without a search")
	}
	kind, args, _ := strings.Cut(rest, " ")
	var c check
	switch kind {
	case "rows":
		var block []string
		block, *i = blockAfter(lines, *i)
		want, err := parseRows(block, strings.Fields(args))
		if err != nil {
			s.fatalf(at, "%v", err)
		}
		c = want
	case "empty":
		c = &rowsCheck{}
	case "error":
		e, err := parseErrorCheck(args)
		if err != nil {
			s.fatalf(at, "%v", err)
		}
		c = e
	default:
		s.fatalf(at, "unknown expectation %q", kind)
	}
	s.stats.Cases++
	rows, err := s.env.execute(s.name, s.qline, s.query)
	problem := c.verify(rows, err)
	where := fmt.Sprintf("%s (search at line %d)", s.at(at), s.qline)
	switch reason := s.xfail; {
	case reason == "" && problem != "":
		s.t.Errorf("%s: %s\n%s", where, s.query, problem)
	case reason != "" && problem == "":
		s.t.Errorf("%s: XPASS, the known failure is fixed (%s): replace the xfail at line %d\n%s", where, reason, s.xfailLine+1, s.query)
	case reason != "":
		s.stats.XFail++
		s.t.Logf("%s: xfail (%s)", where, reason)
	}
	s.xfail = ""
}

// blockAfter returns the lines after i up to a blank line or end of file,
// skipping # comment lines, and the index of the last line consumed.
func blockAfter(lines []string, i int) ([]string, int) {
	var out []string
	for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
		i++
		l := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out, i
}
