package spltest

import "testing"

func TestDebug(t *testing.T) {
	h := newHarnessEnv()
	rows, err := h.execute("x", 1, "| makeresults count=2 | eval x=1 | table x y")
	t.Log(err)
	for _, r := range rows {
		t.Logf("%#v", r.Fields)
	}
}
