// Package detect turns a detection's result rows into findings as Splunk
// Enterprise Security raises them: notables and risk events (risk-based
// alerting) with ATT&CK mapping.
package detect

import (
	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
)

// Notable is the notable event ES would create.
type Notable struct {
	RuleTitle       string             `json:"rule_title"`
	RuleDescription string             `json:"rule_description"`
	SecurityDomain  string             `json:"security_domain"`
	Severity        string             `json:"severity"`
	NESFields       map[string]*string `json:"nes_fields"`
}

// Risk is one risk event.
type Risk struct {
	Object     string `json:"risk_object"`
	ObjectType string `json:"risk_object_type"`
	Score      int    `json:"risk_score"`
	Message    string `json:"risk_message"`
}

// ThreatObject is one threat object of a risk event.
type ThreatObject struct {
	Object string `json:"threat_object"`
	Type   string `json:"threat_object_type"`
}

// Finding is one result row of one detection with what ES would derive from it.
type Finding struct {
	Detection     string         `json:"detection"`
	DetectionID   string         `json:"detection_id"`
	Type          string         `json:"type"`
	Result        *event.Event   `json:"result"`
	Notable       *Notable       `json:"notable"`
	Risk          []Risk         `json:"risk"`
	ThreatObjects []ThreatObject `json:"threat_objects"`
	MitreAttack   []string       `json:"mitre_attack"`
	AnalyticStory []string       `json:"analytic_story"`
}

// Findings builds one finding per row.
func Findings(d *content.Detection, rows []*event.Event) []Finding { return nil }
