package ui

import (
	"testing"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// Goldens, where the layout is the point: whole frames at 80×24 under the Ascii profile (set
// in TestMain), from a deterministic sandbox. Update with `go test ./ui -run Golden -update`.

// settle runs the app's commands at once, feeding it their messages, until nothing is left:
// requests go to the sandbox; timers fire at once (env.after); the spinner's ticks are dropped.
func settle(t *testing.T, m *App, cmd tea.Cmd) {
	t.Helper()
	for _, msg := range run(cmd) {
		if _, ok := msg.(spinner.TickMsg); ok || msg == nil {
			continue
		}
		_, next := m.Update(msg)
		if _, started := msg.(startedMsg); started {
			continue // its command is the spinner's tick
		}
		settle(t, m, next)
	}
}

func goldenApp(t *testing.T, open string) *App {
	_, c := sandbox(t, func(o *hubspottest.Options) { o.Empty, o.Contacts, o.Seed = false, 40, 3 })
	e, _ := paneEnv(t, c, func(o *Options) { o.Open, o.Profile = open, "work" })
	m := newApp(e, newListPane(e), open, nil)
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	settle(t, m, m.Init())
	return m
}

func press1(t *testing.T, m *App, keys ...string) {
	for _, k := range keys {
		_, cmd := m.Update(press(k))
		settle(t, m, cmd)
	}
}

func TestGoldenList(t *testing.T) {
	m := goldenApp(t, "")
	press1(t, m, "j", " ", "j")
	golden.RequireEqual(t, []byte(m.View()))
}

func TestGoldenDetail(t *testing.T) {
	m := goldenApp(t, hubspottest.SecondaryEmailsContactEmail)
	require.IsType(t, &detailPane{}, m.top())
	press1(t, m, "j", "j")
	golden.RequireEqual(t, []byte(m.View()))
}

func TestGoldenHelp(t *testing.T) {
	m := goldenApp(t, "")
	press1(t, m, "?")
	golden.RequireEqual(t, []byte(m.View()))
}
