package cmd

import (
	"cmp"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/keys"
)

// session is what a command that talks to HubSpot needs: the profile, the client, and where
// its token came from. The TUI and the one-shot commands (get, search, import, export) start
// from r.connect.
type session struct {
	cfg      *config.Config
	profile  config.Profile // BaseURL with --base-url applied
	readOnly bool           // --read-only, or read_only in the file or the profile
	demo     bool
	source   keys.Source // "" in the demo
	client   *api.Client
	log      *slog.Logger // the --debug log; nil without one
	viewsOf  string       // the profile whose views and me: apply ("" for profile's own)
}

// connect resolves the profile and its token (or, with --demo, starts the in-process
// sandbox) and builds the API client, which reports its waits (rate limit, backoff) to onWait
// (may be nil). The base URL is checked before the token is read.
func (r *runner) connect(onWait func(api.Wait)) (*session, error) {
	cfg, p, err := r.profile()
	if err != nil {
		return nil, err
	}
	s := &session{cfg: cfg, profile: p, readOnly: r.flags.readOnly || cfg.ReadOnly || p.ReadOnly, demo: r.flags.demo}
	if s.log, err = r.debugLog(); err != nil {
		return nil, err
	}
	var token string
	if s.demo && r.flags.baseURL != "" {
		return nil, usageError("--demo runs its own sandbox: leave out --base-url")
	}
	if s.demo {
		srv, err := r.startDemo()
		if err != nil {
			return nil, err
		}
		// The demo's me is the sandbox's own user (who owns its seeded tasks) unless me: says.
		s.profile = config.Profile{Name: "demo", BaseURL: srv.URL, PortalID: hubspottest.DefaultPortalID, APIVersion: p.APIVersion,
			Me: cmp.Or(p.Me, hubspottest.SandboxUser)}
		s.viewsOf = p.Name
		token = srv.Token
	} else {
		tok, src, err := r.keys.Get(p.Name)
		if err != nil {
			return nil, noToken(p.Name, err)
		}
		r.secrets.add(tok.Reveal())
		s.source, token = src, tok.Reveal()
	}
	s.client, err = api.New(api.Config{BaseURL: s.profile.BaseURL, APIVersion: s.profile.APIVersion, Token: token, Logger: s.log, OnWait: onWait, ReadOnly: s.readOnly})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// noToken says first how to get going when there is no token to use (none stored, no keyring
// to read one from): log in, set the variable, or try the demo; what the keyring said comes
// after. An unusable HUBSPOT_ACCESS_TOKEN is said as it is.
func noToken(profile string, err error) error {
	if !errors.Is(err, keys.ErrNotFound) && !keys.IsUnavailable(err) {
		return authError(err)
	}
	login := "hubcontacts login"
	if profile != config.DefaultProfileName {
		login += " --profile " + profile
	}
	msg := fmt.Sprintf("no HubSpot token for profile %q yet. To start, either:", profile)
	for _, l := range [][2]string{
		{login, "store a private app's token in the keyring"},
		{"export " + keys.EnvToken + "=…", "or give it in the environment"},
		{"hubcontacts --demo", "or try the app on sample data"},
	} {
		msg += fmt.Sprintf("\n  %-32s%s", l[0], l[1])
	}
	if keys.IsUnavailable(err) {
		msg += "\n(No system keyring could be read here: " + err.Error() + ")"
	}
	return authError(errors.New(msg))
}

// newClient builds a client for a token being checked (login, auth status).
func (r *runner) newClient(p config.Profile, token keys.Token) (*api.Client, error) {
	log, err := r.debugLog()
	if err != nil {
		return nil, err
	}
	return api.New(api.Config{BaseURL: p.BaseURL, APIVersion: p.APIVersion, Token: token.Reveal(), Logger: log})
}

// debugLog opens --debug FILE once per run (nil without the flag).
func (r *runner) debugLog() (*slog.Logger, error) {
	if r.log != nil || !r.debugSet {
		return r.log, nil
	}
	log, f, err := openDebugLog(r.flags.debug, r.secrets)
	if err != nil {
		return nil, err
	}
	r.closers = append(r.closers, f)
	r.log = log
	log.Info("hubcontacts started", "version", r.app.version())
	return log, nil
}

// startDemo starts the seeded sandbox on a random loopback port, for this run only.
func (r *runner) startDemo() (*hubspottest.Server, error) {
	// The seeded tasks fall due around today, so My tasks has overdue and coming ones.
	srv, err := hubspottest.Start("127.0.0.1:0", hubspottest.Options{Seed: 1, TaskDay: time.Now()})
	if err != nil {
		return nil, fmt.Errorf("--demo: %w", err)
	}
	srv.SetRequestLogLimit(-1) // nobody reads the log in a demo; keep a long session's memory flat
	r.closers = append(r.closers, closerFunc(srv.Close))
	return srv, nil
}

type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// describeSource says where a token comes from, for people.
func describeSource(src keys.Source, profile string) string {
	if src == keys.SourceEnvironment {
		return fmt.Sprintf("environment (%s)", keys.EnvToken)
	}
	return fmt.Sprintf("keyring (service %q, account %q)", keys.Service, profile)
}
