package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/index"
)

// Options are what the command line hands the TUI.
type Options struct {
	Client   *api.Client
	Profile  string // shown in the header
	PortalID int64  // shown in the header; makes record links
	UIDomain string // HubSpot's web app host for record links; default app.hubspot.com
	Demo     bool   // the DEMO badge; o shows links instead of opening them
	ReadOnly bool   // every write refused, with the reason
	// Config supplies the list's columns, the page size, key overrides and the theme (nil: the
	// defaults).
	Config *config.Config
	// Open is an email or id to open on (`hubcontacts EMAIL_OR_ID`); not found shows the list.
	Open string
	// Debug receives a debug log (never the terminal).
	Debug *slog.Logger
	// Waits relays the API layer's waits to the status bar: make it with NewWaitRelay before
	// the client and pass its OnWait as api.Config.OnWait.
	Waits *WaitRelay
	// View is a saved view (by name, any case) to start on: its filter, columns and sort.
	View string
	// ViewsProfile is the profile whose views (and me:) apply; "" is Profile.
	ViewsProfile string
	// Me is the user's owner id (filter.Me of the profile's me:), or MeWhy says why there is none.
	Me, MeWhy string
	// Index is the profile's local index, open, when it is on: every write the app makes
	// updates it, a sync keeps it current in the background (the user's requests first), and
	// the header says how fresh it is. The TUI closes nothing: the caller does.
	Index *index.Index
	// Offline: HubSpot could not be reached at start; the app shows the local index (an OFFLINE
	// badge) and refuses every write with the reason.
	Offline bool

	// Test hooks: the clipboard, the browser, the time zone, the backend, the clock.
	copy   func(string) error
	browse func(string) error
	loc    *time.Location
	hub    Backend
	now    func() time.Time
}

// Run runs the TUI until the user quits or ctx ends.
func Run(ctx context.Context, opts Options) error {
	m, err := New(ctx, opts)
	if err != nil {
		return err
	}
	p := tea.NewProgram(m, tea.WithContext(ctx), tea.WithAltScreen(), tea.WithMouseCellMotion())
	_, err = p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil // the command was cancelled (a signal): not a failure of the TUI
	}
	return err
}

// New builds the root model, for Run and for the tests that drive it (ui/tui_test.go).
func New(ctx context.Context, opts Options) (*App, error) {
	e, err := newEnv(ctx, opts)
	if err != nil {
		return nil, err
	}
	var waits <-chan waitMsg
	if opts.Waits != nil {
		waits = opts.Waits.ch
	}
	return newApp(e, newListPane(e), opts.Open, waits), nil
}

func newEnv(ctx context.Context, opts Options) (*env, error) {
	hub := opts.hub
	if hub == nil && opts.Client != nil {
		hub = opts.Client
	}
	if hub == nil {
		return nil, errors.New("ui: no HubSpot client")
	}
	source := index.Source(hub)
	if opts.Index != nil {
		hub = Indexed(hub, opts.Index)
	}
	settings := settingsFrom(opts.Config)
	keys := DefaultKeyMap()
	if err := keys.Override(settings.Keys); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		keys.ReadOnly()
	}
	if opts.Offline {
		keys.Offline()
	}
	e := &env{
		ctx: ctx, hub: hub, theme: ThemeFor(settings.Theme, lipgloss.ColorProfile()), keys: keys,
		settings: settings, profile: opts.Profile, portalID: opts.PortalID, uiDomain: opts.UIDomain,
		demo: opts.Demo, readOnly: opts.ReadOnly, loc: opts.loc, now: time.Now,
		copy: opts.copy, browse: opts.browse, log: opts.Debug, ids: new(atomic.Int64), after: tea.Tick,
		viewsProfile: cmp.Or(opts.ViewsProfile, opts.Profile, config.DefaultProfileName), me: opts.Me, meWhy: opts.MeWhy,
		index: opts.Index, source: source, offline: opts.Offline,
	}
	if opts.Config != nil {
		e.configPath = opts.Config.Path
	}
	if opts.View != "" {
		c := opts.Config
		if c == nil {
			c = config.Defaults("")
		}
		v, ok := c.View(e.viewsProfile, opts.View)
		if !ok {
			return nil, fmt.Errorf("there is no view %q in profile %q", opts.View, e.viewsProfile)
		}
		e.startView = v
	}
	if e.copy == nil {
		e.copy = terminalClipboard(os.Stdout)
	}
	if e.browse == nil {
		e.browse = systemBrowser
	}
	if e.loc == nil {
		e.loc = time.Local
	}
	if opts.now != nil {
		e.now = opts.now
	}
	return e, nil
}

// WaitRelay carries the API layer's waits (rate limits, backoff) to the status bar.
type WaitRelay struct{ ch chan waitMsg }

// NewWaitRelay makes a relay; pass its OnWait as api.Config.OnWait.
func NewWaitRelay() *WaitRelay { return &WaitRelay{ch: make(chan waitMsg, 16)} }

// OnWait never blocks the API layer: when the status bar is behind, the wait is not shown.
func (r *WaitRelay) OnWait(w api.Wait) {
	if w.Duration < minShownWait {
		return // the limiter's short pacing pauses would only flicker
	}
	select {
	case r.ch <- waitMsg{w}:
	default:
	}
}

// minShownWait is the shortest wait the status bar mentions.
const minShownWait = 500 * time.Millisecond
