package ui

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// env is what every pane shares: set up once by New and never changed afterwards (except the id
// counter, which is atomic), so panes may read it from commands running off the UI goroutine.
type env struct {
	ctx      context.Context
	hub      Backend
	theme    *Theme
	keys     *KeyMap
	settings Settings
	profile  string
	portalID int64
	uiDomain string
	demo     bool
	readOnly bool
	loc      *time.Location
	now      func() time.Time
	copy     func(string) error // the clipboard
	browse   func(string) error // the web browser
	log      *slog.Logger
	ids      *atomic.Int64
	// Saved views and owner:me: the configuration file, the profile whose views apply, the view
	// to start on, and who "me" is (an owner id, or why it is not known).
	configPath   string
	viewsProfile string
	startView    config.View
	me, meWhy    string
	// after is tea.Tick; tests swap in one that does not wait.
	after func(time.Duration, func(time.Time) tea.Msg) tea.Cmd
	// index is the profile's local index when it is on (index.go), nil otherwise; source is
	// what its sync reads HubSpot through.
	index   *index.Index
	source  index.Source
	offline bool // HubSpot could not be reached at start: the index shown, writes refused
}

// nextID hands out ids for panes and requests, unique within the app.
func (e *env) nextID() int { return int(e.ids.Add(1)) }

// debug logs to the --debug log when there is one (never to the terminal).
func (e *env) debug(msg string, args ...any) {
	if e.log != nil {
		e.log.Debug(msg, args...)
	}
}
