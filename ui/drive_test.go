package ui

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// Every test renders without colour: goldens and byte checks must not depend on the terminal.
func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	m.Run()
}

// testStart is the sandbox clock's first instant.
var testStart = time.Date(2026, 2, 3, 10, 0, 0, 0, time.UTC)

// stepClock advances one millisecond at every reading: distinct, increasing timestamps without
// depending on the wall clock.
type stepClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// sandbox starts an empty sandbox without rate limits (tests make many calls) and a real client
// speaking fam. A test that reaches the sandbox runs under each of HubSpot's API families
// (families.Run, see tui) and passes the one it is given; fam.Watch fails it for a request on
// another family's path.
func sandbox(t *testing.T, fam families.Family, mods ...func(*hubspottest.Options)) (*hubspottest.Server, *api.Client) {
	t.Helper()
	clock := &stepClock{now: testStart}
	opts := hubspottest.Options{Empty: true, Clock: clock.Now, RateLimit: hubspottest.RateLimit{Max: -1}, SearchPerSecond: -1}
	for _, m := range mods {
		m(&opts)
	}
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, SearchPerSecond: 1000})
	require.NoError(t, err)
	return srv, c
}

// createContacts makes n contacts named Person 1..n (person1@example.com…) in batches.
func createContacts(t *testing.T, c *api.Client, n int) []string {
	t.Helper()
	inputs := make([]map[string]string, n)
	for i := range inputs {
		inputs[i] = map[string]string{
			"firstname": "Person", "lastname": fmt.Sprint(i + 1),
			"email": fmt.Sprintf("person%d@example.com", i+1), "company": "Acme",
		}
	}
	res, err := c.BatchCreateContacts(context.Background(), inputs)
	require.NoError(t, err)
	ids := make([]string, n)
	for i, r := range res {
		require.Nil(t, r.Err, "create %d", i)
		ids[i] = r.Object.ID
	}
	return ids
}

// paneEnv is an env over the real client, in UTC, with a recording clipboard and browser and
// timers that fire at once.
type recorder struct {
	mu     sync.Mutex
	copied []string
	opened []string
}

func paneEnv(t *testing.T, c *api.Client, mods ...func(*Options)) (*env, *recorder) {
	t.Helper()
	rec := &recorder{}
	opts := Options{Client: c, Profile: "test", PortalID: hubspottest.DefaultPortalID, loc: time.UTC,
		Config: config.Defaults(""),
		copy: func(s string) error {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.copied = append(rec.copied, s)
			return nil
		},
		browse: func(s string) error {
			rec.mu.Lock()
			defer rec.mu.Unlock()
			rec.opened = append(rec.opened, s)
			return nil
		},
	}
	for _, m := range mods {
		m(&opts)
	}
	e, err := newEnv(context.Background(), opts)
	require.NoError(t, err)
	e.after = func(_ time.Duration, fn func(time.Time) tea.Msg) tea.Cmd {
		return func() tea.Msg { return fn(time.Time{}) }
	}
	return e, rec
}

// harness drives one pane as the root would: keys go through its key table and text box, its
// commands run at once (requests against the sandbox included), the answers addressed to it
// run in it, and what it asks the root to do (open a pane, close, ask a question) and every
// other message are kept for the test to inspect.
type harness struct {
	t    testing.TB
	pane Pane
	out  []tea.Msg
}

// What a pane asked the root, as the harness keeps it.
type (
	openMsg  struct{ pane Pane }
	backMsg  struct{}
	askedMsg struct{ q question }
)

func drive(t testing.TB, p Pane, w, h int) *harness {
	p.SetSize(w, h)
	hs := &harness{t: t, pane: p}
	hs.run(p.Init())
	hs.navigation()
	return hs
}

func (hs *harness) send(msg tea.Msg) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if cmd, took := pressKey(hs.pane, k); took {
			hs.navigation()
			hs.run(cmd)
			return
		}
	}
	next, cmd := hs.pane.Update(msg)
	hs.pane = next.(Pane)
	hs.navigation()
	hs.run(cmd)
}

// in runs an answer in the pane, as the root does.
func (hs *harness) in(then func() tea.Cmd) {
	cmd := then()
	hs.navigation()
	hs.run(cmd)
}

// navigation keeps what the pane asked the root to do.
func (hs *harness) navigation() {
	for _, n := range hs.pane.base().takeNav() {
		switch {
		case n.ask != nil:
			hs.out = append(hs.out, askedMsg{*n.ask})
		case n.next != nil:
			hs.out = append(hs.out, openMsg{n.next})
		default:
			hs.out = append(hs.out, backMsg{})
		}
	}
}

func (hs *harness) key(keys ...string) {
	for _, k := range keys {
		hs.send(press(k))
	}
}

func (hs *harness) run(cmd tea.Cmd) {
	for _, msg := range run(cmd) {
		switch m := msg.(type) {
		case startedMsg, nil:
		case typedAheadMsg: // keys a pane hands back (it waited for an answer), pressed again
			for _, k := range m.take() {
				hs.send(k)
			}
		case doneMsg:
			if m.pane == hs.pane.ID() || m.outlives {
				hs.in(m.then)
			} else {
				hs.out = append(hs.out, m)
			}
		case paneMsg:
			if m.pane == hs.pane.ID() {
				hs.in(m.then)
			} else {
				hs.out = append(hs.out, m)
			}
		case targeted:
			if m.target() == hs.pane.ID() {
				hs.send(m)
			} else {
				hs.out = append(hs.out, m)
			}
		default:
			hs.out = append(hs.out, m)
		}
	}
}

// take returns and forgets the messages kept so far.
func (hs *harness) take() []tea.Msg {
	out := hs.out
	hs.out = nil
	return out
}

// notices are the texts of the notices kept so far.
func (hs *harness) notices() []string {
	var out []string
	for _, m := range hs.out {
		if n, ok := m.(noticeMsg); ok {
			out = append(out, n.text)
		}
	}
	return out
}

// opened is the last pane an openMsg asked for, or nil.
func (hs *harness) opened() Pane {
	for i := len(hs.out) - 1; i >= 0; i-- {
		if o, ok := hs.out[i].(openMsg); ok {
			return o.pane
		}
	}
	return nil
}

// asked is the last question the pane asked (the test fails when there is none).
func (hs *harness) asked() question {
	hs.t.Helper()
	for i := len(hs.out) - 1; i >= 0; i-- {
		if a, ok := hs.out[i].(askedMsg); ok {
			return a.q
		}
	}
	hs.t.Fatal("no question was asked")
	return question{}
}

// answer answers the last question with key k, as the root does: a matching answer runs in the
// pane; any other key runs onNo.
func (hs *harness) answer(k string) {
	hs.t.Helper()
	q := hs.asked()
	for _, a := range q.answers {
		if a.matches(hs.pane.base().env.keys, press(k)) {
			hs.in(a.run)
			return
		}
	}
	if q.onNo != nil {
		hs.in(q.onNo)
	}
}
