package evtx

import (
	"encoding/xml"
	"fmt"
	"io"
	"os/exec"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// TestCorpusLibevtx compares the XML rendering (_raw) of corpus records with
// libevtx's `evtxexport -f xml` (Debian package libevtx-utils), element by
// element: names, attributes and leaf text. It is skipped when evtxexport is
// not installed. libevtx differs from Windows in two documented ways that are
// normalized: it pads hex integers (0x00000000000003e7 for 0x3e7) and writes
// 9 fractional digits in times (.561587600Z for .5615876Z). Records that
// either XML parser rejects (control characters in values) are not compared.
func TestCorpusLibevtx(t *testing.T) {
	if _, err := exec.LookPath("evtxexport"); err != nil {
		t.Skip("evtxexport (libevtx-utils) not installed")
	}
	allow := loadAllowance(t)
	var mis []string
	compared, skipped := 0, 0
	files := corpusFiles(t)
	if testing.Short() {
		files = files[:min(len(files), 40)]
	}
	for _, path := range files {
		out, err := exec.Command("evtxexport", "-f", "xml", path).Output()
		if err != nil {
			t.Logf("%s: evtxexport: %v", path, err)
			continue
		}
		theirs := eventXML.FindAllString(string(out), -1)
		evs, _ := readAll(t, path, Options{})
		if len(theirs) != len(evs) {
			mis = append(mis, fmt.Sprintf("%s: %d records, libevtx %d", path, len(evs), len(theirs)))
			continue
		}
		for i, e := range evs {
			a, errA := canonicalXML(e.Get(event.Raw).Text())
			b, errB := canonicalXML(theirs[i])
			if errA != nil || errB != nil {
				skipped++
				continue
			}
			compared++
			if a != b {
				mis = append(mis, fmt.Sprintf("%s: record %s:\n ours    %s\n libevtx %s", path, e.Get("EventRecordID").Text(), a, b))
			}
		}
	}
	t.Logf("%d records compared with libevtx, %d not parseable as XML", compared, skipped)
	checkAllowance(t, "libevtx", mis, allow.libevtx)
}

var (
	eventXML  = regexp.MustCompile(`(?s)<Event xmlns.*?</Event>`)
	paddedHex = regexp.MustCompile(`^0x0+([0-9a-f])`)
	nineDigit = regexp.MustCompile(`^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7})00Z$`)
)

func normalizeLibevtx(s string) string {
	s = paddedHex.ReplaceAllString(s, "0x$1")
	return nineDigit.ReplaceAllString(s, "${1}Z")
}

// canonicalXML renders an XML document as one line of elements with sorted
// attributes and leaf text only (white space between elements dropped).
func canonicalXML(doc string) (string, error) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	var b strings.Builder
	var text strings.Builder
	children := []bool{false}
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			children[len(children)-1] = true
			children = append(children, false)
			text.Reset()
			attrs := make([]string, 0, len(tk.Attr))
			for _, a := range tk.Attr {
				attrs = append(attrs, a.Name.Local+"="+normalizeLibevtx(a.Value))
			}
			sort.Strings(attrs)
			fmt.Fprintf(&b, "<%s %s>", tk.Name.Local, strings.Join(attrs, " "))
		case xml.CharData:
			text.Write(tk)
		case xml.EndElement:
			if !children[len(children)-1] {
				b.WriteString(normalizeLibevtx(text.String()))
			}
			children = children[:len(children)-1]
			text.Reset()
			fmt.Fprintf(&b, "</%s>", tk.Name.Local)
		}
	}
}
