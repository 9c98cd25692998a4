package lookup

import (
	"reflect"
	"testing"

	"github.com/riskhound/riskhound/internal/value"
)

func TestParseMatchType(t *testing.T) {
	w, c, err := ParseMatchType("WILDCARD(a),WILDCARD(b), CIDR(ip)")
	if err != nil || !reflect.DeepEqual(w, []string{"a", "b"}) || !reflect.DeepEqual(c, []string{"ip"}) {
		t.Errorf("got %v %v %v", w, c, err)
	}
	if _, _, err := ParseMatchType("REGEX(a)"); err == nil {
		t.Error("REGEX(a): want error")
	}
	if _, _, err := ParseMatchType("WILDCARD a"); err == nil {
		t.Error("no parentheses: want error")
	}
}

func in(col string, vs ...string) []Input { return []Input{{Column: col, Values: vs}} }

func TestLookupModes(t *testing.T) {
	rows := func() [][]string {
		return [][]string{
			{"eventvwr.exe", `c:\windows\system32\*`, "TRUE", "10.0.0.0/8"},
			{"Cmd.exe", `*\cmd.exe`, "TRUE", "192.168.1.5"},
			{"cmd.exe", "", "", "bad"},
		}
	}
	cols := []string{"name", "path", "flag", "net"}
	cases := []struct {
		label  string
		cfg    Config
		inputs []Input
		out    string
		want   value.Value
		ok     bool
	}{
		{"exact is case-sensitive by default", Config{}, in("name", "cmd.exe"), "name", value.Str("cmd.exe"), true},
		{"case-insensitive gives every row in file order", Config{CaseInsensitive: true}, in("name", "CMD.EXE"), "name", value.MV([]string{"Cmd.exe", "cmd.exe"}), true},
		{"empty cells are not output", Config{CaseInsensitive: true}, in("name", "cmd.exe"), "flag", value.Str("TRUE"), true},
		{"no match writes nothing", Config{}, in("name", "x.exe"), "flag", value.NullValue, false},
		{"min_matches gives default_match", Config{MinMatches: 1, DefaultMatch: "false"}, in("name", "x.exe"), "flag", value.Str("false"), true},
		{"missing input writes nothing even with min_matches", Config{MinMatches: 1, DefaultMatch: "false"}, in("name"), "flag", value.NullValue, false},
		{"wildcard case-insensitive", Config{CaseInsensitive: true, Wildcard: []string{"path"}}, in("path", `C:\Windows\System32\eventvwr.exe`), "name", value.Str("eventvwr.exe"), true},
		{"wildcard case-sensitive misses", Config{Wildcard: []string{"path"}}, in("path", `C:\Windows\System32\eventvwr.exe`), "name", value.NullValue, false},
		{"wildcard suffix", Config{Wildcard: []string{"path"}}, in("path", `d:\tools\cmd.exe`), "name", value.Str("Cmd.exe"), true},
		{"wildcard column unused as literal elsewhere", Config{}, in("path", `d:\tools\cmd.exe`), "name", value.NullValue, false},
		{"cidr range", Config{CIDR: []string{"net"}}, in("net", "10.1.2.3"), "name", value.Str("eventvwr.exe"), true},
		{"cidr bare address", Config{CIDR: []string{"net"}}, in("net", "192.168.1.5"), "name", value.Str("Cmd.exe"), true},
		{"cidr non-ip value", Config{CIDR: []string{"net"}}, in("net", "bad"), "name", value.NullValue, false},
		{"max_matches", Config{CaseInsensitive: true, MaxMatches: 1}, in("name", "cmd.exe"), "name", value.Str("Cmd.exe"), true},
		{"multivalue input", Config{}, in("name", "nope", "eventvwr.exe", "cmd.exe"), "name", value.MV([]string{"eventvwr.exe", "cmd.exe"}), true},
		{"two inputs must both match", Config{CaseInsensitive: true, Wildcard: []string{"path"}}, []Input{{"name", []string{"cmd.exe"}}, {"path", []string{`x\cmd.exe`}}}, "flag", value.Str("TRUE"), true},
		{"unknown input column", Config{}, in("nope", "x"), "name", value.NullValue, false},
	}
	for _, c := range cases {
		t.Run(c.label, func(t *testing.T) {
			tab := New("t", cols, rows(), c.cfg)
			vals, ok := tab.Lookup(c.inputs, []string{c.out})
			if ok != c.ok {
				t.Fatalf("ok = %v, want %v", ok, c.ok)
			}
			if !ok {
				return
			}
			if !value.Equal(vals[0], c.want) {
				t.Errorf("%s = %v, want %v", c.out, vals[0], c.want)
			}
		})
	}
}

func TestRaggedRows(t *testing.T) {
	tab := New("t", []string{"a", "b"}, [][]string{{"1"}, {"2", "x", "extra"}}, Config{})
	if got := tab.Row(0); len(got) != 2 || got[1] != "" {
		t.Errorf("short row = %q", got)
	}
	if got := tab.Row(1); len(got) != 2 {
		t.Errorf("long row = %q", got)
	}
	if vals, ok := tab.Lookup(in("a", "2"), []string{"b", "zzz"}); !ok || vals[0].Text() != "x" || !vals[1].IsNull() {
		t.Errorf("lookup = %v %v", vals, ok)
	}
}

func TestGlob(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{"abc", "abc", true}, {"a*", "abc", true}, {"*c", "abc", true}, {"a*c", "ac", true},
		{"a*b*c", "axxbyyc", true}, {"a*b*c", "axxc", false}, {"*", "", true}, {"ab*ba", "aba", false},
	}
	for _, c := range cases {
		if got := compileGlob(c.pat).match(c.s); got != c.want {
			t.Errorf("glob %q ~ %q = %v, want %v", c.pat, c.s, got, c.want)
		}
	}
}
