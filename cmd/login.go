package cmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/keys"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// The scopes the app needs: read to look contacts up, write to change them.
const (
	scopeRead  = "crm.objects.contacts.read"
	scopeWrite = "crm.objects.contacts.write"
)

const loginLong = `Log in to a HubSpot account with a private app's access token.

The token is read without echo when you paste it at the prompt, or from standard input when
that is not a terminal (never from the command line, where other users and the shell history
could see it). It is checked with HubSpot first (token info and account details): the portal id
and the token's scopes are shown, with a warning when it cannot change contacts. Only a valid
token is stored, in the system keyring (service "hubcontacts", one entry per profile), never in
a file. The portal id (and --base-url, when given) is remembered in the config file.

Create the token in HubSpot: Settings › Integrations › Private apps › Create a private app, with
the scopes crm.objects.contacts.read and crm.objects.contacts.write (plus companies, deals and
tickets read for the association panes). Copy it from the app's "Auth" tab.`

func (r *runner) loginCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Check a HubSpot access token and store it in the system keyring",
		Long:  loginLong,
		Example: `  hubcontacts login                          # paste the token at the prompt
  hubcontacts login --profile eu             # a second account
  pass show hubspot/token | hubcontacts login  # from a password manager
  hubcontacts login --profile sandbox --base-url http://127.0.0.1:8089 < token.txt`,
		Args:              loginArgs,
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE:              r.runLogin,
	}
}

// loginArgs refuses any argument without echoing it: it may well be the token.
func loginArgs(_ *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	msg := "login takes no argument: it reads the token from the prompt (hidden) or from standard input, never from the command line, where other users and the shell history see it. Run `hubcontacts login` and paste it, or pipe it in: `hubcontacts login < token.txt`"
	for _, a := range args {
		if keys.LooksLikeToken(a) {
			msg += ". That argument looks like a token: it is now in your shell history, so consider rotating it in HubSpot"
			break
		}
	}
	return usageError("%s", msg)
}

func (r *runner) runLogin(c *cobra.Command, _ []string) error {
	if err := r.refuseDemo(c); err != nil {
		return err
	}
	_, p, err := r.profile() // config errors and a refused --base-url stop us before the token is read
	if err != nil {
		return err
	}
	token, err := r.readToken(c.Context())
	if err != nil {
		return err
	}
	r.secrets.add(token.Reveal())
	info, acct, err := r.checkToken(c.Context(), p, token)
	if err != nil {
		return err
	}
	if err := r.keys.Set(p.Name, token); err != nil {
		return authError(fmt.Errorf("the token is valid, but %w", err))
	}
	r.reportLogin(p, info, acct)
	return r.rememberLogin(p, acct.PortalID)
}

// checkToken asks HubSpot who the token belongs to. A refused token is an authentication error
// and nothing is stored.
func (r *runner) checkToken(ctx context.Context, p config.Profile, token keys.Token) (api.TokenInfo, api.Account, error) {
	client, err := r.newClient(p, token)
	if err != nil {
		return api.TokenInfo{}, api.Account{}, usageError("%v", err)
	}
	info, err := client.TokenInfo(ctx)
	if err != nil {
		if api.IsAuth(err) {
			return info, api.Account{}, authError(fmt.Errorf("HubSpot at %s refused this token (%s): nothing was stored. Copy the whole token from the private app's Auth tab and try again", p.BaseURL, hubspotSaid(err)))
		}
		return info, api.Account{}, fmt.Errorf("cannot check the token with HubSpot at %s: %w; nothing was stored", p.BaseURL, err)
	}
	acct, err := client.AccountDetails(ctx) // needs no scope
	switch {
	case api.IsAuth(err):
		return info, acct, authError(fmt.Errorf("HubSpot at %s refused this token (%s): nothing was stored", p.BaseURL, hubspotSaid(err)))
	case err != nil:
		return info, acct, fmt.Errorf("cannot read the account details from HubSpot at %s: %w; nothing was stored", p.BaseURL, err)
	}
	if acct.PortalID == 0 {
		acct.PortalID = info.HubID
	}
	return info, acct, nil
}

// hubspotSaid is the short form of HubSpot's answer: status, message and reference.
func hubspotSaid(err error) string {
	var e *api.Error
	if !errors.As(err, &e) || e.Status == 0 {
		return err.Error()
	}
	s := strconv.Itoa(e.Status)
	if e.Message != "" {
		msg := e.Message
		if len(msg) > 200 {
			msg = msg[:200] + "…"
		}
		s += ": " + msg
	}
	if e.CorrelationID != "" {
		s += "; HubSpot ref " + e.CorrelationID
	}
	return s
}

func isUnauthorized(err error) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Status == 401
}

func (r *runner) reportLogin(p config.Profile, info api.TokenInfo, acct api.Account) {
	fmt.Fprintf(r.stdout, "Logged in to HubSpot portal %d%s as profile %q.\n", acct.PortalID, portalDetail(acct), p.Name)
	fmt.Fprintf(r.stdout, "Scopes: %s\n", scopeList(info.Scopes))
	fmt.Fprintf(r.stdout, "The token is in the system keyring (service %q, account %q).\n", keys.Service, p.Name)
	r.warnScopes(info.Scopes)
	if r.keys.Source() == keys.SourceEnvironment {
		fmt.Fprintf(r.stderr, "note: %s is set in this environment and overrides the keyring; unset it to use the token just stored.\n", keys.EnvToken)
	}
}

func scopeList(scopes []string) string {
	if len(scopes) == 0 {
		return "(none)"
	}
	s := slices.Clone(scopes)
	slices.Sort(s)
	return sanitize.Display(strings.Join(s, ", ")) // HubSpot's text: untrusted
}

// warnScopes says what the app cannot do with this token.
func (r *runner) warnScopes(scopes []string) {
	if !slices.Contains(scopes, scopeRead) {
		fmt.Fprintf(r.stderr, "warning: the token lacks %s: it cannot even look contacts up. Add the scope to the private app, then log in again with the new token.\n", scopeRead)
	}
	if !slices.Contains(scopes, scopeWrite) {
		fmt.Fprintf(r.stderr, "warning: the token lacks %s: you can look contacts up but not change them. Add the scope to the private app (HubSpot then issues a new token) and log in again.\n", scopeWrite)
	}
}

// rememberLogin writes the portal id (and an explicit --base-url) to the profile in the config.
func (r *runner) rememberLogin(p config.Profile, portalID int64) error {
	explicitURL := r.flags.baseURL != ""
	err := config.UpdateProfile(r.cfg.Path, p.Name, func(cp *config.Profile) {
		cp.PortalID = portalID
		if explicitURL {
			cp.BaseURL = p.BaseURL
		}
	})
	if err != nil {
		return fmt.Errorf("the token is stored, but the portal id could not be remembered: %w", err)
	}
	return nil
}

// readToken reads the token without echo from a terminal, or from standard input otherwise.
func (r *runner) readToken(ctx context.Context) (keys.Token, error) {
	var raw string
	var err error
	if f, ok := r.app.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(r.stderr, "Paste the private app's access token (input hidden), then Enter: ")
		raw, err = readHidden(ctx, f)
		fmt.Fprintln(r.stderr)
	} else {
		raw, err = readPiped(r.app.Stdin)
	}
	if err != nil {
		return "", err
	}
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", usageError("no token given: paste it at the prompt, or pipe it in: hubcontacts login < token.txt")
	}
	raw = strings.TrimPrefix(raw, "Bearer ")
	if err := keys.CheckToken(raw); err != nil {
		return "", usageError("%v", err)
	}
	return keys.Token(raw), nil
}

// readHidden reads one line with echo off. Ctrl-C (the context ending) restores the terminal.
func readHidden(ctx context.Context, f *os.File) (string, error) {
	fd := int(f.Fd())
	state, err := term.GetState(fd)
	if err != nil {
		return "", fmt.Errorf("cannot read the token from the terminal: %w", err)
	}
	type result struct {
		b   []byte
		err error
	}
	done := make(chan result, 1)
	go func() {
		b, err := term.ReadPassword(fd)
		done <- result{b, err}
	}()
	select {
	case res := <-done:
		if res.err != nil {
			return "", fmt.Errorf("cannot read the token from the terminal: %w", res.err)
		}
		return string(res.b), nil
	case <-ctx.Done():
		_ = term.Restore(fd, state)
		return "", ctx.Err()
	}
}

// readPiped takes the token from piped standard input: one line (a trailing newline is fine);
// more than one non-empty line means the wrong thing was piped in.
func readPiped(in io.Reader) (string, error) {
	sc := bufio.NewScanner(io.LimitReader(in, 64<<10))
	sc.Buffer(make([]byte, 0, 4096), 64<<10)
	var lines []string
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			lines = append(lines, l)
		}
	}
	if err := sc.Err(); err != nil {
		return "", usageError("cannot read the token from standard input: it should hold the token alone, on one line")
	}
	if len(lines) > 1 {
		return "", usageError("standard input holds %d lines; it should hold the token alone, on one line", len(lines))
	}
	if len(lines) == 0 {
		return "", nil
	}
	return lines[0], nil
}
