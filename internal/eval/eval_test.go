package eval

import (
	"errors"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

var testNow = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

// want describes an expected value: "null", "true"/"false" for Booleans,
// "[a, b]" for multivalues (value.Value.String()), otherwise the text.
func run(t *testing.T, x ast.EvalExpr, e *event.Event, want string) {
	t.Helper()
	fn, err := Compile(x, Env{Now: testNow})
	if err != nil {
		t.Fatalf("Compile(%s): %v", x, err)
	}
	got := fn(e)
	g := got.String()
	if got.Kind() == value.Bool {
		g = map[bool]string{true: "true", false: "false"}[Truth(got)]
	}
	if g != want {
		t.Errorf("%s = %s (%s), want %s", x, g, got.Kind(), want)
	}
}

var empty = ev()

func TestOperators(t *testing.T) {
	run(t, bin(ast.OpDiv, n(7), n(2)), empty, "3.5")
	run(t, bin(ast.OpDiv, n(4), n(2)), empty, "2")
	run(t, bin(ast.OpDiv, n(1), n(0)), empty, "null")
	run(t, bin(ast.OpMod, n(7), n(0)), empty, "null")
	run(t, bin(ast.OpMod, n(7), n(3)), empty, "1")
	run(t, bin(ast.OpConcat, s("a"), n(1)), empty, "a1")
	run(t, bin(ast.OpConcat, s("a"), f("missing")), empty, "null")
	run(t, bin(ast.OpAdd, n(1), n(2)), empty, "3")
	run(t, bin(ast.OpAdd, f("x"), n(2)), ev("x", "40"), "42")
	run(t, bin(ast.OpAdd, bin(ast.OpAdd, f("st"), s("__")), f("sig")), ev("st", "wineventlog", "sig", "4625"), "wineventlog__4625")
	run(t, bin(ast.OpAdd, s("__"), n(4625)), empty, "__4625")
	run(t, bin(ast.OpAdd, f("missing"), n(1)), empty, "null")
	run(t, bin(ast.OpSub, s("a"), n(1)), empty, "null")
	run(t, neg(f("x")), ev("x", "3"), "-3")
}

func TestComparison(t *testing.T) {
	run(t, bin(ast.OpEqual, f("EventCode"), n(4688)), ev("EventCode", "4688"), "true")
	run(t, bin(ast.OpGreater, f("count"), n(20)), ev("count", "9"), "false") // numeric
	run(t, bin(ast.OpGreater, f("s"), s("20")), ev("s", "9x"), "true")       // string
	run(t, bin(ast.OpEqual, f("src_user"), s("ADMIN")), ev("src_user", "admin"), "false")
	run(t, bin(ast.OpEqual, f("user"), f("src_user")), ev("user", "a", "src_user", "a"), "true")
	run(t, bin(ast.OpNotEqual, f("x"), s("a")), empty, "null")
	run(t, bin(ast.OpEqual, f("mv"), s("b")), ev("mv", []string{"a", "b"}), "true")
	run(t, bin(ast.OpEqual, f("mv"), s("c")), ev("mv", []string{"a", "b"}), "false")
	run(t, bin(ast.OpEqual, n(1), s("1.0")), empty, "true")
}

func TestThreeValuedLogic(t *testing.T) {
	null := f("missing")
	tr := call("true")
	fa := call("false")
	isnull := bin(ast.OpEqual, null, s("a")) // null comparison
	run(t, notE(isnull), empty, "null")
	run(t, bin(ast.OpOr, isnull, tr), empty, "true")
	run(t, bin(ast.OpOr, isnull, fa), empty, "null")
	run(t, bin(ast.OpAnd, isnull, fa), empty, "false")
	run(t, bin(ast.OpAnd, isnull, tr), empty, "null")
	run(t, bin(ast.OpXor, tr, fa), empty, "true")
	run(t, bin(ast.OpXor, tr, isnull), empty, "null")
	// where NOT x="a" drops null x (§6.5): NOT null is null, not TRUE.
	fn, _ := Compile(notE(bin(ast.OpEqual, f("x"), s("a"))), Env{})
	if Truth(fn(empty)) {
		t.Error("NOT x=\"a\" kept a result without x")
	}
}

func TestIn(t *testing.T) {
	run(t, inE(f("x"), s("a"), s("b")), ev("x", "b"), "true")
	run(t, inE(f("x"), s("a"), s("b")), ev("x", "B"), "false")
	run(t, inE(f("old"), f("new")), ev("old", []string{"x", "y"}, "new", []string{"z", "y"}), "true")
	run(t, notE(inE(f("old"), f("new"))), ev("old", "q", "new", []string{"z", "y"}), "true")
	run(t, call("in", s("a"), s("a"), s("b")), empty, "true")
	run(t, inE(f("x"), s("a*")), ev("x", "abc"), "false") // no wildcards
}

func TestConditional(t *testing.T) {
	run(t, call("if", call("match", f("p"), s("(?i)-enc")), n(1), n(0)), ev("p", "PowerShell -EncodedCommand"), "1")
	run(t, call("if", bin(ast.OpEqual, f("missing"), n(1)), s("t"), s("f")), empty, "f")
	c := call("case", bin(ast.OpEqual, f("s"), n(200)), s("OK"), bin(ast.OpEqual, f("s"), n(404)), s("NF"))
	run(t, c, ev("s", "500"), "null")
	run(t, c, ev("s", "404"), "NF")
	run(t, call("case", call("false"), s("a"), call("true"), s("default")), empty, "default")
	run(t, call("coalesce", f("missing"), s(""), s("x")), empty, "")
	run(t, call("isnull", f("missing")), empty, "true")
	run(t, call("isnotnull", s("")), empty, "true")
	run(t, call("isnull", s("")), empty, "false")
	run(t, call("null"), empty, "null")
	run(t, call("nullif", s("a"), s("a")), empty, "null")
	run(t, call("nullif", s("a"), s("b")), empty, "a")
	run(t, call("if", call("isnull", f("null")), s("bare null is a missing field"), s("no")), empty, "bare null is a missing field")
}

func TestLike(t *testing.T) {
	run(t, call("like", s("cmd.exe"), s("%.exe")), empty, "true")
	run(t, call("like", s("CMD.EXE"), s("%.exe")), empty, "false")
	run(t, call("like", s("ab"), s("a")), empty, "false")
	run(t, call("like", s("abc"), s("a_c")), empty, "true")
	run(t, call("like", s("abbbc"), s("a%b%c")), empty, "true")
	run(t, call("like", s(`C:\windows\system32\x.exe`), s(`%\windows\system32\%`)), empty, "true")
	run(t, call("like", f("process"), bin(ast.OpConcat, bin(ast.OpConcat, s("%"), f("parent")), s("%"))), ev("process", "a b c"), "null")
	run(t, bin(ast.OpLike, f("targets"), s("AppInstance%")), ev("targets", []string{"x", "AppInstance1"}), "true")
}

func TestMatchAndRegex(t *testing.T) {
	run(t, call("match", s(`C:\x\evil.exe`), s(`\.exe$`)), empty, "true")
	run(t, call("match", s("ABC"), s("abc")), empty, "false")
	run(t, call("match", f("mv"), s("^b")), ev("mv", []string{"a", "bc"}), "true")
	// Lookahead and backreferences need the backtracking fallback.
	run(t, call("match", s("foobar"), s(`foo(?=bar)`)), empty, "true")
	run(t, call("match", s("abab"), s(`(ab)\1`)), empty, "true")
	run(t, call("match", s("x"), f("pat")), ev("pat", "("), "null") // bad regex from data
	run(t, call("replace", s("a-b-c"), s("-"), s("+")), empty, "a+b+c")
	run(t, call("replace", s(`dom\user`), s(`(.*)\\(.+)$`), s(`\2`)), empty, "user")
	run(t, call("replace", s(`a\b\c`), s(`\\`), s("")), empty, "abc")
	run(t, call("replace", call("tostring", n(3700), s("duration")), s(`(\d*)\+*(\d+):(\d+):(\d+)`), s(`\2 hours \3 minutes`)), empty, "1 hours 01 minutes")
	run(t, call("replace", s("a,b, "), s(`,\s$$$$`), s("")), empty, "a,b")
	run(t, call("replace", s("ab"), s(`(?<x>a)(?=b)`), s("[\\1]")), empty, "[a]b")

	_, err := Compile(call("match", f("x"), s("(")), Env{File: source.NewFile("q", "x")})
	if !errors.Is(err, source.ErrSyntax) {
		t.Errorf("bad literal regex: err = %v", err)
	}
}

func TestCidrmatch(t *testing.T) {
	run(t, call("cidrmatch", s("10.0.0.0/8"), s("10.1.2.3")), empty, "true")
	run(t, call("cidrmatch", s("10.0.0.0/8"), s("host1")), empty, "false")
	run(t, call("cidrmatch", s("2001:db8::/32"), s("2001:db8::1")), empty, "true")
}

func TestText(t *testing.T) {
	run(t, call("len", s("héllo")), empty, "5")
	run(t, call("len", n(12345)), empty, "5")
	run(t, call("len", s("")), empty, "0")
	run(t, call("upper", s(`a\b`)), empty, `A\B`)
	run(t, call("lower", f("mv")), ev("mv", []string{"A", "B"}), "[a, b]")
	run(t, call("trim", s("$$dc01$"), s("$")), empty, "dc01")
	run(t, call("trim", s("  x ")), empty, "x")
	run(t, call("ltrim", s("  x ")), empty, "x ")
	run(t, call("rtrim", s("  x ")), empty, "  x")
	run(t, call("substr", s("splunk"), n(1), n(3)), empty, "spl")
	run(t, call("substr", s("cmd.exe"), n(-4)), empty, ".exe")
	run(t, call("substr", s("abcdef"), n(0), n(3)), empty, "abc")
	run(t, call("substr", s("abc"), n(5)), empty, "")
	run(t, call("split", s("a,,b"), s(",")), empty, "[a, , b]")
	run(t, call("split", s(`C:\a\b`), s(`\`)), empty, `[C:, a, b]`)
	run(t, call("urldecode", s("a%20b%2Fc+d")), empty, "a b/c d")
	run(t, call("urldecode", s("100%")), empty, "100%")
	run(t, call("md5", s("abc")), empty, "900150983cd24fb0d6963f7d28e17f72")
	run(t, call("sha256", s("abc")), empty, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
}

func TestMultivalue(t *testing.T) {
	abc := ev("x", []string{"a", "b", "c"})
	run(t, call("mvcount", call("split", s("a,b"), s(","))), empty, "2")
	run(t, call("mvcount", f("missing")), empty, "null")
	run(t, call("mvcount", s("one")), empty, "1")
	run(t, call("mvindex", f("x"), n(-1)), abc, "c")
	run(t, call("mvindex", f("x"), n(0), n(1)), abc, "[a, b]")
	run(t, call("mvindex", f("x"), n(5)), abc, "null")
	run(t, call("mvindex", s("solo"), n(0)), empty, "solo")
	run(t, call("mvjoin", f("x"), s(" ")), abc, "a b c")
	run(t, call("mvappend", f("missing"), s("x"), f("yz")), ev("yz", []string{"y", "z"}), "[x, y, z]")
	run(t, call("mvappend", f("missing")), empty, "null")
	run(t, call("mvfind", f("r"), s(`Role\.TemplateId`)), ev("r", []string{"Role.DisplayName", "Role.TemplateId"}), "1")
	run(t, call("mvfind", f("r"), s("nomatch")), ev("r", []string{"a", "b"}), "null")
	run(t, call("mvfilter", call("match", f("email"), s(`\.org$`))), ev("email", []string{"a@x.org", "b@y.com", "c@z.org"}), "[a@x.org, c@z.org]")
	run(t, call("mvfilter", bin(ast.OpLike, f("t"), s("App%"))), ev("t", []string{"x", "y"}), "null")
	run(t, call("mvmap", f("old"), call("if", call("isnull", call("mvfind", f("new"), f("old"))), f("old"), f("null"))),
		ev("old", []string{"a", "b", "c"}, "new", []string{"b"}), "[a, c]")
	run(t, call("mvmap", f("x"), bin(ast.OpConcat, f("x"), s("!"))), abc, "[a!, b!, c!]")
	run(t, call("mvzip", f("k"), f("v"), s(": ")), ev("k", []string{"x", "y"}, "v", []string{"1", "2", "3"}), "[x: 1, y: 2]")
	run(t, call("mvzip", f("k"), f("v")), ev("k", []string{"x", "y"}, "v", []string{"1", "2"}), "[x,1, y,2]")
	run(t, call("mvdedup", f("x")), ev("x", []string{"b", "a", "b"}), "[b, a]")
	run(t, call("mvsort", f("x")), ev("x", []string{"b", "10", "9", "B"}), "[10, 9, B, b]")
	run(t, call("mvrange", n(1), n(4)), empty, "[1, 2, 3]")

	_, err := Compile(call("mvfilter", bin(ast.OpEqual, f("a"), f("b"))), Env{})
	if !errors.Is(err, source.ErrSyntax) {
		t.Errorf("mvfilter over two fields: err = %v", err)
	}
}

func TestConversion(t *testing.T) {
	run(t, call("tostring", n(3.50)), empty, "3.5")
	run(t, call("tostring", call("true")), empty, "True")
	run(t, call("tostring", n(3700), s("duration")), empty, "01:01:40")
	run(t, call("tostring", n(90061), s("duration")), empty, "1+01:01:01")
	run(t, call("tostring", n(12345.678), s("commas")), empty, "12,345.68")
	run(t, call("tostring", n(1234567), s("commas")), empty, "1,234,567")
	run(t, call("tostring", n(255), s("hex")), empty, "0xFF")
	run(t, call("tonumber", s("0x1F"), n(16)), empty, "31")
	run(t, call("tonumber", s("1F"), n(16)), empty, "31")
	run(t, call("tonumber", s("12.5")), empty, "12.5")
	run(t, call("tonumber", s("abc")), empty, "null")
	run(t, call("tonumber", s("0x10fc")), empty, "null")
	run(t, call("isnum", s("12")), empty, "true")
	run(t, call("isnum", s("0x10fc")), empty, "false")
	run(t, call("isstr", s("a")), empty, "true")
	run(t, call("isstr", n(1)), empty, "false")
	run(t, call("typeof", n(1)), empty, "Number")
	run(t, call("typeof", s("a")), empty, "String")
	run(t, call("typeof", call("true")), empty, "Boolean")
	run(t, call("typeof", f("missing")), empty, "Invalid")
}

func TestMath(t *testing.T) {
	run(t, call("abs", n(-3)), empty, "3")
	run(t, call("floor", n(2.7)), empty, "2")
	run(t, call("ceil", n(2.1)), empty, "3")
	run(t, call("ceiling", n(2.1)), empty, "3")
	run(t, call("round", n(2.5)), empty, "3")
	run(t, call("round", n(-2.5)), empty, "-3")
	run(t, call("round", n(2.345), n(2)), empty, "2.35")
	run(t, call("round", n(1.005), n(2)), empty, "1.01")
	run(t, call("pow", n(10), n(3)), empty, "1000")
	run(t, call("sqrt", n(16)), empty, "4")
	run(t, call("sqrt", n(-1)), empty, "null")
	run(t, call("log", n(100)), empty, "2")
	run(t, call("log", n(8), n(2)), empty, "3")
	run(t, call("ln", call("exp", n(2))), empty, "2")
	run(t, call("max", n(1), n(3), s("foo")), empty, "foo")
	run(t, call("min", n(5), s("10")), empty, "5")
	run(t, call("max", f("mv")), ev("mv", []string{"9", "10"}), "10")
	run(t, call("exact", n(0.1)), empty, "0.1")
}

func TestTime(t *testing.T) {
	run(t, call("now"), empty, "1715783842")
	run(t, call("relative_time", n(1715783842), s("-1d@d")), empty, "1715644800")
	run(t, call("relative_time", call("now"), s("-70m@m")), empty, "1715779620")
	run(t, call("relative_time", n(1), s("bogus")), empty, "null")
	run(t, call("strftime", n(1715783842), s("%Y-%m-%dT%H:%M:%S")), empty, "2024-05-15T14:37:22")
	run(t, call("strftime", f("_time"), s("%H %w %A")), ev("_time", "1715783842.5"), "14 3 Wednesday")
	run(t, call("strftime", bin(ast.OpDiv, n(1715783842000), call("pow", n(10), n(3))), s("%F")), empty, "2024-05-15")
	run(t, call("strptime", s("2024-05-15 14:37:22"), s("%Y-%m-%d %H:%M:%S")), empty, "1715783842")
	run(t, call("strptime", s("garbage"), s("%Y")), empty, "null")
	clock := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	fn, _ := Compile(call("time"), Env{Now: testNow, Clock: func() time.Time { return clock }})
	if got := fn(empty).Text(); got != "1893456000" {
		t.Errorf("time() = %s", got)
	}
}

func TestRandomIsSeeded(t *testing.T) {
	a, _ := Compile(call("random"), Env{Seed: 7})
	b, _ := Compile(call("random"), Env{Seed: 7})
	if a(empty).Text() != b(empty).Text() {
		t.Error("random() differs for the same seed")
	}
}

func TestCompileErrors(t *testing.T) {
	file := source.NewFile("q", "eval x=nosuch(a)")
	_, err := Compile(&ast.EvalCall{Sp: source.Span{Start: 7, End: 16}, Name: "nosuch", Args: []ast.EvalExpr{f("a")}}, Env{File: file})
	if !errors.Is(err, source.ErrUnsupported) || err.Error() != `q:1:8: function "nosuch" is not supported` {
		t.Errorf("unknown function: %v", err)
	}
	if _, err := Compile(call("if", n(1)), Env{}); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("arity: %v", err)
	}
	c := NewCompiler(Env{})
	if _, err := c.CompileAssignable(bin(ast.OpGreater, f("a"), n(1))); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("eval x=(a>1): %v", err)
	}
	if _, err := c.CompileAssignable(call("if", bin(ast.OpGreater, f("a"), n(1)), n(1), n(0))); err != nil {
		t.Errorf("eval x=if(...): %v", err)
	}
}
