package spltest

import "testing"

func TestDebug(t *testing.T) {
	h := newHarnessEnv()
	h.load([]string{`{"_time": 10, "x": "7"}`})
	for _, q := range []string{"* | stats count(eval(x>5))", "* | stats sum(eval(x*2))"} {
		rows, err := h.execute("x", 1, q)
		t.Log(q, err)
		for _, r := range rows {
			t.Logf("%v", r.Fields)
		}
	}
}
