package lookup

import (
	"math"
	"testing"
)

func TestShannon(t *testing.T) {
	for _, c := range []struct {
		s    string
		want float64
	}{
		{"", 0},
		{"aaaa", 0},
		{"ab", 1},
		{"abcd", 2},
		{"aabb", 1},
		{"aab", -(2.0/3*math.Log2(2.0/3) + 1.0/3*math.Log2(1.0/3))},
		{"ééab", 1.5}, // code points, not bytes
	} {
		if got := Shannon(c.s); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("Shannon(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestComputedShannonLookup(t *testing.T) {
	tab, ok := Computed("ut_shannon_lookup")
	if !ok || !tab.IsComputed() || tab.Len() != 0 {
		t.Fatalf("Computed(ut_shannon_lookup) = %v, %v", tab, ok)
	}
	if _, ok := Computed("no_such_lookup"); ok {
		t.Fatal("Computed(no_such_lookup) reported a table")
	}
	vals, ok := tab.Lookup([]Input{{Column: "word", Values: []string{"abcd"}}}, []string{"ut_shannon", "missing"})
	if !ok || len(vals) != 2 || vals[0].String() != "2" || !vals[1].IsNull() {
		t.Fatalf("Lookup(abcd) = %v, %v", vals, ok)
	}
	vals, ok = tab.Lookup([]Input{{Column: "word", Values: []string{"ab", "aaaa"}}}, []string{"ut_shannon"})
	if !ok || vals[0].String() != "[1, 0]" {
		t.Fatalf("Lookup(multivalue) = %v, %v", vals, ok)
	}
	if _, ok := tab.Lookup([]Input{{Column: "word"}}, []string{"ut_shannon"}); ok {
		t.Error("Lookup with no input value wrote outputs")
	}
	if _, ok := tab.Lookup([]Input{{Column: "other", Values: []string{"x"}}}, []string{"ut_shannon"}); ok {
		t.Error("Lookup on an unknown input column wrote outputs")
	}
}
