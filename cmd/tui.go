package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/filter"
	"github.com/hubcontacts/hubcontacts/internal/index"
	"github.com/hubcontacts/hubcontacts/ui"
)

// startTUI connects (or starts the demo sandbox), checks the key overrides and the token, and
// runs the terminal UI (App.RunTUI in tests).
func (r *runner) startTUI(ctx context.Context, open string) error {
	waits := ui.NewWaitRelay()
	s, err := r.connect(waits.OnWait)
	if err != nil {
		return err
	}
	if err := s.cfg.CheckActions(ui.DefaultKeyMap().Names()); err != nil {
		return err
	}
	// Who am I: the header's portal and the record links' host, and a refused token caught
	// here (exit 4) rather than on the first screen.
	acct, err := s.client.AccountDetails(ctx)
	var ix *index.Index
	offline := false
	if unreachable(err) {
		// Offline: open on the local index when there is a synced one.
		if ix = r.openIndex(s); ix != nil && ix.State().Complete {
			defer ix.Close()
			fmt.Fprintf(r.stderr, "note: HubSpot cannot be reached (%v); showing the local index, changes off\n", err)
			offline, err = true, nil
			acct.PortalID = s.profile.PortalID
		} else if ix != nil {
			ix.Close()
			ix = nil
		}
	}
	if err != nil {
		return r.explainAPIError(err, s.profile.Name, s.source)
	}
	if s.profile.PortalID != 0 && acct.PortalID != s.profile.PortalID && !s.demo {
		fmt.Fprintf(r.stderr, "warning: profile %q was logged in to portal %d, but this token is for portal %d\n", s.profile.Name, s.profile.PortalID, acct.PortalID)
	}
	if name := strings.TrimSpace(r.flags.view); name != "" {
		if _, ok := s.cfg.View(s.viewProfile(), name); !ok {
			return usageError("--view %q: profile %q has no such view; its views are: %s", name, s.viewProfile(), viewNames(s.cfg.Views(s.viewProfile())))
		}
	}
	me, why := "", "HubSpot cannot be reached"
	if !offline {
		if me, why, err = filter.Me(ctx, s.profile.Me, s.client); err != nil {
			return r.explainAPIError(err, s.profile.Name, s.source)
		}
		if ix = r.openIndex(s); ix != nil {
			defer ix.Close()
		}
	}
	run := r.app.RunTUI
	if run == nil {
		askBackground(r.app.Stdout)
		run = ui.Run
	}
	return run(ctx, ui.Options{
		Client: s.client, Profile: s.profile.Name, PortalID: acct.PortalID, UIDomain: acct.UIDomain,
		Demo: s.demo, ReadOnly: s.readOnly, Config: s.cfg, Open: open, Debug: s.log, Waits: waits,
		View: strings.TrimSpace(r.flags.view), ViewsProfile: s.viewProfile(), Me: me, MeWhy: why,
		Index: ix, Offline: offline,
	})
}

// unreachable reports an error that says HubSpot could not be reached (no network, a timeout),
// not that it refused.
func unreachable(err error) bool {
	var e *api.Error
	return errors.As(err, &e) && (e.Category == api.CategoryNetwork || e.Category == api.CategoryTimeout)
}

// openIndex opens the profile's local index for the TUI when it is on (index: on, or an index
// made by index sync and no index: off); nil when it is off, or cannot be had now (said why).
func (r *runner) openIndex(s *session) *index.Index {
	if s.demo || s.profile.Index == config.IndexOff {
		return nil
	}
	o, err := r.indexOptions(s.cfg, s.profile.Name)
	if err != nil {
		fmt.Fprintf(r.stderr, "note: no local index: %v\n", err)
		return nil
	}
	if _, err := os.Stat(o.Dir); err != nil && s.profile.Index != config.IndexOn {
		return nil
	}
	ix, err := index.Open(o)
	if err != nil {
		fmt.Fprintf(r.stderr, "note: running without the local index: %v\n", err)
		return nil
	}
	if ix.Rebuilt != "" {
		fmt.Fprintf(r.stderr, "note: the local index could not be used (%s); it is built again in the background\n", ix.Rebuilt)
	}
	return ix
}

// askBackground asks the terminal its background colour (for theme auto) before the TUI takes
// the terminal, as Bubble Tea's own start-up would have: only the TUI asks the terminal
// anything (see internal/quietstart).
func askBackground(w io.Writer) {
	if f, ok := w.(*os.File); ok {
		lipgloss.SetHasDarkBackground(termenv.NewOutput(f).HasDarkBackground())
	}
}
