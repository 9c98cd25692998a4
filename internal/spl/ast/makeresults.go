package ast

import (
	"strings"

	"github.com/riskhound/riskhound/internal/source"
)

// MakeresultsCommand is makeresults [count=n] [annotate=bool] ...: n results
// holding only _time.
type MakeresultsCommand struct {
	Sp      source.Span
	Options []*Option
}

func (c *MakeresultsCommand) Span() source.Span { return c.Sp }
func (c *MakeresultsCommand) Name() string      { return "makeresults" }
func (c *MakeresultsCommand) command()          {}
func (c *MakeresultsCommand) String() string {
	var b strings.Builder
	b.WriteString("makeresults")
	writeOptions(&b, c.Options)
	return b.String()
}
