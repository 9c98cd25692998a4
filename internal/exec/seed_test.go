package exec

import (
	"testing"

	"github.com/riskhound/riskhound/internal/event"
	"github.com/riskhound/riskhound/internal/spl/ast"
)

// The two seed detections (shared/seeds), expanded by hand: `powershell`
// macro, security_content_ctime twice, and the empty filter macro
// ("search *").

func powershellMacro() ast.SearchExpr {
	return sor(
		seq("source", "WinEventLog:Microsoft-Windows-PowerShell/Operational"),
		seq("source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational"),
	)
}

func seedTail(by ...string) []ast.Command {
	return []ast.Command{
		statsCmd("stats", []*ast.Aggregation{agg("count", "", ""), agg("min", "_time", "firstTime"), agg("max", "_time", "lastTime")}, by...),
		ctime("%Y-%m-%dT%H:%M:%S", "firstTime"),
		ctime("%Y-%m-%dT%H:%M:%S", "lastTime"),
		search(sterm("*")),
	}
}

func wmiexecPipeline() *ast.Pipeline {
	cmds := []ast.Command{search(sand(powershellMacro(), seq("EventCode", "4104"), sin("ScriptBlockText", "*invoke-wmiexec*")))}
	return pipeline(append(cmds, seedTail("Computer", "EventCode", "ScriptBlockText")...)...)
}

func winrmPipeline() *ast.Pipeline {
	cmds := []ast.Command{search(sand(powershellMacro(), seq("EventCode", "4104"),
		sand(seq("ScriptBlockText", "*Invoke-Command*"), seq("ScriptBlockText", "*-ComputerName*"))))}
	return pipeline(append(cmds, seedTail("EventCode", "ScriptBlockText", "Computer", "user_id")...)...)
}

func psEvent(t float64, code, computer, script string, extra ...any) *event.Event {
	kv := []any{
		"_time", t, "_raw", "<Event>" + script + "</Event>",
		"source", "XmlWinEventLog:Microsoft-Windows-PowerShell/Operational",
		"sourcetype", "XmlWinEventLog", "host", computer,
		"EventCode", code, "Computer", computer, "ScriptBlockText", script,
	}
	return ev(append(kv, extra...)...)
}

func TestSeedWmiexec(t *testing.T) {
	script := "function Invoke-WMIExec { param($Target) }"
	events := []*event.Event{ // newest first
		psEvent(1715783842.75, "4104", "win-dc-01.attackrange.local", script),
		psEvent(1715783800.5, "4104", "win-dc-01.attackrange.local", script),
		psEvent(1715780000, "4104", "ws2.attackrange.local", script),
		// negatives: other code, other source, other text
		psEvent(1715783000, "4103", "win-dc-01.attackrange.local", script),
		ev("_time", 1715783000.0, "source", "WinEventLog:Security", "EventCode", "4104", "ScriptBlockText", script, "Computer", "x"),
		psEvent(1715783000, "4104", "win-dc-01.attackrange.local", "Get-Process"),
	}
	got := runAll(t, wmiexecPipeline(), events...)
	wantRows(t, got,
		"Computer=win-dc-01.attackrange.local EventCode=4104 ScriptBlockText="+script+" count=2 firstTime=2024-05-15T14:36:40 lastTime=2024-05-15T14:37:22",
		"Computer=ws2.attackrange.local EventCode=4104 ScriptBlockText="+script+" count=1 firstTime=2024-05-15T13:33:20 lastTime=2024-05-15T13:33:20",
	)
	if got := runAll(t, wmiexecPipeline(), events[3:]...); len(got) != 0 {
		t.Errorf("negatives produced rows:\n%s", joinLines(rows(got)))
	}
}

func TestSeedWinRM(t *testing.T) {
	pos := "Invoke-Command -ComputerName dc01 -ScriptBlock { whoami }"
	events := []*event.Event{
		psEvent(1715783842, "4104", "ws1.local", pos, "user_id", "S-1-5-21-1"),
		psEvent(1715783841, "4104", "ws1.local", pos), // no user_id: dropped by stats
		psEvent(1715783840, "4104", "ws1.local", "Invoke-Command -ScriptBlock { x }", "user_id", "S-1-5-21-1"),
		psEvent(1715783839, "4104", "ws1.local", "invoke-command -computername dc02", "user_id", "S-1-5-21-2"),
	}
	got := runAll(t, winrmPipeline(), events...)
	wantRows(t, got,
		"EventCode=4104 ScriptBlockText="+pos+" Computer=ws1.local user_id=S-1-5-21-1 count=1 firstTime=2024-05-15T14:37:22 lastTime=2024-05-15T14:37:22",
		"EventCode=4104 ScriptBlockText=invoke-command -computername dc02 Computer=ws1.local user_id=S-1-5-21-2 count=1 firstTime=2024-05-15T14:37:19 lastTime=2024-05-15T14:37:19",
	)
	if got := runAll(t, winrmPipeline(), events[1:3]...); len(got) != 0 {
		t.Errorf("negatives produced rows:\n%s", joinLines(rows(got)))
	}
}

func TestSeedTimeRange(t *testing.T) {
	// The detections' schedule window: earliest=-70m@m latest=-10m@m.
	env := Env{Now: testNow}
	env.Earliest = testNow.Add(-70 * 60e9).Truncate(60e9)
	env.Latest = testNow.Add(-10 * 60e9).Truncate(60e9)
	script := "Invoke-WmiExec -Target x"
	events := []*event.Event{
		psEvent(1715783842, "4104", "a", script), // now: after latest
		psEvent(1715782800, "4104", "a", script), // 14:20:00: inside
		psEvent(1715779620, "4104", "a", script), // 13:27:00 exactly earliest: inside
		psEvent(1715779619, "4104", "a", script), // before earliest
	}
	got := runEnv(t, wmiexecPipeline(), env, events...)
	wantRows(t, got, "Computer=a EventCode=4104 ScriptBlockText="+script+" count=2 firstTime=2024-05-15T13:27:00 lastTime=2024-05-15T14:20:00")
}
