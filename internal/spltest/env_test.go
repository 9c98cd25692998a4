package spltest

import (
	"strings"
	"testing"
)

// TestHarnessEnv checks the harness's side of the engine's environment:
// events get the built-in eventtype field (a given one is kept), and
// outputlookup append=t appends to a table, which keeps its matching
// configuration.
func TestHarnessEnv(t *testing.T) {
	cases := []struct{ name, text string }{
		{"eventtype", `load events
{"_time": 2, "id": "1", "source": "WinEventLog:Security"}
{"_time": 1, "id": "2", "source": "XmlWinEventLog:System", "eventtype": "mine"}

search * | table id eventtype
expect rows
id | eventtype
1 | wineventlog_security
2 | mine
`},
		{"append keeps config", `lookup paths match_type=WILDCARD(p)
p,tag
c/w/*,old

search | makeresults | eval p="d/*", tag="new" | table p tag | outputlookup append=t paths
expect rows
p
d/*

search | makeresults | eval p="d/x/y.exe" | lookup paths p OUTPUT tag | table tag
expect rows
tag
new

search | inputlookup paths | table tag
expect rows
tag
old
new
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := runText(c.text)
			if len(r.fatals) > 0 || len(r.errors) > 0 {
				t.Errorf("script failed:\n%s", strings.Join(append(r.fatals, r.errors...), "\n"))
			}
		})
	}
}
