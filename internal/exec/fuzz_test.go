package exec

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// runFuzz parses and runs text over events with a deadline: errors are fine,
// panics and hangs are not.
func runFuzz(t *testing.T, text string, events ...*event.Event) {
	f := source.NewFile("fuzz", text)
	p, err := parse.Parse(f)
	if err != nil {
		return
	}
	prog, err := Compile(p, Env{Now: testNow, File: f})
	if err != nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if _, err := RunOver(ctx, prog, events); errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("search did not finish: %s", text)
	}
}

// FuzzEval evaluates arbitrary eval expressions over events with arbitrary
// field values (issue 5: eval evaluation on random inputs).
func FuzzEval(f *testing.F) {
	for _, s := range [][3]string{
		{`if(match(a,"(?i)-enc"),1,0)`, "powershell -enc", "x"},
		{`mvindex(split(a,","),-1) . b`, "a,b,c", "d"},
		{`case(a==1,"one",b>2,"big",true(),"other")`, "1", "3"},
		{`strftime(relative_time(tonumber(a),"-1d@d"),"%Y-%m-%dT%H:%M:%S %3N %c")`, "1715783842.5", ""},
		{`replace(a,"(\d*)\+*(\d+):(\d+):(\d+)","\2 hours")`, "1+01:01:40", ""},
		{`mvmap(split(a,";"), if(isnull(mvfind(split(b,";"), a)), a, null))`, "x;y", "y"},
		{`round(a/b, 2) + len(b) % 3`, "7", "0"},
		{`cidrmatch("10.0.0.0/8", a) AND like(b, "%\\%")`, "10.1.2.3", `a\`},
		{`tostring(a, "duration") . tostring(b, "hex") . tostring(a, "commas")`, "90061", "255"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, expr, a, b string) {
		if len(expr) > 300 || len(a) > 500 || len(b) > 500 {
			return
		}
		runFuzz(t, "| makeresults | eval a="+ast.Quote(a)+", b="+ast.Quote(b)+" | eval x="+expr+" | where isnull(x) OR isnotnull(x)")
		runFuzz(t, "* | eval x="+expr+" | stats count values(x) by a", ev("a", a, "b", b), ev("a", b))
	})
}

// FuzzRex compiles arbitrary patterns in rex and regex (issue 5: rex/regex
// compilation on random inputs) and runs them over an arbitrary value.
func FuzzRex(f *testing.F) {
	for _, s := range [][2]string{
		{`\((?P<new_values>.*?)\)`, "(A;;x)(B;;y)"},
		{`(?i).+\\\\(?<file_name>[^\\\\]+\.(ZIP|RAR))`, `C:\Users\a\b.zip`},
		{`(?<a>\w+)=(?<b>\S+)`, "k=v x=y"},
		{`s/(\d+)/<\1>/g`, "a1b22"},
		{`(?<x>(a|aa)+)$`, "aaaaaaaaaaaaaaaaaaaaaaaaaaab"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if len(pattern) > 200 || len(value) > 2000 {
			return
		}
		q := ast.Quote(pattern)
		e := ev("f", value)
		runFuzz(t, "* | rex field=f max_match=0 "+q+" | regex f="+q, e)
		runFuzz(t, "* | rex field=f "+q+" | regex f!="+q, e)
		runFuzz(t, "* | rex field=f mode=sed "+q, e)
	})
}
