package parse

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

var errorMarker = regexp.MustCompile(`/\* ERROR "((?:[^"\\]|\\.)*)" \*/`)

// TestErrorMarkers runs testdata/errors.spl: each line's diagnostics must be
// exactly the marked ones, at the marked offsets.
func TestErrorMarkers(t *testing.T) {
	fh, err := os.Open("testdata/errors.spl")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		type want struct {
			at int
			rx *regexp.Regexp
		}
		var wants []want
		var b strings.Builder
		last := 0
		for _, m := range errorMarker.FindAllStringSubmatchIndex(text, -1) {
			b.WriteString(text[last:m[0]])
			rx := strings.NewReplacer(`\"`, `"`).Replace(text[m[2]:m[3]])
			wants = append(wants, want{b.Len(), regexp.MustCompile(rx)})
			last = m[1]
		}
		b.WriteString(text[last:])
		src := b.String()
		_, err := Parse(source.NewFile("errors.spl", src))
		var got source.List
		if err != nil {
			got = err.(source.List)
		}
		if len(got) != len(wants) {
			t.Errorf("line %d: %q: got %d diagnostics, want %d:\n%v", line, src, len(got), len(wants), err)
			continue
		}
		for i, d := range got {
			if int(d.Span.Start) != wants[i].at || !wants[i].rx.MatchString(d.Msg) {
				t.Errorf("line %d: diagnostic %d is %q at offset %d, want /%s/ at %d\n%s",
					line, i, d.Msg, d.Span.Start, wants[i].rx, wants[i].at, d.Render())
			}
		}
	}
}
