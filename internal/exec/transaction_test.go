package exec

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

func TestTransaction(t *testing.T) {
	tasks := []*event.Event{ // newest first
		ev("_time", 400.0, "_raw", "d2", "Task_Name", "b", "EventCode", "4699"),
		ev("_time", 300.0, "_raw", "c1", "Task_Name", "b", "EventCode", "4698"),
		ev("_time", 250.0, "_raw", "x", "Task_Name", "c", "EventCode", "4698"),
		ev("_time", 200.0, "_raw", "d1", "Task_Name", "a", "EventCode", "4699"),
		ev("_time", 100.0, "_raw", "c0", "Task_Name", "a", "EventCode", "4698"),
	}
	wantRows(t, splRun(t, `* | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) | table _time Task_Name duration eventcount closed_txn _raw`, tasks...),
		"_time=300 Task_Name=b duration=100 eventcount=2 closed_txn=1 _raw=c1\nd2",
		"_time=100 Task_Name=a duration=100 eventcount=2 closed_txn=1 _raw=c0\nd1")
	wantRows(t, splRun(t, `* | transaction Task_Name startswith=(EventCode=4698) endswith=(EventCode=4699) keepevicted=true | table Task_Name closed_txn`, tasks...),
		"Task_Name=b closed_txn=1", "Task_Name=c closed_txn=0", "Task_Name=a closed_txn=1")

	logons := []*event.Event{
		ev("_time", 1000.0, "user", "u", "src", "3"),
		ev("_time", 130.0, "user", "u", "src", "2"),
		ev("_time", 100.0, "user", "u", "src", "1"),
		ev("_time", 90.0, "user", "v", "src", "1"),
	}
	wantRows(t, splRun(t, `* | transaction user maxspan=2m | table _time user src eventcount duration`, logons...),
		"_time=1000 user=u src=3 eventcount=1 duration=0",
		"_time=100 user=u src=[1, 2] eventcount=2 duration=30",
		"_time=90 user=v src=1 eventcount=1 duration=0")
	wantRows(t, splRun(t, `* | transaction user maxpause=10s | table _time eventcount`, logons...),
		"_time=1000 eventcount=1", "_time=130 eventcount=1", "_time=100 eventcount=1", "_time=90 eventcount=1")
}

func TestForeach(t *testing.T) {
	wantRows(t, splRun(t, `* | foreach * [ eval <<FIELD>> = if(<<FIELD>>="null",null(),<<FIELD>>)]`, ev("_raw", "null", "a", "null", "b", "x")),
		"_raw=null b=x")
	wantRows(t, splRun(t, `* | foreach a* [eval relevant_fields=if(type="EXECVE", mvappend(relevant_fields, '<<FIELD>>'), relevant_fields)] | table relevant_fields`,
		ev("type", "EXECVE", "a0", "ls", "a1", "-l", "a10", "x", "a2", "/tmp")),
		"relevant_fields=[ls, -l, x, /tmp]")
	wantRows(t, splRun(t, `* | eval anomalies="" | foreach stdev_* [ eval anomalies=if('<<MATCHSTR>>' > ('avg_<<MATCHSTR>>' + 3 * 'stdev_<<MATCHSTR>>'), anomalies + "<<MATCHSTR>> high; ", anomalies) ] | table anomalies`,
		ev("bytes", "100", "avg_bytes", "10", "stdev_bytes", "5", "pkts", "1", "avg_pkts", "1", "stdev_pkts", "1")),
		"anomalies=bytes high; ")
}

func TestTimechart(t *testing.T) {
	evs := []*event.Event{
		ev("_time", 1715783842.0, "host", "a"),
		ev("_time", 1715783000.0, "host", "b"),
		ev("_time", 1715782900.0, "host", "a"),
		ev("_time", 1715782000.0, "host", "a"),
	}
	// 5m buckets from 14:05 to 14:35, empty ones filled with 0.
	got := splRun(t, `* | timechart span=5m count`, evs...)
	if len(got) != 7 {
		t.Fatalf("got %d rows:\n%s", len(got), joinLines(rows(got)))
	}
	wantRows(t, got[:2], "_time=1715781900 count=1", "_time=1715782200 count=0")
	wantRows(t, got[6:], "_time=1715783700 count=1")
	wantRows(t, splRun(t, `* | timechart span=1h cont=false count by host`, evs...), "_time=1715781600 a=3 b=1")
	wantRows(t, splRun(t, `* | timechart span=1h limit=1 count by host`, evs...), "_time=1715781600 a=3 OTHER=1")
	wantRows(t, splRun(t, `* | stats count by host | appendpipe [| timechart span=1d count | table _time]`, evs...),
		"host=a count=3", "host=b count=1")
}
