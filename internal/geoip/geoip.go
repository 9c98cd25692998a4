// Package geoip resolves IP addresses to locations from a local MaxMind DB
// file (GeoLite2-City or GeoIP2-City format) for the iplocation command
// (spl-semantics.md §9.25). Nothing is fetched from the network: users point
// riskhound at a database they have.
package geoip

import (
	"fmt"
	"net"
	"strconv"

	"github.com/oschwald/maxminddb-golang"
)

// DB is an open GeoIP database. It is safe for concurrent use.
type DB struct {
	r    *maxminddb.Reader
	lang string
}

// Open opens a MaxMind DB file. Names are taken in English.
func Open(path string) (*DB, error) {
	r, err := maxminddb.Open(path)
	if err != nil {
		return nil, fmt.Errorf("geoip: %s: %w", path, err)
	}
	return &DB{r: r, lang: "en"}, nil
}

// Close releases the database.
func (db *DB) Close() error { return db.r.Close() }

type names map[string]string

type record struct {
	City struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"city"`
	Continent struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"continent"`
	Country struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"country"`
	Location struct {
		Latitude  *float64 `maxminddb:"latitude"`
		Longitude *float64 `maxminddb:"longitude"`
		MetroCode uint     `maxminddb:"metro_code"`
		TimeZone  string   `maxminddb:"time_zone"`
	} `maxminddb:"location"`
	Subdivisions []struct {
		Names names `maxminddb:"names"`
	} `maxminddb:"subdivisions"`
}

// Lookup returns the iplocation fields for ip: City, Country, Region, lat and
// lon, plus Continent, MetroCode and Timezone when all is set. Fields the
// database lacks are omitted. It returns false for text that is not an IP
// address and for addresses the database does not know (private ranges).
func (db *DB) Lookup(ip string, all bool) (map[string]string, bool) {
	addr := net.ParseIP(ip)
	if addr == nil {
		return nil, false
	}
	var rec record
	off, err := db.r.LookupOffset(addr)
	if err != nil || off == maxminddb.NotFound {
		return nil, false
	}
	if err := db.r.Decode(off, &rec); err != nil {
		return nil, false
	}
	out := map[string]string{}
	put := func(k, v string) {
		if v != "" {
			out[k] = v
		}
	}
	put("City", rec.City.Names[db.lang])
	put("Country", rec.Country.Names[db.lang])
	if len(rec.Subdivisions) > 0 {
		put("Region", rec.Subdivisions[0].Names[db.lang])
	}
	if rec.Location.Latitude != nil && rec.Location.Longitude != nil {
		put("lat", strconv.FormatFloat(*rec.Location.Latitude, 'f', -1, 64))
		put("lon", strconv.FormatFloat(*rec.Location.Longitude, 'f', -1, 64))
	}
	if all {
		put("Continent", rec.Continent.Names[db.lang])
		if rec.Location.MetroCode != 0 {
			put("MetroCode", strconv.FormatUint(uint64(rec.Location.MetroCode), 10))
		}
		put("Timezone", rec.Location.TimeZone)
	}
	return out, len(out) > 0
}
