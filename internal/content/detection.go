package content

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/yamlnode"
)

// decodeDetection reads a detection from a parsed YAML file. It returns nil
// when the file is not usable at all (no name); otherwise a detection whose
// Err holds the schema problems found, if any.
func decodeDetection(f *source.File, root *yamlnode.Node) (*Detection, error) {
	if root.Kind != yamlnode.Map {
		return nil, source.Errorf(source.ErrInput, f, root.Span, "detection: want a mapping at the top level, got %s", yamlnode.Describe(root))
	}
	dec := &decoder{f: f}
	d := &Detection{File: f, Schema: SchemaV4}
	d.Name = strings.TrimSpace(dec.str(root, "name"))
	if d.Name == "" {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "detection has no name"))
		return nil, dec.errs.Err()
	}
	d.ID = dec.str(root, "id")
	d.Version, _ = dec.integer(root, "version")
	d.Type = dec.str(root, "type")
	d.Status = dec.str(root, "status")
	d.Description = dec.str(root, "description")
	d.Author = dec.str(root, "author")
	d.Date = dec.str(root, "date")
	d.HowToImplement = dec.str(root, "how_to_implement")
	d.KnownFalsePositives = dec.str(root, "known_false_positives")
	d.References = dec.list(root, "references")
	d.DataSource = dec.list(root, "data_source")
	if d.DataSource == nil {
		d.DataSource = dec.list(root, "data_sources")
	}

	if s := root.Get("search"); s == nil || s.Kind == yamlnode.Null {
		dec.errs.Add(source.Errorf(source.ErrInput, f, root.Span, "detection %q has no search", d.Name))
	} else if s.Kind != yamlnode.Scalar {
		dec.fail(s, "search", "a string")
	} else {
		d.Search = s.Text
		d.SearchSpan = s.Span
		if s.Quoted {
			d.SearchSpan.Start++
		}
		d.SearchSpan.End = source.Pos(min(int(d.SearchSpan.Start)+len(s.Text), len(f.Text)))
		d.SearchFile = source.NewFile(f.Name+": search", d.Search)
	}

	tags := dec.mapping(root, "tags")
	d.AnalyticStory = dec.list(tags, "analytic_story")
	d.MitreAttackIDs = dec.list(tags, "mitre_attack_id")
	d.SecurityDomain = dec.str(tags, "security_domain")
	d.AssetType = dec.str(tags, "asset_type")
	d.CVE = dec.list(tags, "cve")
	d.Impact, _ = dec.integer(tags, "impact")
	d.Confidence, _ = dec.integer(tags, "confidence")
	score, hasScore := dec.integer(tags, "risk_score")
	if !hasScore {
		score = d.Impact * d.Confidence / 100
	}
	d.RiskScore = score
	d.Message = dec.str(tags, "message")
	for _, o := range dec.items(tags, "observable") {
		ob := Observable{Field: dec.str(o, "name"), Type: dec.str(o, "type"), Roles: dec.list(o, "role")}
		ob.Threat, ob.ObjectType = classifyV4(ob.Type, ob.Roles)
		d.Observables = append(d.Observables, ob)
	}

	if rba := dec.mapping(root, "rba"); rba != nil {
		decodeRBA(dec, d, rba)
	}
	decodeDeployment(dec, d, root)
	for _, t := range dec.items(root, "tests") {
		test := Test{Name: dec.str(t, "name")}
		for _, a := range dec.items(t, "attack_data") {
			test.AttackData = append(test.AttackData, AttackData{Data: dec.str(a, "data"), Source: dec.str(a, "source"), Sourcetype: dec.str(a, "sourcetype")})
		}
		d.Tests = append(d.Tests, test)
	}
	d.Err = dec.errs.Err()
	return d, d.Err
}

// decodeRBA reads the v5 rba: block. Its risk objects replace v4
// observables, and RiskScore becomes the highest risk object score (used for
// the notable's severity).
func decodeRBA(dec *decoder, d *Detection, rba *yamlnode.Node) {
	d.Schema = SchemaV5
	if m := dec.str(rba, "message"); m != "" {
		d.Message = m
	}
	d.Observables = nil
	best := 0
	for _, o := range dec.items(rba, "risk_objects") {
		score, _ := dec.integer(o, "score")
		best = max(best, score)
		typ := dec.str(o, "type")
		d.Observables = append(d.Observables, Observable{Field: dec.str(o, "field"), Type: typ, Score: score, ObjectType: lowerTrim(typ)})
	}
	for _, o := range dec.items(rba, "threat_objects") {
		typ := dec.str(o, "type")
		d.Observables = append(d.Observables, Observable{Field: dec.str(o, "field"), Type: typ, Threat: true, ObjectType: lowerTrim(typ)})
	}
	d.RiskScore = best
}

// decodeDeployment reads scheduling and notable settings from a
// contentctl-style deployment: block ({scheduling: {cron_schedule,
// earliest_time, latest_time, schedule_window}, alert_action: {notable:
// {rule_title, rule_description, nes_fields}}}), filling in ESCU's defaults
// for whatever is absent.
func decodeDeployment(dec *decoder, d *Detection, root *yamlnode.Node) {
	d.Schedule = Schedule{Cron: DefaultCron, Earliest: DefaultEarliest, Latest: DefaultLatest, Window: "auto"}
	d.Notable = NotableConfig{RuleTitle: "%name%", RuleDescription: "%description%", NESFields: []string{"user", "dest"}}
	dep := dec.mapping(root, "deployment")
	if dep == nil {
		return
	}
	sch := dec.mapping(dep, "scheduling")
	if sch == nil {
		sch = dep // accept the keys directly under deployment
	}
	set := func(dst *string, key string) {
		if v := dec.str(sch, key); v != "" {
			*dst = v
		}
	}
	set(&d.Schedule.Cron, "cron_schedule")
	set(&d.Schedule.Earliest, "earliest_time")
	set(&d.Schedule.Latest, "latest_time")
	set(&d.Schedule.Window, "schedule_window")
	aa := dec.mapping(dep, "alert_action")
	nt := dec.mapping(aa, "notable")
	if nt == nil {
		return
	}
	if v := dec.str(nt, "rule_title"); v != "" {
		d.Notable.RuleTitle = v
	}
	if v := dec.str(nt, "rule_description"); v != "" {
		d.Notable.RuleDescription = v
	}
	if n := nt.Get("nes_fields"); n != nil && n.Kind == yamlnode.Scalar {
		d.Notable.NESFields = splitComma(n.Text)
	} else if l := dec.list(nt, "nes_fields"); l != nil {
		d.Notable.NESFields = l
	}
}

func splitComma(s string) []string {
	var out []string
	for p := range strings.SplitSeq(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func hasRole(roles []string, want string) bool {
	for _, r := range roles {
		if strings.EqualFold(strings.TrimSpace(r), want) {
			return true
		}
	}
	return false
}

func lowerTrim(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
