package ast

import "testing"

func TestFindOption(t *testing.T) {
	opts := []*Option{{Key: "max_match", Value: "1"}, {Key: "field", Value: "x"}, {Key: "MAX_MATCH", Value: "0"}}
	if o := FindOption(opts, "max_match"); o == nil || o.Value != "0" {
		t.Errorf("FindOption(max_match) = %+v, want the last one, 0", o)
	}
	if o := FindOption(opts, "mode"); o != nil {
		t.Errorf("FindOption(mode) = %+v, want nil", o)
	}
}

func TestSearchValueQuoting(t *testing.T) {
	f := func(text string, want string) {
		t.Helper()
		if got := (&SearchValue{Text: text}).String(); got != want {
			t.Errorf("SearchValue{%q} prints %s, want %s", text, got, want)
		}
	}
	f("cmd.exe", "cmd.exe")
	f("in", `"in"`)
	f("IN", `"IN"`)
	f(`C:\x`, `"C:\\x"`)
	f("a b", `"a b"`)
	f("Search", `"Search"`)
}

func TestPipelineEmptyLeadingSearch(t *testing.T) {
	p := &Pipeline{Commands: []Command{&SearchCommand{}, &ReverseCommand{}}}
	if got := p.String(); got != "search | reverse" {
		t.Errorf("got %q", got)
	}
	p = &Pipeline{Commands: []Command{&SearchCommand{}}}
	if got := p.String(); got != "" {
		t.Errorf("got %q", got)
	}
}
