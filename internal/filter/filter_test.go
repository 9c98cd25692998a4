package filter

import (
	"errors"
	"reflect"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

func check(t *testing.T, x ast.SearchExpr, e *event.Event, want bool) {
	t.Helper()
	f, err := Compile(x, nil)
	if err != nil {
		t.Fatalf("Compile(%s): %v", x, err)
	}
	if got := f.Match(e); got != want {
		t.Errorf("%s on %v = %v, want %v", x, e.Fields, got, want)
	}
}

func TestFieldEquals(t *testing.T) {
	// §4.3: case-insensitive whole-value match, * anywhere, case-sensitive names.
	check(t, eq("process_name", "cmd.exe"), ev("process_name", "CMD.EXE"), true)
	check(t, eq("process_name", "cmd.exe"), ev("process_name", `C:\Windows\cmd.exe`), false)
	check(t, eq("process_name", "*cmd.exe"), ev("process_name", `C:\Windows\cmd.exe`), true)
	check(t, eq("Processes.process", "*-enc*"), ev("Processes.process", "powershell -ENC abc"), true)
	check(t, eq("isutility", "True"), ev("isutility", "TRUE"), true)
	check(t, eq("eventcode", "4688"), ev("EventCode", "4688"), false)
	check(t, eq("EventCode", "4688"), ev("EventCode", "4688"), true)
	check(t, eq("q", "SELECT * FROM x"), ev("q", "select a, b from X"), true)
	check(t, eq("f", `*\lsass*.dmp`), ev("f", `C:\Temp\LSASS_1.DMP`), true)
	check(t, eq("f", "a?c"), ev("f", "abc"), false)
	check(t, eq("f", "a?c"), ev("f", "A?C"), true)
	check(t, eq("f", "ÉTÉ*"), ev("f", "été 2024"), true)
	check(t, eq("f", "*"), ev("f", ""), true) // [VERIFY] empty string is a value
	check(t, eq("f", "*"), ev("g", "x"), false)
	check(t, eq("f", "a*b*c"), ev("f", "aXbYc"), true)
	check(t, eq("f", "a*b*c"), ev("f", "aXcYb"), false)
	check(t, eq("f", "ab*ba"), ev("f", "aba"), false)
	// Multivalue: any value.
	check(t, eq("user", "bob"), ev("user", []string{"admin", "BOB"}), true)
	// Metadata fields are ordinary fields (§4.8).
	check(t, eq("sourcetype", "xmlwineventlog"), ev("sourcetype", "XmlWinEventLog"), true)
}

func TestNotEqualVersusNot(t *testing.T) {
	// The table of §4.4.
	bob, admin, none := ev("user", "bob"), ev("user", "ADMIN"), ev("x", "1")
	check(t, ne("user", "admin"), bob, true)
	check(t, ne("user", "admin"), admin, false)
	check(t, ne("user", "admin"), none, false)
	check(t, not(eq("user", "admin")), bob, true)
	check(t, not(eq("user", "admin")), admin, false)
	check(t, not(eq("user", "admin")), none, true)
	mv := ev("user", []string{"admin", "bob"})
	check(t, ne("user", "admin"), mv, true)
	check(t, not(eq("user", "admin")), mv, false)
	check(t, ne("user", "*"), bob, false)
	check(t, not(eq("user", "*")), none, true)
}

func TestIn(t *testing.T) {
	check(t, in("ScriptBlockText", "*findAll()*", "*findOne()*"), ev("ScriptBlockText", "x.FINDONE()"), true)
	check(t, in("PipeName", `\msagent_*`, `\srvsvc_*`), ev("PipeName", `\MSAGENT_12`), true)
	check(t, in("PipeName", `\msagent_*`), ev("PipeName", `\other`), false)
	check(t, not(in("ImageLoaded", `*\Program Files*`)), ev("x", "1"), true)
	check(t, in("status", "4*", "5*"), ev("status", "404"), true)
	check(t, in("ip", "10.0.0.0/8"), ev("ip", "10.9.8.7"), true)
}

func TestComparisons(t *testing.T) {
	check(t, cmp("bytes_out", ast.OpGt, "65000"), ev("bytes_out", "70000"), true)
	check(t, cmp("bytes_out", ast.OpGt, "65000"), ev("bytes_out", "9000"), false) // numeric, not "9000">"65000"
	check(t, cmp("bytes_out", ast.OpGt, "65000"), ev("x", "1"), false)
	check(t, cmp("n", ast.OpLe, "5"), ev("n", "5.0"), true)
	check(t, cmp("n", ast.OpGe, "5"), ev("n", []string{"1", "7"}), true)
	check(t, cmp("s", ast.OpLt, "b"), ev("s", "abc"), true) // lexicographic
	check(t, cmp("s", ast.OpLt, "10"), ev("s", "abc"), false)
}

func TestCIDR(t *testing.T) {
	check(t, ne("dest_ip", "10.0.0.0/8"), ev("dest_ip", "10.1.2.3"), false)
	check(t, ne("dest_ip", "10.0.0.0/8"), ev("dest_ip", "8.8.8.8"), true)
	check(t, eq("src", "192.168.0.0/16"), ev("src", "192.168.4.5"), true)
	check(t, eq("src", "192.168.0.0/16"), ev("src", "192.169.4.5"), false)
	check(t, eq("src", "fe80::/10"), ev("src", "FE80::1"), true)
	check(t, eq("src", "10.0.0.0/8"), ev("src", "10.0.0.0/8"), true) // not an IP: text match
	check(t, eq("src", "10.0.0.0/8"), ev("src", "::ffff:10.1.1.1"), true)
}

func TestTerms(t *testing.T) {
	raw := func(s string) *event.Event { return ev(event.Raw, s) }
	// §4.7: whole segments, not substrings.
	check(t, term("ASIA"), raw(`{"accessKeyId":"ASIAXYZ123"}`), false)
	check(t, term("asiaxyz123"), raw(`{"accessKeyId":"ASIAXYZ123"}`), true)
	check(t, term("ImageLoaded"), raw(`<Data Name='ImageLoaded'>c:\x.dll</Data>`), true)
	check(t, term("127.0.0.1"), raw(`src=127.0.0.1:443`), true)
	check(t, term("0.0.1"), raw(`src=127.0.0.1:443`), true) // minor-segment sequence
	check(t, term("27.0"), raw(`src=127.0.0.1:443`), false)
	check(t, term("invoke*"), raw(`x Invoke-WmiExec y`), true)
	check(t, term("voke*"), raw(`x Invoke-WmiExec y`), false)
	check(t, term("*wmiexec*"), raw(`x Invoke-WmiExec y`), true)
	check(t, term("wmi*"), raw(`x Invoke-WmiExec y`), true) // minor segment start
	check(t, term("*exec"), raw(`x Invoke-WmiExecution y`), false)
	check(t, phrase("signature of the object did not verify."), raw("The digital Signature of the object did not verify. ok"), true)
	check(t, phrase("signature of the obj"), raw("The digital Signature of the object"), false)
	check(t, phrase("*did not*"), raw("object DID NOT verify"), true)
	check(t, termTERM("sudoedit"), raw("cmd sudoedit -s"), true)
	check(t, termTERM("sudoedit"), raw("sudoedit: x"), false) // ":" is minor
	check(t, termTERM("10.0.0.1"), raw("ip 10.0.0.1 x"), true)
	check(t, termTERM("0.0.1"), raw("ip 10.0.0.1 x"), false)
	check(t, termCASE("Error"), raw("an error"), false)
	check(t, termCASE("Error"), raw("an Error"), true)
	// Lower-case "or" is a term (the parser makes it one); any breaker works.
	check(t, and(term("a"), term("or")), raw("a_or_b"), true)
	// No _raw: the term tests field values [BELIEF].
	check(t, term("wmiexec"), ev("ScriptBlockText", "Invoke-WmiExec -x", "count", "1"), true)
	check(t, term("nothere"), ev("ScriptBlockText", "Invoke-WmiExec -x"), false)
}

func TestPrecedenceTrees(t *testing.T) {
	// a b OR c == a AND (b OR c): the tree shape is the parser's job; here the
	// evaluation of the shapes of §4.2 is checked.
	e := ev("a", "1", "c", "1")
	check(t, and(eq("a", "1"), or(eq("b", "1"), eq("c", "1"))), e, true)
	check(t, or(not(eq("a", "1")), eq("b", "1")), e, false)
}

func TestSubsearchUnsupported(t *testing.T) {
	x := &ast.SearchSubsearch{Sp: source.Span{Start: 3, End: 9}, Pipeline: &ast.Pipeline{}}
	_, err := Compile(and(eq("a", "1"), x), source.NewFile("s", "a=1 [search x]"))
	if !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("err = %v, want ErrUnsupported", err)
	}
}

func TestEmptyMatchesAll(t *testing.T) {
	f, err := Compile(nil, nil)
	if err != nil || !f.Match(ev("a", "1")) {
		t.Errorf("empty search: %v", err)
	}
}

func TestRequired(t *testing.T) {
	x := and(
		or(eq("source", "WinEventLog:Microsoft-Windows-PowerShell/Operational"), eq("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational")),
		eq("EventCode", "4104"),
		in("ScriptBlockText", "*invoke-wmiexec*"),
		not(eq("user", "x")),
		ne("a", "b"),
		or(eq("a", "1"), eq("b", "1")),
	)
	f, err := Compile(x, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Constraint{
		{Field: "source", Values: []string{"WinEventLog:Microsoft-Windows-PowerShell/Operational", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational"}},
		{Field: "EventCode", Values: []string{"4104"}},
		{Field: "ScriptBlockText", Values: []string{"*invoke-wmiexec*"}},
	}
	if got := f.Required(); !reflect.DeepEqual(got, want) {
		t.Errorf("Required = %+v\nwant %+v", got, want)
	}
}

func TestCaseValue(t *testing.T) {
	caseV := func(f, v string) ast.SearchExpr {
		return &ast.SearchCompare{Field: &ast.Field{Name: f}, Op: ast.OpEq, Value: &ast.SearchValue{Text: v}}
	}
	check(t, caseV("p", "CASE(CMD.EXE)"), ev("p", "CMD.EXE"), true)
	check(t, caseV("p", "CASE(CMD.EXE)"), ev("p", "cmd.exe"), false)
	check(t, caseV("p", "CASE(*.EXE)"), ev("p", "a.EXE"), true)
	quoted := &ast.SearchCompare{Field: &ast.Field{Name: "p"}, Op: ast.OpEq, Value: &ast.SearchValue{Text: "CASE(x)", Quoted: true}}
	check(t, quoted, ev("p", "case(X)"), true) // quoted: literal text, case-insensitive
}
