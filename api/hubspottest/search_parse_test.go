package hubspottest

import (
	"testing"
	"time"
)

// FuzzParseSearchRequest feeds arbitrary bodies to the search request parser and, when they
// parse, runs them through the limits, the compiler and the engine over a small store. None of
// it may panic, and a successful answer must respect the page size and report a total that
// covers what it returned. The corpus in testdata/fuzz/FuzzParseSearchRequest runs as an
// ordinary test.
func FuzzParseSearchRequest(f *testing.F) {
	for _, seed := range []string{
		``, `{}`, `null`, `[]`, `{"limit":201}`, `{"after":"10000"}`, `{"query":"ali"}`,
		`{"filterGroups":[{"filters":[{"propertyName":"email","operator":"EQ","value":"alice@example.com"}]}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"createdate","operator":"BETWEEN","value":"0","highValue":"2026-01-06"}]}],"sorts":["-createdate"]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"firstname","operator":"IN","values":["alice",1,true]}]}]}`,
		`{"filters":[{"propertyName":"jobtitle","operator":"CONTAINS_TOKEN","value":"**d*r*"}],"sorts":[{"propertyName":"lastname","direction":"DESCENDING"}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"associations.contact","operator":"IN","values":["1001"]}]}]}`,
	} {
		f.Add([]byte(seed))
	}
	sb := New(Options{Empty: true})
	at := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	_ = sb.store.Do(func(tx *Tx) error {
		for i, name := range []string{"Alice", "Bob", "Chloé", "美咲", "\x1b[2Jevil"} {
			tx.Insert(Contacts, "", map[string]string{"firstname": name, "email": name + "@example.com",
				"createdate": isoTime(at.Add(time.Duration(i) * time.Hour)), "lifecyclestage": "lead",
				"jobtitle": "Sales director"}, "API")
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, body []byte) {
		req, e := parseSearchRequest(body)
		if e != nil {
			if e.Category != "VALIDATION_ERROR" || e.Message == "" {
				t.Fatalf("bad error body %+v", e)
			}
			return
		}
		_ = req.check(SearchLimits{}.withDefaults())
		resp, e := sb.search(Contacts, body)
		if e != nil {
			return
		}
		if len(resp.Results) > req.Limit || resp.Total < len(resp.Results) {
			t.Fatalf("limit %d, total %d, %d results", req.Limit, resp.Total, len(resp.Results))
		}
	})
}
