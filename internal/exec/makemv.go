package exec

import (
	"strings"

	"github.com/riskhound/riskhound/internal/eval"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/source"
	"github.com/riskhound/riskhound/internal/spl/ast"
	"github.com/riskhound/riskhound/internal/value"
)

// makemv splits a field's value into a multivalue (spl-semantics.md §9.21):
// on delim= (default a space) or on the matches of tokenizer= (the first
// capture group when there is one). Empty values are dropped unless
// allowempty=true.
func (c *compiler) makemv(cmd *ast.MakemvCommand) stage {
	opts, ok := c.options("makemv", cmd.Options, "delim", "tokenizer", "allowempty", "setsv")
	if !ok {
		return nil
	}
	allowEmpty, ok := c.boolOption(opts["allowempty"], false)
	if !ok {
		return nil
	}
	setsv, ok := c.boolOption(opts["setsv"], false)
	if !ok {
		return nil
	}
	delim := " "
	if o := opts["delim"]; o != nil {
		delim = o.Value
	}
	var tok *eval.Regex
	if o := opts["tokenizer"]; o != nil {
		re, err := eval.CompileRegex(o.Value)
		if err != nil {
			c.errf(source.ErrSyntax, o.Sp, "invalid tokenizer: %v", err)
			return nil
		}
		tok = re
	}
	name := cmd.Field.Name
	return mapStage(func(ev *event.Event) {
		v := ev.Get(name)
		if v.IsNull() {
			return
		}
		var out []string
		for _, s := range v.Values() {
			var parts []string
			if tok != nil {
				for _, m := range tok.FindAll(s, -1) {
					if len(m) >= 4 && m[2] >= 0 {
						parts = append(parts, s[m[2]:m[3]])
					} else {
						parts = append(parts, s[m[0]:m[1]])
					}
				}
			} else if delim != "" {
				parts = strings.Split(s, delim)
			} else {
				parts = []string{s}
			}
			for _, p := range parts {
				if p != "" || allowEmpty {
					out = append(out, p)
				}
			}
		}
		if setsv {
			ev.Set(name, value.Str(strings.Join(out, delim)))
			return
		}
		ev.Set(name, value.MV(out))
	})
}
