package eval

import "testing"

func TestRegexFallback(t *testing.T) {
	cases := []struct {
		pat, s string
		want   bool
	}{
		{`(?P<x>a)(?=b)`, "ab", true},        // Python-style name + lookahead
		{`(?<x>a)(?!b)`, "ab", false},        // negative lookahead
		{`(?<!\/)\b\w+:\w+$`, "c:ads", true}, // lookbehind (ESCU ADS detection)
		{`a++b`, "aab", true},                // possessive
		{`\x{202E}`, "a\u202eb", true},
		{`abc\Z`, "xabc\n", true},
		{`(?i)^CMD`, "cmd.exe", true},
	}
	for _, c := range cases {
		re, err := CompileRegex(c.pat)
		if err != nil {
			t.Errorf("CompileRegex(%q): %v", c.pat, err)
			continue
		}
		if got := re.MatchString(c.s); got != c.want {
			t.Errorf("%q on %q = %v, want %v", c.pat, c.s, got, c.want)
		}
	}
	re, err := CompileRegex(`(?P<first>\w+)@(?<dom>[\w.]+)(?=>)`)
	if err != nil {
		t.Fatal(err)
	}
	ms := re.FindAll("<bob@x.org> <eve@ünï.de>", -1)
	names := re.Names()
	if len(ms) != 2 || names[1] != "first" || names[2] != "dom" {
		t.Fatalf("matches %v names %v", ms, names)
	}
	s := "<bob@x.org> <eve@ünï.de>"
	if got := s[ms[1][4]:ms[1][5]]; got != "ünï.de" {
		t.Errorf("rune offsets not mapped to bytes: %q", got)
	}
	if got := re.ReplaceAll(s, `\2`); got != "<x.org> <ünï.de>" {
		t.Errorf("ReplaceAll = %q", got)
	}
}
