package index

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// clock is virtual time shared by the sandbox and the clients: a sleep (a backoff, a rate
// limit's wait) moves it on at once.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.Advance(d)
	return nil
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

type world struct {
	t     *testing.T
	fam   families.Family
	clk   *clock
	srv   *hubspottest.Server
	sync  *api.Client // the index's
	user  *api.Client // someone else changing the portal meanwhile
	dir   string
	props []string
}

// newWorld is a seeded sandbox and clients speaking fam: every test against the sandbox runs
// under each API family (families.Run); fam.Watch fails it for another family's paths.
func newWorld(t *testing.T, fam families.Family, contacts int, faults hubspottest.Faults, limits ...hubspottest.SearchLimits) *world {
	clk := &clock{now: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	opts := hubspottest.Options{Seed: 7, Contacts: contacts, Companies: 20, Deals: -1, Tickets: -1,
		Clock: clk.Now, DailyLimit: -1, Faults: faults}
	if len(limits) > 0 {
		opts.SearchLimits = limits[0]
	}
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	client := func(retries int) *api.Client {
		c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: clk, MaxRetries: retries, Timeout: 10 * time.Second})
		require.NoError(t, err)
		return c
	}
	return &world{t: t, fam: fam, clk: clk, srv: srv, sync: client(8), user: client(8), dir: filepath.Join(t.TempDir(), "idx"),
		props: DefaultProps(nil)}
}

func (w *world) open() *Index {
	ix, err := Open(Options{Dir: w.dir, Props: w.props})
	require.NoError(w.t, err)
	return ix
}

func (w *world) syncer(ix *Index) *Syncer {
	return &Syncer{Index: ix, Source: w.sync, Now: w.clk.Now}
}

// truth is the sandbox's live contacts: each id's indexed properties.
func (w *world) truth(ix *Index) map[int64]map[string]string {
	out := map[int64]map[string]string{}
	require.NoError(w.t, w.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if !o.Archived {
				id, _ := strconv.ParseInt(o.ID, 10, 64)
				out[id] = ix.keep(o.Props)
			}
			return true
		})
		return nil
	}))
	return out
}

func held(ix *Index) map[int64]map[string]string {
	out := map[int64]map[string]string{}
	ix.Each(func(r Row) bool {
		id, _ := strconv.ParseInt(r.ID, 10, 64)
		out[id] = r.Props
		return true
	})
	return out
}

// equal checks the index holds exactly the sandbox's contacts, value for value.
func (w *world) equal(ix *Index) {
	w.t.Helper()
	want, got := w.truth(ix), held(ix)
	require.Equal(w.t, len(want), len(got), "contacts")
	for id, props := range want {
		if !assert.Equal(w.t, props, got[id], "contact %d", id) {
			return
		}
	}
}

// churn changes the portal as other people would: creates, updates, deletes and merges.
func (w *world) churn(round int) {
	ctx := context.Background()
	var ids []string
	require.NoError(w.t, w.srv.Store().View(func(tx *hubspottest.Tx) error {
		tx.All(hubspottest.Contacts, func(o *hubspottest.Object) bool {
			if !o.Archived {
				ids = append(ids, o.ID)
			}
			return true
		})
		return nil
	}))
	must := func(err error) {
		w.t.Helper()
		if err != nil && !api.IsNotFound(err) {
			require.NoError(w.t, err)
		}
	}
	for i := range 12 {
		_, err := w.user.CreateContact(ctx, map[string]string{"firstname": "New", "lastname": fmt.Sprintf("Person%d-%d", round, i),
			"email": fmt.Sprintf("new%d-%d@churn.example", round, i)})
		must(err)
		w.clk.Advance(time.Second)
	}
	for i := range 20 {
		_, err := w.user.UpdateContact(ctx, ids[(i*37+round)%len(ids)], map[string]string{"company": fmt.Sprintf("Churned %d-%d", round, i)})
		must(err)
		w.clk.Advance(300 * time.Millisecond)
	}
	for i := range 6 {
		must(w.user.DeleteContact(ctx, ids[(i*101+round*7+5)%len(ids)]))
	}
	for i := range 3 {
		a, b := ids[(i*211+round*13+11)%len(ids)], ids[(i*307+round*17+29)%len(ids)]
		if a != b {
			_, err := w.user.MergeContacts(ctx, a, b)
			var same *api.SameContactError
			if e, ok := err.(*api.Error); ok && e.Status == http.StatusBadRequest || errors.As(err, &same) {
				err = nil // one of them was deleted or merged already
			}
			must(err)
		}
	}
	w.clk.Advance(5 * time.Second)
}

// The first sync, then changes of every kind made while a sync runs and between syncs: after
// each sync the index holds exactly what the sandbox does.
func TestSyncedIndexEqualsTheSandbox(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 1500, hubspottest.Faults{})
		ix := w.open()
		defer ix.Close()
		s := w.syncer(ix)
		pages := 0
		s.Progress = func(p Progress) {
			if p.Phase == "scan" {
				if pages++; pages%4 == 0 {
					w.churn(pages) // the portal changes under the scan
				}
			}
		}
		rep, err := s.Sync(context.Background())
		require.NoError(t, err)
		assert.True(t, ix.State().Complete)
		assert.Positive(t, rep.Merged+rep.Deleted, "the changes during the scan included deletions and merges")
		w.equal(ix)

		s.Progress = nil
		for round := 100; round < 103; round++ {
			w.churn(round)
			w.clk.Advance(time.Minute)
			_, err := s.Sync(context.Background())
			require.NoError(t, err)
			w.equal(ix)
		}
	})
}

// The same under the sandbox's faults: 5xx, 429 and connections reset.
func TestSyncedIndexEqualsTheSandboxUnderFaults(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 1200, hubspottest.Faults{Error5xx: 0.05, RateLimit429: 0.03, Reset: 0.03,
			Only: hubspottest.FaultFilter{Methods: []string{"GET", "POST"}, Path: "/crm/"}})
		ix := w.open()
		defer ix.Close()
		s := w.syncer(ix)
		for round := range 3 {
			_, err := s.Sync(context.Background())
			require.NoError(t, err)
			w.equal(ix)
			w.churn(round)
			w.clk.Advance(time.Minute)
		}
		faults := map[hubspottest.FaultKind]int{}
		for _, r := range w.srv.Requests() {
			faults[r.Fault]++
		}
		assert.Positive(t, faults[hubspottest.Fault500]+faults[hubspottest.Fault502]+faults[hubspottest.Fault503]+faults[hubspottest.Fault504], "5xx met")
		assert.Positive(t, faults[hubspottest.Fault429], "429 met")
		assert.Positive(t, faults[hubspottest.FaultReset], "resets met")
	})
}

// A sync stopped in the middle (Ctrl-C: its context cancelled; or the process killed: the
// index dropped without closing) resumes where it stopped, re-reading at most a page.
func TestInterruptedSyncResumes(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 1500, hubspottest.Faults{})
		ix := w.open()
		ctx, cancel := context.WithCancel(context.Background())
		s := w.syncer(ix)
		s.Progress = func(p Progress) {
			if p.Phase == "scan" && p.Done >= 700 {
				cancel()
			}
		}
		_, err := s.Sync(ctx)
		require.ErrorIs(t, err, context.Canceled)
		got := ix.State()
		assert.False(t, got.Complete)
		assert.Equal(t, 700, got.Scanned)
		ix.st.close() // as a killed process leaves it: nothing closed, nothing compacted

		before := len(w.srv.Requests())
		ix = w.open()
		defer ix.Close()
		assert.Equal(t, 700, ix.Len(), "what was read before the stop is there")
		w.churn(1)
		rep, err := w.syncer(ix).Sync(context.Background())
		require.NoError(t, err)
		assert.GreaterOrEqual(t, rep.Scanned, 800, "the scan went on from where it stopped")
		assert.LessOrEqual(t, rep.Scanned, 800+15, "... and only from there (the rest, and what the churn created)")
		lists := 0
		for _, r := range w.srv.Requests()[before:] {
			if r.Method == "GET" && r.Path == w.fam.Objects("contacts") {
				lists++
			}
		}
		assert.LessOrEqual(t, lists, 9+2, "pages re-read")
		w.equal(ix)
	})
}

// The figures of the issue, counted in requests: 1,000 changes in at most 10, an unchanged
// portal in at most 2, past search's 10,000-result cap.
func TestIncrementalSyncCostsFewRequests(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 3000, hubspottest.Faults{})
		ix := w.open()
		defer ix.Close()
		s := w.syncer(ix)
		_, err := s.Sync(context.Background())
		require.NoError(t, err)
		w.clk.Advance(time.Hour)
		_, err = s.Sync(context.Background()) // the bin and the sweep are due once after the scan
		require.NoError(t, err)
		w.clk.Advance(time.Minute)

		rep, err := s.Sync(context.Background())
		require.NoError(t, err)
		assert.LessOrEqual(t, rep.Requests, 2, "an unchanged portal")

		ctx := context.Background()
		var ids []string
		ix.Each(func(r Row) bool { ids = append(ids, r.ID); return len(ids) < 1000 })
		for i := 0; i < len(ids); i += 100 {
			var up []api.BatchUpdate
			for _, id := range ids[i : i+100] {
				up = append(up, api.BatchUpdate{ID: id, Properties: map[string]string{"company": "Changed " + id}})
			}
			_, err := w.user.BatchUpdateContacts(ctx, up)
			require.NoError(t, err)
			w.clk.Advance(time.Second)
		}
		w.clk.Advance(time.Minute)
		rep, err = s.Sync(context.Background())
		require.NoError(t, err)
		assert.GreaterOrEqual(t, rep.Changed, 1000)
		assert.LessOrEqual(t, rep.Requests, 10, "1,000 changes")
		w.equal(ix)
	})
}

// Past search's result cap: the next query starts from the last lastmodifieddate seen, and when
// more contacts than the cap share one timestamp, that timestamp is pinned and paged by id. The
// cap is 400 here (HubSpot's 10,000), so 1,300 changes cross it.
func TestSyncGoesPastSearchsCap(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t, fam, 1500, hubspottest.Faults{}, hubspottest.SearchLimits{MaxResults: 400})
		ix := w.open()
		defer ix.Close()
		s := w.syncer(ix)
		s.SearchCap = 400
		_, err := s.Sync(context.Background())
		require.NoError(t, err)
		w.clk.Advance(time.Hour)

		var ids []string
		ix.Each(func(r Row) bool { ids = append(ids, r.ID); return len(ids) < 1300 })
		update := func(from, to int) {
			var up []api.BatchUpdate
			for _, id := range ids[from:to] {
				up = append(up, api.BatchUpdate{ID: id, Properties: map[string]string{"company": "Past the cap " + id}})
			}
			_, err := w.user.BatchUpdateContacts(context.Background(), up)
			require.NoError(t, err)
		}
		for i := 0; i < 800; i += 100 { // 800 changes, 100 to a timestamp
			update(i, i+100)
			w.clk.Advance(time.Second)
		}
		for i := 800; i < 1300; i += 100 { // 500 changes sharing one timestamp: more than the cap
			update(i, i+100)
		}
		w.clk.Advance(time.Minute)
		rep, err := s.Sync(context.Background())
		require.NoError(t, err)
		assert.GreaterOrEqual(t, rep.Changed, 1300)
		w.equal(ix)
		for _, r := range w.srv.Requests() {
			assert.NotEqual(t, http.StatusBadRequest, r.Status, "no page past the cap: %s %s", r.Method, r.Path)
		}
	})
}
