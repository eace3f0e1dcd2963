package hubspottest

import (
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
