package ui

import (
	"context"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Flows: the whole app on the tui harness (tui_test.go), against the sandbox over loopback,
// through the real API client. Waits are on what the screen shows; the app's timers are the
// harness's virtual ones, so nothing waits on the wall clock and nothing asserts on speed.

func TestFlowFindByEmailOpensTheContact(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 40)
		tm := app(t, c)
		screenShows(t, tm, "person1@example.com", "40 loaded")
		keys(tm, "/")
		screenShows(t, tm, "name, email or company")
		tm.Type("person33@example.com")
		keys(tm, "enter")
		screenShows(t, tm, "Person 33  person33@example.com", "Companies 0 · Deals 0 · Tickets 0")
		m := quit(t, tm)
		assert.Equal(t, "Person 33", m.top().Title())
	})
}

func TestFlowFindsAContactCreatedAMomentAgoDespiteSearchLag(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam, func(o *hubspottest.Options) { o.SearchLag = time.Hour })
		createContacts(t, c, 10)
		tm := app(t, c)
		screenShows(t, tm, "10 loaded")
		_, err := c.CreateContact(context.Background(), map[string]string{"email": "just.created@example.com", "firstname": "Just", "lastname": "Created"})
		require.NoError(t, err)
		keys(tm, "/")
		tm.Type("just.created@example.com")
		keys(tm, "enter")
		screenShows(t, tm, "Just Created  just.created@example.com")
		quit(t, tm)
	})
}

func TestFlowPagesToTheThirdPage(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 180)
		tm := app(t, c)
		// 32 rows fit: the first page (50) is within two screens of its end, so the second loads
		// at once; G then brings the cursor near the end of the second and the third loads.
		screenShows(t, tm, "100 loaded · more")
		keys(tm, "G")
		// The renderer draws at most one frame per tick: the third page may show as 150, or be
		// followed so closely by the fourth (the cursor is still within two screens of 150) that
		// only 180 is drawn.
		screenMatches(t, tm, `(150 loaded · more|180 loaded)`)
		m := quit(t, tm)
		l := m.stack[0].(*listPane)
		assert.GreaterOrEqual(t, l.table.Len(), 150, "the third page (and maybe the fourth, ahead of the cursor)")
		assert.Equal(t, "person100@example.com", l.table.At(l.table.Cursor()).Value.email, "loading more never moves the cursor")
	})
}

func TestFlowHistoryOfAChangedProperty(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ctx := context.Background()
		o, err := c.CreateContact(ctx, map[string]string{"email": "changes@example.com", "jobtitle": "Intern"})
		require.NoError(t, err)
		for _, title := range []string{"Analyst", "Director"} {
			_, err = c.UpdateContact(ctx, o.ID, map[string]string{"jobtitle": title})
			require.NoError(t, err)
		}
		tm := app(t, c, func(op *Options) { op.Open = "changes@example.com" })
		screenShows(t, tm, "> Email")
		keys(tm, "j")
		screenMatches(t, tm, `> Job Title +Director`)
		keys(tm, "h")
		screenShows(t, tm, "Job Title (jobtitle) of changes@example.com", "Director", "Analyst", "Intern", "3 values")
		m := quit(t, tm)
		h := m.top().(*historyPane)
		assert.Equal(t, []string{"Director", "Analyst", "Intern"}, h.values, "newest first")
	})
}

func TestFlowEscReturnsToTheSameListRow(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		ids := createContacts(t, c, 40)
		tm := app(t, c)
		screenShows(t, tm, "40 loaded")
		keys(tm, "j", "j", "j", "j", "j", "j")
		keys(tm, "enter")
		screenShows(t, tm, "Person 7  person7@example.com")
		keys(tm, "esc")
		screenMatches(t, tm, `> +Person +7 +person7@example\.com`)
		m := quit(t, tm)
		require.Len(t, m.stack, 1)
		l := m.stack[0].(*listPane)
		assert.Equal(t, ids[6], l.table.SelectedID())
		assert.Equal(t, 6, l.table.Cursor()-l.table.Offset(), "on the same screen line")
	})
}

func TestFlowOpenOnStartNotFoundShowsTheList(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		tm := app(t, c, func(op *Options) { op.Open = "ghost@example.com" })
		screenShows(t, tm, "No contact ghost@example.com in HubSpot", "person1@example.com")
		m := quit(t, tm)
		assert.Len(t, m.stack, 1)
	})
}

func TestFlowResizeAndTooSmall(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		_, c := sandbox(t, fam)
		createContacts(t, c, 3)
		tm := app(t, c)
		screenShows(t, tm, "3 loaded")
		tm.Send(tea.WindowSizeMsg{Width: 40, Height: 10})
		screenShows(t, tm, "Terminal too small: 40×10")
		tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
		screenShows(t, tm, "person3@example")
		quit(t, tm)
	})
}

// gateClock is the API layer's clock for a test that wants to see a wait: its sleeps block
// until the gate opens, then pass at once, moving its time on by what they slept.
type gateClock struct {
	mu   sync.Mutex
	now  time.Time
	gate chan struct{}
}

func (c *gateClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *gateClock) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-c.gate:
	case <-ctx.Done():
		return ctx.Err()
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return nil
}

func TestFlowRateLimitWaitShowsInTheStatusBar(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv, seedC := sandbox(t, fam, func(o *hubspottest.Options) { o.RateLimit = hubspottest.RateLimit{Max: 4, Interval: 10 * time.Second} })
		createContacts(t, seedC, 60)
		clock := &gateClock{now: time.Now(), gate: make(chan struct{})}
		relay := NewWaitRelay()
		c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: clock, OnWait: relay.OnWait})
		require.NoError(t, err)
		tm := app(t, c, func(o *Options) { o.Waits = relay })
		// The seeding used the window's budget: the app's client sees it as another app's share,
		// paces, and the status bar says so for as long as the wait lasts (here: until the test
		// opens the gate).
		screenMatches(t, tm, `Waiting \d+ s for HubSpot's rate limit \(another app is using \d+ of the 4\)…`)
		close(clock.gate)
		quit(t, tm)
	})
}
