// Package content loads detection content laid out like splunk/security_content:
// detections/**.yml, macros/*.yml, lookups/ (YAML definitions + CSV) and
// stories/, in the v4 (tags.*) and v5 (rba:) schemas, and compiles each
// detection's search (macro expansion, then parsing).
package content

import (
	"context"
	"errors"

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
	// not risk objects.
	Threat bool
}

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
	RiskScore      int    // tags.risk_score, or computed impact*confidence/100 when absent
	Message        string // risk message with $field$ placeholders
	Observables    []Observable

	// Expanded and Pipeline are set by Compile; Err holds a load or compile
	// error (a *source.Diagnostic or source.List) and then Pipeline is nil.
	Expanded *macro.Expansion
	Pipeline *ast.Pipeline
	Err      error
}

// Content is a loaded content set.
type Content struct {
	Detections []*Detection
	Macros     map[string]*macro.Definition // keyed by "name" or "name(N)"
	// Problems lists files that failed to load; each other file still loaded.
	Problems source.List
}

// Load reads each content folder in order (later folders override earlier
// definitions of the same macro or detection name). It returns an error only
// when a folder cannot be read at all.
func Load(ctx context.Context, dirs ...string) (*Content, error) {
	return nil, errors.New("content: not implemented yet")
}

// Builtin returns the built-in content: the two seed detections and the
// macros they need.
func Builtin() *Content { return &Content{} }

// Compile expands and parses every detection's search, recording failures in
// the detection's Err. The filter macro <name>_filter defaults to `search *`.
func (c *Content) Compile() {}
