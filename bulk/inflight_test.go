package bulk_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// gate is an Upserter that knows its rate window, as *api.Client does, and holds every batch
// until want of them are in flight together, recording the most ever in flight. A runner that
// keeps fewer in flight never opens it: the first held batch then gives up after a while and
// opens it, and the test fails on the count.
type gate struct {
	limit    int
	interval time.Duration
	want     int
	open     chan struct{}

	mu        sync.Mutex
	now, most int
	opened    bool
	seq       int
}

// opening opens the gate for good (g.mu held).
func (g *gate) opening() {
	if !g.opened {
		g.opened = true
		close(g.open)
	}
}

func (g *gate) RateWindow() (int, time.Duration) { return g.limit, g.interval }

func (g *gate) BatchUpsertContacts(ctx context.Context, _ string, inputs []api.BatchUpdate, _ ...api.BatchOption) ([]api.BatchResult, error) {
	g.mu.Lock()
	g.now++
	g.most = max(g.most, g.now)
	if g.now == g.want {
		g.opening()
	}
	g.mu.Unlock()
	select {
	case <-g.open:
	case <-time.After(10 * time.Second): // never opened: the count tells
	case <-ctx.Done():
	}
	g.mu.Lock()
	g.opening()
	defer g.mu.Unlock()
	g.now--
	out := make([]api.BatchResult, len(inputs))
	for i, in := range inputs {
		g.seq++
		out[i] = api.BatchResult{Index: i, Input: in.ID, Created: true, Object: &api.Object{ID: fmt.Sprint(g.seq)}}
	}
	return out, nil
}

// While the window has room an import keeps all of it in flight (the window's Max requests,
// as HubSpot's rolling window admits them at once), and still reports every row once, in line
// order. (That it keeps no more is Workers' figure: the gate opens at the bound, so a runner
// with more workers only sometimes shows more in flight here.) With one second of the
// window's rate in flight, the bound before, it fails (tried).
func TestImportKeepsTheWholeWindowInFlight(t *testing.T) {
	assert.Equal(t, 100, bulk.Workers(100, 10*time.Second))
	assert.Equal(t, 190, bulk.Workers(190, 10*time.Second))
	assert.Equal(t, 2, bulk.Workers(1, 10*time.Second), "at least 2")
	assert.Equal(t, 2, bulk.Workers(0, 0), "2 when the window is not known")
	assert.Equal(t, 500, bulk.Workers(1_000_000, 10*time.Second), "a window no HubSpot tier has does not put the file in memory")
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
		var csv strings.Builder
		csv.WriteString("email,firstname\n")
		for i := range 4000 {
			fmt.Fprintf(&csv, "%s,First%d\n", emailN(i), i)
		}
		p := e.prepare(t, csv.String(), bulk.MapOptions{})
		for _, w := range []struct {
			limit    int
			interval time.Duration
		}{{25, 10 * time.Second}, {38, 10 * time.Second}} {
			want := bulk.Workers(w.limit, w.interval)
			g := &gate{limit: w.limit, interval: w.interval, want: want, open: make(chan struct{})}
			var lines []int
			sum := bulk.Upsert(context.Background(), g, p, bulk.RunOptions{OnResult: func(r bulk.Result) { lines = append(lines, r.Line) }})
			require.NoError(t, sum.Err)
			assert.Equal(t, want, g.most, "batches in flight at once at %d per %v", w.limit, w.interval)
			assert.Equal(t, 4000, sum.Created)
			require.Len(t, lines, 4000)
			for i, l := range lines {
				require.Equal(t, i+2, l, "rows reported once each, in line order")
			}
		}
	})
}

// End to end, through the real client and its limiter, against the sandbox answering each
// request in 300 ms as HubSpot takes its time: a 3,000-row import (one property read and 30
// upserts, well within one window) has all 30 upserts in flight together, as HubSpot's rolling
// window admits them, so it costs about one answer time, not three. With one second of the
// window's rate in flight (10), the bound before, it fails (tried).
func TestImportSendsTheWindowAtOnceThroughTheClient(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		sb := hubspottest.New(hubspottest.Options{Empty: true, DailyLimit: -1,
			Faults: hubspottest.Faults{Latency: 300 * time.Millisecond}})
		var mu sync.Mutex
		now, most := 0, 0
		ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			now++
			most = max(most, now)
			mu.Unlock()
			defer func() { mu.Lock(); now--; mu.Unlock() }()
			sb.ServeHTTP(w, r)
		}))
		t.Cleanup(ts.Close)
		c, err := api.New(api.Config{BaseURL: ts.URL, Token: hubspottest.DefaultToken, APIVersion: fam.Version})
		require.NoError(t, err)
		var csv strings.Builder
		csv.WriteString("email,firstname\n")
		for i := range 3000 {
			fmt.Fprintf(&csv, "%s,First%d\n", emailN(i), i)
		}
		p, err := bulk.Prepare(context.Background(), c, text(csv.String()), bulk.MapOptions{})
		require.NoError(t, err)
		sum := bulk.Upsert(context.Background(), c, p, bulk.RunOptions{})
		require.NoError(t, sum.Err)
		assert.Equal(t, 3000, sum.Created)
		assert.Equal(t, 30, most, "upserts in flight together")
		for _, r := range sb.Requests() {
			assert.True(t, fam.Owns(r.Path), "%s %s is a %s path", r.Method, r.Path, fam.Name)
		}
	})
}
