package geoip

import (
	"net"
	"os"
	"path/filepath"
	"testing"

	"github.com/maxmind/mmdbwriter"
	"github.com/maxmind/mmdbwriter/mmdbtype"
)

// writeDB builds a tiny City-format database with one network, so the test
// exercises the real file format end to end.
func writeDB(t *testing.T) string {
	t.Helper()
	w, err := mmdbwriter.New(mmdbwriter.Options{DatabaseType: "GeoLite2-City", RecordSize: 24})
	if err != nil {
		t.Fatal(err)
	}
	_, network, _ := net.ParseCIDR("81.2.69.0/24")
	rec := mmdbtype.Map{
		"city":         mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String("London")}},
		"continent":    mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String("Europe")}},
		"country":      mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String("United Kingdom")}},
		"subdivisions": mmdbtype.Slice{mmdbtype.Map{"names": mmdbtype.Map{"en": mmdbtype.String("England")}}},
		"location": mmdbtype.Map{"latitude": mmdbtype.Float64(51.5142), "longitude": mmdbtype.Float64(-0.0931),
			"time_zone": mmdbtype.String("Europe/London")},
	}
	if err := w.Insert(network, rec); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "city.mmdb")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

func TestLookup(t *testing.T) {
	db, err := Open(writeDB(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	got, ok := db.Lookup("81.2.69.160", false)
	want := map[string]string{"City": "London", "Country": "United Kingdom", "Region": "England", "lat": "51.5142", "lon": "-0.0931"}
	if !ok || len(got) != len(want) {
		t.Fatalf("Lookup = %v, %v; want %v", got, ok, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %q, want %q", k, got[k], v)
		}
	}
	all, _ := db.Lookup("81.2.69.1", true)
	if all["Continent"] != "Europe" || all["Timezone"] != "Europe/London" {
		t.Errorf("allfields: %v", all)
	}
	for _, ip := range []string{"10.0.0.1", "not-an-ip", "", "8.8.8.8"} {
		if m, ok := db.Lookup(ip, true); ok {
			t.Errorf("Lookup(%q) = %v, want not found", ip, m)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing.mmdb")); err == nil {
		t.Error("Open of a missing file succeeded")
	}
}
