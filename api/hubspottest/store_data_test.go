package hubspottest

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// A value is stored as a time only when writing the time back gives the same text.
func TestParseISOms(t *testing.T) {
	for _, v := range []string{"2024-01-06T09:00:00.000Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999Z"} {
		m, ok := parseISOms(v)
		if !ok || isoMS(m) != v {
			t.Errorf("%s: %v %s", v, ok, isoMS(m))
		}
	}
	for _, v := range []string{"2023-02-29T00:00:00.000Z", "2024-13-01T00:00:00.000Z", "2024-01-01T24:00:00.000Z",
		"2024-01-01T00:60:00.000Z", "2024-01-01T00:00:60.000Z", "1969-12-31T23:59:59.999Z", "2024-01-01T00:00:00.000+", "2024-01-01 00:00:00.000Z",
		"2024-01-01T00:00:00.00Z", "2024-1-01T00:00:00.000Z", "+024-01-01T00:00:00.000Z", "2024-04-31T00:00:00.000Z", "2024-00-10T00:00:00.000Z"} {
		if _, ok := parseISOms(v); ok {
			t.Errorf("%s taken as a time", v)
		}
	}
	for _, v := range []string{"0", "1", "1234567890", "999999999999999999"} {
		if n, ok := canonicalUint(v); !ok || strconv.FormatUint(n, 10) != v {
			t.Errorf("%s: %v", v, ok)
		}
	}
	for _, v := range []string{"", "01", "-1", "+1", "1e3", "1.0", " 1", "1234567890123456789"} {
		if _, ok := canonicalUint(v); ok {
			t.Errorf("%q taken as an integer", v)
		}
	}
}

// Rewriting records leaves garbage in the arena; compaction keeps the arena in proportion to
// the data and every value intact, search lag's earlier values included.
func TestArenaCompaction(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	st := NewStore(func() time.Time { return now }, time.Minute)
	big := strings.Repeat("x", 100_000)
	var o *Object
	_ = st.Do(func(tx *Tx) error {
		o = tx.Insert(Contacts, "", map[string]string{"email": "c@example.com", "firstname": "First", "message": big}, "API")
		tx.Settle(o)
		for i := range 5_000 { // each write rewrites the 100 KB record: 500 MB without compaction
			tx.SetProps(o, map[string]string{"firstname": "F" + strconv.Itoa(i)}, "API")
		}
		return nil
	})
	if size := st.arena.size(); size > 3*compactFloor {
		t.Errorf("arena holds %d MB after rewrites of one record", size>>20)
	}
	_ = st.View(func(tx *Tx) error {
		got := tx.ContactByEmail("c@example.com")
		if got == nil || got.Props["message"] != big || got.Props["firstname"] != "F4999" || len(got.History["firstname"]) != 5_001 ||
			got.History["firstname"][0].Value != "First" || got.History["firstname"][5000].Value != "F4999" {
			t.Fatalf("after compaction: %v", got != nil)
		}
		view, ok := st.searchView(o.key, now)
		if !ok || view.value(st.propRef("firstname")) != "First" {
			t.Error("search's earlier view lost in compaction")
		}
		return nil
	})
}

// isoTime writes what time.Format's layout does, for every millisecond shape and the years
// outside 0..9999 too.
func TestIsoTimeIsTheLayout(t *testing.T) {
	for _, tm := range []time.Time{time.Unix(0, 0), time.Date(2024, 2, 29, 23, 59, 59, 999_999_999, time.UTC),
		time.Date(2026, 1, 5, 9, 0, 0, 1_000_000, time.FixedZone("x", 3600)), time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), time.Now()} {
		if want := tm.UTC().Format("2006-01-02T15:04:05.000Z"); isoTime(tm) != want {
			t.Errorf("%v: %s, want %s", tm, isoTime(tm), want)
		}
	}
}
