package exec

import (
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// command compiles one command into a stage; nil after recording an error.
// Each command's stage lives in a file named after it.
func (c *compiler) command(cmd ast.Command) stage {
	switch cmd := cmd.(type) {
	case *ast.SearchCommand:
		return c.search(cmd)
	case *ast.EvalCommand:
		return c.eval(cmd)
	case *ast.WhereCommand:
		return c.where(cmd)
	case *ast.RenameCommand:
		return c.rename(cmd)
	case *ast.TableCommand:
		return c.table(cmd)
	case *ast.FieldsCommand:
		return c.fields(cmd)
	case *ast.StatsCommand:
		switch cmd.Cmd {
		case "stats":
			return c.stats(cmd)
		case "eventstats":
			return c.eventstats(cmd)
		case "streamstats":
			return c.streamstats(cmd)
		}
	case *ast.ConvertCommand:
		return c.convert(cmd)
	}
	if st, ok := c.moreCommand(cmd); ok {
		return st
	}
	return c.unsupported(cmd)
}
