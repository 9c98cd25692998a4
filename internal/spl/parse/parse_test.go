package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

func mustParse(t *testing.T, in string) *ast.Pipeline {
	t.Helper()
	pl, err := Parse(source.NewFile("test", in))
	if err != nil {
		t.Fatalf("Parse(%q): %v", in, source.Render(err))
	}
	return pl
}

func TestLexer(t *testing.T) {
	f := func(m mode, in string, want ...string) {
		t.Helper()
		l := lexer{src: in}
		var got []string
		for {
			tk := l.next(m)
			if tk.kind == tEOF {
				break
			}
			if in[tk.sp.Start:tk.sp.End] != tk.text {
				t.Errorf("%q: token text %q does not match its span %v", in, tk.text, tk.sp)
			}
			got = append(got, tk.text)
			if len(got) > 50 {
				break
			}
		}
		if strings.Join(got, "·") != strings.Join(want, "·") {
			t.Errorf("lex(%q) = %q, want %q", in, got, want)
		}
	}
	f(modeSearch, `a.b{}=c`, `a.b{}`, `=`, `c`)
	f(modeSearch, `x!=1 y<=2 z>3`, `x`, `!=`, `1`, `y`, `<=`, `2`, `z`, `>`, `3`)
	f(modeSearch, `NOT (a OR "b c")`, `NOT`, `(`, `a`, `OR`, `"b c"`, `)`)
	f(modeSearch, `\"privileged\":true* | x`, `\"privileged\":true*`, `|`, `x`)
	f(modeSearch, `[search x] y`, `[`, `search`, `x`, `]`, `y`)
	f(modeSearch, `"unterminated`, `"unterminated`)
	f(modeValue, `f(x)) y`, `f(x)`, `)`, `y`)
	f(modeValue, `*\\lsass*.dmp|`, `*\\lsass*.dmp`, `|`)
	f(modeList, `a*,b c)`, `a*`, `,`, `b`, `c`, `)`)
	f(modeEval, `'a.b'.c+1.5e3==x`, `'a.b'`, `.`, `c`, `+`, `1.5e3`, `==`, `x`)
	f(modeEval, `if(<<FIELD>>="null",null(),'<<FIELD>>')`, `if`, `(`, `<<FIELD>>`, `=`, `"null"`, `,`, `null`, `(`, `)`, `,`, `'<<FIELD>>'`, `)`)
	f(modeEval, `x AND .25 > a.5`, `x`, `AND`, `.25`, `>`, `a`, `.`, `5`)
	f(modeArg, `field=x max_match=10 "(?<a>\d+)"`, `field`, `=`, `x`, `max_match`, `=`, `10`, `"(?<a>\d+)"`)
	f(modeArg, `a,b -c <<FIELD>>`, `a`, `,`, `b`, `-c`, `<<FIELD>>`)
}

func TestLexerAllocs(t *testing.T) {
	src := `| tstats count min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name IN ("cmd.exe", "powershell.exe") by Processes.dest | eval x=if(a>1, "y", 'b.c') | where x!="a"`
	n := testing.AllocsPerRun(100, func() {
		for _, m := range []mode{modeSearch, modeArg, modeEval, modeValue} {
			l := lexer{src: src}
			for l.next(m).kind != tEOF {
			}
		}
	})
	if n != 0 {
		t.Errorf("lexing allocates %v times per run, want 0", n)
	}
}

// TestSearchPrecedence checks spl-semantics.md §4.2: OR binds tighter than
// the implicit and the explicit AND, NOT applies to the next term only.
func TestSearchPrecedence(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		pl := mustParse(t, in)
		got := tree(pl.Commands[0].(*ast.SearchCommand).Expr)
		if got != want {
			t.Errorf("%s\n got %s\nwant %s", in, got, want)
		}
	}
	f(`a b OR c`, `(AND (term "a") (OR (term "b") (term "c")))`)
	f(`a OR b c OR d`, `(AND (OR (term "a") (term "b")) (OR (term "c") (term "d")))`)
	f(`NOT a OR b`, `(OR (NOT (term "a")) (term "b"))`)
	f(`a OR b AND c`, `(AND (OR (term "a") (term "b")) (term "c"))`)
	f(`NOT (a b)`, `(NOT (AND (term "a") (term "b")))`)
	f(`a or b`, `(AND (term "a") (term "or") (term "b"))`)
	f(`sourcetype=S OR source=X EventID=17 OR EventID=18 PipeName IN (\\msagent_*, "x")`,
		`(AND (OR (= "sourcetype" "S") (= "source" "X")) (OR (= "EventID" "17") (= "EventID" "18")) (IN "PipeName" "\\msagent_*" "x"))`)
}

func TestSearchConstructs(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		pl := mustParse(t, in)
		got := tree(pl.Commands[0].(*ast.SearchCommand).Expr)
		if got != want {
			t.Errorf("%s\n got %s\nwant %s", in, got, want)
		}
	}
	f(`Authentication.action = failure`, `(= "Authentication.action" "failure")`)
	f(`EventCode =13`, `(= "EventCode" "13")`)
	f(`x= "a b"`, `(= "x" "a b")`)
	f(`dest_ip!=10.0.0.0/8 bytes>=5 n<3`, `(AND (!= "dest_ip" "10.0.0.0/8") (>= "bytes" "5") (< "n" "3"))`)
	f(`requestObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration=*\"privileged\":true*`,
		`(= "requestObject.metadata.annotations.kubectl.kubernetes.io/last-applied-configuration" "*\"privileged\":true*")`)
	f(`f != "C:\\Users\\*\\My Documents\\*"`, `(!= "f" "C:\\Users\\*\\My Documents\\*")`)
	f(`f="*\sam *"`, `(= "f" "*\\sam *")`)
	f(`"result.status" IN ("SUCCESS*","FAIL*")`, `(IN "result.status" "SUCCESS*" "FAIL*")`)
	f(`"attachment{}.file_extension_type" IN (a)`, `(IN "attachment{}.file_extension_type" "a")`)
	f(`status IN(4*, 5*)`, `(IN "status" "4*" "5*")`)
	f(`x IN (,"a","b",)`, `(IN "x" "a" "b")`)
	f(`TERM(sudoedit) CASE(Admin)`, `(AND (TERM "sudoedit") (CASE "Admin"))`)
	f(`"The digital signature" ImageLoaded`, `(AND (term "The digital signature") (term "ImageLoaded"))`)
	f(`x=f(a) y`, `(AND (= "x" "f(a)") (term "y"))`)
	f(`(a=1)`, `(= "a" "1")`)
	f(`NOT [| inputlookup t | fields + dest_mac]`, `(NOT [| inputlookup t | fields dest_mac])`)
	f(`search x=1`, `(= "x" "1")`)
	f(`search=1`, `(= "search" "1")`)
	f(`search IN (a)`, `(IN "search" "a")`)
	f(`*`, `(term "*")`)
}

// TestEvalPrecedence checks spl-semantics.md §6.2.
func TestEvalPrecedence(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		pl := mustParse(t, "| where "+in)
		got := tree(pl.Commands[0].(*ast.WhereCommand).Expr)
		if got != want {
			t.Errorf("%s\n got %s\nwant %s", in, got, want)
		}
	}
	f(`a OR b AND c`, `(OR $a (AND $b $c))`)
	f(`a or b xor c and d`, `(OR $a (XOR $b (AND $c $d)))`)
	f(`NOT a=1 AND b`, `(AND (NOT (= $a 1)) $b)`)
	f(`not x IN ("a", b)`, `(NOT (IN $x "a" $b))`)
	f(`a+b*c-d`, `(- (+ $a (* $b $c)) $d)`)
	f(`a.b.c`, `(. (. $a $b) $c)`)
	f(`-a*b`, `(* (neg $a) $b)`)
	f(`a - -1`, `(- $a (neg 1))`)
	f(`x=1 OR y!=2`, `(OR (= $x 1) (!= $y 2))`)
	f(`a==b`, `(= $a $b)`)
	f(`targets LIKE "App%"`, `(LIKE $targets "App%")`)
	f(`LIKE (x, "a%")`, `(call like $x "a%")`)
	f(`ISNOTNULL(x) AND CASE(a=1, "x", true(), "y")="y"`, `(AND (call isnotnull $x) (= (call case (= $a 1) "x" (call true) "y") "y"))`)
	f(`'Processes.process'="a\"b\\c\d"`, `(= $Processes.process "a\"b\\c\\d")`)
	f(`user_dc >= 10 AND .25 > (success/failure)`, `(AND (>= $user_dc 10) (> 0.25 (/ $success $failure)))`)
	f(`(a OR b) AND c`, `(AND (OR $a $b) $c)`)
	f(`a < b = c`, `(= (< $a $b) $c)`)
	f(`x % 2`, `(% $x 2)`)
}

func TestCommands(t *testing.T) {
	// Each input prints back in canonical form.
	f := func(in, want string) {
		t.Helper()
		got := mustParse(t, in).String()
		if got != want {
			t.Errorf("%s\n got %s\nwant %s", in, got, want)
		}
	}
	f(`| stats count c(x) dc(user) AS users, values(eval(if(a=="b",c,null))) as v BY host, "Authentication.user"`,
		`| stats count, c(x), dc(user) as users, values(eval(if(a = "b", c, null))) as v by host "Authentication.user"`)
	f(`| streamstats window=5 current=f count by x`, `| streamstats window=5 current=f count by x`)
	f(`| eventstats avg(x) as a`, `| eventstats avg(x) as a`)
	f(`| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) CTIME(b) as c`, `| convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(firstTime) ctime(b) as c`)
	f(`| eval a=1, 'b c'="x", d.e=f.g`, `| eval a=1, 'b c'="x", 'd.e'=f . g`)
	f(`| where count=1 and current="True"`, `| where count = 1 AND current = "True"`)
	f(`| rename Processes.* AS *, a as "b c"`, `| rename Processes.* as *, a as "b c"`)
	f(`| table _time, src dc(x)`, `| table _time src "dc(x)"`)
	f(`| fields - lat, lon`, `| fields - lat lon`)
	f(`| fields + a`, `| fields a`)
	f(`| fields -_time`, `| fields -_time`)
	f(`| fields -`, `| fields -`)
	f(`| tstats summariesonly=false count min(_time) as firstTime FROM datamodel=Endpoint.Processes WHERE Processes.process_name=cmd.exe nodename=Processes BY Processes.dest _time span=1h`,
		`| tstats summariesonly=false count, min(_time) as firstTime from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe nodename=Processes by Processes.dest _time span=1h`)
	f(`|tstats count where index=x by host`, `| tstats count where index=x by host`)
	f(`| rex field=process max_match=0 "(?i).+\\\\(?<f>[^\\\]+\.zip)"`, `| rex field=process max_match=0 "(?i).+\\\\(?<f>[^\\\\]+\\.zip)"`)
	f(`| regex file_name = "\\x{202E}"`, `| regex file_name="\\x{202E}"`)
	f(`| regex x!="a"`, `| regex x!="a"`)
	f(`| regex "abc"`, `| regex "abc"`)
	f(`| lookup update=true t domain as d, x OUTPUTNEW a as b c`, `| lookup update=true t domain as d, x OUTPUTNEW a as b, c`)
	f(`| lookup t x`, `| lookup t x`)
	f(`| dedup 2 host,process_name keepempty=true sortby -_time`, `| dedup 2 host process_name keepempty=true sortby -_time`)
	f(`| sort 0 - total, +a, num(b) desc`, `| sort 0 -total, a, num(b) desc`)
	f(`| sort -count(x)`, `| sort -"count(x)"`)
	f(`| head 5 | tail`, `| head 5 | tail`)
	f(`| fillnull value="Unknown" a, b | fillnull`, `| fillnull value="Unknown" a b | fillnull`)
	f(`| bucket _time span=5m | bin span=1h t as u`, `| bucket span=5m _time | bin span=1h t as u`)
	f(`| join type=outer user [search a | fields user]`, `| join type=outer user [a | fields user]`)
	f(`| join affected_host type=inner [| tstats count by x]`, `| join type=inner affected_host [| tstats count by x]`)
	f(`| append [search x] | appendpipe [| timechart limit=0 span=5m count | table _time]`,
		`| append [x] | appendpipe [| timechart limit=0 span=5m count | table _time]`)
	f(`| inputlookup append=t t.csv where a=1`, `| inputlookup append=t t.csv where a=1`)
	f(`| outputlookup t.csv`, `| outputlookup t.csv`)
	f(`| mvexpand x limit=5 | makemv delim=" " Scope | xmlkv | xmlkv Message | fromjson Data | iplocation prefix=v_ src | spath input=x output=y path=a.b{} | spath eventName`,
		`| mvexpand limit=5 x | makemv delim=" " Scope | xmlkv | xmlkv Message | fromjson Data | iplocation prefix=v_ src | spath input=x output=y path=a.b{} | spath eventName`)
	f(`| foreach * [ eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)]`,
		`| foreach * [eval '<<FIELD>>'=if('<<FIELD>>' = "null", null(), '<<FIELD>>')]`)
	f(`| transaction user startsWith=(EventCode=4698) endswith=eval(x>1) maxspan=2m`,
		`| transaction user maxspan=2m startsWith=(EventCode=4698) endswith=eval(x > 1)`)
	f(`| map maxsearches=70 search="search x=$y$"`, `| map maxsearches=70 search="search x=$y$"`)
	f(`| reverse | addtotals fieldname=Score a, b | makeresults count=2`, `| reverse | addtotals fieldname=Score a b | makeresults count=2`)
	f(`| from datamodel Web.Web | from datamodel:"A.B"`, `| from datamodel:Web.Web | from datamodel:"A.B"`)
	f(``, ``)
	f(`a | search search *`, `a | search *`)
	f(`a | search search`, `a | search "search"`)
	f(`search search`, `"search"`)
}

func TestErrors(t *testing.T) {
	// want is a regexp-free substring of the message; col the 1-based
	// column of the caret.
	f := func(in string, class error, want string, col int) {
		t.Helper()
		_, err := Parse(source.NewFile("t", in))
		if err == nil {
			t.Fatalf("Parse(%q): no error", in)
		}
		var l source.List
		if !errors.As(err, &l) || len(l) == 0 {
			t.Fatalf("Parse(%q): %T is not a source.List", in, err)
		}
		d := l[0]
		if !errors.Is(d, class) || !strings.Contains(d.Msg, want) {
			t.Errorf("Parse(%q) = %q (%v), want %v containing %q", in, d.Msg, d.Class, class, want)
		}
		if _, c := d.File.Position(d.Span.Start); c != col {
			t.Errorf("Parse(%q): caret at column %d, want %d\n%s", in, c, col, d.Render())
		}
	}
	f(`x IN (a, b | stats count`, source.ErrSyntax, `expected ")" after IN list, found "|"`, 12)
	f(`a | collect index=x`, source.ErrUnsupported, `command "collect" is not supported`, 5)
	f(`a | stats count by`, source.ErrSyntax, `expected a field name after BY`, 19)
	f(`a | where x=`, source.ErrSyntax, `expected an expression`, 13)
	f(`a | where (x=1`, source.ErrSyntax, `expected ")"`, 15)
	f(`a | eval x=f(1 2)`, source.ErrSyntax, `expected "," or ")" in arguments of f, found "2"`, 16)
	f(`x="abc | y`, source.ErrSyntax, `unterminated string`, 3)
	f(`(a b`, source.ErrSyntax, `expected ")"`, 5)
	f(`a NOT`, source.ErrSyntax, `expected a search term after NOT`, 6)
	f(`a OR`, source.ErrSyntax, `expected a search term after OR`, 5)
	f(`x= | stats count`, source.ErrSyntax, `expected a value after =`, 4)
	f(`a | join x`, source.ErrSyntax, `expected a [subsearch] for join`, 11)
	f(`a | `, source.ErrSyntax, `expected a command name`, 5)
	f(`a | rename a b`, source.ErrSyntax, `expected AS after a, found "b"`, 14)
	f(`a ] b`, source.ErrSyntax, `expected a search term, found "]"`, 3)
	f(`a [search b`, source.ErrSyntax, `unclosed "["`, 3)
	f(`a | eval x=1e999`, source.ErrSyntax, `out of range`, 12)
	f(`a | eval 0\\=0`, source.ErrSyntax, `ends with a backslash`, 10)
	f(`a | stats count | table`, source.ErrSyntax, `expected a field name`, 24)
}

func TestErrorsCollected(t *testing.T) {
	_, err := Parse(source.NewFile("t", `a | collect x | stats | where ( | eval = | sendemail y`))
	var l source.List
	errors.As(err, &l)
	if len(l) != 5 {
		t.Fatalf("got %d errors, want 5:\n%v", len(l), err)
	}
	var unsupported int
	for _, d := range l {
		if errors.Is(d, source.ErrUnsupported) {
			unsupported++
		}
	}
	if unsupported != 2 {
		t.Errorf("%d unsupported, want 2", unsupported)
	}
	_, err = Parse(source.NewFile("t", strings.Repeat("| collect x ", 30)))
	if errors.As(err, &l); len(l) != maxErrors {
		t.Errorf("got %d errors, want the cap %d", len(l), maxErrors)
	}
}

func TestLimits(t *testing.T) {
	f := func(in string) {
		t.Helper()
		_, err := Parse(source.NewFile("t", in))
		if !errors.Is(err, source.ErrLimit) {
			t.Errorf("Parse(%.40q...): %v, want a limit error", in, err)
		}
	}
	f(strings.Repeat("(", 1000) + "a" + strings.Repeat(")", 1000))
	f("| where " + strings.Repeat("(", 1000) + "a" + strings.Repeat(")", 1000))
	f("| where " + strings.Repeat("-", 1000) + "a")
	f(strings.Repeat("NOT ", 1000) + "a")
	f(strings.Repeat("[search ", 300) + strings.Repeat("]", 300))
	f(strings.Repeat("a ", MaxInput))
	f("| eval x=" + strings.Repeat("a+", MaxNodes) + "a")
}

// TestRoundTrip checks that printing is a fixed point: parse(print(parse(s)))
// prints the same as parse(s).
func TestRoundTrip(t *testing.T) {
	for _, s := range roundTripSeeds {
		pl := mustParse(t, s)
		printed := pl.String()
		pl2, err := Parse(source.NewFile("printed", printed))
		if err != nil {
			t.Errorf("%s\nprinted %s\ndoes not parse: %v", s, printed, err)
			continue
		}
		if again := pl2.String(); again != printed {
			t.Errorf("%s\n first %s\nsecond %s", s, printed, again)
		}
	}
}

var roundTripSeeds = []string{
	`a b OR c NOT d`,
	`x="a\"b" y=\\srv\* z="*\sam *" "p h" TERM(a.b) CASE(X)`,
	`(a OR b) (c d) NOT (e OR f)`,
	`"result.status" IN ("a b", c*) x!=y`,
	`| where NOT (a AND b) OR -(c+d)*2 > 1 XOR x LIKE "a%" AND y IN (1, "2", z)`,
	`| eval a=b.c, 'x y'='p.q'.1, z=if(a=1, "\\d+", null())`,
	`| stats count(eval(a - (b - c))) as n by x`,
	`| tstats count from datamodel=A.B where (x=1 OR y=2) z=3 [| inputlookup t | fields a] by x "y z" span=1h`,
	`index=* [search a | fields x] | foreach a* [eval r=mvappend(r, '<<FIELD>>') | eval s=1]`,
	`| lookup t a as "b c" OUTPUT d | rex field=x "\"q\"" | sort - "a b"`,
	`a=AND b="OR" c=NOT`,
	`search | stats count`,
	`(0)IN(0 0)`,
	`search search`,
	`search search search`,
	`a | search search`,
	`|dedup A=0 0`,
	`| sort 5 0`,
	`| sort "0" -1`,
	`| fields + -a`,
	`| fields + +`,
	`|fields + + 0`,
	`| sort + -a, - -b, "--c" | dedup "sortby" -x`,
	`|sort A d,`,
	`| eval x=<<A>>(1), y=a<<MATCHSTR>>b`,
	`|evAl \'=0`,
	`| eval 'a\'b'='c\d'`,
	`| from x y`,
	`| lookup t "Output" as "As" OUTPUTNEW "outputnew"`,
}

func TestUnsupportedNotIgnored(t *testing.T) {
	for _, name := range []string{"collect", "sendemail", "delete", "rest", "outputcsv"} {
		_, err := Parse(source.NewFile("t", "a | "+name+" x"))
		if !errors.Is(err, source.ErrUnsupported) {
			t.Errorf("%s: %v, want ErrUnsupported", name, err)
		}
	}
}

func TestParseExpressions(t *testing.T) {
	s, err := ParseSearch(source.NewFile("eventtype", `sourcetype=XmlWinEventLog (EventCode=4688 OR EventCode=1)`))
	if err != nil || tree(s) != `(AND (= "sourcetype" "XmlWinEventLog") (OR (= "EventCode" "4688") (= "EventCode" "1")))` {
		t.Errorf("ParseSearch: %v %v", tree(s), err)
	}
	if s, err := ParseSearch(source.NewFile("empty", "  ")); s != nil || err != nil {
		t.Errorf("ParseSearch(empty) = %v, %v", s, err)
	}
	e, err := ParseEval(source.NewFile("calc", `if(isnull(user), "unknown", lower(user))`))
	if err != nil || tree(e) != `(call if (call isnull $user) "unknown" (call lower $user))` {
		t.Errorf("ParseEval: %v %v", tree(e), err)
	}
	for _, in := range []string{`a | b`, `x=1 )`} {
		if _, err := ParseSearch(source.NewFile("bad", in)); !errors.Is(err, source.ErrSyntax) {
			t.Errorf("ParseSearch(%q) = %v, want a syntax error", in, err)
		}
	}
	if _, err := ParseEval(source.NewFile("bad", `a b`)); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("ParseEval(a b) = %v, want a syntax error", err)
	}
}
