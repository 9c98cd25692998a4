package sigma

import (
	"testing"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/parse"
)

// FuzzParse: any input either fails cleanly or compiles to SPL the parser
// accepts.
func FuzzParse(f *testing.F) {
	f.Add("title: t\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    sel:\n        Image|endswith: '\\x.exe'\n    condition: sel\n")
	f.Add("title: t\nlogsource: {product: windows, service: security}\ndetection:\n    a: {EventID: [4624, 4625]}\n    b: [x, 'y*z']\n    condition: a and not 1 of b*\n")
	f.Add("logsource: {product: windows, service: system}\ndetection:\n    s: {F|re|i: 'a(b|c)\"', G|cidr: '10.0.0.0/8', H|contains|all|windash: ['-a', '/b']}\n    condition: (s)\n")
	f.Fuzz(func(t *testing.T, text string) {
		r, err := Parse(source.NewFile("f.yml", text))
		if err != nil || r.Err != nil {
			return
		}
		if _, err := parse.Parse(source.NewFile("spl", r.SPL)); err != nil {
			t.Fatalf("compiled SPL does not parse: %v\n%s", err, r.SPL)
		}
	})
}
