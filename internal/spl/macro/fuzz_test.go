package macro

import (
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

// FuzzExpand checks that Expand never panics or hangs, that text without
// backticks comes back unchanged, and that Remap accepts a diagnostic at any
// offset of the expanded text.
func FuzzExpand(f *testing.F) {
	for _, s := range []string{
		"`sysmon` EventID=1 | `ctime(firstTime)`",
		"a ``` c | \" ``` b `two(\"x,y\", f(a,b))`",
		"`outer` `loop` `nope` `ctime(a, b)`",
		"x=\"`q`\" `two(b=1, a=2)` `drop_dm_object_name(\"P\")`",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		x, err := Expand(source.NewFile("fuzz", in), Defaults(testLookup))
		if err != nil {
			return
		}
		for _, c := range in {
			if c == '`' {
				goto remap
			}
		}
		if x.File.Text != in {
			t.Fatalf("text without backticks changed: %q -> %q", in, x.File.Text)
		}
	remap:
		for p := 0; p <= len(x.File.Text); p += 1 + len(x.File.Text)/64 {
			d := source.Errorf(source.ErrSyntax, x.File, source.Span{Start: source.Pos(p), End: source.Pos(p + 1)}, "x")
			r, ok := x.Remap(d).(*source.Diagnostic)
			if !ok || r.File != x.Original || r.Span.Start < 0 || int(r.Span.Start) > len(in) {
				t.Fatalf("remap of offset %d in %q gave %+v", p, x.File.Text, r)
			}
			_ = r.Render()
		}
	})
}
