package content

import (
	"context"
	"errors"
	"github.com/riskhound/riskhound/internal/corpus"
	"sort"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

// TestCorpusESCU loads the whole ESCU snapshot: every detection and macro
// must load. Compilation depends on the SPL front end, so its results are
// reported, not asserted.
func TestCorpusESCU(t *testing.T) {
	dir := corpus.Dir(t, "security_content")
	c, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Problems {
		t.Errorf("problem: %s", d.Render())
	}
	if len(c.Detections) != 1613 {
		t.Errorf("loaded %d detections, want 1613", len(c.Detections))
	}
	own := 0
	for _, m := range c.Macros {
		if m.File != nil && strings.HasPrefix(m.File.Name, dir) {
			own++
		}
	}
	if own != 189 {
		t.Errorf("loaded %d macros from the corpus, want 189", own)
	}
	if len(c.Stories) == 0 || len(c.Lookups) == 0 {
		t.Errorf("stories=%d lookups=%d", len(c.Stories), len(c.Lookups))
	}
	types := map[string]int{}
	noStory := 0
	for _, d := range c.Detections {
		types[d.Type]++
		if len(d.AnalyticStory) > 0 && len(c.StoriesOf(d)) == 0 {
			noStory++
		}
	}
	t.Logf("detections by type: %v; detections whose stories are all missing: %d", types, noStory)

	var badTables []string
	for _, name := range sortedKeys(c.Lookups) {
		if _, err := c.Lookups[name].Table(); err != nil {
			badTables = append(badTables, name)
		}
	}
	t.Logf("lookups: %d definitions, %d without a readable table: %v", len(c.Lookups), len(badTables), badTables)

	c.Compile()
	ok, expandErr := 0, 0
	byClass := map[string]int{}
	msgs := map[string]int{}
	for _, d := range c.Detections {
		switch {
		case d.Err == nil:
			ok++
		case d.Expanded == nil:
			expandErr++
			t.Logf("%s: macro expansion failed: %s", d.Name, source.Render(d.Err))
		default:
			class := "other"
			for _, cl := range []error{source.ErrSyntax, source.ErrUnsupported, source.ErrUnknown, source.ErrLimit} {
				if errors.Is(d.Err, cl) {
					class = cl.Error()
					break
				}
			}
			byClass[class]++
			if class == source.ErrSyntax.Error() {
				t.Logf("%s: %s", d.Name, source.Render(d.Err))
			}
			var dg *source.Diagnostic
			if errors.As(d.Err, &dg) {
				msgs[dg.Msg]++
			}
		}
	}
	t.Logf("compiled %d/%d detections; macro errors %d; parse errors by class %v", ok, len(c.Detections), expandErr, byClass)
	type kv struct {
		msg string
		n   int
	}
	var top []kv
	for m, n := range msgs {
		top = append(top, kv{m, n})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].n > top[j].n || top[i].n == top[j].n && top[i].msg < top[j].msg })
	for i, e := range top {
		if i == 15 {
			break
		}
		t.Logf("  %4d  %s", e.n, e.msg)
	}
}
