// Package detect turns a detection's result rows into findings as Splunk
// Enterprise Security raises them: notables and risk events (risk-based
// alerting) with ATT&CK mapping.
//
// Which detections create what follows ESCU's deployments: TTP creates a
// notable and risk events, Anomaly only risk events, Correlation only a
// notable, and Hunting (and any other type) neither; every result row is
// still a finding. The rules for each field are on the functions that build
// them (notable.go, risk.go, tokens.go).
package detect

import (
	"context"
	"errors"
	"strings"
	"time"

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
	// NESOrder is the order of NESFields in JSON (the detection's
	// nes_fields order); keys not in it follow in sorted order.
	NESOrder []string `json:"-"`
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

// Finding is one result row of one detection with what ES would derive from
// it. It marshals to the `hunt --format jsonl` object of DESIGN.md: result
// is an object of the row's fields in row order (strings, arrays for
// multivalues, numbers rendered as text), notable is null when no notable is
// created, and risk, threat_objects, mitre_attack and analytic_story are
// arrays, empty rather than null.
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

// CreatesNotable reports whether detections of type typ create notables:
// TTP and Correlation do.
func CreatesNotable(typ string) bool {
	return strings.EqualFold(typ, "TTP") || strings.EqualFold(typ, "Correlation")
}

// CreatesRisk reports whether detections of type typ create risk events: TTP
// and Anomaly do.
func CreatesRisk(typ string) bool {
	return strings.EqualFold(typ, "TTP") || strings.EqualFold(typ, "Anomaly")
}

// Findings builds one finding per row, in row order. Rows are retained (as
// Finding.Result), not copied.
func Findings(d *content.Detection, rows []*event.Event) []Finding {
	out := make([]Finding, 0, len(rows))
	for _, row := range rows {
		out = append(out, finding(d, row))
	}
	return out
}

func finding(d *content.Detection, row *event.Event) Finding {
	f := Finding{
		Detection:     d.Name,
		DetectionID:   d.ID,
		Type:          d.Type,
		Result:        row,
		Risk:          []Risk{},
		ThreatObjects: []ThreatObject{},
		MitreAttack:   append([]string{}, d.MitreAttackIDs...),
		AnalyticStory: append([]string{}, d.AnalyticStory...),
	}
	if row == nil {
		row = &event.Event{}
	}
	if CreatesNotable(d.Type) {
		f.Notable = notable(d, row)
	}
	if CreatesRisk(d.Type) {
		f.Risk = risks(d, row)
		f.ThreatObjects = threats(d, row)
	}
	return f
}

// Window is the time range one run of a detection searches: events with
// Earliest <= _time < Latest.
type Window struct {
	Earliest, Latest time.Time
}

// QueryFunc runs a detection's compiled search over a window and returns its
// result rows. The engine implements it over exec and the store (or over
// files for hunt); detect never runs searches itself. It is called from the
// goroutine that called Run and owns nothing after returning: the rows
// belong to the caller of Run.
type QueryFunc func(ctx context.Context, d *content.Detection, w Window) ([]*event.Event, error)

// Run runs d over window w through query and returns its findings. A
// detection that failed to load or compile returns its error without
// querying; a nil query is an error.
func Run(ctx context.Context, d *content.Detection, w Window, query QueryFunc) ([]Finding, error) {
	if d.Err != nil {
		return nil, d.Err
	}
	if query == nil {
		return nil, errors.New("detect: no query function")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := query(ctx, d, w)
	if err != nil {
		return nil, err
	}
	return Findings(d, rows), nil
}
