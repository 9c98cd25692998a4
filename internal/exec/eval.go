package exec

import (
	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// eval assigns fields left to right; a later assignment sees the earlier
// ones, and a null result removes the field (spl-semantics.md §6).
func (c *compiler) eval(cmd *ast.EvalCommand) stage {
	type assign struct {
		name string
		fn   eval.Func
	}
	var as []assign
	ok := true
	for _, a := range cmd.Assignments {
		fn, err := c.ev.CompileAssignable(a.Expr)
		if err != nil {
			c.addErr(err)
			ok = false
			continue
		}
		as = append(as, assign{a.Target.Name, fn})
	}
	if !ok {
		return nil
	}
	return mapStage(func(ev *event.Event) {
		for _, a := range as {
			ev.Set(a.name, a.fn(ev))
		}
	})
}

// where keeps results for which the expression is TRUE; false and null drop
// them (spl-semantics.md §6.5).
func (c *compiler) where(cmd *ast.WhereCommand) stage {
	fn, err := c.ev.Compile(cmd.Expr)
	if err != nil {
		c.addErr(err)
		return nil
	}
	return filterStage(func(ev *event.Event) bool { return eval.Truth(fn(ev)) })
}
