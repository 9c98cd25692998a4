package sigma

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

func compileRule(t *testing.T, logsource, detection string) *Rule {
	t.Helper()
	text := "title: T\nid: 1\nlogsource:\n    product: windows\n" + logsource + "detection:\n" + detection
	r, err := Parse(source.NewFile("t.yml", text))
	if err != nil {
		t.Fatal(err)
	}
	if r.Err != nil {
		t.Fatalf("compile: %v", r.Err)
	}
	if _, err := parse.Parse(source.NewFile("spl", r.SPL)); err != nil {
		t.Fatalf("SPL does not parse: %v\n%s", err, r.SPL)
	}
	return r
}

// The compiled SPL is what `validate` and users see; these pin its shape:
// routing constraints first, then the selections, then the columns that
// put the rule's fields first.
func TestCompiledSPL(t *testing.T) {
	tests := []struct{ logsource, detection, want string }{
		{"    category: image_load\n", "    sel:\n        ImageLoaded|endswith: '\\dbghelp.dll'\n    condition: sel\n",
			`search source="XmlWinEventLog:Microsoft-Windows-Sysmon/Operational" EventCode="7" ImageLoaded="*\\dbghelp.dll" | table _time, host, EventCode, ImageLoaded, * | fields - _raw`},
		// not binds tighter than and, and tighter than or.
		{"    service: security\n", "    a:\n        EventID: 4624\n    b:\n        LogonType: 3\n    c:\n        TargetUserName: 'x'\n    condition: a or not b and c\n",
			`search source="XmlWinEventLog:Security" (EventCode="4624" OR (NOT LogonType="3" TargetUserName="x")) | table _time, host, EventCode, LogonType, TargetUserName, * | fields - _raw`},
		// Security 4688 gets its own branch with its field names.
		{"    category: process_creation\n", "    sel:\n        Image|endswith: '\\whoami.exe'\n    condition: sel\n",
			`search source IN ("XmlWinEventLog:Microsoft-Windows-Sysmon/Operational", "XmlWinEventLog:Security") EventCode IN ("1", "4688") ` +
				`((EventCode="1" Image="*\\whoami.exe") OR (EventCode="4688" NewProcessName="*\\whoami.exe")) | table _time, host, EventCode, Image, NewProcessName, * | fields - _raw`},
		// A regular expression moves the logic into where.
		{"    service: system\n", "    sel:\n        ImagePath|re: '^%COMSPEC%'\n    condition: sel\n",
			`search source="XmlWinEventLog:System" | where (isnotnull(ImagePath) AND match(ImagePath, "^%COMSPEC%")) | table _time, host, EventCode, ImagePath, * | fields - _raw`},
		// Conjuncts the search language can say stay in the search; the
		// rest goes to where.
		{"    service: system\n", "    sel:\n        EventID: 7045\n    filter:\n        ImagePath|re: '^C:'\n    condition: sel and not filter\n",
			`search source="XmlWinEventLog:System" EventCode="7045" | where NOT (isnotnull(ImagePath) AND match(ImagePath, "^C:")) | table _time, host, EventCode, ImagePath, * | fields - _raw`},
	}
	for _, tc := range tests {
		if got := compileRule(t, tc.logsource, tc.detection).SPL; got != tc.want {
			t.Errorf("SPL:\n got %s\nwant %s", got, tc.want)
		}
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct{ in, want string }{
		{`C:\Windows\\*.exe`, `lit(C:\Windows\) * lit(.exe)`},
		{`C:\Windows\*.exe`, `lit(C:\Windows*.exe)`}, // Sigma: \* is a literal star
		{`a\*b`, `lit(a*b)`},
		{`a\?b?`, `lit(a?b) ?`},
		{`a\\*`, `lit(a\) *`},
		{`\\server\share`, `lit(\server\share)`}, // \\ is one backslash
	}
	for _, tc := range tests {
		var parts []string
		for _, p := range parseValue(tc.in) {
			if p.wild != 0 {
				parts = append(parts, string(p.wild))
			} else {
				parts = append(parts, "lit("+p.lit+")")
			}
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("parseValue(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// Each base64offset form must occur in the encoding of the value placed at
// any offset inside other text, whatever the neighbouring bytes are.
func TestBase64Offsets(t *testing.T) {
	for _, s := range []string{"a", "ab", "abc", "Net.WebClient", "http://"} {
		forms := base64Offsets(s)
		for pre := 0; pre < 6; pre++ {
			for _, fill := range []string{"\x00", "Z", "\xff"} {
				enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat(fill, pre) + s + strings.Repeat(fill, 4)))
				found := false
				for _, f := range forms {
					if f != "" && strings.Contains(enc, f) {
						found = true
					}
				}
				if !found && len(s) >= 3 {
					t.Errorf("%q at offset %d (fill %q): none of %v in %s", s, pre, fill, forms, enc)
				}
			}
		}
	}
}

func TestWindash(t *testing.T) {
	if got := windash("cmd -a /b x-y", "\u2013"); got != "cmd \u2013a \u2013b x-y" {
		t.Errorf("windash = %q", got)
	}
}

func TestAttackIDs(t *testing.T) {
	r := &Rule{Tags: []string{"attack.execution", "attack.t1059.001", "attack.T1027", "cve.2021-44228", "attack.g0016"}}
	if got := strings.Join(r.AttackIDs(), ","); got != "T1059.001,T1027" {
		t.Errorf("AttackIDs = %s", got)
	}
}

// Files that are not rules fail; rules that cannot compile are returned with
// Err so they can be listed.
func TestParseErrors(t *testing.T) {
	if _, err := Parse(source.NewFile("x.yml", "title: x\n")); err == nil || !strings.Contains(err.Error(), "no detection") {
		t.Errorf("no detection: %v", err)
	}
	if _, err := Parse(source.NewFile("x.yml", "title: [x\n")); err == nil {
		t.Errorf("bad YAML: no error")
	}
	r, err := Parse(source.NewFile("x.yml", "title: c\ncorrelation:\n    type: event_count\n"))
	if err != nil || r.Err == nil || !strings.Contains(r.Err.Error(), "correlation rules are not supported") {
		t.Errorf("correlation: %v %v", err, r)
	}
}
