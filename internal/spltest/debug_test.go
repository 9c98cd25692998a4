package spltest

import "testing"

func TestDebug(t *testing.T) {
	h := newHarnessEnv()
	h.load([]string{`{"_time": 10, "src_user": "a", "dest": "d1"}`, `{"_time": 20, "dest": "d1"}`, `{"_time": 30, "src_user": "a"}`})
	for _, q := range []string{"* | transaction src_user dest connected=false maxspan=180m", "* | transaction src_user dest maxspan=180m", "* | transaction src_user dest connected=true"} {
		rows, err := h.execute("x", 1, q)
		t.Log(q, err)
		for _, r := range rows {
			t.Logf("%v", r.Fields)
		}
	}
}
