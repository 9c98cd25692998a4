package exec

import (
	"github.com/riskhound/riskhound/internal/filter"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// search in mid-pipeline filters results with the search language
// (spl-semantics.md §4); a bare term on a result without _raw tests its
// field values.
func (c *compiler) search(cmd *ast.SearchCommand) stage {
	f, err := filter.Compile(cmd.Expr, c.file)
	if err != nil {
		c.addErr(err)
		return nil
	}
	return filterStage(f.Match)
}
