package ui

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// The local index while the app runs: a sync at start and then every indexEvery (r in the list
// syncs at once), off the UI goroutine, its requests giving way to the user's in HubSpot's rate
// window (api.Background); the header says how many contacts it holds and how fresh it is.

const indexEvery = time.Minute

// Offline (HubSpot could not be reached: at start, or when a request got no answer, with a
// synced index), the app shows the index with an OFFLINE badge and refuses writes; its requests
// to HubSpot are tried once (api.Once), and the sync, every offlineProbe, is the probe: when it
// gets its answers the app is online again.
const offlineProbe = 10 * time.Second

// indexSyncedMsg ends a sync; indexTickMsg starts the next one (the latest tick only: going
// offline starts a quicker one); syncNowMsg asks for one now.
type (
	indexSyncedMsg struct {
		rep index.Report
		err error
	}
	indexTickMsg struct{ n int }
	syncNowMsg   struct{}
)

// syncIndex starts a sync unless one runs.
func (m *App) syncIndex() tea.Cmd {
	e := m.env
	if e.index == nil || m.syncing {
		return nil
	}
	m.syncing, m.probing = true, e.offline
	ctx := e.ctx
	if e.offline {
		ctx = api.Once(ctx)
	}
	return func() tea.Msg {
		s := &index.Syncer{Index: e.index, Source: e.source, Background: true, Now: e.now}
		rep, err := s.Sync(ctx)
		return indexSyncedMsg{rep, err}
	}
}

// tick schedules the next sync: in indexEvery, or offlineProbe while offline.
func (m *App) tick() tea.Cmd {
	m.ticks++
	n, every := m.ticks, indexEvery
	if m.env.offline {
		every = offlineProbe
	}
	return m.env.after(every, func(time.Time) tea.Msg { return indexTickMsg{n} })
}

// unreachable reports an error that says HubSpot could not be reached (no network, a reset, a
// timeout), not that it refused.
func unreachable(err error) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Status == 0 && (e.Category == api.CategoryNetwork || e.Category == api.CategoryTimeout)
}

// offline takes a request's error: one that got no answer takes the app offline, when it has a
// synced index to show.
func (m *App) offline(err error) tea.Cmd {
	e := m.env
	if e.offline || e.index == nil || !e.index.State().Complete || !unreachable(err) {
		return nil
	}
	e.offline = true
	e.keys.Offline()
	return tea.Batch(m.tick(), notice("HubSpot cannot be reached: showing the local index, changes off until it answers"))
}

// online: the sync got HubSpot's answers while offline.
func (m *App) online() tea.Cmd {
	e := m.env
	e.offline = false
	e.keys.Online(e.readOnly)
	m.status.err = "" // the failure that took the app offline is over
	return notice("HubSpot answers again: back online")
}

// indexControl handles the sync's messages; false when msg is not one.
func (m *App) indexControl(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case indexSyncedMsg:
		m.syncing, m.indexErr = false, msg.err
		if msg.err != nil {
			m.env.debug("index sync", "error", msg.err.Error())
		}
		var was tea.Cmd
		switch {
		case msg.err == nil && m.env.offline && m.probing: // (one begun online says nothing)
			was = m.online()
		case msg.err != nil:
			was = m.offline(msg.err)
		}
		if was != nil && m.env.offline {
			return was, true // offline has started the probe
		}
		return tea.Batch(was, m.tick()), true
	case indexTickMsg:
		if msg.n != m.ticks {
			return nil, true // a tick that a quicker one has replaced
		}
		return m.syncIndex(), true
	case syncNowMsg:
		return m.syncIndex(), true
	}
	return nil, false
}

// syncNow is r's message with an index: sync now.
func (e *env) syncNow() tea.Cmd {
	if e.index == nil {
		return nil
	}
	return func() tea.Msg { return syncNowMsg{} }
}

// indexText is the header's word on the index: "indexed 1,004,211 · 12 s ago".
func (m *App) indexText() string {
	ix := m.env.index
	st := ix.State()
	switch {
	case !st.Complete:
		return fmt.Sprintf("indexing %s", value.Thousands(st.Scanned))
	case st.LastSync.IsZero():
		return "indexed " + value.Thousands(ix.Len())
	}
	text := fmt.Sprintf("indexed %s · %s ago", value.Thousands(ix.Len()), ago(m.env.now().Sub(st.LastSync)))
	if m.indexErr != nil && !m.syncing {
		text += " (sync failed)"
	}
	return text
}

func ago(d time.Duration) string {
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%d s", max(0, int(d/time.Second)))
	case d < time.Hour:
		return fmt.Sprintf("%d min", int(d/time.Minute))
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h", int(d/time.Hour))
	}
	return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
}
