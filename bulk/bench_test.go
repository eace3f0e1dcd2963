package bulk_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// BenchmarkImportThroughput imports into a sandbox limited to 100 requests per second (HubSpot's
// 100 per 10 s, scaled down so the benchmark takes seconds) in real time, and reports the
// records per second as a ratio of the ceiling: requests per window × 100 records per request
// / window. The goal is 0.9 or more with no 429 reaching the user; 429s-visible counts rows that
// failed on one, 429s-absorbed the 429s the API layer waited out.
func BenchmarkImportThroughput(b *testing.B) {
	const rows, perWindow, window = 20_000, 100, 2 * time.Second
	e := newRealEnv(b, families.V3(), hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: perWindow, Interval: window}, DailyLimit: -1})
	e.srv.SetRequestLogLimit(-1)
	var sb strings.Builder
	sb.WriteString("email,firstname,lastname,Lifecycle Stage\n")
	for i := range rows {
		fmt.Fprintf(&sb, "%s,First%d,Last%d,lead\n", emailN(i), i, i)
	}
	p := e.prepare(b, sb.String(), bulk.MapOptions{})
	ceiling := float64(perWindow*bulk.BatchSize) / window.Seconds()
	var ratio float64
	visible, absorbed := 0, 0
	b.ResetTimer()
	for range b.N {
		m := bulk.NewMeter(nil)
		e.meter.Start(0)
		start := time.Now()
		sum := bulk.Upsert(context.Background(), e.client, p, bulk.RunOptions{Meter: m, OnResult: func(r bulk.Result) {
			if strings.Contains(r.Reason, "Rate limited") {
				visible++
			}
		}})
		took := time.Since(start)
		if sum.Failed > 0 || sum.Err != nil {
			b.Fatalf("%+v", sum)
		}
		ratio = float64(rows) / took.Seconds() / ceiling
		absorbed += e.meter.Snapshot().RateLimited
	}
	b.ReportMetric(ratio, "ceiling-ratio")
	b.ReportMetric(float64(visible), "429s-visible")
	b.ReportMetric(float64(absorbed), "429s-absorbed")
	b.ReportMetric(ceiling*ratio, "records/s")
}

// BenchmarkPrepare5000 is an import's first pass over 5,000 rows (the checks before the first
// batch goes: on a small import, time the user waits with nothing sent), the property
// definitions read once, outside the loop.
func BenchmarkPrepare5000(b *testing.B) {
	e := newRealEnv(b, families.V3(), hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}, DailyLimit: -1})
	var sb strings.Builder
	sb.WriteString("email,firstname,lastname,jobtitle\n")
	for i := range 5000 {
		fmt.Fprintf(&sb, "%s,First%d,Last%d,Engineer\n", emailN(i), i, i)
	}
	ps := cachedProps{PropertySource: e.client}
	defs, err := e.client.Properties(context.Background(), "contacts")
	if err != nil {
		b.Fatal(err)
	}
	ps.defs = defs
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := bulk.Prepare(context.Background(), ps, text(sb.String()), bulk.MapOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// cachedProps answers Properties from what it read once.
type cachedProps struct {
	bulk.PropertySource
	defs []api.Property
}

func (c cachedProps) Properties(context.Context, string) ([]api.Property, error) { return c.defs, nil }
