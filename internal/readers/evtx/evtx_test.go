package evtx

import (
	"bytes"
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/riskhound/riskhound/internal/event"
)

func readBytes(t *testing.T, data []byte, workers int) ([]*event.Event, []event.Problem, error) {
	t.Helper()
	var evs []*event.Event
	var probs []event.Problem
	err := ReadWithOptions(context.Background(), "test.evtx", bytes.NewReader(data), int64(len(data)), Options{Workers: workers},
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	return evs, probs, err
}

// oneEvent builds a file with one Security-style record whose EventData has
// the given names and values, and returns its event.
func oneEvent(t *testing.T, names []string, vals []val) *event.Event {
	t.Helper()
	types := make([]byte, len(vals))
	for i, v := range vals {
		types[i] = v.typ
	}
	c := newChunkW()
	c.record(7, func(b *bx) {
		b.frag()
		b.template(-1, eventTemplate(names, types), append(systemVals(7), vals...))
	})
	evs, probs, err := readBytes(t, fileOf(c.bytes()), 1)
	if err != nil || len(probs) != 0 || len(evs) != 1 {
		t.Fatalf("got %d events, problems %v, err %v", len(evs), probs, err)
	}
	return evs[0]
}

func wantField(t *testing.T, e *event.Event, name, want string) {
	t.Helper()
	if got := e.Get(name); got.Text() != want || got.IsNull() != (want == "") {
		t.Errorf("%s = %q (%s), want %q", name, got.Text(), got.Kind(), want)
	}
}

func TestSystemFields(t *testing.T) {
	e := oneEvent(t, []string{"Status"}, []val{vHex32(0xc000006d)})
	raw := e.Get(event.Raw).Text()
	want := "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>" +
		"<Provider Name='Microsoft-Windows-Security-Auditing' Guid='{54849625-5478-4994-A5BA-3E3B0328C30D}'/>" +
		"<EventID>4625</EventID><Level>0</Level><Keywords>0x8010000000000000</Keywords>" +
		"<TimeCreated SystemTime='2019-04-17T18:40:00.1234567Z'/><EventRecordID>7</EventRecordID>" +
		"<Correlation/><Execution ProcessID='636'/><Channel>Security</Channel>" +
		"<Computer>DC01.example.corp</Computer><Security UserID='S-1-5-21-1-2-3-1001'/></System>" +
		"<EventData><Data Name='Status'>0xc000006d</Data></EventData></Event>"
	if raw != want {
		t.Errorf("_raw =\n%s\nwant\n%s", raw, want)
	}
	for name, v := range map[string]string{
		"Name": "Microsoft-Windows-Security-Auditing", "Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}",
		"EventID": "4625", "EventCode": "4625", "Level": "0", "Keywords": "0x8010000000000000",
		"SystemTime": "2019-04-17T18:40:00.1234567Z", "EventRecordID": "7", "ProcessID": "636",
		"Channel": "Security", "Computer": "DC01.example.corp", "UserID": "S-1-5-21-1-2-3-1001",
		"user_id": "S-1-5-21-1-2-3-1001", "Status": "0xc000006d",
		event.Host: "DC01.example.corp", event.Source: "XmlWinEventLog:Security",
		event.Sourcetype: "XmlWinEventLog", event.Index: "main",
		"ActivityID": "", "Correlation": "",
	} {
		wantField(t, e, name, v)
	}
	if ts, ok := e.EpochTime(); !ok || ts != 1555526400.123456 {
		t.Errorf("_time = %v, %v; want 1555526400.123456", ts, ok)
	}
}

func TestValueRendering(t *testing.T) {
	guid := []byte{0x6d, 0x00, 0x00, 0xc0, 0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x00, 0x11}
	systime := []byte{0xe3, 0x07, 3, 0, 2, 0, 19, 0, 23, 0, 34, 0, 4, 0, 0x38, 0x02} // 2019-03-19 23:34:04.568
	cases := []struct {
		v    val
		want string
	}{
		{vHex32(0x3e7), "0x3e7"},
		{vHex32(0), "0x0"},
		{vHex64(0xc000006d), "0xc000006d"},
		{vOf(tGUID, guid), "{C000006D-0201-0403-AABB-CCDDEEFF0011}"},
		{vOf(tSID, sid()), "S-1-5-21-1-2-3-1001"},
		{vFT(131976308445615876), "2019-03-21T08:34:04.5615876Z"},
		{vOf(tSystime, systime), "2019-03-19T23:34:04.5680000Z"},
		{vOf(tBinary, []byte{0x0a, 0xbc, 0xff}), "0ABCFF"},
		{vOf(tInt8, []byte{0xff}), "-1"},
		{vOf(tInt16, []byte{0xfe, 0xff}), "-2"},
		{vOf(tInt32, []byte{0xfd, 0xff, 0xff, 0xff}), "-3"},
		{vOf(tInt64, le.AppendUint64(nil, 1<<63)), "-9223372036854775808"},
		{vU64(18446744073709551615), "18446744073709551615"},
		{vOf(tBool, []byte{1, 0, 0, 0}), "true"},
		{vOf(tBool, []byte{0, 0, 0, 0}), "false"},
		{vOf(tReal64, le.AppendUint64(nil, 0x3ff8000000000000)), "1.5"},
		{vOf(tSizeT, le.AppendUint64(nil, 0x7ff6)), "0x7ff6"},
		{vOf(tAnsi, []byte("ansi text\x00")), "ansi text"},
		{vStr("with NUL\x00"), "with NUL"},
		{vStr("Ünïcödé 😀"), "Ünïcödé 😀"},
	}
	names := make([]string, len(cases))
	vals := make([]val, len(cases))
	for i, c := range cases {
		names[i] = "V" + string(rune('a'+i))
		vals[i] = c.v
	}
	e := oneEvent(t, names, vals)
	for i, c := range cases {
		wantField(t, e, names[i], c.want)
	}
}

// TestApostropheInText documents the escaping: Windows EvtRender escapes &,
// < and > in element text and leaves ' and " as they are (libevtx's format
// notes; Splunk's XmlWinEventLog shows CommandLine values with bare quotes);
// in attribute values, which it quotes with ', it also escapes ' and ".
func TestApostropheInText(t *testing.T) {
	e := oneEvent(t, []string{"CommandLine"}, []val{vStr(`cmd /c "echo it's" & a<b>c`)})
	wantField(t, e, "CommandLine", `cmd /c "echo it's" &amp; a&lt;b&gt;c`)
	if raw := e.Get(event.Raw).Text(); !strings.Contains(raw, `<Data Name='CommandLine'>cmd /c "echo it's" &amp; a&lt;b&gt;c</Data>`) {
		t.Errorf("_raw = %s", raw)
	}

	c := newChunkW()
	c.record(1, func(b *bx) {
		b.frag()
		b.template(-1, func(b *bx) {
			b.frag()
			b.open("Event", false)
			b.closeStart()
			b.open("X", true)
			b.attr("A", false)
			b.sub(0, tString, false)
			b.closeEmpty()
			b.end()
			b.eof()
		}, []val{vStr(`it's "q" & <x>`)})
	})
	evs, _, _ := readBytes(t, fileOf(c.bytes()), 1)
	if len(evs) != 1 || evs[0].Get(event.Raw).Text() != `<Event><X A='it&apos;s &quot;q&quot; &amp; &lt;x&gt;'/></Event>` {
		t.Errorf("attribute escaping: %v", evs)
	}
}

func TestEventDataShapes(t *testing.T) {
	arr := append(append(utf16le("one"), 0, 0), append(utf16le("two"), 0, 0)...)
	e := oneEvent(t,
		[]string{"", "", "Threat Name", "Dup", "Dup", "Empty", "Null", "List"},
		[]val{vStr("a"), vStr("b"), vStr("Eicar"), vStr("x"), vStr("y"), vStr(""), vNull(), vOf(tString|tArray, arr)})
	if got := e.Get("Data").Values(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("Data = %v, want [a b]", got)
	}
	wantField(t, e, "Threat_Name", "Eicar")
	if got := e.Get("Dup").Values(); len(got) != 2 || got[0] != "x" || got[1] != "y" {
		t.Errorf("Dup = %v, want [x y]", got)
	}
	wantField(t, e, "Empty", "")
	wantField(t, e, "Null", "")
	if got := e.Get("List").Values(); len(got) != 2 || got[0] != "one" || got[1] != "two" {
		t.Errorf("List = %v, want [one two]", got)
	}
	raw := e.Get(event.Raw).Text()
	for _, want := range []string{
		"<Data>a</Data><Data>b</Data>",
		"<Data Name='Empty'></Data>",
		"<Data Name='List'>one</Data><Data Name='List'>two</Data>",
	} {
		if !strings.Contains(raw, want) {
			t.Errorf("_raw lacks %s: %s", want, raw)
		}
	}
	if strings.Contains(raw, "'Null'") {
		t.Errorf("element of a null optional substitution rendered: %s", raw)
	}
}

// TestUserData renders UserData from a nested BinXML value holding its own
// template instance, as Windows stores it.
func TestUserData(t *testing.T) {
	c := newChunkW()
	c.record(3, func(b *bx) {
		b.frag()
		// The nested BinXML value is written in place after the outer
		// substitution descriptors, so build it at its final offset: outer
		// instance header (10) + definition (24 + body) + count and one
		// descriptor (8). Simplest is to build the outer definition first.
		outer := func(b *bx) {
			b.frag()
			b.open("Event", false)
			b.closeStart()
			b.elem("System", func() {
				b.elem("Channel", func() { b.text("Security") })
			})
			b.elem("UserData", func() { b.sub(0, tBinXML, false) })
			b.end()
			b.eof()
		}
		// Write the outer instance with a placeholder value, then replace
		// the value bytes by nested BinXML built for that offset.
		start := len(b.out)
		b.template(-1, outer, []val{vOf(tBinXML, make([]byte, 0))})
		valueAt := b.base + len(b.out)
		nb := &bx{c: b.c, base: valueAt}
		nb.frag()
		nb.template(-1, func(nb *bx) {
			nb.frag()
			nb.open("LogFileCleared", true)
			nb.attr("xmlns", false)
			nb.text("http://manifests.microsoft.com/win/2004/08/windows/eventlog")
			nb.closeStart()
			nb.elem("SubjectUserName", func() { nb.sub(0, tString, false) })
			nb.elem("SubjectLogonId", func() { nb.sub(1, tHex64, false) })
			nb.end()
			nb.eof()
		}, []val{vStr("bob"), vHex64(0x3e7)})
		nb.eof()
		// Patch the outer value size (the last descriptor) and append.
		le.PutUint16(b.out[len(b.out)-4:], uint16(len(nb.out)))
		b.raw(nb.out)
		_ = start
	})
	evs, probs, err := readBytes(t, fileOf(c.bytes()), 1)
	if err != nil || len(evs) != 1 {
		t.Fatalf("events %d, problems %v, err %v", len(evs), probs, err)
	}
	e := evs[0]
	wantField(t, e, "SubjectUserName", "bob")
	wantField(t, e, "SubjectLogonId", "0x3e7")
	wantField(t, e, "UserData_Xml", "<LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>bob</SubjectUserName><SubjectLogonId>0x3e7</SubjectLogonId></LogFileCleared>")
	wantField(t, e, event.Source, "XmlWinEventLog:Security")
}

// TestTemplateReuse checks that a record can use a template defined by an
// earlier record of the chunk, and names defined earlier.
func TestTemplateReuse(t *testing.T) {
	types := []byte{tString}
	c := newChunkW()
	var def int
	c.record(1, func(b *bx) {
		b.frag()
		def = b.template(-1, eventTemplate([]string{"User"}, types), append(systemVals(1), vStr("alice")))
	})
	for id := uint64(2); id <= 50; id++ {
		c.record(id, func(b *bx) {
			b.frag()
			b.template(def, nil, append(systemVals(id), vStr("bob")))
		})
	}
	evs, probs, err := readBytes(t, fileOf(c.bytes()), 1)
	if err != nil || len(probs) != 0 || len(evs) != 50 {
		t.Fatalf("events %d, problems %v, err %v", len(evs), probs, err)
	}
	wantField(t, evs[0], "User", "alice")
	wantField(t, evs[49], "User", "bob")
	wantField(t, evs[49], "EventRecordID", "50")
}

// manyChunks builds n chunks of k records each, record ids counting up.
func manyChunks(n, k int) [][]byte {
	var chunks [][]byte
	id := uint64(1)
	for i := 0; i < n; i++ {
		c := newChunkW()
		var def int
		for j := 0; j < k; j++ {
			c.record(id, func(b *bx) {
				b.frag()
				if j == 0 {
					def = b.template(-1, eventTemplate([]string{"N"}, []byte{tUint64}), append(systemVals(id), vU64(id)))
				} else {
					b.template(def, nil, append(systemVals(id), vU64(id)))
				}
			})
			id++
		}
		chunks = append(chunks, c.bytes())
	}
	return chunks
}

func TestParallelOrder(t *testing.T) {
	file := fileOf(manyChunks(9, 40)...)
	for _, w := range []int{1, 2, 4, 16} {
		evs, probs, err := readBytes(t, file, w)
		if err != nil || len(probs) != 0 || len(evs) != 360 {
			t.Fatalf("workers %d: events %d, problems %v, err %v", w, len(evs), probs, err)
		}
		for i, e := range evs {
			if got := e.Get("N").Text(); got != strconv.Itoa(i+1) {
				t.Fatalf("workers %d: event %d has N=%s", w, i, got)
			}
		}
	}
}

func TestEmitErrorAndCancel(t *testing.T) {
	file := fileOf(manyChunks(6, 10)...)
	stop := errors.New("stop")
	for _, w := range []int{1, 3} {
		n := 0
		err := ReadWithOptions(context.Background(), "x", bytes.NewReader(file), int64(len(file)), Options{Workers: w},
			func(*event.Event) error {
				n++
				if n == 15 {
					return stop
				}
				return nil
			}, nil)
		if !errors.Is(err, stop) || n != 15 {
			t.Errorf("workers %d: err %v after %d events, want stop after 15", w, err, n)
		}
		ctx, cancel := context.WithCancel(context.Background())
		n = 0
		err = ReadWithOptions(ctx, "x", bytes.NewReader(file), int64(len(file)), Options{Workers: w},
			func(*event.Event) error {
				n++
				if n == 5 {
					cancel()
				}
				return nil
			}, nil)
		if !errors.Is(err, context.Canceled) || n >= 60 {
			t.Errorf("workers %d: err %v after %d events, want cancellation", w, err, n)
		}
	}
}

func TestNotEVTX(t *testing.T) {
	for _, data := range [][]byte{nil, []byte("hello"), bytes.Repeat([]byte("x"), 5000)} {
		if _, _, err := readBytes(t, data, 1); err == nil {
			t.Errorf("%q: no error", data[:min(len(data), 8)])
		}
	}
}

// TestTokens covers the rarer BinXML tokens: character and entity
// references, CDATA sections and processing instructions, written as XML.
func TestTokens(t *testing.T) {
	c := newChunkW()
	c.record(1, func(b *bx) {
		b.frag()
		b.open("Event", false)
		b.closeStart()
		b.pi("xml-stylesheet", "href='a.xsl'")
		b.elem("System", func() {
			b.elem("Computer", func() {
				b.text("a")
				b.entityRef("amp")
				b.charRef(66)
				b.text("c")
			})
		})
		b.elem("EventData", func() {
			b.open("Data", true)
			b.attr("Name", false)
			b.text("Script")
			b.closeStart()
			b.cdata("if (a < b) { x & y }")
			b.end()
		})
		b.end()
		b.eof()
	})
	evs, probs, err := readBytes(t, fileOf(c.bytes()), 1)
	if err != nil || len(probs) != 0 || len(evs) != 1 {
		t.Fatalf("events %d, problems %v, err %v", len(evs), probs, err)
	}
	e := evs[0]
	want := "<Event><?xml-stylesheet href='a.xsl'?><System><Computer>a&amp;&#66;c</Computer></System>" +
		"<EventData><Data Name='Script'><![CDATA[if (a < b) { x & y }]]></Data></EventData></Event>"
	if got := e.Get(event.Raw).Text(); got != want {
		t.Errorf("_raw =\n%s\nwant\n%s", got, want)
	}
	wantField(t, e, "Computer", "a&amp;&#66;c")
	wantField(t, e, event.Host, "a&amp;&#66;c")
	wantField(t, e, "Script", "<![CDATA[if (a < b) { x & y }]]>")
}
