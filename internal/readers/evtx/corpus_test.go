package evtx

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/riskhound/riskhound/internal/corpus"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/riskhound/riskhound/internal/event"
	vevtx "www.velocidex.com/golang/evtx"
)

func corpusFiles(t testing.TB) []string {
	root := corpus.Dir(t, ".")
	var files []string
	for _, sub := range []string{"evtx", filepath.Join("sigma", "regression_data")} {
		filepath.WalkDir(filepath.Join(root, sub), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".evtx") {
				files = append(files, p)
			}
			return nil
		})
	}
	sort.Strings(files)
	if len(files) == 0 {
		t.Skip("no .evtx files in the corpus")
	}
	return files
}

// readAll decodes a file with Read and returns its events and problems.
func readAll(t testing.TB, path string, opts Options) ([]*event.Event, []event.Problem) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	var evs []*event.Event
	var probs []event.Problem
	err = ReadWithOptions(context.Background(), path, f, st.Size(), opts,
		func(e *event.Event) error { evs = append(evs, e); return nil },
		func(p event.Problem) { probs = append(probs, p) })
	if err != nil {
		t.Errorf("%s: %v", path, err)
	}
	return evs, probs
}

// unescapeXML decodes the five predefined entities, turning a field value
// (which keeps the XML rendering's escaping) into the text JSON shows.
func unescapeXML(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&apos;", "'", "&amp;", "&").Replace(s)
}

// normalize maps a value to the form both renderings share: GUIDs without
// braces in upper case; everything else as is.
func normalize(s string) string {
	if len(s) == 38 && s[0] == '{' && s[37] == '}' {
		s = s[1:37]
	}
	if len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' {
		return strings.ToUpper(s)
	}
	return s
}

// sameTime compares a rendered SystemTime with another rendering of it to
// the microsecond (the JSON renderings keep 6 fractional digits).
func sameTime(a, b string) bool {
	ta, ok1 := parseSystemTime(a)
	tb, ok2 := parseSystemTime(b)
	if !ok1 || !ok2 {
		return a == b
	}
	d := ta.Sub(tb)
	return d < time.Microsecond && d > -time.Microsecond
}

type allowance struct{ counts, oracleValues, jsonValues, libevtx int }

// loadAllowance reads testdata/corpus_mismatches.txt: the number of known,
// accepted mismatches per kind. Fewer is progress (lower the number); more is
// a regression.
func loadAllowance(t *testing.T) allowance {
	f, err := os.Open(filepath.Join("testdata", "corpus_mismatches.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var a allowance
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' {
			continue
		}
		k, v, _ := strings.Cut(line, " ")
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			t.Fatalf("corpus_mismatches.txt: %q", line)
		}
		switch k {
		case "counts":
			a.counts = n
		case "oracle_values":
			a.oracleValues = n
		case "json_values":
			a.jsonValues = n
		case "libevtx":
			a.libevtx = n
		}
	}
	return a
}

func checkAllowance(t *testing.T, kind string, mismatches []string, allowed int) {
	for i, m := range mismatches {
		if i == 50 {
			t.Logf("... %d more %s mismatches", len(mismatches)-50, kind)
			break
		}
		t.Logf("%s mismatch: %s", kind, m)
	}
	switch {
	case len(mismatches) > allowed:
		t.Errorf("%d %s mismatches, %d allowed (testdata/corpus_mismatches.txt)", len(mismatches), kind, allowed)
	case len(mismatches) < allowed:
		t.Logf("%d %s mismatches, fewer than the %d allowed: lower the number", len(mismatches), kind, allowed)
	}
}

// TestCorpusOracle decodes every corpus EVTX file and compares the record
// count and every string-typed EventData value with the Velocidex decoder.
// Velocidex renders numbers, hex integers and times as numbers, so only its
// string values are comparable; GUIDs are compared without braces.
func TestCorpusOracle(t *testing.T) {
	files := corpusFiles(t)
	allow := loadAllowance(t)
	var countMis, valueMis []string
	total := 0
	for _, path := range files {
		evs, probs := readAll(t, path, Options{})
		for _, p := range probs {
			t.Logf("problem: %v", p)
		}
		total += len(evs)
		byID := map[string]*event.Event{}
		for _, e := range evs {
			byID[e.Get("EventRecordID").Text()] = e
		}
		want, err := oracleRecords(path)
		if err != nil {
			countMis = append(countMis, fmt.Sprintf("%s: oracle failed: %v", path, err))
			continue
		}
		if len(want) != len(evs) {
			countMis = append(countMis, fmt.Sprintf("%s: %d records, oracle %d", path, len(evs), len(want)))
		}
		for _, rec := range want {
			e := byID[rec.id]
			if e == nil {
				valueMis = append(valueMis, fmt.Sprintf("%s: record %s missing", path, rec.id))
				continue
			}
			for _, kv := range rec.data {
				got := e.Get(cleanKey(kv[0])).Values()
				if !oracleMatch(got, kv[1]) {
					valueMis = append(valueMis, fmt.Sprintf("%s: record %s: %s = %q, oracle %q", path, rec.id, kv[0], got, kv[1]))
				}
			}
		}
	}
	t.Logf("%d files, %d records", len(files), total)
	checkAllowance(t, "count", countMis, allow.counts)
	checkAllowance(t, "oracle value", valueMis, allow.oracleValues)
}

// oracleMatch reports whether one of our values for a field equals the
// oracle's string. One of several: a Data name may repeat a System field name
// (Data Name='Version' beside <Version>), which makes a multivalue here.
// Velocidex shows binary values in base64 where Windows shows upper-case hex.
func oracleMatch(got []string, want string) bool {
	if len(got) == 0 {
		return want == ""
	}
	for _, g := range got {
		g = unescapeXML(g)
		if normalize(g) == normalize(want) {
			return true
		}
		if b, err := base64.StdEncoding.DecodeString(want); err == nil && len(want) >= 4 && strings.ToUpper(hex.EncodeToString(b)) == g {
			return true
		}
	}
	return false
}

type oracleRecord struct {
	id   string
	data [][2]string // EventData name and string value, in order
}

// oracleRecords decodes path with Velocidex (which may panic on bad input).
func oracleRecords(path string) (recs []oracleRecord, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	chunks, err := vevtx.GetChunks(f)
	if err != nil {
		return nil, err
	}
	for _, c := range chunks {
		rs, err := c.Parse(0)
		if err != nil {
			return nil, err
		}
		for _, r := range rs {
			b, err := json.Marshal(r.Event)
			if err != nil {
				return nil, err
			}
			var doc struct {
				Event struct {
					System struct {
						EventRecordID json.Number
					}
					EventData json.RawMessage
				}
			}
			dec := json.NewDecoder(strings.NewReader(string(b)))
			dec.UseNumber()
			if err := dec.Decode(&doc); err != nil {
				return nil, err
			}
			rec := oracleRecord{id: doc.Event.System.EventRecordID.String()}
			rec.data = stringMembers(doc.Event.EventData)
			recs = append(recs, rec)
		}
	}
	return recs, nil
}

// stringMembers returns the string-valued members of a JSON object in order.
func stringMembers(raw json.RawMessage) [][2]string {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	dec.Token()
	var out [][2]string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return out
		}
		if s, ok := v.(string); ok {
			out = append(out, [2]string{k.(string), s})
		}
	}
	return out
}

// TestCorpusJSON compares the fields of every Sigma regression EVTX record
// with the JSON rendering shipped beside it (evtx_dump style:
// {"Event":{"System":...,"EventData":...}}, one object per record).
//
// Normalization, because the JSON renders some values differently:
//   - JSON numbers are compared as their decimal text (EventID 4104 -> "4104");
//   - GUIDs are compared without braces, case-insensitively;
//   - SystemTime is compared as a time to the microsecond (JSON has 6 digits);
//   - our values keep the XML escaping, so they are unescaped first;
//   - JSON null and "" mean no field;
//   - leading and trailing white space is ignored: the JSON renderings trim
//     it, Windows keeps it (Sysmon's ParentCommandLine `"...\cmd.exe" `);
//   - element attributes (#attributes) become fields named by the attribute,
//     element text (#text) is named by the element, as fields.md extracts them.
func TestCorpusJSON(t *testing.T) {
	allow := loadAllowance(t)
	var mis []string
	compared := 0
	for _, path := range corpusFiles(t) {
		jpath := strings.TrimSuffix(path, ".evtx") + ".json"
		jf, err := os.Open(jpath)
		if err != nil {
			continue
		}
		evs, _ := readAll(t, path, Options{})
		byID := map[string]*event.Event{}
		for _, e := range evs {
			byID[e.Get("EventRecordID").Text()] = e
		}
		dec := json.NewDecoder(jf)
		dec.UseNumber()
		for {
			var doc map[string]any
			if err := dec.Decode(&doc); err != nil {
				if !errors.Is(err, io.EOF) {
					mis = append(mis, fmt.Sprintf("%s: %v", jpath, err))
				}
				break
			}
			want := map[string][]string{}
			flattenJSON(doc["Event"], want)
			id := first(want["EventRecordID"])
			e := byID[id]
			if e == nil {
				mis = append(mis, fmt.Sprintf("%s: record %s missing", path, id))
				continue
			}
			compared++
			names := make([]string, 0, len(want))
			for k := range want {
				names = append(names, k)
			}
			sort.Strings(names)
			for _, k := range names {
				w := want[k]
				got := e.Get(k).Values()
				if !sameValues(k, got, w) {
					mis = append(mis, fmt.Sprintf("%s: record %s: %s = %q, JSON %q", filepath.Base(path), id, k, got, w))
				}
			}
		}
		jf.Close()
	}
	t.Logf("%d records compared with their JSON rendering", compared)
	if compared == 0 {
		t.Skip("no JSON renderings found")
	}
	checkAllowance(t, "JSON value", mis, allow.jsonValues)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

func sameValues(name string, got, want []string) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		g := unescapeXML(got[i])
		if name == "SystemTime" {
			if !sameTime(g, want[i]) {
				return false
			}
			continue
		}
		if normalize(strings.TrimSpace(g)) != normalize(strings.TrimSpace(want[i])) {
			return false
		}
	}
	return true
}

// flattenJSON maps the JSON rendering of <Event> to the fields fields.md
// derives from the XML rendering.
func flattenJSON(ev any, out map[string][]string) {
	m, _ := ev.(map[string]any)
	add := func(k string, v any) {
		if s, ok := jsonText(v); ok && s != "" {
			out[k] = append(out[k], s)
		}
	}
	if sys, ok := m["System"].(map[string]any); ok {
		for k, v := range sys {
			if o, ok := v.(map[string]any); ok {
				if attrs, ok := o["#attributes"].(map[string]any); ok {
					for ak, av := range attrs {
						add(ak, av)
						if ak == "UserID" {
							add("user_id", av)
						}
					}
				}
				if txt, ok := o["#text"]; ok {
					add(k, txt)
					if k == "EventID" {
						add("EventCode", txt)
					}
				}
				continue
			}
			add(k, v)
			if k == "EventID" {
				add("EventCode", v)
			}
		}
	}
	if ed, ok := m["EventData"].(map[string]any); ok {
		for k, v := range ed {
			if k == "#attributes" {
				continue
			}
			if arr, ok := v.([]any); ok {
				for _, x := range arr {
					add(cleanKey(k), x)
				}
				continue
			}
			if o, ok := v.(map[string]any); ok {
				add(cleanKey(k), o["#text"])
				continue
			}
			add(cleanKey(k), v)
		}
	}
	if ud, ok := m["UserData"].(map[string]any); ok {
		for _, child := range ud {
			leaves(child, out)
		}
	}
}

func leaves(v any, out map[string][]string) {
	o, ok := v.(map[string]any)
	if !ok {
		return
	}
	for k, x := range o {
		if k == "#attributes" {
			continue
		}
		if sub, ok := x.(map[string]any); ok {
			leaves(sub, out)
			continue
		}
		if s, ok := jsonText(x); ok && s != "" {
			out[cleanKey(k)] = append(out[cleanKey(k)], s)
		}
	}
}

func jsonText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
