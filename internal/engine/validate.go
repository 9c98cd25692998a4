package engine

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"

	"github.com/riskhound/riskhound/internal/exec"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// Validation statuses. PlanError is a search that parsed but could not be
// planned for a reason other than an unsupported command (an unknown lookup,
// data model or function arity).
const (
	StatusOK          = "ok"
	StatusUnsupported = "unsupported"
	StatusParseError  = "parse_error"
	StatusPlanError   = "plan_error"
	StatusLoadError   = "load_error"
)

// DetectionStatus is the validation result of one detection (or of one
// content file that failed to load, with only File, Status and Errors set).
type DetectionStatus struct {
	Name      string   `json:"name,omitempty"`
	ID        string   `json:"id,omitempty"`
	File      string   `json:"file"`
	Status    string   `json:"status"`
	Search    string   `json:"search,omitempty"` // as written (Sigma: the compiled SPL)
	Errors    []error  `json:"-"`
	Commands  []string `json:"commands"`
	Functions []string `json:"functions"`
}

// ValidateReport summarises a validation run.
type ValidateReport struct {
	Detections []DetectionStatus
	// Counts: Loaded detections; Parsed searches; Planned searches (parsed
	// and compiled); Unsupported; Errors (parse, plan and load errors).
	Loaded, Parsed, Planned, Unsupported, Errors int
}

// OK reports whether everything loaded, parsed and planned.
func (r *ValidateReport) OK() bool { return r.Unsupported == 0 && r.Errors == 0 }

// Validate loads content (and the Sigma rules under sigmaDirs), expands and parses every detection search and
// compiles it, without reading any logs.
func Validate(ctx context.Context, dirs, sigmaDirs []string) (*ValidateReport, error) {
	c, err := loadContent(ctx, dirs, sigmaDirs)
	if err != nil {
		return nil, err
	}
	rep := &ValidateReport{}
	for _, p := range c.Problems {
		name := ""
		if p.File != nil {
			name = p.File.Name
		}
		rep.Detections = append(rep.Detections, DetectionStatus{File: name, Status: StatusLoadError, Errors: []error{p}})
		rep.Errors++
	}
	env := jobEnv(c, TimeRange{}, &eventSet{}, jobOptions{})
	for _, d := range c.Detections {
		rep.Loaded++
		st := DetectionStatus{Name: d.Name, ID: d.ID, Status: StatusOK, Search: d.Search}
		if d.File != nil {
			st.File = d.File.Name
		}
		switch {
		case d.Pipeline == nil:
			st.Status = classify(d.Err, StatusParseError)
			st.Errors = []error{orNoSearch(d.Err)}
		default:
			rep.Parsed++
			st.Commands, st.Functions = usage(d.Pipeline)
			if _, err := exec.Compile(d.Pipeline, detectionEnv(env, d)); err != nil {
				st.Status = classify(err, StatusPlanError)
				st.Errors = []error{remap(d, err)}
			} else {
				rep.Planned++
			}
		}
		switch st.Status {
		case StatusUnsupported:
			rep.Unsupported++
		case StatusOK:
		default:
			rep.Errors++
		}
		rep.Detections = append(rep.Detections, st)
	}
	return rep, nil
}

func orNoSearch(err error) error {
	if err == nil {
		return errors.New("detection has no search")
	}
	return err
}

func classify(err error, otherwise string) string {
	if errors.Is(err, source.ErrUnsupported) {
		return StatusUnsupported
	}
	return otherwise
}

// usage lists the commands and the eval and stats functions a pipeline uses,
// sorted.
func usage(p *ast.Pipeline) (commands, functions []string) {
	cmds, funcs := map[string]bool{}, map[string]bool{}
	walkAST(p, func(n any) {
		switch n := n.(type) {
		case ast.Command:
			cmds[n.Name()] = true
		}
		switch n := n.(type) {
		case *ast.EvalCall:
			funcs[n.Name] = true
		case *ast.Aggregation:
			funcs[n.Func] = true
		}
	})
	return sortedSet(cmds), sortedSet(funcs)
}

// hasSubsearch reports whether p contains a nested pipeline (a subsearch of
// a search expression, join, append, appendpipe, map, foreach ...).
func hasSubsearch(p *ast.Pipeline) bool {
	found := false
	walkAST(p, func(n any) {
		if q, ok := n.(*ast.Pipeline); ok && q != p {
			found = true
		}
	})
	return found
}

// walkAST calls fn for every non-nil pointer reachable from root through
// exported fields. It walks by reflection so that it needs no change when a
// command is added to the AST; it is not on a hot path.
func walkAST(root any, fn func(any)) {
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			fn(v.Interface())
			walk(v.Elem())
		case reflect.Struct:
			for i := 0; i < v.NumField(); i++ {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		case reflect.Slice:
			for i := 0; i < v.Len(); i++ {
				walk(v.Index(i))
			}
		}
	}
	walk(reflect.ValueOf(root))
}

func sortedSet(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// firstMessage is the message of a diagnostic without its location, or the
// first line of another error.
func firstMessage(err error) string {
	var d *source.Diagnostic
	if errors.As(err, &d) {
		return d.Msg
	}
	msg := err.Error()
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return msg
}
