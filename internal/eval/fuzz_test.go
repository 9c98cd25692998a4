package eval

import (
	"testing"
	"unicode/utf8"
)

// FuzzRegex compiles arbitrary patterns as rex, regex, match and replace do
// and runs them on arbitrary input: no panic, no hang (the backtracking
// engine has a match timeout), and match results are consistent.
func FuzzRegex(f *testing.F) {
	for _, s := range [][2]string{
		{`(?i)-enc(odedcommand)?\s`, "powershell -EncodedCommand abc"},
		{`\((?P<new_values>.*?)\)`, "(A;;x)(B;;y)"},
		{`(?<user>[^\\]+)$`, `CORP\bob`},
		{`^(?!.*\.exe$).*`, "a.dll"},
		{`(\w+)\s\1`, "hello hello"},
		{`(a+)+$`, "aaaaaaaaaaaaaaaaaaaaaaaaaaaa!"},
		{`[`, "x"},
		{`(?<=\\)\w+`, `C:\Windows\cmd.exe`},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, input string) {
		if len(pattern) > 200 || len(input) > 2000 {
			return
		}
		re, err := CompileRegex(pattern)
		if err != nil {
			return
		}
		matched := re.MatchString(input)
		locs := re.FindAll(input, 10)
		if matched != (len(locs) > 0) && re.std != nil {
			t.Errorf("MatchString=%v but FindAll found %d matches", matched, len(locs))
		}
		prev := 0
		for _, loc := range locs {
			if len(loc) < 2 || loc[0] < prev || loc[0] > loc[1] || loc[1] > len(input) {
				t.Fatalf("bad match location %v in %d bytes", loc, len(input))
			}
			prev = loc[0]
		}
		out := re.ReplaceAll(input, `\1<>`)
		if utf8.ValidString(input) && utf8.ValidString(pattern) && !utf8.ValidString(out) && re.std != nil {
			t.Errorf("replace produced invalid UTF-8 from valid input: %q", out)
		}
		_ = re.Names()
	})
}
