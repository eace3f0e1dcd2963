package ui

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Resource bounds: a contact with 10,000 associated companies, and one whose properties hold a
// megabyte each. The panes load them through the real client from a loopback sandbox; the tests
// check what does not depend on the machine's speed — the frame stays the terminal's size, the
// memory a loaded pane keeps and the memory one keystroke costs stay bounded and do not grow
// with the data (a thousandfold more associations, a thousandfold bigger value) — and the
// benchmarks report the times. Figures: `go test -run Resources -v ./ui` and
// `go test -run '^$' -bench 'Huge|Associations' -benchmem ./ui`.

const (
	resW, resH = 120, 33 // the body of a 120×36 terminal
	megabyte   = 1 << 20
)

// resourceSandbox starts an empty sandbox without rate limits and a client for it whose waits
// (the pacing that keeps it under HubSpot's 100 requests per 10 s) pass at once: the figures
// are the app's own cost, not HubSpot's rate limit.
func resourceSandbox(tb testing.TB, fam families.Family) (*hubspottest.Server, *api.Client) {
	tb.Helper()
	srv := hubspottest.NewServer(tb, hubspottest.Options{Empty: true, RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1})
	fam.Watch(tb, srv)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, SearchPerSecond: 1000, Clock: &noWaitClock{now: testStart}})
	require.NoError(tb, err)
	return srv, c
}

// noWaitClock is a clock whose sleeps move it forward at once.
type noWaitClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *noWaitClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *noWaitClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// withCompanies makes a contact associated with n companies, straight in the store.
func withCompanies(tb testing.TB, srv *hubspottest.Server, n int) string {
	tb.Helper()
	var id string
	require.NoError(tb, srv.Store().Do(func(tx *hubspottest.Tx) error {
		c := tx.Insert(hubspottest.Contacts, "", map[string]string{"email": "busy@example.com", "firstname": "Busy", "lastname": "Bee"}, "API")
		id = c.ID
		for i := range n {
			co := tx.Insert(hubspottest.Companies, "", map[string]string{"name": fmt.Sprintf("Company %05d", i), "domain": fmt.Sprintf("c%d.example", i)}, "API")
			tx.Link(hubspottest.AssocKey{FromType: hubspottest.Contacts, FromID: c.ID, ToType: hubspottest.Companies, ToID: co.ID},
				hubspottest.AssocType{TypeID: api.AssocContactToCompany, Category: "HUBSPOT_DEFINED"},
				hubspottest.AssocType{TypeID: 280, Category: "HUBSPOT_DEFINED"})
		}
		return nil
	}))
	return id
}

// withHugeValues makes a contact whose first name, job title and message hold size bytes each
// (escapes and newlines buried in them, as the seed's long values have).
func withHugeValues(tb testing.TB, c *api.Client, size int) string {
	tb.Helper()
	v := strings.Repeat(hugeValue(), size/megabyte+1)[:size]
	o, err := c.CreateContact(context.Background(), map[string]string{"email": "huge@example.com",
		"firstname": v, "jobtitle": v, "message": v})
	require.NoError(tb, err)
	return o.ID
}

// resEnv is the panes' shared state over the client, in UTC, with timers that fire at once.
func resEnv(tb testing.TB, c *api.Client) *env {
	tb.Helper()
	e, err := newEnv(context.Background(), Options{Client: c, Profile: "res", PortalID: hubspottest.DefaultPortalID,
		Config: config.Defaults(""), loc: time.UTC, copy: func(string) error { return nil }, browse: func(string) error { return nil }})
	require.NoError(tb, err)
	e.after = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return fn(time.Time{}) }
	}
	return e
}

// loadPane loads one pane on the pane harness (drive) and keeps nothing of what it said.
func loadPane(p Pane) *harness {
	hs := drive(nil, p, resW, resH)
	hs.take()
	return hs
}

// heap is the live heap after a collection.
func heap() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// keeps is the memory a freshly loaded pane holds on to: the live heap while it is alive, less
// the live heap once it is gone (the sandbox in the same process makes a before/after
// measurement noisy; this one is not).
func keeps(load func() *harness) uint64 {
	with := func() uint64 {
		r := load()
		h := heap()
		runtime.KeepAlive(r)
		return h
	}()
	if without := heap(); with > without {
		return with - without
	}
	return 0
}

// inApp puts a loaded pane in the root model at 120×36, as the terminal would show it: the
// header, the pane fitted to the body, the status line and the help.
func inApp(e *env, r *harness) *App {
	m := newApp(e, r.pane, "", nil)
	m.Update(tea.WindowSizeMsg{Width: resW, Height: resH + chrome})
	return m
}

// keystrokeCost is the average bytes allocated by one keystroke through the root model and the
// frame drawn after it (navigation keys: the commands they return, if any, are not run).
func keystrokeCost(m *App, keys ...string) (bytes uint64, frame string) {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const rounds = 8
	for range rounds {
		for _, k := range keys {
			m.Update(monkeyKey(k))
			frame = m.View()
		}
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / uint64(rounds*len(keys)), frame
}

// checkFrame: the frame is the terminal's size and holds no escape or control character.
func checkFrame(t *testing.T, frame string) {
	t.Helper()
	assert.Empty(t, frameProblem(frame, resW, resH+chrome, false))
	assert.Less(t, len(frame), 32<<10, "a frame of %d bytes", len(frame))
}

func TestResourcesTenThousandAssociations(t *testing.T) {
	longRun(t, func(t *testing.T, fam families.Family) {
		if testing.Short() {
			t.Skip("loads 10,000 associations")
		}
		type figures struct {
			retained, perKey uint64
			rows             int
		}
		measure := func(n int) figures {
			srv, c := resourceSandbox(t, fam)
			id := withCompanies(t, srv, n)
			e := resEnv(t, c)
			ref := contact{id: id, name: "Busy Bee", email: "busy@example.com"}
			retained := keeps(func() *harness { return loadPane(newAssocPane(e, ref)) })
			r := loadPane(newAssocPane(e, ref))
			a := r.pane.(*assocPane)
			require.True(t, a.loaded, "loaded: %s", a.loadErr)
			perKey, frame := keystrokeCost(inApp(e, r), "j", "j", "k", "G", "g", "ctrl+d")
			checkFrame(t, frame)
			assert.Contains(t, frame, "Company 00000")
			// The detail's counts come from the same associations.
			d := loadPane(newDetailPane(e, id, "Busy Bee"))
			assert.Contains(t, d.pane.View(), fmt.Sprintf("Companies %d", n))
			return figures{retained: retained, perKey: perKey, rows: len(a.records)}
		}
		small, big := measure(10), measure(10_000)
		assert.Equal(t, 10_000, big.rows, "every association listed")
		t.Logf("associations pane: 10 companies keep %.2f MB, 10,000 keep %.2f MB (%.0f bytes each); a keystroke and its frame allocate %.1f KB with 10, %.1f KB with 10,000",
			mb(small.retained), mb(big.retained), float64(big.retained)/10_000, kb(small.perKey), kb(big.perKey))
		assert.Less(t, big.retained, uint64(40*megabyte), "memory kept for 10,000 associations")
		assert.Less(t, big.perKey, 4*small.perKey+64<<10, "a keystroke's cost grows with the number of associations")
	})
}

func TestResourcesMegabyteValues(t *testing.T) {
	longRun(t, func(t *testing.T, fam families.Family) {
		if testing.Short() {
			t.Skip("loads megabyte values")
		}
		type figures struct{ list, detail, history, retained uint64 }
		measure := func(size int) (f figures) {
			_, c := resourceSandbox(t, fam)
			id := withHugeValues(t, c, size)
			e := resEnv(t, c)
			l := loadPane(newListPane(e))
			var frame string
			f.list, frame = keystrokeCost(inApp(e, l), "j", "k", "g", "G")
			checkFrame(t, frame)
			f.retained = keeps(func() *harness { return loadPane(newDetailPane(e, id, "")) })
			d := loadPane(newDetailPane(e, id, ""))
			require.NotNil(t, d.pane.(*detailPane).data, "loaded")
			f.detail, frame = keystrokeCost(inApp(e, d), "j", "j", "k", "G", "g")
			checkFrame(t, frame)
			assert.Contains(t, frame, "Lorem ipsum")
			h := loadPane(newHistoryPane(e, id, "Huge", "jobtitle", d.pane.(*detailPane).data.defs))
			f.history, frame = keystrokeCost(inApp(e, h), "j", "k", "g", "G")
			checkFrame(t, frame)
			return f
		}
		small, big := measure(1<<10), measure(megabyte)
		t.Logf("a contact whose first name, job title and message hold 1 MB each: the detail keeps %.2f MB; a keystroke and its frame allocate %.1f KB in the list, %.1f KB in the detail, %.1f KB in the job title's history (with 1 KB values: %.1f, %.1f, %.1f KB)",
			mb(big.retained), kb(big.list), kb(big.detail), kb(big.history), kb(small.list), kb(small.detail), kb(small.history))
		assert.Less(t, big.retained, uint64(64*megabyte), "memory kept for three 1 MB values")
		for _, c := range []struct {
			pane       string
			small, big uint64
		}{{"list", small.list, big.list}, {"detail", small.detail, big.detail}, {"history", small.history, big.history}} {
			assert.Less(t, c.big, 4*c.small+64<<10, "a keystroke in the %s costs more with 1 MB values on screen (%d bytes, %d with 1 KB)", c.pane, c.big, c.small)
		}
	})
}

func mb(b uint64) float64 { return float64(b) / megabyte }
func kb(b uint64) float64 { return float64(b) / 1024 }

// BenchmarkAssociations10000Keystroke: a cursor move and its frame in the associations pane of
// a contact with 10,000 companies.
func BenchmarkAssociations10000Keystroke(b *testing.B) {
	srv, c := resourceSandbox(b, families.V3())
	id := withCompanies(b, srv, 10_000)
	e := resEnv(b, c)
	m := inApp(e, loadPane(newAssocPane(e, contact{id: id, name: "Busy Bee"})))
	b.ReportAllocs()
	keys := []string{"j", "j", "k", "G", "g"}
	i := 0
	for b.Loop() {
		m.Update(monkeyKey(keys[i%len(keys)]))
		_ = m.View()
		i++
	}
}

// BenchmarkAssociations10000Load: listing a contact's 10,000 associations with the companies'
// names (101 requests to the loopback sandbox), and the memory the pane keeps.
func BenchmarkAssociations10000Load(b *testing.B) {
	srv, c := resourceSandbox(b, families.V3())
	id := withCompanies(b, srv, 10_000)
	e := resEnv(b, c)
	b.ReportAllocs()
	for b.Loop() {
		loadPane(newAssocPane(e, contact{id: id, name: "Busy Bee"}))
	}
	b.StopTimer()
	b.ReportMetric(mb(keeps(func() *harness { return loadPane(newAssocPane(e, contact{id: id, name: "Busy Bee"})) })), "MB-kept")
}

// BenchmarkHugeValueDetailKeystroke: a cursor move and its frame on a contact whose first name,
// job title and message hold 1 MB each.
func BenchmarkHugeValueDetailKeystroke(b *testing.B) {
	_, c := resourceSandbox(b, families.V3())
	e := resEnv(b, c)
	m := inApp(e, loadPane(newDetailPane(e, withHugeValues(b, c, megabyte), "")))
	b.ReportAllocs()
	keys := []string{"j", "j", "k", "k"}
	i := 0
	for b.Loop() {
		m.Update(monkeyKey(keys[i%len(keys)]))
		_ = m.View()
		i++
	}
}

// hugeValue is a megabyte of text with escapes, tabs and newlines in it.
func hugeValue() string {
	chunk := "Lorem ipsum dolor sit amet \x1b[2J, consectetur\tadipiscing elit.\n"
	return strings.Repeat(chunk, megabyte/len(chunk)+1)[:megabyte]
}

// BenchmarkHugeValueFullView: scrolling a 1 MB value in its full view (enter on it in the
// detail); the text is sanitized once and wrapped once per size.
func BenchmarkHugeValueFullView(b *testing.B) {
	_, c := resourceSandbox(b, families.V3())
	v := hugeValue()
	e := resEnv(b, c)
	m := inApp(e, loadPane(newValuePane(e, "Message of Huge", v, v)))
	b.ReportAllocs()
	keys := []string{"ctrl+d", "ctrl+d", "ctrl+u", "G", "g"}
	i := 0
	for b.Loop() {
		m.Update(monkeyKey(keys[i%len(keys)]))
		_ = m.View()
		i++
	}
}

// BenchmarkHugeValueFullViewResize: the same view re-wrapped for a new terminal size.
func BenchmarkHugeValueFullViewResize(b *testing.B) {
	_, c := resourceSandbox(b, families.V3())
	v := hugeValue()
	p := newValuePane(resEnv(b, c), "Message of Huge", v, v)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		p.SetSize(resW-i%2, resH)
		_ = p.View()
		i++
	}
}
