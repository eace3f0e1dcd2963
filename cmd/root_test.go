package cmd_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/config"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/ui"
)

func TestUsageErrors(t *testing.T) {
	w := newWorld(t)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"logn"}, `unknown command "logn"`},
		{[]string{"logn"}, `(did you mean "login"?)`},
		{[]string{"a@b.c", "d@e.f"}, "one contact at a time"},
		{[]string{"--no-such-flag"}, "unknown flag: --no-such-flag"},
		{[]string{"login", "extra"}, `login takes no argument: it reads the token from the prompt (hidden) or from standard input`},
		{[]string{"logout", "extra"}, `unexpected argument "extra": "hubcontacts logout" takes none`},
		{[]string{"login", "extra"}, `Run 'hubcontacts login --help' for usage`},
		{[]string{"login", "--profile", "my work"}, "--profile: profile name"},
		{[]string{"sandbox", "--contacts", "many"}, "invalid argument"},
		{[]string{"sandbox", "--rate-limit", "lots"}, "--rate-limit:"},
		{[]string{"sandbox", "--faults", "5xx=2"}, "--faults:"},
		{[]string{"--debug", ""}, "--debug needs a file name"},
		{[]string{"--demo", "--base-url", "http://127.0.0.1:1"}, "--demo runs its own sandbox"},
	}
	for _, tc := range cases {
		res := w.run(panicReader{t}, tc.args...)
		assert.Equal(t, 2, res.code, "%v: %s", tc.args, res.output())
		assert.Contains(t, res.stderr, tc.want, tc.args)
		assert.Contains(t, res.stderr, "--help", "a usage error points to help")
	}
	assert.Empty(t, w.tui)
}

func TestHelpAndVersion(t *testing.T) {
	w := newWorld(t)
	res := w.run(nil, "--help")
	require.Equal(t, 0, res.code)
	for _, want := range []string{"hubcontacts [EMAIL_OR_ID]", "login", "logout", "auth", "sandbox", "config", "completion", "--profile", "--base-url", "--read-only", "--debug", "--demo", "Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication"} {
		assert.Contains(t, res.stdout, want)
	}
	for _, sub := range [][]string{{"login", "--help"}, {"logout", "-h"}, {"auth", "status", "--help"}, {"sandbox", "--help"}, {"config", "show", "--help"}, {"help", "login"}} {
		res := w.run(nil, sub...)
		assert.Equal(t, 0, res.code, sub)
		assert.Contains(t, res.stdout, "Usage:", sub)
	}
	res = w.run(nil, "--version")
	assert.Equal(t, 0, res.code)
	assert.Equal(t, "hubcontacts v1.2.3-test\n", res.stdout)
	res = w.run(nil, "version")
	assert.Equal(t, 0, res.code)
	assert.True(t, strings.HasPrefix(res.stdout, "hubcontacts v1.2.3-test (go"), res.stdout)
}

func TestCompletion(t *testing.T) {
	w := newWorld(t)
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		res := w.run(nil, "completion", shell)
		assert.Equal(t, 0, res.code, shell)
		assert.Contains(t, res.stdout, "hubcontacts", shell)
	}
	w.writeConfig("default_profile: work\nprofiles:\n  eu: {}\n  us: {}\n")
	res := w.run(nil, "__complete", "--profile", "")
	require.Equal(t, 0, res.code, res.output())
	assert.True(t, strings.HasPrefix(res.stdout, "work\neu\nus\n"), res.stdout)
	res = w.run(nil, "__complete", "l")
	assert.Contains(t, res.stdout, "login")
	assert.Contains(t, res.stdout, "logout")
}

func TestConfigPathAndShow(t *testing.T) {
	w := newWorld(t)
	res := w.run(nil, "config", "path")
	require.Equal(t, 0, res.code)
	assert.Equal(t, w.configFile()+"\n", res.stdout)

	res = w.run(nil, "config", "show")
	require.Equal(t, 0, res.code)
	assert.Contains(t, res.stdout, "# no file at "+w.configFile())
	assert.Contains(t, res.stdout, "default_profile: default")
	assert.Contains(t, res.stdout, "base_url: https://api.hubapi.com")

	w.writeConfig("theme: plain\npage_size: 20\nprofiles:\n  work:\n    portal_id: 77\n")
	res = w.run(nil, "config", "show")
	require.Equal(t, 0, res.code, res.output())
	assert.Contains(t, res.stdout, "# from "+w.configFile())
	assert.Contains(t, res.stdout, "page_size: 20")
	assert.Contains(t, res.stdout, "portal_id: 77")
	// What show prints is itself a valid config file.
	_, err := config.Parse("shown", []byte(res.stdout))
	assert.NoError(t, err)
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	w := newWorld(t)
	w.writeConfig("theme: plain\ncolums: [email]\npage_size: 1000\n")
	for _, args := range [][]string{{"config", "show"}, {"login"}, {"auth", "status"}, {}, {"--demo"}} {
		res := w.run(panicReader{t}, args...)
		assert.Equal(t, 1, res.code, "%v: %s", args, res.output())
		assert.Contains(t, res.stderr, "configuration file "+w.configFile()+" has 2 problems", args)
		assert.Contains(t, res.stderr, `line 2: unknown key "colums" (did you mean "columns"?)`, args)
		assert.Contains(t, res.stderr, "line 3: page_size must be a whole number from 1 to 100", args)
	}
	res := w.run(nil, "config", "path")
	assert.Equal(t, 0, res.code, "config path works even when the file is broken")
}

func TestUnknownKeyActionNamesTheLine(t *testing.T) {
	w := newWorld(t)
	w.writeConfig("keys:\n  quit: [q]\n  fnid: [/]\n")
	res := w.run(nil, "--demo")
	assert.Equal(t, 1, res.code, res.output())
	assert.Contains(t, res.stderr, `line 3: keys: unknown action "fnid" (did you mean "find"?)`)
	assert.Empty(t, w.tui)
	// config show reports it too, rather than print a file the app then refuses.
	res = w.run(nil, "config", "show")
	assert.Equal(t, 1, res.code, res.output())
	assert.Contains(t, res.stderr, `line 3: keys: unknown action "fnid" (did you mean "find"?)`)
	assert.Empty(t, res.stdout)
}

func TestRootOpensTheTUI(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		require.Equal(t, 0, w.run(strings.NewReader(token), "login", "--profile", "sb", "--base-url", srv.URL).code)
		w.writeConfig(string(must(os.ReadFile(w.configFile()))) + "default_profile: sb\n")

		res := w.run(nil, "ada@example.com")
		require.Equal(t, 0, res.code, res.output())
		require.Len(t, w.tui, 1)
		p := w.tui[0]
		assert.Equal(t, "ada@example.com", p.Open)
		assert.Equal(t, "sb", p.Profile)
		assert.Equal(t, int64(12345678), p.PortalID)
		assert.Equal(t, "app.hubspot.com", p.UIDomain)
		assert.False(t, p.Demo)
		assert.False(t, p.ReadOnly)
		assert.Nil(t, p.Debug)
		require.NotNil(t, p.Client)
		_, err := p.Client.ListContacts(context.Background(), api.ListOptions{Limit: 1})
		assert.NoError(t, err, "the client talks to the profile's base URL with the keyring's token")

		res = w.run(nil, "--read-only", "12345")
		require.Equal(t, 0, res.code, res.output())
		assert.True(t, w.tui[1].ReadOnly)
		assert.Equal(t, "12345", w.tui[1].Open)
	})
}

func TestReadOnlyFromConfig(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		w.writeConfig("profiles:\n  sb:\n    base_url: " + srv.URL + "\n    read_only: true\n  rw:\n    base_url: " + srv.URL + "\n")
		require.Equal(t, 0, w.run(nil, "-p", "sb").code)
		require.Equal(t, 0, w.run(nil, "-p", "rw").code)
		assert.True(t, w.tui[0].ReadOnly)
		assert.False(t, w.tui[1].ReadOnly)
	})
}

func TestPortalMismatchWarns(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		w.writeConfig("profiles:\n  sb:\n    base_url: " + srv.URL + "\n    portal_id: 42\n")
		res := w.run(nil, "-p", "sb")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stderr, `warning: profile "sb" was logged in to portal 42, but this token is for portal 12345678`)
		assert.Equal(t, int64(12345678), w.tui[0].PortalID)
		res = w.run(nil, "-p", "sb", "auth", "status")
		require.Equal(t, 0, res.code, res.output())
		assert.Contains(t, res.stderr, "portal 42, but this token is for portal 12345678")
	})
}

// A plain hubcontacts with no token says first what to do (log in, the variable, or the demo);
// what the keyring said, when it could not be read, comes after.
func TestRootWithoutTokenIsAnAuthError(t *testing.T) {
	w := newWorld(t)
	res := w.run(nil)
	assert.Equal(t, 4, res.code)
	lines := strings.Split(res.stderr, "\n")
	require.GreaterOrEqual(t, len(lines), 4, res.stderr)
	assert.Equal(t, `hubcontacts: no HubSpot token for profile "default" yet. To start, either:`, lines[0])
	assert.Contains(t, lines[1], "hubcontacts login")
	assert.Contains(t, lines[2], "export HUBSPOT_ACCESS_TOKEN=")
	assert.Contains(t, lines[3], "hubcontacts --demo")
	assert.Empty(t, w.tui)

	keyring.MockInitWithError(errors.New("dbus: couldn't determine address of session bus"))
	for _, args := range [][]string{nil, {"get", "ada@example.com"}, {"--profile", "eu"}} {
		res = w.run(nil, args...)
		assert.Equal(t, 4, res.code, args)
		first, rest, _ := strings.Cut(res.stderr, "\n")
		assert.Contains(t, first, "no HubSpot token for profile", args)
		assert.Contains(t, rest, "hubcontacts --demo", args)
		assert.Less(t, strings.Index(res.stderr, "--demo"), strings.Index(res.stderr, "D-Bus"), "what to do comes before the keyring's detail")
		assert.Contains(t, rest, "no D-Bus session bus", args)
	}
	assert.Contains(t, res.stderr, "hubcontacts login --profile eu")
	assert.Empty(t, w.tui)
}

func TestDemoNeedsNoTokenNorKeyring(t *testing.T) {
	w := newWorld(t)
	keyring.MockInitWithError(errors.New("the keyring must not be touched in the demo"))
	res := w.run(nil, "--demo")
	require.Equal(t, 0, res.code, res.output())
	require.Len(t, w.tui, 1)
	p := w.tui[0]
	assert.True(t, p.Demo)
	assert.Equal(t, "demo", p.Profile)
	assert.Equal(t, int64(12345678), p.PortalID)
	// The demo sandbox is gone once the command returns: it lives for the run only. (The
	// client would retry the refused connection with backoff; the deadline cuts that short.)
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	_, err := p.Client.ListContacts(ctx, api.ListOptions{Limit: 1})
	assert.Error(t, err)
}

func TestDemoServesSeededData(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		w.fam = fam // the demo's in-process sandbox, reached in the family the flag names
		var listed int
		var contactErr error
		w.onTUI = func(ctx context.Context, p ui.Options) error {
			page, err := p.Client.ListContacts(ctx, api.ListOptions{Limit: 10})
			listed, contactErr = len(page.Results), err
			return nil
		}
		res := w.run(nil, "--demo", "--read-only")
		require.Equal(t, 0, res.code, res.output())
		require.NoError(t, contactErr, "the client reaches the in-process sandbox")
		assert.Equal(t, 10, listed, "the demo sandbox is seeded")
		assert.True(t, w.tui[0].ReadOnly)
	})
}

func TestDebugLogRedactsAndStaysOffScreen(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		logPath := filepath.Join(t.TempDir(), "debug.log")
		res := w.run(strings.NewReader(token), "login", "--base-url", srv.URL, "--debug", logPath)
		require.Equal(t, 0, res.code, res.output())
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		res = w.run(nil, "auth", "status", "--debug", logPath)
		require.Equal(t, 0, res.code, res.output())

		data, err := os.ReadFile(logPath)
		require.NoError(t, err)
		log := string(data)
		assert.NotContains(t, log, token)
		assert.Contains(t, log, "/account-info/", "the log records the requests")
		for _, line := range strings.Split(strings.TrimSpace(log), "\n") {
			var v map[string]any
			assert.NoError(t, json.Unmarshal([]byte(line), &v), "one JSON object a line: %s", line)
		}
		assert.NotContains(t, res.output(), "/account-info/", "the log is never on the screen")
		st, err := os.Stat(logPath)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	})
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// The README's config file example is a valid file, its actions real ones.
func TestREADMEConfigExampleLoads(t *testing.T) {
	readme := string(must(os.ReadFile("../README.md")))
	_, section, ok := strings.Cut(readme, "## Configuration file")
	require.True(t, ok)
	_, block, ok := strings.Cut(section, "```yaml\n")
	require.True(t, ok)
	block, _, _ = strings.Cut(block, "```")
	cfg, err := config.Parse("README.md", []byte(block))
	require.NoError(t, err)
	assert.NoError(t, cfg.CheckActions(ui.DefaultKeyMap().Names()))
	assert.Equal(t, "work", cfg.DefaultProfile)
	assert.Equal(t, int64(12345678), cfg.Profile("work").PortalID)
}

func TestPanicMessageHidesTheToken(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		w := newWorld(t)
		srv := w.sandbox(fam, token)
		w.env["HUBSPOT_ACCESS_TOKEN"] = token
		w.onTUI = func(context.Context, ui.Options) error { panic("boom with " + token) }
		res := w.run(nil, "--base-url", srv.URL)
		assert.Equal(t, 1, res.code)
		assert.Contains(t, res.stderr, "internal error (please report it): boom with [REDACTED]")
		assert.Contains(t, res.stderr, "goroutine", "the stack is kept for the report")
		assert.NotContains(t, res.output(), token)
	})
}

func TestErrorsAreSanitized(t *testing.T) {
	w := newWorld(t)
	// A server answering with terminal escape sequences in its message (HubSpot's text is
	// untrusted): none reaches the terminal.
	hostile := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, _ *http.Request) {
		rw.Header().Set("Content-Type", "application/json")
		rw.WriteHeader(http.StatusUnauthorized)
		_, _ = rw.Write([]byte(`{"status":"error","message":"bad \u001b]0;pwned\u0007\u001b[2J\u009b31m token","category":"INVALID_AUTHENTICATION"}`))
	}))
	defer hostile.Close()
	res := w.run(strings.NewReader(token), "login", "--base-url", hostile.URL)
	assert.Equal(t, 4, res.code, res.output())
	assert.Contains(t, res.stderr, "bad ")
	assert.Contains(t, res.stderr, " token")
	for _, b := range []string{"\x1b", "\a", "\u009b"} {
		assert.NotContains(t, res.stderr, b)
	}
}

// An existing --debug file that others can read is made private before anything is logged to
// it (the log names contacts); a new one is created private.
func TestDebugLogIsPrivateEvenWhenItExisted(t *testing.T) {
	w := newWorld(t)
	dir := t.TempDir()
	old := filepath.Join(dir, "old.log")
	require.NoError(t, os.WriteFile(old, []byte("earlier\n"), 0o644))
	require.NoError(t, os.Chmod(old, 0o644)) // whatever the umask
	fresh := filepath.Join(dir, "new.log")
	for _, p := range []string{old, fresh} {
		res := w.run(nil, "config", "path", "--debug", p)
		require.Equal(t, 0, res.code, res.output())
		st, err := os.Stat(p)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm(), p)
	}
	data, err := os.ReadFile(old)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "earlier\n"), "the log is appended to, not replaced")
}
