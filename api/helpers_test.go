package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// fakeClock is virtual time shared by the client (its sleeps) and the sandbox (its rate-limit
// windows and timestamps): a sleep advances time at once, so tests never wait in real time
// and never depend on the machine's speed.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept time.Duration
	waits int
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	f.slept += d
	f.waits++
	return nil
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

func (f *fakeClock) Slept() time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.slept
}

// waitLog records OnWait reports.
type waitLog struct {
	mu    sync.Mutex
	waits []Wait
}

func (w *waitLog) add(x Wait) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.waits = append(w.waits, x)
}

func (w *waitLog) all() []Wait {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Wait(nil), w.waits...)
}

func (w *waitLog) count(reason string) int {
	n := 0
	for _, x := range w.all() {
		if x.Reason == reason {
			n++
		}
	}
	return n
}

// env is a sandbox on loopback and a client pointed at it, sharing one fake clock, speaking
// one of HubSpot's API families.
type env struct {
	t     *testing.T
	fam   families.Family
	srv   *hubspottest.Server
	c     *Client
	clock *fakeClock
	waits *waitLog
}

// newEnv starts a sandbox (opts; Clock filled in) and a client (cfg; BaseURL, Token, Clock,
// OnWait filled in unless set) speaking fam. Every test against the sandbox runs under each
// family (families.Run) and passes the one it is given here.
func newEnv(t *testing.T, fam families.Family, opts hubspottest.Options, cfg Config) *env {
	t.Helper()
	cfg.APIVersion = fam.Version
	clock := newFakeClock()
	if opts.Clock == nil {
		opts.Clock = clock.Now
	}
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	waits := &waitLog{}
	if cfg.BaseURL == "" {
		cfg.BaseURL = srv.URL
	}
	if cfg.Token == "" {
		cfg.Token = srv.Token
	}
	if cfg.Clock == nil {
		cfg.Clock = clock
	}
	if cfg.OnWait == nil {
		cfg.OnWait = waits.add
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 10 * time.Second
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, fam: fam, srv: srv, c: c, clock: clock, waits: waits}
}

// emptyEnv is a sandbox with no seed data.
func emptyEnv(t *testing.T, fam families.Family) *env {
	return newEnv(t, fam, hubspottest.Options{Empty: true}, Config{})
}

// requests returns the logged requests whose method and path match (path by suffix-free
// containment), in order.
func (e *env) requests(method, pathPart string) []hubspottest.LoggedRequest {
	var out []hubspottest.LoggedRequest
	for _, r := range e.srv.Requests() {
		if (method == "" || r.Method == method) && strings.Contains(r.Path, pathPart) {
			out = append(out, r)
		}
	}
	return out
}

// count429 counts 429s the sandbox answered.
func (e *env) count429() int {
	n := 0
	for _, r := range e.srv.Requests() {
		if r.Status == 429 {
			n++
		}
	}
	return n
}

// otherClientCalls spends n requests of the token's window from outside the client, as
// another app with the same token would.
func (e *env) otherClientCalls(n int) {
	e.t.Helper()
	for range n {
		req, _ := http.NewRequest("GET", e.srv.URL+e.fam.AccountDetails(), nil)
		req.Header.Set("Authorization", "Bearer "+e.srv.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			e.t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			e.t.Fatal(resp.Status)
		}
	}
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
