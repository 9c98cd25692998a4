package exec

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

// TestConcurrentUse runs Match and Run of one program from several
// goroutines; run with -race.
func TestConcurrentUse(t *testing.T) {
	prog, err := Compile(wmiexecPipeline(), Env{Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	evs := benchEvents(300)
	var wg sync.WaitGroup
	results := make([]int, 4)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var in []*event.Event
			for _, e := range evs {
				if prog.Match(e) {
					in = append(in, e)
				}
			}
			out, err := prog.Run(context.Background(), in)
			if err != nil {
				t.Error(err)
			}
			results[g] = len(out)
		}()
	}
	wg.Wait()
	for _, n := range results {
		if n != 7 { // 30 positives over 7 hosts
			t.Errorf("rows = %v, want 7 each", results)
			break
		}
	}
}

// TestAcrossBatches checks operators over inputs spanning several batches.
func TestAcrossBatches(t *testing.T) {
	var in []*event.Event
	for i := range 3000 {
		in = append(in, ev("n", fmt.Sprint(i), "k", fmt.Sprint(i%3)))
	}
	got := splRun(t, `* | where n >= 1000 | head 1500 | eval m=n*2 | stats count min(m) as lo max(m) as hi`, in...)
	wantRows(t, got, "count=1500 lo=2000 hi=4998")
	got = splRun(t, `* | mvexpand k | dedup k | table n`, in...)
	wantRows(t, got, "n=0", "n=1", "n=2")
	got = splRun(t, `* | tail 1 | table n`, in...)
	wantRows(t, got, "n=2999")
}
