package hubspottest_test

import (
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// stateBenchSandbox holds n contacts with a few properties and two history entries each.
func stateBenchSandbox(b *testing.B, n int) *hubspottest.Sandbox {
	b.Helper()
	clock := newLimClock(limStart)
	sb := hubspottest.New(hubspottest.Options{Empty: true, Clock: clock.Now})
	_ = sb.Store().Do(func(tx *hubspottest.Tx) error {
		for i := 0; i < n; i++ {
			o := tx.Insert(hubspottest.Contacts, "", map[string]string{"email": fmt.Sprintf("c%d@example.com", i),
				"firstname": "First", "lastname": fmt.Sprintf("Last %d", i), "phone": "+1 555 0100", "lifecyclestage": "lead"}, "IMPORT")
			tx.SetProps(o, map[string]string{"lifecyclestage": "customer"}, "CRM_UI")
		}
		return nil
	})
	return sb
}

const benchStateN = 20_000

// Saving and loading 20,000 contacts (each with history): what --state costs after writes and
// at start.
func BenchmarkSaveState20k(b *testing.B) {
	sb := stateBenchSandbox(b, benchStateN)
	path := filepath.Join(b.TempDir(), "state.json")
	b.ResetTimer()
	for range b.N {
		if err := sb.SaveState(path); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if fi, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(fi.Size())/1e6, "MB")
	}
}

func BenchmarkLoadState20k(b *testing.B) {
	sb := stateBenchSandbox(b, benchStateN)
	path := filepath.Join(b.TempDir(), "state.json")
	if err := sb.SaveState(path); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		if _, err := hubspottest.LoadState(path, hubspottest.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The cost of the log, fault and limit layers on one GET over loopback (compare with the
// same GET with the limit off and the log off).
func BenchmarkMiddlewareGet(b *testing.B) {
	for _, tc := range []struct {
		name string
		opts hubspottest.Options
		log  int
	}{{"all-layers", hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: 1 << 30}}, 0},
		{"limit-and-log-off", hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}}, -1}} {
		b.Run(tc.name, func(b *testing.B) {
			tc.opts.Empty = true
			srv := hubspottest.NewServer(b, tc.opts)
			srv.SetRequestLogLimit(tc.log)
			c := limClientTB(b)
			b.ResetTimer()
			for range b.N {
				req, _ := newGet(srv.URL+"/account-info/v3/details", srv.Token)
				resp, err := c.Do(req)
				if err != nil {
					b.Fatal(err)
				}
				drain(resp)
			}
		})
	}
}

// BenchmarkStateWrite is one PATCH answered with a state file kept (its change logged and
// fsync'd before the answer) at 1,000 and 100,000 contacts, beside the same PATCH without one:
// saving costs what changed, not the store's size.
func BenchmarkStateWrite(b *testing.B) {
	for _, n := range []int{1_000, 100_000} {
		for _, kept := range []bool{false, true} {
			b.Run(fmt.Sprintf("contacts=%d/state=%v", n, kept), func(b *testing.B) {
				sb, ids := benchSandbox(b, n)
				if kept {
					stop, err := sb.Persist(filepath.Join(b.TempDir(), "state.json"))
					if err != nil {
						b.Fatal(err)
					}
					defer func() { _ = stop() }()
				}
				b.ReportAllocs()
				b.ResetTimer()
				defer cpuMeter(b)()
				for i := 0; b.Loop(); i++ {
					benchDo(b, sb, "PATCH", "/crm/v3/objects/contacts/"+ids[(i*7919)%n], fmt.Sprintf(`{"properties":{"jobtitle":"Title %d"}}`, i))
				}
			})
		}
	}
}

// BenchmarkStateImport10k is a 10,000-row import as the app sends it (100 batch upserts of 100)
// with a state file kept and without: one fsync a batch.
func BenchmarkStateImport10k(b *testing.B) {
	for _, kept := range []bool{false, true} {
		b.Run(fmt.Sprintf("state=%v", kept), func(b *testing.B) {
			defer cpuMeter(b)()
			for r := 0; b.Loop(); r++ {
				b.StopTimer()
				sb, _ := benchSandbox(b, 1_000)
				stop := func() error { return nil }
				if kept {
					var err error
					if stop, err = sb.Persist(filepath.Join(b.TempDir(), "state.json")); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				for batch := range 100 {
					inputs := make([]string, 100)
					for k := range inputs {
						inputs[k] = fmt.Sprintf(`{"id":"import%d-%d@example.com","idProperty":"email","properties":{"firstname":"Row %d"}}`, batch, k, k)
					}
					benchDo(b, sb, "POST", "/crm/v3/objects/contacts/batch/upsert", `{"inputs":[`+strings.Join(inputs, ",")+`]}`)
				}
				b.StopTimer()
				if err := stop(); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

// benchDo sends one request with a body through the sandbox's handler and wants a 2xx.
func benchDo(b *testing.B, sb *hubspottest.Sandbox, method, path, body string) {
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+hubspottest.DefaultToken)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	sb.ServeHTTP(rec, req)
	if rec.Code/100 != 2 {
		b.Fatalf("%s %s: %d %s", method, path, rec.Code, rec.Body)
	}
}
