// Package spltest runs SPL conformance scripts (STYLE.md rule 11), in the
// manner of Prometheus's promqltest: a script loads events, defines macros,
// lookups and GeoIP rows, runs searches and states the expected rows or the
// expected error. The scripts in testdata are the executable form of
// spl-semantics.md; README.md documents the script language.
//
// It is a test-only harness: import it only from _test.go files.
package spltest

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Scripts holds the conformance scripts, testdata/*.test, so that any
// executor's tests can run them with RunFS.
//
//go:embed testdata/*.test
var Scripts embed.FS

// DefaultNow is the search start time of every script unless a `now`
// directive changes it: the reference time of spl-semantics.md §5, a
// Wednesday.
var DefaultNow = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

// Options configures a run of scripts.
type Options struct {
	// Run compiles and runs one parsed search over the script's events
	// (newest first) in env; nil means RunLocal. Another executor plugs in
	// here to be held to the same scripts.
	Run func(ctx context.Context, p *ast.Pipeline, env exec.Env, events []*event.Event) ([]*event.Event, error)
}

// RunLocal is the default Options.Run: exec.Compile, then exec.RunOver.
func RunLocal(ctx context.Context, p *ast.Pipeline, env exec.Env, events []*event.Event) ([]*event.Event, error) {
	prog, err := exec.CompileContext(ctx, p, env)
	if err != nil {
		return nil, err
	}
	return exec.RunOver(ctx, prog, events)
}

// RunFS runs every *.test script at the top of fsys (or under testdata/ when
// there are none at the top, as in Scripts) as a parallel subtest named after
// the file.
func RunFS(t *testing.T, fsys fs.FS, opts Options) {
	t.Helper()
	files, err := fs.Glob(fsys, "*.test")
	if err == nil && len(files) == 0 {
		files, err = fs.Glob(fsys, "testdata/*.test")
	}
	if err != nil || len(files) == 0 {
		t.Fatalf("no *.test scripts (%v)", err)
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(path.Base(f), ".test"), func(t *testing.T) {
			t.Parallel() // scripts share nothing
			data, err := fs.ReadFile(fsys, f)
			if err != nil {
				t.Fatal(err)
			}
			RunScript(t, f, string(data), opts)
		})
	}
}

// RunScript runs the script text named name. Each failed expectation is
// reported with name:line; errors in the script itself stop it.
func RunScript(t *testing.T, name, text string, opts Options) {
	t.Helper()
	s := newScript(t, name)
	if opts.Run != nil {
		s.env.run = opts.Run
	}
	s.run(strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n"))
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
			s.block(lines, &i, "load", s.env.load)
		case word == "macro":
			if err := s.env.defineMacro(rest); err != nil {
				s.fatalf(i, "macro: %v", err)
			}
		case word == "lookup":
			s.block(lines, &i, "lookup", func(b []string) error { return s.env.defineLookup(rest, b) })
		case word == "geoip":
			s.block(lines, &i, "geoip", s.env.defineGeoIP)
		case word == "search":
			s.search(lines, &i, rest)
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

// block hands the block after the directive on line *i to define.
func (s *script) block(lines []string, i *int, what string, define func([]string) error) {
	start := *i
	var b []string
	b, *i = blockAfter(lines, *i)
	if err := define(b); err != nil {
		s.fatalf(start, "%s: %v", what, err)
	}
}

// search sets the current search from the rest of line *i or, for
// `search <<EOF`, from the lines up to EOF.
func (s *script) search(lines []string, i *int, rest string) {
	if rest != "<<EOF" {
		s.query, s.qline = rest, *i+1
		return
	}
	start := *i
	s.qline = start + 2 // the text starts on the next line
	var q []string
	for *i++; *i < len(lines) && strings.TrimSpace(lines[*i]) != "EOF"; *i++ {
		q = append(q, lines[*i])
	}
	if *i == len(lines) {
		s.fatalf(start, "search <<EOF without EOF")
	}
	s.query = strings.Join(q, "\n")
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
