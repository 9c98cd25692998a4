package datamodel

import "testing"

// TestExtracted checks the search-time fields of a Sysmon 10 (process access)
// event: the add-on's unprefixed CIM fields, without data-model fills.
func TestExtracted(t *testing.T) {
	r := builtin(t)
	ev := winEvent(sysmonSource, "10", "ws1.corp.local",
		"SourceImage", `C:\Tools\mimikatz.exe`,
		"TargetImage", `C:\Windows\system32\lsass.exe`,
		"GrantedAccess", "0x1010",
		"SourceUser", `CORP\bob`,
	)
	got := map[string]string{}
	for _, f := range r.NewDeriver().Extracted(ev) {
		got[f.Name] = f.Value.Text()
	}
	if got["dest"] != "ws1.corp.local" {
		t.Errorf("dest = %q, want the Computer (all: %v)", got["dest"], got)
	}
	for name, v := range got {
		if v == "unknown" {
			t.Errorf("%s = unknown: model fills must not leak into search-time fields", name)
		}
	}
	if len(got) < 3 {
		t.Errorf("too few search-time fields: %v", got)
	}
	if f := r.NewDeriver().Extracted(winEvent("XmlWinEventLog:Nope", "1", "h")); f != nil {
		t.Errorf("unmapped source gave fields %v", f)
	}
}
