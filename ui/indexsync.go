package ui

import (
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/internal/value"
)

// The local index while the app runs: a sync at start and then every indexEvery (r in the list
// syncs at once), off the UI goroutine, its requests giving way to the user's in HubSpot's rate
// window (api.Background); the header says how many contacts it holds and how fresh it is.

const indexEvery = time.Minute

// indexSyncedMsg ends a sync; indexTickMsg starts the next one; syncNowMsg asks for one now.
type (
	indexSyncedMsg struct {
		rep index.Report
		err error
	}
	indexTickMsg struct{}
	syncNowMsg   struct{}
)

// syncIndex starts a sync unless one runs.
func (m *App) syncIndex() tea.Cmd {
	e := m.env
	if e.index == nil || m.syncing {
		return nil
	}
	m.syncing = true
	return func() tea.Msg {
		s := &index.Syncer{Index: e.index, Source: e.source, Background: true, Now: e.now}
		rep, err := s.Sync(e.ctx)
		return indexSyncedMsg{rep, err}
	}
}

// indexControl handles the sync's messages; false when msg is not one.
func (m *App) indexControl(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case indexSyncedMsg:
		m.syncing, m.indexErr = false, msg.err
		if msg.err != nil {
			m.env.debug("index sync", "error", msg.err.Error())
		}
		return m.env.after(indexEvery, func(time.Time) tea.Msg { return indexTickMsg{} }), true
	case indexTickMsg, syncNowMsg:
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
