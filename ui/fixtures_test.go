package ui

import (
	"context"
	"encoding/json"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// pageSize sets the list's page size.
func pageSize(n int) func(*Options) {
	return func(o *Options) {
		cfg := config.Defaults("")
		cfg.PageSize = n
		o.Config = cfg
	}
}

// Helpers of the edit, create, delete and batch tests.

// instantClock is the API layer's clock in these tests: a wait (retry backoff, pacing) moves
// it forward at once, so retries never depend on the wall clock.
type instantClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
	return ctx.Err()
}

// editSandbox is sandbox() with a client whose retries wait on the instant clock.
func editSandbox(t *testing.T, fam families.Family, mods ...func(*hubspottest.Options)) (*hubspottest.Server, *api.Client) {
	t.Helper()
	srv, _ := sandbox(t, fam, mods...)
	c, err := api.New(api.Config{BaseURL: srv.URL, Token: srv.Token, APIVersion: fam.Version, Clock: &instantClock{now: testStart}})
	require.NoError(t, err)
	return srv, c
}

// ekey is press() with the form's control keys.
func ekey(s string) tea.KeyMsg { return press(s) }

// hsKeys presses keys on a harness (the form's control keys included).
func (hs *harness) keys(ks ...string) {
	for _, k := range ks {
		hs.send(ekey(k))
	}
}

// typeIn types text on a harness, one key per rune.
func (hs *harness) typeIn(s string) {
	for _, r := range s {
		if r == ' ' {
			hs.send(press(" "))
			continue
		}
		hs.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

// leave quits a flow with ctrl+c, confirming when the app asks about unsaved work.
func leaveApp(t *testing.T, tm *tui, unsaved bool) *App {
	t.Helper()
	if !unsaved {
		return quit(t, tm)
	}
	tm.settle(0, true)
	sendKeys(tm, "ctrl+c")
	screenShows(t, tm, "Unsaved changes will be lost. Quit anyway?")
	sendKeys(tm, "y")
	if !tm.waitFor(func(string) bool { return tm.quitSeen }) {
		t.Fatalf("the app did not quit on y. The screen:\n%s", tm.frame())
	}
	tm.shutdown()
	return tm.app
}

// contact creates one contact through the API layer.
func mkContact(t *testing.T, c *api.Client, props map[string]string) *api.Object {
	t.Helper()
	o, err := c.CreateContact(context.Background(), props)
	require.NoError(t, err)
	return o
}

// fresh reads a contact again through the API layer (what HubSpot stores now).
func freshContact(t *testing.T, c *api.Client, id string, props ...string) *api.Object {
	t.Helper()
	o, err := c.GetContact(context.Background(), id, api.GetOptions{Properties: props})
	require.NoError(t, err)
	return o
}

// history is a property's stored values, newest first.
func storedHistory(t *testing.T, c *api.Client, id, prop string) []string {
	t.Helper()
	o, err := c.GetContact(context.Background(), id, api.GetOptions{Properties: []string{prop}, History: []string{prop}})
	require.NoError(t, err)
	var out []string
	for _, h := range o.History[prop] {
		out = append(out, h.Value)
	}
	return out
}

// patches are the PATCH requests the sandbox received, with their properties decoded.
type loggedPatch struct {
	path    string
	props   map[string]string
	applied bool
}

func patches(t *testing.T, srv *hubspottest.Server) []loggedPatch {
	t.Helper()
	var out []loggedPatch
	for _, r := range srv.Writes() {
		if r.Method != "PATCH" {
			continue
		}
		var body struct {
			Properties map[string]string `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(r.Body, &body), string(r.Body))
		out = append(out, loggedPatch{path: r.Path, props: body.Properties, applied: r.Applied()})
	}
	return out
}

// writesTo counts the write requests whose path ends with suffix.
func writesTo(srv *hubspottest.Server, suffix string) int {
	n := 0
	for _, r := range srv.Writes() {
		if strings.HasSuffix(r.Path, suffix) {
			n++
		}
	}
	return n
}

// Helpers of the form's tests: keys for a field, a property, definitions of a few properties.

func edRunes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func edProp(name, typ, fieldType string, opts ...string) *api.Property {
	p := &api.Property{Name: name, Label: name, Type: typ, FieldType: fieldType}
	for i := 0; i+1 < len(opts); i += 2 {
		p.Options = append(p.Options, api.Option{Value: opts[i], Label: opts[i+1], DisplayOrder: i / 2})
	}
	return p
}

func edDefs(loc *time.Location, props ...*api.Property) *defs {
	list := make([]api.Property, len(props))
	for i, p := range props {
		list[i] = *p
	}
	return newDefs(list, nil, loc)
}
