package bulk_test

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/bulk"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// fakeClock is one clock for the sandbox and the client: Sleep moves time forward at once, so
// a rate-limited run takes the sandbox's 10-second windows in virtual time, not real time.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
	return nil
}

// env is a sandbox on loopback and a real client for it, speaking one of HubSpot's API families.
type env struct {
	fam    families.Family
	srv    *hubspottest.Server
	client *api.Client
	meter  *bulk.Meter
	clock  *fakeClock
}

// newEnv starts an empty sandbox (opts adjusted) and a client speaking fam on the same fake
// clock. Every test against the sandbox runs under each family (families.Run) and passes the
// one it is given here; fam.Watch fails it for a request on another family's path.
func newEnv(t testing.TB, fam families.Family, opts hubspottest.Options) *env {
	t.Helper()
	clk := newFakeClock()
	opts.Empty = true
	opts.Clock = clk.Now
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	meter := bulk.NewMeter(clk.Now)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: clk, OnWait: meter.OnWait})
	require.NoError(t, err)
	return &env{fam: fam, srv: srv, client: c, meter: meter, clock: clk}
}

// newRealEnv is newEnv on the real clock (for runs whose other side cannot share a fake one).
func newRealEnv(t testing.TB, fam families.Family, opts hubspottest.Options) *env {
	t.Helper()
	opts.Empty = true
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	meter := bulk.NewMeter(nil)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, OnWait: meter.OnWait})
	require.NoError(t, err)
	return &env{fam: fam, srv: srv, client: c, meter: meter}
}

// seed inserts contacts straight into the store; each entry is a property map.
func (e *env) seed(t testing.TB, contacts ...map[string]string) []string {
	t.Helper()
	ids := make([]string, len(contacts))
	_ = e.srv.Store().Do(func(tx *hubspottest.Tx) error {
		for i, props := range contacts {
			o := tx.Insert(hubspottest.Contacts, "", props, "IMPORT")
			tx.Settle(o)
			tx.SetUnique(hubspottest.Contacts, "customer_code", props["customer_code"], o.ID)
			ids[i] = o.ID
		}
		return nil
	})
	return ids
}

// contact returns a copy of the live contact's properties holding email, or nil.
func (e *env) contact(email string) map[string]string {
	var out map[string]string
	_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
		if o := tx.ContactByEmail(email); o != nil && !o.Archived {
			out = map[string]string{"id": o.ID}
			for k, v := range o.Props {
				out[k] = v
			}
		}
		return nil
	})
	return out
}

// countContacts is the live contacts in the store.
func (e *env) countContacts() int {
	n := 0
	_ = e.srv.Store().View(func(tx *hubspottest.Tx) error {
		n = tx.Count(hubspottest.Contacts)
		return nil
	})
	return n
}

// requests counts logged requests whose path ends with suffix (and method, when given).
func (e *env) requests(method, suffix string) int {
	n := 0
	for _, r := range e.srv.Requests() {
		if (method == "" || r.Method == method) && strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// writes is every logged request that could change data.
func (e *env) writes() []hubspottest.LoggedRequest { return e.srv.Writes() }

// prepare reads csv text into a plan against the sandbox's properties.
func (e *env) prepare(t testing.TB, csv string, o bulk.MapOptions) *bulk.Plan {
	t.Helper()
	p, err := bulk.Prepare(context.Background(), e.client, text(csv), o)
	require.NoError(t, err)
	return p
}

// text is CSV text as an import's source.
type text string

func (s text) Open(context.Context) (io.ReadCloser, error) {
	return io.NopCloser(strings.NewReader(string(s))), nil
}

func (text) Name() string { return "text.csv" }

// readAll reads CSV text whole through the streaming reader.
func readAll(s string) (*bulk.CSVReader, []bulk.Row, error) {
	rd, err := bulk.NewCSVReader(strings.NewReader(s))
	if err != nil {
		return nil, nil, err
	}
	var rows []bulk.Row
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return rd, rows, nil
		}
		if err != nil {
			return nil, nil, err
		}
		rows = append(rows, r)
	}
}

// results collects an import's results by line.
type results struct {
	byLine map[int]bulk.Result
	twice  []int
}

func (r *results) add(res bulk.Result) {
	if r.byLine == nil {
		r.byLine = map[int]bulk.Result{}
	}
	if _, dup := r.byLine[res.Line]; dup {
		r.twice = append(r.twice, res.Line)
	}
	r.byLine[res.Line] = res
}

func (r *results) failures() []bulk.Result {
	var out []bulk.Result
	for _, res := range r.byLine {
		if res.Outcome == bulk.Failed {
			out = append(out, res)
		}
	}
	return out
}

func emailN(i int) string { return fmt.Sprintf("person%05d@example.com", i) }
