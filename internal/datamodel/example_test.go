package datamodel_test

import (
	"fmt"

	"github.com/riskhound/riskhound/internal/datamodel"
	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/value"
)

// A tstats executor resolves the dataset once, keeps one Deriver per worker,
// and asks it for each event's row.
func Example() {
	reg, err := datamodel.Builtin()
	if err != nil {
		panic(err)
	}
	ds, err := reg.Dataset("Endpoint.Processes")
	if err != nil {
		panic(err)
	}
	d := reg.NewDeriver()

	ev := event.New(8)
	ev.Append("source", value.Str("XmlWinEventLog:Security"))
	ev.Append("EventCode", value.Str("4688"))
	ev.Append("Computer", value.Str("ws1.corp.local"))
	ev.Append("NewProcessName", value.Str(`C:\Windows\System32\whoami.exe`))
	ev.Append("CommandLine", value.Str(`whoami /all`))
	ev.Append("SubjectUserName", value.Str("alice"))
	ev.Append("TargetUserName", value.Str("-"))

	row, ok := d.Row(ev, ds)
	fmt.Println(ok, ds.Prefix())
	for _, f := range []string{"Processes.process_name", "Processes.process", "Processes.user", "Processes.dest", "Processes.process_guid", "Processes.original_file_name"} {
		fmt.Printf("%s=%v\n", f, row.Get(f))
	}
	// Output:
	// true Processes
	// Processes.process_name=whoami.exe
	// Processes.process=C:\Windows\System32\whoami.exe /all
	// Processes.user=alice
	// Processes.dest=ws1.corp.local
	// Processes.process_guid=null
	// Processes.original_file_name=unknown
}
