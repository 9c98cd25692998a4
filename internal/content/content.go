// Package content loads detection content laid out like splunk/security_content:
// detections/**.yml, macros/*.yml, lookups/ (YAML definitions + CSV) and
// stories/, in the v4 (tags.*) and v5 (rba:) schemas, and compiles each
// detection's search (macro expansion, then parsing).
//
// Loading is Decode (goccy/go-yaml into position-carrying nodes, scalars kept
// as written) then a hand-written schema read that reports every problem as a
// *source.Diagnostic pointing into the YAML file. A file that fails does not
// stop the others.
package content

import (
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/spl/macro"
)

// Observable is a v4 tags.observable entry, or a v5 risk object / threat object.
type Observable struct {
	Field string   // result field holding the object, e.g. "Computer"
	Type  string   // as written: Hostname, Endpoint, IP Address, User, system, user, ...
	Roles []string // v4 roles: Victim, Attacker, ...
	Score int      // v5 per-object score; 0 in v4
	// Threat is true for v5 threat_objects and for v4 observables that are
	// not risk objects (v4: role Attacker, unless a Victim user or system).
	Threat bool
	// ObjectType is the risk_object_type (user, system, other) or, for a
	// threat object, the threat_object_type ES records: v4 types mapped as
	// contentctl maps them (RiskObjectType, ThreatObjectType), v5 types
	// lower-cased.
	ObjectType string
}

// Schema versions of detection YAML.
const (
	SchemaV4 = 4 // tags.observable, tags.risk_score, tags.message
	SchemaV5 = 5 // rba: {message, risk_objects, threat_objects}
)

// Detection is one loaded detection. Fields mirror the YAML; Search is the
// SPL as written (macros unexpanded).
type Detection struct {
	File        *source.File // the YAML file
	Name        string
	ID          string
	Version     int
	Type        string // TTP, Anomaly, Hunting, Correlation, ...
	Status      string
	Description string
	Search      string
	SearchSpan  source.Span // where the search text sits in File (approximate for folded YAML)

	DataSource     []string
	AnalyticStory  []string
	MitreAttackIDs []string
	SecurityDomain string
	AssetType      string
	Impact         int
	Confidence     int
	RiskScore      int    // tags.risk_score, or computed impact*confidence/100 when absent; v5: the highest risk object score
	Message        string // risk message with $field$ placeholders
	Observables    []Observable

	// Schema is SchemaV4 or SchemaV5 (a detection with an rba: block).
	Schema int
	// Author, Date, HowToImplement, KnownFalsePositives, References and CVE
	// are descriptive metadata, kept for validate and reports.
	Author              string
	Date                string
	HowToImplement      string
	KnownFalsePositives string
	References          []string
	CVE                 []string
	// Tests are the detection's contentctl tests (replay datasets).
	Tests []Test
	// Schedule is when and over which window ES runs the detection.
	Schedule Schedule
	// Notable holds the notable event settings.
	Notable NotableConfig

	// Search compilation inputs and results. SearchFile holds the search
	// text, named "<yaml file>: search", so that SPL diagnostics name the
	// detection file. Expanded and Pipeline are set by Compile; Err holds a
	// load or compile error (a *source.Diagnostic or source.List) and then
	// Pipeline is nil.
	SearchFile *source.File
	Expanded   *macro.Expansion
	Pipeline   *ast.Pipeline
	Err        error
}

// Test is one entry of a detection's tests: list.
type Test struct {
	Name       string
	AttackData []AttackData
}

// AttackData is one dataset a test replays.
type AttackData struct {
	Data       string // URL or path of the dataset
	Source     string
	Sourcetype string
}

// ESCU scheduling defaults, as the seed pages show them.
const (
	DefaultCron     = "0 * * * *"
	DefaultEarliest = "-70m@m"
	DefaultLatest   = "-10m@m"
)

// Schedule is a detection's saved-search schedule: a cron expression and the
// relative time window each run searches.
type Schedule struct {
	Cron     string // e.g. "0 * * * *"
	Earliest string // e.g. "-70m@m"
	Latest   string // e.g. "-10m@m"
	Window   string // schedule_window, "auto" by default
}

// NotableConfig holds the notable event settings of a detection (the
// notable alert action). Titles and descriptions may hold %name%,
// %description% and $field$ tokens, which detect substitutes.
type NotableConfig struct {
	RuleTitle       string   // default "%name%"
	RuleDescription string   // default "%description%"
	NESFields       []string // default user, dest
}

// Story is an analytic story (stories/*.yml).
type Story struct {
	File        *source.File
	Name        string
	ID          string
	Description string
	Narrative   string
}

// Content is a loaded content set.
type Content struct {
	Detections []*Detection
	Macros     map[string]*macro.Definition // keyed by "name" or "name(N)"
	// Lookups holds the lookup definitions by name.
	Lookups map[string]*Lookup
	// Stories holds the analytic stories, in load order.
	Stories []*Story
	// Problems lists files that failed to load; each other file still loaded.
	Problems source.List
}

// StoriesOf returns the loaded stories named in d's analytic_story tag, in
// tag order; names without a story file are skipped.
func (c *Content) StoriesOf(d *Detection) []*Story {
	var out []*Story
	for _, name := range d.AnalyticStory {
		for _, s := range c.Stories {
			if s.Name == name {
				out = append(out, s)
				break
			}
		}
	}
	return out
}

// Detection returns the detection whose name (case-insensitively) or id is
// nameOrID.
func (c *Content) Detection(nameOrID string) (*Detection, bool) {
	for _, d := range c.Detections {
		if d.ID == nameOrID || equalFold(d.Name, nameOrID) {
			return d, true
		}
	}
	return nil, false
}
