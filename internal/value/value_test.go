package value

import "testing"

func TestFormatNumber(t *testing.T) {
	f := func(in float64, want string) {
		t.Helper()
		if got := FormatNumber(in); got != want {
			t.Errorf("FormatNumber(%v) = %q, want %q", in, got, want)
		}
	}
	f(2, "2")
	f(2.5, "2.5")
	f(-7, "-7")
	f(1715783842.123, "1715783842.123")
	f(1.0/3, "0.3333333333333333")
}

func TestLooksNumeric(t *testing.T) {
	for s, want := range map[string]bool{
		"4688": true, "-1.5": true, "1e3": true, ".5": true, "5.": true,
		"0x10fc": false, "": false, " 1": false, "1e": false, "abc": false, "+": false,
	} {
		if got := LooksNumeric(s); got != want {
			t.Errorf("LooksNumeric(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestMVCollapses(t *testing.T) {
	if !MV(nil).IsNull() {
		t.Error("empty multivalue is not null")
	}
	if v := MV([]string{"a"}); v.Kind() != String || v.Text() != "a" {
		t.Errorf("one-element multivalue = %v (%v)", v, v.Kind())
	}
	if v := MV([]string{"a", "b"}); v.Len() != 2 || v.Index(1) != "b" {
		t.Errorf("MV = %v", v)
	}
}

func TestCompareTextNumbersBeforeStrings(t *testing.T) {
	if CompareText("10", "9") <= 0 || CompareText("9", "foo") >= 0 || CompareText("B", "a") >= 0 {
		t.Error("CompareText order wrong")
	}
}
