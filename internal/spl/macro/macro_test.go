package macro

import (
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

var defsFile = source.NewFile("macros.conf", "sysmon = source=Sysmon OR sourcetype=sysmon\nctime(1) = convert ctime($field$)\nouter = `inner` x=1\ninner = bad(")

// testLookup defines a few macros whose bodies live in defsFile.
func testLookup(name string, arity int) (*Definition, bool) {
	body := func(name, body string, args ...string) (*Definition, bool) {
		i := strings.Index(defsFile.Text, body)
		sp := source.Span{Start: source.Pos(i), End: source.Pos(i + len(body))}
		return &Definition{Name: name, Args: args, Body: body, File: defsFile, Span: sp}, true
	}
	switch {
	case name == "sysmon" && arity == 0:
		return body(name, "source=Sysmon OR sourcetype=sysmon")
	case name == "ctime" && arity == 1:
		return body(name, "convert ctime($field$)", "field")
	case name == "outer" && arity == 0:
		return body(name, "`inner` x=1")
	case name == "inner" && arity == 0:
		return body(name, "bad(")
	case name == "loop" && arity == 0:
		return &Definition{Name: name, Body: "a `loop2`"}, true
	case name == "loop2" && arity == 0:
		return &Definition{Name: name, Body: "b `loop`"}, true
	case name == "two" && arity == 2:
		return &Definition{Name: name, Args: []string{"a", "b"}, Body: "$a$-$b$"}, true
	case name == "amp" && arity == 0:
		return &Definition{Name: name, Body: strings.Repeat("`amp2` ", 4)}, true
	case name == "amp2" && arity == 0:
		return &Definition{Name: name, Body: strings.Repeat("x", 400000)}, true
	}
	return nil, false
}

func TestExpand(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		x, err := Expand(source.NewFile("s", in), Defaults(testLookup))
		if err != nil {
			t.Fatalf("Expand(%q): %v", in, err)
		}
		if x.File.Text != want {
			t.Errorf("Expand(%q) = %q, want %q", in, x.File.Text, want)
		}
	}
	f("a b", "a b")
	f("`sysmon` EventID=1", "source=Sysmon OR sourcetype=sysmon EventID=1")
	f("x | `ctime(firstTime)`", "x | convert ctime(firstTime)")
	f("x | `ctime( \"lastTime\" )`", "x | convert ctime(lastTime)")
	f("`two(1, 2)`", "1-2")
	f("`two(b=1, a=2)`", "2-1")
	f("`two(\"x,y\", f(a,b))`", "x,y-f(a,b)")
	f("a ``` comment | with \"quote ``` b", "a  b")
	f("a```c```b", "ab")
	f(`x="audit`+"`users`"+`local" y`, `x="audit`+"`users`"+`local" y`)
	f(`x="a\"`+"`b`"+`" y`, `x="a\"`+"`b`"+`" y`)
	f("`drop_dm_object_name(\"Processes\")`", "rename Processes.* AS *")
	f("x | `my_detection_filter`", "x | search *")
	f("`outer`", "bad( x=1")
}

func TestExpandErrors(t *testing.T) {
	f := func(in string, class error, msg string, col int) {
		t.Helper()
		_, err := Expand(source.NewFile("s", in), Defaults(testLookup))
		if err == nil {
			t.Fatalf("Expand(%q): no error", in)
		}
		var d *source.Diagnostic
		if !errors.As(err, &d) {
			t.Fatalf("Expand(%q): %T is not a diagnostic", in, err)
		}
		if !errors.Is(d, class) || !strings.Contains(d.Msg, msg) {
			t.Errorf("Expand(%q) = %v (%v), want %v containing %q", in, d, d.Class, class, msg)
		}
		if _, c := d.File.Position(d.Span.Start); c != col {
			t.Errorf("Expand(%q): column %d, want %d\n%s", in, c, col, d.Render())
		}
	}
	f("a ``` open", source.ErrSyntax, "unterminated ``` comment", 3)
	f("a | `nope` b", source.ErrUnknown, "macro `nope` is not defined", 5)
	f("a | `ctime(a, b)`", source.ErrUnknown, "macro `ctime` takes 1 argument, called with 2", 5)
	f("x `loop`", source.ErrSyntax, "expands to itself", 3)
	f("x `unclosed", source.ErrSyntax, "unterminated macro call", 3)
	f("x `amp`", source.ErrLimit, "exceeds", 1)
}

func TestExpandNestedErrorNotes(t *testing.T) {
	_, err := Expand(source.NewFile("s", "a `loop`"), testLookup)
	var d *source.Diagnostic
	if !errors.As(err, &d) {
		t.Fatal(err)
	}
	// loop -> loop2 -> loop: the error sits at the outermost call, with one
	// note per expansion; built-ins have no file, so no position.
	if d.Span != (source.Span{Start: 2, End: 8}) || len(d.Notes) != 2 || d.Notes[0].File != nil {
		t.Errorf("got span %v notes %+v", d.Span, d.Notes)
	}
}

func TestRemap(t *testing.T) {
	in := "EventID=1 `outer` | stats"
	x, err := Expand(source.NewFile("s", in), testLookup)
	if err != nil {
		t.Fatal(err)
	}
	// An error at "(" of the expanded "bad(" must land on the call `outer`
	// with notes into both bodies.
	at := strings.Index(x.File.Text, "(")
	d := source.Errorf(source.ErrSyntax, x.File, source.Span{Start: source.Pos(at), End: source.Pos(at + 1)}, "unexpected")
	r := x.Remap(source.List{d})
	var got *source.Diagnostic
	if !errors.As(r, &got) {
		t.Fatal(r)
	}
	if got.File != x.Original || got.Span != (source.Span{Start: 10, End: 17}) {
		t.Errorf("remapped to %v in %s", got.Span, got.File.Name)
	}
	if len(got.Notes) != 2 || got.Notes[0].Msg != "in expansion of macro `outer`" || got.Notes[1].Msg != "in expansion of macro `inner`" {
		t.Fatalf("notes %+v", got.Notes)
	}
	if n := got.Notes[1]; defsFile.Slice(n.Span) != "(" {
		t.Errorf("inner note points at %q, want \"(\"", defsFile.Slice(n.Span))
	}
	if n := got.Notes[0]; defsFile.Slice(n.Span) != "`" {
		t.Errorf("outer note points at %q, want the backtick of the inner call", defsFile.Slice(n.Span))
	}
	// An error in original text after the call maps back by offset.
	at = strings.Index(x.File.Text, "stats")
	d = source.Errorf(source.ErrSyntax, x.File, source.Span{Start: source.Pos(at), End: source.Pos(at + 5)}, "x")
	if r := x.Remap(d).(*source.Diagnostic); r.Span != (source.Span{Start: 20, End: 25}) || len(r.Notes) != 0 {
		t.Errorf("direct remap gave %v %v", r.Span, r.Notes)
	}
	// Argument text points at the $param$ of the body.
	x, _ = Expand(source.NewFile("s", "a ``` c ``` | `ctime(firstTime)`"), testLookup)
	at = strings.Index(x.File.Text, "firstTime")
	r2 := x.Remap(source.Errorf(source.ErrSyntax, x.File, source.Span{Start: source.Pos(at), End: source.Pos(at + 1)}, "x")).(*source.Diagnostic)
	if r2.Span != (source.Span{Start: 14, End: 32}) || defsFile.Slice(r2.Notes[0].Span) != "$" {
		t.Errorf("arg remap gave %v %+v", r2.Span, r2.Notes)
	}
	// Text after a stripped comment maps to its original offset.
	at = strings.Index(x.File.Text, "|")
	if r := x.Remap(source.Errorf(source.ErrSyntax, x.File, source.Span{Start: source.Pos(at), End: source.Pos(at + 1)}, "x")).(*source.Diagnostic); r.Span.Start != 12 {
		t.Errorf("after-comment remap gave %v", r.Span)
	}
}
