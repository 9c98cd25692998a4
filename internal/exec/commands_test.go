package exec

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// procs is a small fixed input, newest first.
func procs() []*event.Event {
	return []*event.Event{
		ev("_time", 1715783842.0, "_raw", "r1", "user", "bob", "dest", "ws1", "bytes", "10", "proc", "cmd.exe"),
		ev("_time", 1715783841.0, "_raw", "r2", "user", "alice", "dest", "ws1", "bytes", "9", "proc", "powershell.exe"),
		ev("_time", 1715783840.0, "_raw", "r3", "user", "bob", "dest", "ws2", "bytes", "x", "proc", "cmd.exe"),
		ev("_time", 1715783839.0, "_raw", "r4", "dest", "ws2", "bytes", "100", "proc", "CMD.EXE"),
	}
}

func TestStatsFunctions(t *testing.T) {
	wantRows(t, splRun(t, `* | stats count count(user) as cu dc(user) values(bytes) as vb list(proc) as lp min(bytes) as mn max(bytes) as mx avg(bytes) as av sum(bytes) as sm range(bytes) as rg`, procs()...),
		"count=4 cu=3 dc(user)=2 vb=[10, 100, 9, x] lp=[cmd.exe, powershell.exe, cmd.exe, CMD.EXE] mn=9 mx=x av=39.666666666666664 sm=119 rg=91")
	wantRows(t, splRun(t, `* | stats earliest(user) as e latest(user) as l first(user) as f last(user) as la min(_time) as t0 earliest_time(user) as et`, procs()...),
		"e=bob l=bob f=bob la=bob t0=1715783839 et=1715783840")
	wantRows(t, splRun(t, `* | stats count by dest`, procs()...), "dest=ws1 count=2", "dest=ws2 count=2")
	// Null by-field rows are dropped; output sorted by BY values.
	wantRows(t, splRun(t, `* | stats count by user dest`, procs()...),
		"user=alice dest=ws1 count=1", "user=bob dest=ws1 count=1", "user=bob dest=ws2 count=1")
	// No BY and no input: one row, count 0, other aggregates null.
	wantRows(t, splRun(t, `nomatch | stats count dc(x) max(x)`, procs()...), "count=0 dc(x)=0")
	wantRows(t, splRun(t, `nomatch | stats count by user`, procs()...))
	// Multivalue by-field fans out.
	wantRows(t, splRun(t, `* | stats count by u`, ev("u", []string{"a", "b"}), ev("u", "a")), "u=a count=2", "u=b count=1")
	// count(x) counts each value of a multivalue.
	wantRows(t, splRun(t, `* | stats count(x) as n`, ev("x", "a"), ev("y", "1"), ev("x", []string{"b", "c"})), "n=3")
	// Inline eval.
	wantRows(t, splRun(t, `* | stats count(eval(bytes>9)) as big values(eval(if(user="bob",dest,null()))) as bd`, procs()...), "big=3 bd=[ws1, ws2]") // "x">9 compares as strings
	// values() byte order: "10" < "9" < "B" < "b".
	wantRows(t, splRun(t, `* | stats values(v) as v`, ev("v", "9"), ev("v", "10"), ev("v", "b"), ev("v", "B"), ev("v", "9")), "v=[10, 9, B, b]")
	wantRows(t, splRun(t, `* | stats stdev(v) as s var(v) as va median(v) as m perc90(v) as p mode(v) as mo p50(v) as p50`,
		ev("v", "2"), ev("v", "4"), ev("v", "4"), ev("v", "4"), ev("v", "5"), ev("v", "5"), ev("v", "7"), ev("v", "9")),
		"s=2.138089935299395 va=4.571428571428571 m=4.5 p=7.6 mo=4 p50=4.5")
	var many []*event.Event
	for i := range 150 {
		many = append(many, ev("v", fmt.Sprint(i)))
	}
	got := splRun(t, `* | stats list(v) as l`, many...)
	if n := got[0].Get("l").Len(); n != 100 {
		t.Errorf("list() kept %d values, want 100", n)
	}
}

func TestEventstatsStreamstats(t *testing.T) {
	wantRows(t, splRun(t, `* | eventstats count as n by dest | table user dest n`, procs()...),
		"user=bob dest=ws1 n=2", "user=alice dest=ws1 n=2", "user=bob dest=ws2 n=2", "user=null dest=ws2 n=2")
	wantRows(t, splRun(t, `* | eventstats dc(dest) as d by user | table user d`, procs()...),
		"user=bob d=2", "user=alice d=1", "user=bob d=2", "user=null d=null")
	wantRows(t, splRun(t, `* | streamstats count as n by dest | table dest n`, procs()...),
		"dest=ws1 n=1", "dest=ws1 n=2", "dest=ws2 n=1", "dest=ws2 n=2")
	wantRows(t, splRun(t, `* | streamstats current=f count as n | table n`, procs()...),
		"n=0", "n=1", "n=2", "n=3")
	wantRows(t, splRun(t, `* | streamstats window=2 sum(bytes) as s | table s`, procs()...),
		"s=10", "s=19", "s=9", "s=100")
}

func TestEvalWhereRenameTableFields(t *testing.T) {
	wantRows(t, splRun(t, `| makeresults | eval x=1+2, y=x*2, z="a".x, w=if(y>5,"big","small") | where y>5 AND isnotnull(z) | table x y z w`),
		"x=3 y=6 z=a3 w=big")
	wantRows(t, splRun(t, `| makeresults | eval a=1 | where a=2`))
	wantRows(t, splRun(t, `* | rename Processes.* as * | table dest user`,
		ev("Processes.dest", "d1", "Processes.user", "u1", "dest", "old")), "dest=d1 user=u1")
	wantRows(t, splRun(t, `* | rename *_ip as ip_*, Computer as dest | table ip_* dest`, ev("src_ip", "1", "dest_ip", "2", "Computer", "c")),
		"ip_dest=2 ip_src=1 dest=c")
	wantRows(t, splRun(t, `* | table missing user`, ev("user", "u")), "missing=null user=u")
	wantRows(t, splRun(t, `* | fields - bytes, _raw, p*`, procs()[0]), "_time=1715783842 user=bob dest=ws1")
	wantRows(t, splRun(t, `* | fields user`, procs()[0]), "user=bob _time=1715783842 _raw=r1")
}

func TestDedupSortHeadTail(t *testing.T) {
	wantRows(t, splRun(t, `* | dedup dest | table _raw`, procs()...), "_raw=r1", "_raw=r3")
	wantRows(t, splRun(t, `* | dedup user | table _raw`, procs()...), "_raw=r1", "_raw=r2")
	wantRows(t, splRun(t, `* | dedup user keepempty=true | table _raw`, procs()...), "_raw=r1", "_raw=r2", "_raw=r4")
	wantRows(t, splRun(t, `* | dedup 2 dest | table _raw`, procs()...), "_raw=r1", "_raw=r2", "_raw=r3", "_raw=r4")
	wantRows(t, splRun(t, `* | dedup consecutive=true proc | table _raw`, procs()...), "_raw=r1", "_raw=r2", "_raw=r3", "_raw=r4")
	wantRows(t, splRun(t, `* | sort bytes | table bytes`, procs()...), "bytes=9", "bytes=10", "bytes=100", "bytes=x")
	wantRows(t, splRun(t, `* | sort - bytes | table bytes`, procs()...), "bytes=x", "bytes=100", "bytes=10", "bytes=9")
	wantRows(t, splRun(t, `* | sort str(bytes) | table bytes`, procs()...), "bytes=10", "bytes=100", "bytes=9", "bytes=x")
	wantRows(t, splRun(t, `* | sort user, -bytes | table user bytes`, procs()...),
		"user=null bytes=100", "user=alice bytes=9", "user=bob bytes=x", "user=bob bytes=10")
	wantRows(t, splRun(t, `* | sort 2 bytes | table bytes`, procs()...), "bytes=9", "bytes=10")
	wantRows(t, splRun(t, `* | head 2 | table _raw`, procs()...), "_raw=r1", "_raw=r2")
	wantRows(t, splRun(t, `* | tail 2 | table _raw`, procs()...), "_raw=r4", "_raw=r3")
	wantRows(t, splRun(t, `* | reverse | head 1 | table _raw`, procs()...), "_raw=r4")

	var many []*event.Event
	for i := range DefaultSortLimit + 5 {
		many = append(many, ev("n", fmt.Sprint(i)))
	}
	if got := splRun(t, `* | sort n`, many...); len(got) != DefaultSortLimit {
		t.Errorf("sort kept %d results, want %d", len(got), DefaultSortLimit)
	}
	if got := splRun(t, `* | sort 0 n`, many...); len(got) != len(many) {
		t.Errorf("sort 0 kept %d results", len(got))
	}
	if got := splRun(t, `* | head`, many...); len(got) != 10 {
		t.Errorf("head kept %d results", len(got))
	}
}

func TestFillnullMvexpandMakemv(t *testing.T) {
	wantRows(t, splRun(t, `* | stats values(a) as a values(b) as b by k | fillnull`, ev("k", "1", "a", "x"), ev("k", "2", "b", "y")),
		"k=1 a=x b=0", "k=2 b=y a=0")
	wantRows(t, splRun(t, `* | fillnull value="Unknown" a, c | table a b c`, ev("a", "", "b", "1")), "a= b=1 c=Unknown")
	wantRows(t, splRun(t, `* | mvexpand v | table k v`, ev("k", "1", "v", []string{"a", "b"}), ev("k", "2"), ev("k", "3", "v", "c")),
		"k=1 v=a", "k=1 v=b", "k=3 v=c")
	wantRows(t, splRun(t, `* | makemv delim=" " Scope | table Scope`, ev("Scope", "a  b c")), "Scope=[a, b, c]")
	wantRows(t, splRun(t, `* | makemv delim="," allowempty=true s | table s`, ev("s", "a,,b")), "s=[a, , b]")
	wantRows(t, splRun(t, `* | makemv tokenizer="(\d+)" s | table s`, ev("s", "a1b22c333")), "s=[1, 22, 333]")
}

func TestRexRegex(t *testing.T) {
	wantRows(t, splRun(t, `* | rex field=p "(?i)\\\\(?<file>[^\\\]+\.exe)$" | table file`, ev("p", `C:\Windows\CMD.EXE`)), `file=CMD.EXE`)
	wantRows(t, splRun(t, `* | rex field=new_value max_match=10000 "\((?P<new_values>.*?)\)" | table new_values`, ev("new_value", "(A;;x)(B;;y)")),
		"new_values=[A;;x, B;;y]")
	wantRows(t, splRun(t, `* | rex max_match=100 field=aceFlags "(?P<aceFlags>[A-Z]{2})" | table aceFlags`, ev("aceFlags", "CIID")), "aceFlags=[CI, ID]")
	wantRows(t, splRun(t, `* | rex "user=(?<user>\w+)" | table user`, ev("_raw", "no match here", "user", "keep")), "user=keep")
	wantRows(t, splRun(t, `* | rex "a=(?<a>\d+)|b=(?<b>\d+)" | table a b`, ev("_raw", "b=2")), "a=null b=2")
	wantRows(t, splRun(t, `* | rex field=s mode=sed "s/o/0/g" | table s`, ev("s", "foo boo")), "s=f00 b00")
	wantRows(t, splRun(t, `* | rex field=s mode=sed "s/(o+)/[\1]/" | table s`, ev("s", "foo boo")), "s=f[oo] boo")
	wantRows(t, splRun(t, `* | rex field=s mode=sed "y/abc/xyz/" | table s`, ev("s", "aabbcc")), "s=xxyyzz")
	wantRows(t, splRun(t, `* | rex field=s "(?<w>foo)(?=bar)" | table w`, ev("s", "foobar")), "w=foo")
	wantRows(t, splRun(t, `* | regex proc="(?i)^cmd" | table _raw`, procs()...), "_raw=r1", "_raw=r3", "_raw=r4")
	wantRows(t, splRun(t, `* | regex user!="^b" | table _raw`, procs()...), "_raw=r2", "_raw=r4")
	wantRows(t, splRun(t, `* | regex "r[12]" | table _raw`, procs()...), "_raw=r1", "_raw=r2")
}

func TestBinConvertAddtotalsMakeresults(t *testing.T) {
	wantRows(t, splRun(t, `* | bucket span=5m _time | table _time`, ev("_time", 1715783842.0)), "_time=1715783700")
	wantRows(t, splRun(t, `* | bin _time span=4h | table _time`, ev("_time", 1715783842.0)), "_time=1715774400")
	wantRows(t, splRun(t, `* | bin span=1d _time as day | table day`, ev("_time", 1715783842.0)), "day=1715731200")
	wantRows(t, splRun(t, `* | bin span=10 n | table n`, ev("n", "37")), "n=30-40")
	wantRows(t, splRun(t, `* | convert ctime(t) | table t`, ev("t", "1715783842")), "t=05/15/2024 14:37:22")
	wantRows(t, splRun(t, `* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) as s | table t s`, ev("t", "already a string")), "t=already a string s=null")
	wantRows(t, splRun(t, `* | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) | convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(t) | table t`, ev("t", "1715783842.123")), "t=2024-05-15T14:37:22")
	wantRows(t, splRun(t, `* | convert timeformat="%Y-%m-%d" mktime(d) dur2sec(du) | table d du`, ev("d", "2024-05-15", "du", "1+01:01:01")), "d=1715731200 du=90061")
	wantRows(t, splRun(t, `* | addtotals fieldname=Score DoIt, enccom, suspcmdlet | table Score`, ev("DoIt", "4", "enccom", "0", "x", "7")), "Score=4")
	wantRows(t, splRun(t, `* | addtotals | table Total`, ev("a", "1", "b", "2.5", "c", "z")), "Total=3.5")
	wantRows(t, splRun(t, `| makeresults count=2 | eval n=1`), "_time=1715783842 n=1", "_time=1715783842 n=1")
}

func TestSearchMidPipeline(t *testing.T) {
	wantRows(t, splRun(t, `* | stats count by proc | search proc=cmd*`, procs()...), "proc=CMD.EXE count=1", "proc=cmd.exe count=2")
	// A bare term on rows without _raw tests field values [BELIEF].
	wantRows(t, splRun(t, `* | stats count by proc | search powershell`, procs()...), "proc=powershell.exe count=1")
}

func TestSearchTimeModifiers(t *testing.T) {
	events := []*event.Event{ev("_time", 1715783842.0, "n", "now"), ev("_time", 1715779620.0, "n", "70m"), ev("_time", 1715600000.0, "n", "old")}
	wantRows(t, splRun(t, `earliest=-70m@m latest=now | table n`, events...), "n=70m")
	wantRows(t, splRun(t, `earliest=-1d | table n`, events...), "n=now", "n=70m")
	if _, err := splRunErr(`a=1 OR earliest=-1d`, events...); !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("earliest under OR: err = %v", err)
	}
	if _, err := splRunErr(`earliest=-1zz`, events...); !errors.Is(err, source.ErrSyntax) {
		t.Errorf("bad modifier: err = %v", err)
	}
}

func TestUnsupportedCommand(t *testing.T) {
	text := `index=main | stats count | apply app_model`
	if _, err := splRunErr(`| mstats avg(cpu) where index=metrics`); !errors.Is(err, source.ErrUnsupported) || !strings.Contains(err.Error(), "metrics indexes") {
		t.Errorf("mstats: err = %v", err)
	}
	_, err := splRunErr(text)
	var d *source.Diagnostic
	if !errors.As(err, &d) || !errors.Is(err, source.ErrUnsupported) {
		t.Fatalf("err = %v, want an ErrUnsupported diagnostic", err)
	}
	if !strings.Contains(d.Msg, `command "apply" needs a model of the Splunk Machine Learning Toolkit app`) || int(d.Span.Start) != strings.Index(text, "apply") {
		t.Errorf("diagnostic = %q at %v", d.Msg, d.Span)
	}
	_, err = splRunErr(`* | eval x=nosuchfn(1)`)
	if !errors.Is(err, source.ErrUnsupported) || !strings.Contains(err.Error(), "nosuchfn") {
		t.Errorf("unknown function: %v", err)
	}
	_, err = splRunErr(`* | stats foo(x)`)
	if !errors.Is(err, source.ErrUnsupported) {
		t.Errorf("unknown stats function: %v", err)
	}
}

func TestMemoryBudget(t *testing.T) {
	f := source.NewFile("search", `* | sort n`)
	p, err := parse.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := Compile(p, Env{Now: testNow, File: f, MemoryLimit: 2000})
	if err != nil {
		t.Fatal(err)
	}
	var many []*event.Event
	for i := range 100 {
		many = append(many, ev("n", fmt.Sprint(i)))
	}
	_, err = prog.Run(context.Background(), many)
	if !errors.Is(err, source.ErrLimit) || !strings.Contains(err.Error(), "sort: memory budget") {
		t.Errorf("err = %v, want a sort budget error", err)
	}
	// Each run has its own budget: a small input still fits.
	if _, err := prog.Run(context.Background(), many[:2]); err != nil {
		t.Errorf("small run: %v", err)
	}
}

func TestRunDoesNotModifyInput(t *testing.T) {
	in := procs()
	before := rows(in)
	splRun(t, `* | eval user=upper(user) | rename dest as d | fields - bytes`, in...)
	if after := rows(in); strings.Join(after, "\n") != strings.Join(before, "\n") {
		t.Errorf("input changed:\n%s", joinLines(after))
	}
}

func TestCancel(t *testing.T) {
	f := source.NewFile("search", `* | stats count`)
	p, _ := parse.Parse(f)
	prog, err := Compile(p, Env{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := prog.Run(ctx, procs()); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestReplace(t *testing.T) {
	wantRows(t, splRun(t, `* | replace "*.local" WITH "*", "N/A" WITH "" IN host*, user | table host hostname user`,
		ev("host", "dc1.local", "hostname", "ws.LOCAL", "user", "N/A")), "host=dc1 hostname=ws.LOCAL user=")
}
