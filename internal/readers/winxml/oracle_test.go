package winxml

import (
	"encoding/xml"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// xnode is a generic element decoded by encoding/xml, the test oracle.
type xnode struct {
	XMLName xml.Name
	Attrs   []xml.Attr `xml:",any,attr"`
	Text    string     `xml:",chardata"`
	Inner   string     `xml:",innerxml"`
	Nodes   []xnode    `xml:",any"`
}

// oracleFields extracts the fields.md fields of one event with encoding/xml.
// encoding/xml decodes entities, so values are compared after decoding ours.
func oracleFields(t *testing.T, raw string) map[string][]string {
	t.Helper()
	var ev xnode
	if err := xml.Unmarshal([]byte(raw), &ev); err != nil {
		t.Fatalf("oracle cannot decode %.80q: %v", raw, err)
	}
	out := map[string][]string{}
	add := func(k, v string) {
		if v != "" {
			out[k] = append(out[k], v)
		}
	}
	for _, sec := range ev.Nodes {
		switch sec.XMLName.Local {
		case "System":
			for _, c := range sec.Nodes {
				for _, a := range c.Attrs {
					if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" {
						continue
					}
					add(a.Name.Local, a.Value)
					if a.Name.Local == "UserID" {
						add("user_id", a.Value)
					}
				}
				if len(c.Nodes) == 0 {
					add(c.XMLName.Local, c.Text)
					switch c.XMLName.Local {
					case "EventID":
						add("EventCode", c.Text)
					case "Computer":
						add("host", c.Text)
					case "Channel":
						add("source", "XmlWinEventLog:"+c.Text)
					}
				}
			}
		case "EventData":
			for _, c := range sec.Nodes {
				name := c.XMLName.Local
				for _, a := range c.Attrs {
					if name == "Data" && a.Name.Local == "Name" && a.Value != "" {
						name = a.Value
					}
				}
				add(event.CleanKey(name), c.Text)
			}
		case "UserData":
			add("UserData_Xml", sec.Inner)
			var leaves func(n xnode, depth int)
			leaves = func(n xnode, depth int) {
				for _, c := range n.Nodes {
					if len(c.Nodes) == 0 && depth >= 1 {
						add(c.XMLName.Local, c.Text)
					}
					leaves(c, depth+1)
				}
			}
			leaves(sec, 0)
		case "RenderingInfo":
			for _, c := range sec.Nodes {
				if c.XMLName.Local == "Message" {
					add("Message", c.Text)
				}
			}
		}
	}
	return out
}

// unescape decodes the entities our reader keeps as written.
func unescape(s string) string {
	var v struct {
		S string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte("<a>"+s+"</a>"), &v); err != nil {
		return s
	}
	return v.S
}

func checkOracle(t *testing.T, evs []*event.Event) {
	t.Helper()
	meta := map[string]bool{event.Time: true, event.Raw: true, event.Sourcetype: true, event.Index: true}
	for _, e := range evs {
		raw := e.Get(event.Raw).Text()
		want := oracleFields(t, raw)
		got := map[string][]string{}
		for _, f := range e.Fields {
			if meta[f.Name] {
				continue
			}
			for _, v := range f.Value.Values() {
				if f.Name != "UserData_Xml" {
					v = unescape(v)
				}
				got[f.Name] = append(got[f.Name], v)
			}
		}
		if g, w := fmt.Sprint(got), fmt.Sprint(want); g != w {
			t.Errorf("event %.80q:\n got %s\nwant %s", raw, g, w)
		}
	}
}

func TestOracleFixture(t *testing.T) {
	evs, _ := readAll(t, fixture(t, "mixed.log"), chunkSize)
	checkOracle(t, evs)
}

// TestOracleRandom compares the scanner with encoding/xml on generated events
// with random quoting, whitespace, entities and optional sections.
func TestOracleRandom(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	var b strings.Builder
	for i := range 300 {
		b.WriteString(genEvent(rng, i))
		switch rng.Intn(3) {
		case 0:
			b.WriteString("\n")
		case 1:
			b.WriteString("\r\n\t ")
		}
	}
	text := b.String()
	for _, size := range []int{17, chunkSize} {
		evs, probs := readAll(t, text, size)
		if len(evs) != 300 || len(probs) != 0 {
			t.Fatalf("size %d: %d events, problems %v", size, len(evs), probs)
		}
		checkOracle(t, evs)
	}
}

var texts = []string{
	"plain", "a &amp; b", "&quot;quoted&quot;", "x &lt; y &gt; z", "multi\nline\r\ntext", "tab\there",
	"it&apos;s", "&#x41;&#66;", "caf\u00e9 \u65e5\u672c", "C:\\Windows\\System32\\cmd.exe", "",
}

func genEvent(rng *rand.Rand, i int) string {
	q := "'"
	if rng.Intn(2) == 0 {
		q = `"`
	}
	attr := func(n, v string) string { return " " + n + "=" + q + v + q }
	sp := func() string { return []string{"", "", "\n  ", " "}[rng.Intn(4)] }
	pick := func() string { return texts[rng.Intn(len(texts))] }
	var b strings.Builder
	b.WriteString("<Event" + attr("xmlns", "http://schemas.microsoft.com/win/2004/08/events/event") + ">" + sp() + "<System>")
	b.WriteString(sp() + "<Provider" + attr("Name", "Microsoft-Windows-PowerShell") + attr("Guid", "{a0c1853b}") + "/>")
	b.WriteString(sp() + fmt.Sprintf("<EventID>%d</EventID>", 4100+rng.Intn(10)))
	b.WriteString(sp() + "<Opcode>15</Opcode><Keywords>0x0</Keywords>")
	b.WriteString(sp() + "<TimeCreated" + attr("SystemTime", fmt.Sprintf("2024-05-15T14:%02d:22.%07dZ", rng.Intn(60), rng.Intn(1e7))) + "/>")
	b.WriteString(sp() + fmt.Sprintf("<EventRecordID>%d</EventRecordID>", i))
	if rng.Intn(2) == 0 {
		b.WriteString("<Security" + attr("UserID", "S-1-5-18") + "/>")
	} else {
		b.WriteString("<Security/>")
	}
	b.WriteString("<Channel>Microsoft-Windows-PowerShell/Operational</Channel><Computer>" + pick() + "</Computer>")
	b.WriteString(sp() + "</System>" + sp())
	if rng.Intn(4) > 0 {
		b.WriteString("<EventData>")
		for range rng.Intn(6) {
			switch rng.Intn(5) {
			case 0:
				b.WriteString(sp() + "<Data>" + pick() + "</Data>")
			case 1:
				b.WriteString(sp() + "<Data" + attr("Name", "Empty") + "/>")
			default:
				b.WriteString(sp() + "<Data" + attr("Name", []string{"ScriptBlockText", "Path", "Threat Name", "Path"}[rng.Intn(4)]) + ">" + pick() + "</Data>")
			}
		}
		b.WriteString(sp() + "</EventData>")
	} else {
		b.WriteString("<UserData><Rec" + attr("xmlns", "urn:x") + "><A>" + pick() + "</A>" + sp() + "<B><C>" + pick() + "</C></B></Rec></UserData>")
	}
	if rng.Intn(2) == 0 {
		b.WriteString(sp() + "<RenderingInfo" + attr("Culture", "en-US") + "><Message>" + pick() + "</Message><Level>Verbose</Level></RenderingInfo>")
	}
	b.WriteString(sp() + "</Event>")
	return b.String()
}
