package hubspottest

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// The numeric fast path answers as the text path does, for every operator on number and time
// properties, over values stored in every form (integers, decimals, padded, times, dates,
// words, none).
func TestMatchNumberIsMatchValue(t *testing.T) {
	st := NewStore(nil, 0)
	values := []string{"", "0", "7", "42", "1000000", "12.5", "-3", " 8 ", "1e3", "abc", "2024-06-01",
		"2024-06-01T10:00:00.000Z", "2024-06-01T10:00:00Z", "1717236000000", "007"}
	var keys []recKey
	_ = st.Do(func(tx *Tx) error {
		for _, v := range values {
			o := tx.Insert(Deals, "", map[string]string{"amount": v, "closedate": v, "hs_createdate": v}, "API")
			keys = append(keys, o.key)
		}
		return nil
	})
	operands := []string{"0", "7", "42", "12.5", "1717236000000", "2024-06-01", "2024-06-01T10:00:00.000Z"}
	checked := 0
	for _, prop := range []string{"amount", "closedate", "hs_createdate", "createdate", "hs_object_id", "hs_lastmodifieddate"} {
		for _, op := range []string{"EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN"} {
			for _, lo := range operands {
				c, e := compileSearchCond(Deals, searchFilter{Property: prop, Operator: op, Value: lo, HighValue: "1800000000000"})
				if e != nil || c.kind != kindNumber && c.kind != kindTime {
					continue
				}
				c.ref, c.extra = st.propRef(prop), st.propRef("hs_additional_emails")
				for _, k := range keys {
					view, _ := st.searchView(k, time.Now())
					want := c.matchValue(view.value(c.ref), func() string { return "" })
					if got := c.matchNumber(&view); got != want {
						t.Errorf("%s %s %s on %q: fast %v, text %v", prop, op, lo, view.value(c.ref), got, want)
					}
					checked++
				}
			}
		}
	}
	if checked < 1000 {
		t.Fatalf("only %d cases", checked)
	}
}

// The sorted search keeps only the page's worth of best hits while it scans; it gives what a
// full stable sort of every match gives, ties in creation order, for every page.
func TestSearchSortedKeepsTheBestInOrder(t *testing.T) {
	st := NewStore(nil, 0)
	names := []string{"", "b", "a", "c", "B", "a", "", "d"}
	_ = st.Do(func(tx *Tx) error {
		for i := range 3000 {
			tx.Insert(Contacts, "", map[string]string{"lastname": names[i*7%len(names)], "hs_lead_status": "x",
				"firstname": fmt.Sprint(i % 13)}, "API")
		}
		return nil
	})
	for _, sort := range []string{`"lastname"`, `"-lastname"`, `"firstname"`, `"-createdate"`} {
		req, e := parseSearchRequest([]byte(`{"sorts":[` + sort + `]}`))
		if e != nil {
			t.Fatal(e)
		}
		plan, e := compileSearch(Contacts, req)
		if e != nil {
			t.Fatal(e)
		}
		_ = st.View(func(tx *Tx) error {
			plan.bind(st)
			var all []searchHit
			tx.searchEach(Contacts, time.Now(), func(v *searchView) {
				h := plan.sort.key(v)
				h.seq = len(all)
				all = append(all, h)
			})
			slices.SortStableFunc(all, plan.sort.compare)
			for _, page := range [][2]int{{0, 10}, {0, 3000}, {95, 195}, {2990, 3010}, {0, 0}} {
				total, hits := tx.searchSorted(plan, time.Now(), page[0], page[1])
				want := all[min(page[0], len(all)):min(page[1], len(all))]
				if total != len(all) || len(hits) != len(want) {
					t.Fatalf("%s %v: %d hits of %d, want %d of %d", sort, page, len(hits), total, len(want), len(all))
				}
				for i := range hits {
					if hits[i].view.id != want[i].view.id {
						t.Fatalf("%s %v: hit %d is %d, want %d", sort, page, i, hits[i].view.id, want[i].view.id)
					}
				}
			}
			return nil
		})
	}
}
