package content

import (
	"context"
	"embed"
	"io/fs"
)

// builtinFS holds riskhound's own content: builtin/escu (the two seed
// detections, the macros and stories they need) and builtin/cim (CIM helper
// macros that ESCU calls but Splunk_SA_CIM ships, and ES's asset and identity
// lookups, empty).
//
//go:embed builtin
var builtinFS embed.FS

// Builtin returns the built-in content: the two seed detections and the
// macros they need, plus the CIM helper macros. Each call returns a fresh,
// uncompiled Content.
func Builtin() *Content {
	c := newContent()
	sub, err := fs.Sub(builtinFS, "builtin/escu")
	if err == nil {
		l := &loader{c: c, fsys: sub, prefix: "builtin"}
		err = l.tree(context.Background())
	}
	if err != nil {
		c.problem(err)
	}
	if err := addHelpers(context.Background(), c); err != nil {
		c.problem(err)
	}
	return c
}

// addHelpers adds the built-in CIM helper macros, and the Enterprise Security
// asset and identity lookups (empty, with ES's columns), that c does not
// define.
func addHelpers(ctx context.Context, c *Content) error {
	sub, err := fs.Sub(builtinFS, "builtin/cim")
	if err != nil {
		return err
	}
	h := newContent()
	l := &loader{c: h, fsys: sub, prefix: "builtin/cim"}
	if err := l.tree(ctx); err != nil {
		return err
	}
	c.Problems = append(c.Problems, h.Problems...)
	for _, k := range sortedKeys(h.Macros) {
		if _, ok := c.Macros[k]; !ok {
			c.Macros[k] = h.Macros[k]
		}
	}
	for _, k := range sortedKeys(h.Lookups) {
		if _, ok := c.Lookups[k]; !ok {
			c.Lookups[k] = h.Lookups[k]
		}
	}
	return nil
}
