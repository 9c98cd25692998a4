package detect

import (
	"github.com/riskhound/riskhound/internal/content"
	"github.com/riskhound/riskhound/internal/event"
)

// risks builds the risk events of row: one per risk object value.
//
// Risk objects are the observables that are not threat objects, typed by
// content (Observable.ObjectType): in v4, as contentctl builds ES content,
// Victim users (User, Username, Email Address) are "user", Victim systems
// (Device, Endpoint, Hostname, IP Address) are "system", and observables that
// are neither such a victim nor an Attacker are "other"; in v5, the rba
// risk_objects with their own types. A risk object whose field is absent or
// empty in the row makes no risk event; a multivalue field makes one risk
// event per value, in value order. The score is the v5 per-object score,
// else the detection's risk score (tags.risk_score, or impact x confidence /
// 100). The message is the detection's risk message with tokens substituted
// (see substitute), the risk object's own field bound to the object value.
func risks(d *content.Detection, row *event.Event) []Risk {
	out := []Risk{}
	for _, ob := range d.Observables {
		if ob.Threat {
			continue
		}
		typ := ob.ObjectType
		if typ == "" {
			// A detection built by hand rather than loaded.
			if t, ok := content.RiskObjectType(ob.Type); ok {
				typ = t
			} else {
				typ = "other"
			}
		}
		score := d.RiskScore
		if ob.Score > 0 {
			score = ob.Score
		}
		for _, v := range row.Get(ob.Field).Values() {
			if v == "" {
				continue
			}
			out = append(out, Risk{Object: v, ObjectType: typ, Score: score, Message: substitute(d.Message, row, ob.Field, v)})
		}
	}
	return out
}

// threats builds the threat objects of row: one per non-empty value of each
// threat observable's field (v4 Attacker observables that are not victims,
// v5 threat_objects), typed by Observable.ObjectType (v4 types mapped by
// content.ThreatObjectType: "Process Name" -> "process", "IP Address" ->
// "ip_address", ...). Threat objects belong to risk events, so detections
// that create no risk have none.
func threats(d *content.Detection, row *event.Event) []ThreatObject {
	out := []ThreatObject{}
	for _, ob := range d.Observables {
		if !ob.Threat {
			continue
		}
		typ := ob.ObjectType
		if typ == "" {
			typ = content.ThreatObjectType(ob.Type)
		}
		for _, v := range row.Get(ob.Field).Values() {
			if v != "" {
				out = append(out, ThreatObject{Object: v, Type: typ})
			}
		}
	}
	return out
}
