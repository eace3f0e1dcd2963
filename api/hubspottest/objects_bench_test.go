package hubspottest_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Benchmarks of the object endpoints through the sandbox's whole handler chain (auth, limits
// off, routing, store, JSON), at 1,000, 100,000 and 1,000,000 contacts: lookups by id or email
// and a list page must cost the same at every size, which shows they do not scan. They use only
// the package's long-standing API (`make bench-sandbox` runs them on an older commit too).

var benchSizes = []int{1_000, 100_000, 1_000_000}

// benchSandbox builds a sandbox holding n contacts, inserted straight into the store.
func benchSandbox(b *testing.B, n int) (*hubspottest.Sandbox, []string) {
	b.Helper()
	sb := hubspottest.New(hubspottest.Options{Empty: true, RateLimit: hubspottest.RateLimit{Max: -1}, DailyLimit: -1})
	sb.SetRequestLogLimit(-1)
	idList := make([]string, n)
	_ = sb.Store().Do(func(tx *hubspottest.Tx) error {
		for i := range n {
			o := tx.Insert(hubspottest.Contacts, "", map[string]string{
				"email": fmt.Sprintf("user%d@example.com", i), "firstname": fmt.Sprintf("First%d", i),
				"lastname": fmt.Sprintf("Last%d", i), "lifecyclestage": "lead", "jobtitle": "Engineer",
			}, "IMPORT")
			tx.Settle(o)
			idList[i] = o.ID
		}
		return nil
	})
	runtime.GC() // collect the setup's garbage before the timed loop
	return sb, idList
}

// cpuMeter reports process CPU per op (see processCPU) when the benchmark ends.
func cpuMeter(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64((processCPU()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}

func benchGet(b *testing.B, sb *hubspottest.Sandbox, path string) {
	req := httptest.NewRequest("GET", path, nil)
	req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
	rec := httptest.NewRecorder()
	sb.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body)
	}
}

func BenchmarkGetContactByEmail(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			sb, _ := benchSandbox(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			defer cpuMeter(b)()
			for i := 0; b.Loop(); i++ {
				benchGet(b, sb, fmt.Sprintf("/crm/v3/objects/contacts/user%d@example.com?idProperty=email", (i*7919)%n))
			}
		})
	}
}

func BenchmarkGetContactByID(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			sb, idList := benchSandbox(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			defer cpuMeter(b)()
			for i := 0; b.Loop(); i++ {
				benchGet(b, sb, "/crm/v3/objects/contacts/"+idList[(i*7919)%n]+"?properties=email,firstname,lifecyclestage")
			}
		})
	}
}

// BenchmarkList100 reads one 100-row page starting at a position spread over the whole list
// (the cursor is binary-searched, so a page deep in the list costs what the first one does).
func BenchmarkList100(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("contacts=%d", n), func(b *testing.B) {
			sb, idList := benchSandbox(b, n)
			b.ReportAllocs()
			b.ResetTimer()
			defer cpuMeter(b)()
			for i := 0; b.Loop(); i++ {
				after := idList[(i*7919)%(n-100)]
				benchGet(b, sb, "/crm/v3/objects/contacts?limit=100&after="+after)
			}
		})
	}
}
