package hubspottest_test

import (
	"fmt"
	"os"
	"path/filepath"
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
