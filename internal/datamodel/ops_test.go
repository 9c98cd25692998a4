package datamodel

import (
	"testing"

	"github.com/riskhound/riskhound/internal/value"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

func TestCommandLine(t *testing.T) {
	f := func(cmd, image, want string) {
		t.Helper()
		c, i := value.NullValue, value.NullValue
		if cmd != "" {
			c = value.Str(cmd)
		}
		if image != "" {
			i = value.Str(image)
		}
		if got := commandLine(c, i).Text(); got != want {
			t.Errorf("commandLine(%q, %q) = %q, want %q", cmd, image, got, want)
		}
	}
	f(`whoami /all`, `C:\Windows\System32\whoami.exe`, `C:\Windows\System32\whoami.exe /all`)
	f(`  whoami   /all`, `C:\Windows\System32\whoami.exe`, `C:\Windows\System32\whoami.exe /all`)
	f(`C:\x\a.exe -p`, `C:\Windows\a.exe`, `C:\x\a.exe -p`)
	f(`"C:\x y\a.exe" -p`, `C:\x y\a.exe`, `"C:\x y\a.exe" -p`)
	f(`"a.exe" -p`, `C:\x y\a.exe`, `"C:\x y\a.exe" -p`)
	f(`"unterminated -p`, `C:\a.exe`, `C:\a.exe`)
	f(``, `C:\a.exe`, `C:\a.exe`)
	f(`a.exe -p`, ``, `a.exe -p`)
}

func TestProcessNameFromCommand(t *testing.T) {
	for in, want := range map[string]string{
		`"C:\Program Files\App\app.exe" -x "C:\y\z.exe"`: "app.exe",
		`C:\Windows\System32\cmd.exe /c dir`:             "cmd.exe",
		`cmd.exe`:                                        "cmd.exe",
		`/usr/bin/bash -c id`:                            "bash",
		`""`:                                             "",
	} {
		got, ok := processNameFromCommand(in)
		if got != want || ok != (want != "") {
			t.Errorf("processNameFromCommand(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

func TestDNSAnswers(t *testing.T) {
	for in, want := range map[string]string{
		"type:  5 edge.example.net;::ffff:1.2.3.4;": "[edge.example.net, 1.2.3.4]",
		"::ffff:10.0.0.1;":                          "10.0.0.1",
		"-":                                         "null",
		"type:  33 srv.example;type:  28 fe80::1;x.y.z;": "[srv.example, fe80::1, x.y.z]",
	} {
		if got := dnsAnswers(value.Str(in)).String(); got != want {
			t.Errorf("dnsAnswers(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestGlobFold(t *testing.T) {
	for _, tc := range []struct {
		p, s string
		want bool
	}{
		{"success", "SUCCESS", true},
		{"*$", "DC01$", true},
		{"*$", "DC01", false},
		{"*", "", true},
		{"a*b*c", "AxxBxxC", true},
		{"a*b*c", "AxxBxx", false},
		{"*\\schedule\\*", `HKLM\SOFTWARE\Schedule\x`, true},
		{"ab*ba", "aba", false},
	} {
		if got := globFold(tc.p, tc.s); got != tc.want {
			t.Errorf("globFold(%q, %q) = %v", tc.p, tc.s, got)
		}
	}
}

func TestVendorProduct(t *testing.T) {
	s, n := value.Str, value.NullValue
	for _, tc := range []struct {
		v, p, st value.Value
		want     string
	}{
		{s("Microsoft"), s("Windows"), s("x"), "Microsoft Windows"},
		{s("Microsoft"), s("unknown"), s("x"), "Microsoft unknown"},
		{n, s("Sysmon"), s("x"), "unknown Sysmon"},
		{n, n, s("XmlWinEventLog"), "XmlWinEventLog"},
		{n, n, n, ""},
	} {
		if got := vendorProduct(tc.v, tc.p, tc.st).Text(); got != tc.want {
			t.Errorf("vendorProduct(%v, %v, %v) = %q, want %q", tc.v, tc.p, tc.st, got, tc.want)
		}
	}
}

// FuzzDefinitions feeds arbitrary text to the definition loader: it must
// return definitions or diagnostics, never panic.
func FuzzDefinitions(f *testing.F) {
	for _, dir := range []string{"builtin/models", "builtin/mappings"} {
		entries, _ := builtinFS.ReadDir(dir)
		for _, e := range entries {
			data, _ := builtinFS.ReadFile(dir + "/" + e.Name())
			f.Add(string(data))
		}
	}
	f.Add("model: X\ndatasets: [{name: A, parent: A}]")
	f.Add("mapping: m\nsources: [s]\nevents: [{codes: [1], fields: [{field: a, regex: {from: b, pattern: '['}}]}]")
	f.Fuzz(func(t *testing.T, text string) {
		r := New()
		fsrc := newTestFile("fuzz.yaml", text)
		n, err := yamlnode.ParseAnchored(fsrc)
		if err != nil {
			return
		}
		d := &decoder{f: fsrc, r: r}
		if n.Get("model") != nil {
			d.decodeModel(n)
		} else {
			d.decodeMapping(n)
		}
		for _, e := range d.errs {
			_ = e.Render()
		}
	})
}
