package exec

import (
	"testing"

	"github.com/riskhound/riskhound/internal/source"
)

func TestMultikvCSV(t *testing.T) {
	raw := "\"time_micros\",\"c_ip\",\"sc_status\",\"cs_object\"\n" +
		"\"1700000000000000\",\"10.0.0.1\",\"200\",\"a.txt\"\n" +
		"\"1700000001000000\",\"10.0.0.2\",\"404\",\"\"\n" +
		"\"1700000002000000\", \"10.0.0.3\" ,\"200\",\"b, c.txt\"\n"
	got := runText(t, `* | multikv | table host c_ip_ sc_status_ cs_object_ _raw`, Env{Now: testNow},
		ev("_raw", raw, "host", "gcp"))
	wantRows(t, got,
		`host=gcp c_ip_="10.0.0.1" sc_status_="200" cs_object_="a.txt" _raw="1700000000000000","10.0.0.1","200","a.txt"`,
		`host=gcp c_ip_="10.0.0.2" sc_status_="404" cs_object_="" _raw="1700000001000000","10.0.0.2","404",""`,
		`host=gcp c_ip_="10.0.0.3" sc_status_="200" cs_object_="b, c.txt" _raw="1700000002000000", "10.0.0.3" ,"200","b, c.txt"`)
	// The ESCU pattern: the quotes stay in the values.
	got = runText(t, `* | multikv | search sc_status_="\"200\"" | table cs_object_`, Env{Now: testNow}, ev("_raw", raw))
	wantRows(t, got, `cs_object_="a.txt"`, `cs_object_="b, c.txt"`)
}

func TestMultikvAligned(t *testing.T) {
	raw := "top - 10:00 up 1 day\n\nPID   USER   COMMAND\n1     root   init\n42    bob    vim notes.txt\n7     root   splunkd -p 8089\n"
	got := runText(t, `* | multikv forceheader=2 | table PID USER COMMAND`, Env{Now: testNow}, ev("_raw", raw))
	wantRows(t, got, "PID=1 USER=root COMMAND=init", "PID=42 USER=bob COMMAND=vim notes.txt", "PID=7 USER=root COMMAND=splunkd -p 8089")

	got = runText(t, `* | multikv forceheader=2 fields PID COMMAND filter splunkd vim | table PID USER COMMAND`, Env{Now: testNow}, ev("_raw", raw))
	wantRows(t, got, "PID=42 USER=null COMMAND=vim notes.txt", "PID=7 USER=null COMMAND=splunkd -p 8089")

	got = runText(t, `* | multikv noheader=true copyattrs=false | table Column_1 Column_2 Column_3 host`, Env{Now: testNow},
		ev("_raw", "a b\nc d e", "host", "h"))
	wantRows(t, got, "Column_1=a Column_2=b Column_3=null host=null", "Column_1=c Column_2=d Column_3=e host=null")

	// rmorig=false keeps the original before its rows; no table, no rows.
	got = runText(t, `* | multikv rmorig=false | table n`, Env{Now: testNow}, ev("_raw", "n\n1", "n", "orig"), ev("_raw", "only a header"))
	wantRows(t, got, "n=orig", "n=1", "n=null")
	got = runText(t, `* | multikv | table n`, Env{Now: testNow}, ev("_raw", "only a header"), ev("n", "no raw"))
	wantRows(t, got)
}

func TestMultikvErrors(t *testing.T) {
	compileErr(t, `* | multikv conf=top`, source.ErrUnsupported, `"conf"`)
	compileErr(t, `* | multikv noheader=t forceheader=1`, source.ErrSyntax, "exclude")
	compileErr(t, `* | multikv PID`, source.ErrSyntax, "fields or filter")
	compileErr(t, `* | multikv forceheader=x`, source.ErrSyntax, "forceheader")
}
