package ast

import "github.com/riskhound/riskhound/internal/source"

// CyberchefCommand is cyberchef [options] (a third-party app command):
// infield=, outfield=, operation options.
type CyberchefCommand struct {
	Sp      source.Span
	Options []*Option
	Args    []*Field
}

func (c *CyberchefCommand) Span() source.Span { return c.Sp }
func (c *CyberchefCommand) Name() string      { return "cyberchef" }
func (c *CyberchefCommand) command()          {}
func (c *CyberchefCommand) String() string    { return optionsArgs("cyberchef", c.Options, c.Args) }
