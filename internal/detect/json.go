package detect

import (
	"bytes"
	"encoding/json"
	"sort"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// MarshalJSON writes f as DESIGN.md's jsonl finding object. Strings are not
// HTML-escaped here; an outer json.Marshal may still escape them unless the
// caller uses an Encoder with SetEscapeHTML(false).
func (f Finding) MarshalJSON() ([]byte, error) {
	type wire struct {
		Detection     string          `json:"detection"`
		DetectionID   string          `json:"detection_id"`
		Type          string          `json:"type"`
		Result        json.RawMessage `json:"result"`
		Notable       *Notable        `json:"notable"`
		Risk          []Risk          `json:"risk"`
		ThreatObjects []ThreatObject  `json:"threat_objects"`
		MitreAttack   []string        `json:"mitre_attack"`
		AnalyticStory []string        `json:"analytic_story"`
	}
	w := wire{
		Detection: f.Detection, DetectionID: f.DetectionID, Type: f.Type,
		Result: resultJSON(f.Result), Notable: f.Notable,
		Risk: nonNil(f.Risk), ThreatObjects: nonNil(f.ThreatObjects),
		MitreAttack: nonNil(f.MitreAttack), AnalyticStory: nonNil(f.AnalyticStory),
	}
	return encode(w)
}

// MarshalJSON writes n with nes_fields in NESOrder.
func (n *Notable) MarshalJSON() ([]byte, error) {
	var nes bytes.Buffer
	nes.WriteByte('{')
	keys := make([]string, 0, len(n.NESFields))
	seen := make(map[string]bool, len(n.NESFields))
	for _, k := range n.NESOrder {
		if _, ok := n.NESFields[k]; ok && !seen[k] {
			keys = append(keys, k)
			seen[k] = true
		}
	}
	rest := make([]string, 0)
	for k := range n.NESFields {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	sort.Strings(rest)
	for i, k := range append(keys, rest...) {
		if i > 0 {
			nes.WriteByte(',')
		}
		kb, _ := encode(k)
		nes.Write(kb)
		nes.WriteByte(':')
		vb, _ := encode(n.NESFields[k])
		nes.Write(vb)
	}
	nes.WriteByte('}')
	return encode(struct {
		RuleTitle       string          `json:"rule_title"`
		RuleDescription string          `json:"rule_description"`
		SecurityDomain  string          `json:"security_domain"`
		Severity        string          `json:"severity"`
		NESFields       json.RawMessage `json:"nes_fields"`
	}{n.RuleTitle, n.RuleDescription, n.SecurityDomain, n.Severity, nes.Bytes()})
}

// resultJSON renders a row as an object in field order: null for a null
// value, an array of strings for a multivalue, the value's text otherwise
// (numbers as "1", Booleans as "true").
func resultJSON(e *event.Event) json.RawMessage {
	if e == nil {
		return json.RawMessage("null")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range e.Fields {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := encode(f.Name)
		b.Write(kb)
		b.WriteByte(':')
		var vb []byte
		switch f.Value.Kind() {
		case value.Null:
			vb = []byte("null")
		case value.Multi:
			vb, _ = encode(f.Value.Values())
		default:
			vb, _ = encode(f.Value.Text())
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// encode marshals v without HTML escaping and without a trailing newline.
func encode(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
