package detect

import (
	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
)

// Severity maps a risk score to a notable severity. Each band includes its
// lower bound: [0,20) informational, [20,40) low, [40,60) medium, [60,80)
// high, 80 and above critical (so 20 is low and 100 critical); negative
// scores are informational.
func Severity(score int) string {
	switch {
	case score >= 80:
		return "critical"
	case score >= 60:
		return "high"
	case score >= 40:
		return "medium"
	case score >= 20:
		return "low"
	}
	return "informational"
}

// notable builds the notable for row. rule_title and rule_description come
// from the detection's notable settings (%name% and %description% by
// default) with tokens substituted (see expandTemplate); the severity comes
// from the detection's risk score; each nes_field (user, dest by default)
// takes the row's value (a multivalue joined with ", "), null when the row
// lacks the field.
func notable(d *content.Detection, row *event.Event) *Notable {
	cfg := d.Notable
	title, desc, nes := cfg.RuleTitle, cfg.RuleDescription, cfg.NESFields
	if title == "" {
		title = "%name%"
	}
	if desc == "" {
		desc = "%description%"
	}
	if nes == nil {
		nes = []string{"user", "dest"}
	}
	n := &Notable{
		RuleTitle:       expandTemplate(title, d, row),
		RuleDescription: expandTemplate(desc, d, row),
		SecurityDomain:  d.SecurityDomain,
		Severity:        Severity(d.RiskScore),
		NESFields:       make(map[string]*string, len(nes)),
		NESOrder:        nes,
	}
	for _, name := range nes {
		if v := row.Get(name); !v.IsNull() {
			s := joinValues(v.Values())
			n.NESFields[name] = &s
		} else {
			n.NESFields[name] = nil
		}
	}
	return n
}
