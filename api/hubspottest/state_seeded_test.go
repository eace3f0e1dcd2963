package hubspottest_test

import (
	"bytes"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// A seeded sandbox (hostile values, secondary emails, pins, activities and their associations
// included) answers the same after a save and a load, byte for byte, apart from correlation ids.
func TestSeededStateAnswersTheSameAfterALoad(t *testing.T) {
	clock := newLimClock(limStart)
	opts := hubspottest.Options{Seed: 3, Contacts: 150, Companies: 20, Deals: 20, Tickets: 20, Clock: clock.Now,
		RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1}
	orig := hubspottest.New(opts)
	path := filepath.Join(t.TempDir(), "state.json")
	if err := orig.SaveState(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := hubspottest.LoadState(path, opts)
	if err != nil {
		t.Fatal(err)
	}
	again := path + ".again"
	if err := loaded.SaveState(again); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(path)
	b, _ := os.ReadFile(again)
	if !bytes.Equal(a, b) {
		t.Fatal("the loaded seeded sandbox saves differently")
	}
	_ = loaded.Store().View(func(tx *hubspottest.Tx) error {
		if n := tx.Count(hubspottest.Contacts); n < 150 {
			t.Fatalf("only %d contacts loaded", n)
		}
		return nil
	})
	calls := [][3]string{
		{"GET", "/crm/v3/objects/contacts?limit=100&properties=email,firstname,hs_additional_emails,hs_pinned_engagement_id", ""},
		{"GET", "/crm/v3/objects/contacts?limit=50&after=1100&associations=companies,deals,notes,calls", ""},
		{"POST", "/crm/v3/objects/contacts/search", `{"query":"a","limit":100,"sorts":[{"propertyName":"lastname","direction":"ASCENDING"}]}`},
		{"GET", "/crm/v3/objects/companies?limit=20", ""},
	}
	so, sl := httptest.NewServer(orig), httptest.NewServer(loaded)
	defer so.Close()
	defer sl.Close()
	c := limClient(t)
	for _, call := range calls {
		want := limDo(t, c, &hubspottest.Server{URL: so.URL}, hubspottest.DefaultToken, call[0], call[1], call[2]).must(t)
		got := limDo(t, c, &hubspottest.Server{URL: sl.URL}, hubspottest.DefaultToken, call[0], call[1], call[2]).must(t)
		if want.status != 200 || len(want.body) < 200 {
			t.Fatalf("%s %s on the original: %d %.200s", call[0], call[1], want.status, want.body)
		}
		// Paging links name the server; everything else must match.
		g := strings.ReplaceAll(withoutIDs(t, got.body), sl.URL, "URL")
		w := strings.ReplaceAll(withoutIDs(t, want.body), so.URL, "URL")
		if g != w {
			i := 0
			for i < len(g) && i < len(w) && g[i] == w[i] {
				i++
			}
			t.Errorf("%s %s differs after the load at byte %d:\n got %.300s\nwant %.300s", call[0], call[1], i, g[max(0, i-100):], w[max(0, i-100):])
		}
	}
}
