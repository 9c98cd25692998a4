package exec

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// runText parses text, compiles it with env (File set) and runs it over
// events (generating searches get none).
func runText(t *testing.T, text string, env Env, events ...*event.Event) []*event.Event {
	t.Helper()
	f := source.NewFile("search", text)
	p, err := parse.Parse(f)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	env.File = f
	prog, err := Compile(p, env)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	out, err := prog.Run(context.Background(), events)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compileErr parses and compiles text and returns the compile error, which
// must be of class want and mention each of msgs.
func compileErr(t *testing.T, text string, want error, msgs ...string) {
	t.Helper()
	f := source.NewFile("search", text)
	p, err := parse.Parse(f)
	if err != nil {
		t.Fatal(source.Render(err))
	}
	_, err = Compile(p, Env{Now: testNow, File: f})
	if err == nil {
		t.Fatalf("Compile(%s) succeeded, want %v", text, want)
	}
	if !errors.Is(err, want) {
		t.Errorf("Compile(%s) = %v, want class %v", text, err, want)
	}
	for _, m := range msgs {
		if !strings.Contains(err.Error(), m) {
			t.Errorf("Compile(%s) = %v, want it to mention %q", text, err, m)
		}
	}
}

func TestExtractDelimited(t *testing.T) {
	raw := `ms:Invoice due;tsd:Bob <bob@x.com>;RescanVerdict:Phish;url:http://a.b;empty:;noval;"q k": "quoted"`
	got := runText(t, `* | extract pairdelim=";" kvdelim=":" | table RescanVerdict ms tsd url empty q_k`, Env{Now: testNow},
		ev("_raw", raw))
	// url holds a second ':' and is not extracted; empty values are skipped.
	wantRows(t, got, "RescanVerdict=Phish ms=Invoice due tsd=Bob <bob@x.com> url=null empty=null q_k=quoted")

	// An existing field is kept, a repeated key keeps its first value.
	got = runText(t, `* | extract pairdelim="|" kvdelim="=" | table a b`, Env{Now: testNow},
		ev("_raw", "a=1|b=2|b=3", "a", "old"))
	wantRows(t, got, "a=old b=2")
	// mv_add=true appends instead.
	got = runText(t, `* | extract pairdelim="|" kvdelim="=" mv_add=true | table a b`, Env{Now: testNow},
		ev("_raw", "a=1|b=2|b=3", "a", "old"))
	wantRows(t, got, "a=[old, 1] b=[2, 3]")
	// limit bounds the pairs; clean_keys=false keeps keys as written.
	got = runText(t, `* | extract pairdelim="," kvdelim="=" limit=1 clean_keys=false | table "x-y" z`, Env{Now: testNow},
		ev("_raw", "x-y=1,z=2"))
	wantRows(t, got, "x-y=1 z=null")
}

func TestExtractAuto(t *testing.T) {
	got := runText(t, `* | extract | table user action msg n.x "0lead" lead`, Env{Now: testNow},
		ev("_raw", `2024-01-01 user=bob action=login, msg="two words" n.x=5;0lead=z`),
		ev("host", "no raw"))
	wantRows(t, got,
		"user=bob action=login msg=two words n.x=null 0lead=null lead=z",
		"user=null action=null msg=null n.x=null 0lead=null lead=null")
	got = runText(t, `* | extract | table n_x`, Env{Now: testNow}, ev("_raw", `n.x=5`))
	wantRows(t, got, "n_x=5")
	got = runText(t, `* | extract auto=f | table user`, Env{Now: testNow}, ev("_raw", `user=bob`))
	wantRows(t, got, "user=null")
	got = runText(t, `* | extract maxchars=7 | table a b`, Env{Now: testNow}, ev("_raw", `a=1 b=22`))
	wantRows(t, got, "a=1 b=2")
}

func TestExtractErrors(t *testing.T) {
	compileErr(t, `* | extract my_transform`, source.ErrUnsupported, "my_transform")
	compileErr(t, `* | extract foo=bar`, source.ErrUnsupported, `"foo"`)
	compileErr(t, `* | extract limit=x`, source.ErrSyntax, "limit")
	compileErr(t, `* | extract kvdelim=""`, source.ErrSyntax, "empty")
}
