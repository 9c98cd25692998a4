package exec

import (
	"context"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// AST constructors: the parser is written in parallel, so these tests build
// pipelines directly.

func fld(n string) *ast.Field { return &ast.Field{Name: n} }
func fields(ns ...string) []*ast.Field {
	out := make([]*ast.Field, len(ns))
	for i, n := range ns {
		out[i] = fld(n)
	}
	return out
}
func sval(t string) *ast.SearchValue { return &ast.SearchValue{Text: t} }
func seq(f, v string) ast.SearchExpr {
	return &ast.SearchCompare{Field: fld(f), Op: ast.OpEq, Value: sval(v)}
}
func sand(ts ...ast.SearchExpr) ast.SearchExpr { return &ast.SearchAnd{Terms: ts} }
func sor(ts ...ast.SearchExpr) ast.SearchExpr  { return &ast.SearchOr{Terms: ts} }
func sin(f string, vs ...string) ast.SearchExpr {
	x := &ast.SearchIn{Field: fld(f)}
	for _, v := range vs {
		x.Values = append(x.Values, sval(v))
	}
	return x
}
func sterm(t string) ast.SearchExpr       { return &ast.SearchTerm{Value: sval(t)} }
func search(x ast.SearchExpr) ast.Command { return &ast.SearchCommand{Expr: x} }

func agg(fn, field, as string) *ast.Aggregation {
	a := &ast.Aggregation{Func: fn}
	if field != "" {
		a.Field = fld(field)
	}
	if as != "" {
		a.As = fld(as)
	}
	return a
}
func statsCmd(cmd string, aggs []*ast.Aggregation, by ...string) *ast.StatsCommand {
	return &ast.StatsCommand{Cmd: cmd, Aggs: aggs, By: fields(by...)}
}
func ctime(format, f string) ast.Command {
	return &ast.ConvertCommand{
		Timeformat:  &ast.Option{Key: "timeformat", Value: format, Quoted: true},
		Conversions: []*ast.Conversion{{Func: "ctime", Field: fld(f)}},
	}
}

func elit(v value.Value) ast.EvalExpr { return &ast.EvalLiteral{Value: v} }
func estr(s string) ast.EvalExpr      { return elit(value.Str(s)) }
func enum(f float64) ast.EvalExpr     { return elit(value.Num(f)) }
func efld(n string) ast.EvalExpr      { return &ast.EvalField{Name: n} }
func ecall(n string, args ...ast.EvalExpr) ast.EvalExpr {
	return &ast.EvalCall{Name: n, Args: args}
}
func ebin(op ast.BinaryOp, x, y ast.EvalExpr) ast.EvalExpr {
	return &ast.EvalBinary{Op: op, X: x, Y: y}
}
func evalCmd(target string, x ast.EvalExpr) ast.Command {
	return &ast.EvalCommand{Assignments: []*ast.Assignment{{Target: fld(target), Expr: x}}}
}
func where(x ast.EvalExpr) ast.Command { return &ast.WhereCommand{Expr: x} }

func pipeline(cmds ...ast.Command) *ast.Pipeline { return &ast.Pipeline{Commands: cmds} }

// ev builds an event from name, value pairs; []string values are
// multivalues, float64 values numbers.
func ev(kv ...any) *event.Event {
	e := event.New(len(kv) / 2)
	for i := 0; i < len(kv); i += 2 {
		switch v := kv[i+1].(type) {
		case string:
			e.Set(kv[i].(string), value.Str(v))
		case []string:
			e.Set(kv[i].(string), value.MV(v))
		case float64:
			e.Set(kv[i].(string), value.Num(v))
		case int:
			e.Set(kv[i].(string), value.Int(int64(v)))
		}
	}
	return e
}

var testNow = time.Date(2024, 5, 15, 14, 37, 22, 0, time.UTC)

// runAll compiles p, keeps the events Match accepts and runs the program.
func runAll(t *testing.T, p *ast.Pipeline, events ...*event.Event) []*event.Event {
	t.Helper()
	return runEnv(t, p, Env{Now: testNow}, events...)
}

func runEnv(t *testing.T, p *ast.Pipeline, env Env, events ...*event.Event) []*event.Event {
	t.Helper()
	prog, err := Compile(p, env)
	if err != nil {
		t.Fatalf("Compile(%s): %v", p, err)
	}
	var in []*event.Event
	for _, e := range events {
		if prog.Match(e) {
			in = append(in, e)
		}
	}
	out, err := prog.Run(context.Background(), in)
	if err != nil {
		t.Fatalf("Run(%s): %v", p, err)
	}
	return out
}

// rows renders results as "name=value name=value" lines; multivalues print
// as [a, b].
func rows(evs []*event.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		s := ""
		for j, f := range e.Fields {
			if j > 0 {
				s += " "
			}
			s += f.Name + "=" + f.Value.String()
		}
		out[i] = s
	}
	return out
}

func wantRows(t *testing.T, got []*event.Event, want ...string) {
	t.Helper()
	g := rows(got)
	if len(g) != len(want) {
		t.Errorf("got %d rows, want %d:\n%s", len(g), len(want), joinLines(g))
		return
	}
	for i := range g {
		if g[i] != want[i] {
			t.Errorf("row %d:\n got  %s\n want %s", i, g[i], want[i])
		}
	}
}

func joinLines(ss []string) string {
	out := ""
	for _, s := range ss {
		out += "  " + s + "\n"
	}
	return out
}
