package exec

import (
	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// regex keeps results whose field (default _raw) matches the unanchored
// regex anywhere, any value of a multivalue sufficing; with != it keeps those
// that do not match, including results lacking the field [VERIFY §9.5].
func (c *compiler) regex(cmd *ast.RegexCommand) stage {
	re, err := eval.CompileRegex(cmd.Pattern)
	if err != nil {
		c.errf(source.ErrSyntax, cmd.Sp, "invalid regular expression: %v", err)
		return nil
	}
	field := event.Raw
	if cmd.Field != nil {
		field = cmd.Field.Name
	}
	negate := cmd.Negate
	return filterStage(func(ev *event.Event) bool {
		v := ev.Get(field)
		hit := false
		for i := 0; i < v.Len() && !hit; i++ {
			hit = re.MatchString(v.Index(i))
		}
		return hit != negate
	})
}
