//go:build linux

package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// The token the tests hand the app, recognisable anywhere it might turn up, whole or in part.
const token = "pat-na1-5ec2e75e-7357-4e57-8abc-00000000beef"

// tokenParts are pieces of the token that must not show either (a token cut short by a
// truncated line is still a leak): its start up to the first secret characters, and its
// secret parts.
var tokenParts = []string{token, "pat-na1-5ec2e75e", "5ec2e75e-7357", "7357-4e57-8abc", "8abc-00000000beef"}

// holdsToken names which piece of the token s holds, "" when none.
func holdsToken(s string) string {
	for _, p := range tokenParts {
		if strings.Contains(s, p) {
			return p
		}
	}
	return ""
}

// TestTheTokenStaysOutOfEverythingTheAppWrites runs every command that talks to HubSpot, with
// the token in HUBSPOT_ACCESS_TOKEN and a --debug log, against the sandbox (with a few faults on
// the way, so retries and errors get logged too), then the TUI in a pseudo-terminal. The token
// must be in no output, no error, the debug log, no file the app wrote (config directory,
// exports, import failures), nor the running program's argument list; a Go runtime crash dump
// of the running TUI (SIGQUIT) must not hold it either.
func TestTheTokenStaysOutOfEverythingTheAppWrites(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Seed: 2, Contacts: 40, Companies: 5, Deals: 5, Tickets: 5,
			Tokens: map[string][]string{token: hubspottest.AllScopes}})
		home := familyHome(t, fam)
		work := filepath.Join(home, "work")
		require.NoError(t, os.MkdirAll(work, 0o700))
		logPath := filepath.Join(home, "debug.log")
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
		g := []string{"--base-url", srv.URL, "--debug", logPath}
		csv := filepath.Join(work, "in.csv")
		require.NoError(t, os.WriteFile(csv, []byte("email,firstname,lifecyclestage\nnew@example.com,New,lead\nbad@,Bad,lead\n"+
			hubspottest.FirstContactEmail+",Maria,nonsense\n"), 0o600))

		for _, c := range []struct {
			args []string
			code int
		}{
			{[]string{"auth", "status"}, 0},
			{[]string{"config", "show"}, 0},
			{[]string{"config", "path"}, 0},
			{[]string{"get", hubspottest.FirstContactEmail}, 0},
			{[]string{"get", hubspottest.FirstContactEmail, "--json", "--history"}, 0},
			{[]string{"get", "nobody@example.com"}, 3},
			{[]string{"search", "garcia"}, 0},
			{[]string{"search", "garcia", "--json"}, 0},
			{[]string{"export", "-o", filepath.Join(work, "all.csv")}, 0},
			{[]string{"export", "--format", "json", "--properties", "all", "-o", filepath.Join(work, "all.json")}, 0},
			{[]string{"activities", hubspottest.FirstContactEmail}, 0},
			{[]string{"activities", hubspottest.FirstContactEmail, "--json"}, 0},
			{[]string{"note", "add", hubspottest.FirstContactEmail, "--body", "met at the fair", "--pin"}, 0},
			{[]string{"task", "add", hubspottest.FirstContactEmail, "--subject", "send the quote", "--owner", hubspottest.SandboxUser}, 0},
			{[]string{"import", csv, "--dry-run"}, -1},
			{[]string{"import", csv, "--yes"}, -1},
			{[]string{"logout"}, -1},
		} {
			srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503}) // one retry per command, logged
			r := run(t, env, "", append(g, c.args...)...)
			if c.code >= 0 {
				assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.all())
			}
			assert.Empty(t, holdsToken(r.all()), "hubcontacts %v printed the token: %s", c.args, r.all())
		}
		// login reads the token from standard input: valid, but there is no keyring to keep it in.
		r := run(t, env, token+"\n", append(g, "login")...)
		assert.Equal(t, 4, r.code, r.all())
		assert.Empty(t, holdsToken(r.all()), "login printed the token: %s", r.all())

		tuiKeepsTheTokenOutOfItsArgumentsAndCrashDump(t, env, g)

		logData, err := os.ReadFile(logPath)
		require.NoError(t, err)
		assert.Contains(t, string(logData), fam.Objects("contacts"), "the debug log records the requests")
		assert.Contains(t, string(logData), `"status":503`, "and the failed attempts")
		assert.Empty(t, holdsToken(string(logData)), "the debug log holds the token")
		for _, p := range tokenParts {
			assert.Empty(t, filesHolding(t, home, p), "files holding %q", p)
		}
	})
}

// tuiKeepsTheTokenOutOfItsArgumentsAndCrashDump starts the TUI in a pseudo-terminal, reads the
// running process's argument list from /proc, then makes the Go runtime dump every goroutine
// (SIGQUIT, as a crash would) and reads the dump off the terminal.
func tuiKeepsTheTokenOutOfItsArgumentsAndCrashDump(t *testing.T, env, global []string) {
	tm := startTerm(t, append(env, "GOTRACEBACK=all"), global...)
	tm.waitFor("loaded")
	cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(tm.c.Process.Pid), "cmdline"))
	require.NoError(t, err)
	assert.Contains(t, string(cmdline), "--base-url", "read the right process")
	assert.Empty(t, holdsToken(string(cmdline)), "the token is in the process's arguments")
	require.NoError(t, tm.c.Process.Signal(syscall.SIGQUIT))
	code, screen := tm.wait()
	assert.NotEqual(t, 0, code)
	assert.Contains(t, screen, "goroutine ", "the runtime dumped the goroutines")
	assert.Empty(t, holdsToken(screen), "the crash dump holds the token")
}

// echoServer is a HubSpot that answers the account details, then refuses the contact list with
// a message quoting the Authorization header it got (a misbehaving proxy or a hostile server):
// the app must not put what it quotes on the screen, in an error, or in the debug log.
func echoServer(t *testing.T, fam families.Family) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == fam.AccountDetails() {
			fmt.Fprint(w, `{"portalId":12345678,"uiDomain":"app.hubspot.com","timeZone":"US/Eastern"}`)
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "error", "category": "VALIDATION_ERROR",
			"correlationId": r.Header.Get("Authorization"),
			"message":       "Bad request for " + r.Header.Get("Authorization") + " on " + r.URL.Path,
			"context":       map[string][]string{"id": {strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")}}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestATokenQuotedBackByTheServerIsNeverShown(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := echoServer(t, fam)
		home := familyHome(t, fam)
		logPath := filepath.Join(home, "debug.log")
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
		g := []string{"--base-url", srv.URL, "--debug", logPath}
		for _, args := range [][]string{{"get", "ada@example.com"}, {"search", "ada"}, {"export"}} {
			r := run(t, env, "", append(g, args...)...)
			assert.Equal(t, 1, r.code, r.all())
			assert.Contains(t, r.stderr, "Bad request for", "the server's message is shown")
			assert.Empty(t, holdsToken(r.all()), "%v: %s", args, r.all())
		}
		tm := startTermSized(t, 240, 36, env, g...) // wide enough for the whole error line
		tm.waitFor("Bad request for")
		tm.write("q")
		_, screen := tm.wait()
		assert.Empty(t, holdsToken(screen), "the TUI's error line showed the token: %q", screen)
		data, err := os.ReadFile(logPath)
		require.NoError(t, err)
		assert.Empty(t, holdsToken(string(data)), "the debug log holds the token")
	})
}

// TestTheTokenGoesOnlyToTheConfiguredHost: plain http to anything but this machine is refused
// before the token is read or anything is sent, from the flag and from the config file; a
// redirect to another host is not followed, so the token never reaches it.
func TestTheTokenGoesOnlyToTheConfiguredHost(t *testing.T) {
	needBinary(t)
	var mu sync.Mutex
	var got []string
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"portalId":1}`)
	}))
	defer other.Close()
	// The same port as seen from "localhost": another host name, so another host to the client.
	u, err := url.Parse(other.URL)
	require.NoError(t, err)
	elsewhere := "http://localhost:" + u.Port()
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere+r.URL.Path, http.StatusTemporaryRedirect)
	}))
	defer home.Close()

	dir := t.TempDir()
	env := userEnv(dir, "HUBSPOT_ACCESS_TOKEN="+token)
	r := run(t, env, "", "auth", "status", "--base-url", home.URL)
	assert.NotEqual(t, 0, r.code)
	assert.Contains(t, r.stderr, "redirected to another host")
	assert.Empty(t, holdsToken(r.all()))
	mu.Lock()
	assert.Empty(t, got, "the other host was never asked")
	mu.Unlock()

	for _, base := range []string{"http://example.com", "http://10.1.2.3:8080", "http://[2001:db8::1]", "ftp://127.0.0.1"} {
		r := run(t, env, "", "auth", "status", "--base-url", base)
		assert.Equal(t, 2, r.code, "%s: %s", base, r.all())
		assert.Empty(t, holdsToken(r.all()))
	}
	cfg := filepath.Join(dir, "config", "hubcontacts", "config.yaml")
	require.NoError(t, os.MkdirAll(filepath.Dir(cfg), 0o700))
	require.NoError(t, os.WriteFile(cfg, []byte("profiles:\n  default:\n    base_url: http://hubspot.example.com\n"), 0o600))
	r = run(t, env, "", "auth", "status")
	assert.NotEqual(t, 0, r.code, r.all())
	assert.Contains(t, r.stderr, "line 3", "the file's line is named")
	assert.Empty(t, holdsToken(r.all()))
}

// TestATokenTypedAsAnArgumentIsNeverEchoed: a token pasted where an argument or a flag's value
// goes is refused without being repeated (usage errors used to quote it), and so is the
// environment's token, whatever its shape; login given a token says to pipe it in instead.
func TestATokenTypedAsAnArgumentIsNeverEchoed(t *testing.T) {
	needBinary(t)
	home := t.TempDir()
	const envToken = "CJSP5qf1KhICAQEYs-gDIIGOBii1oQMyGQAf3xBKmlwHjX7OIpuIFEavB2-qYAGQsF4"
	for _, c := range []struct {
		env  []string
		args []string
		code int
	}{
		{nil, []string{"login", token}, 2},
		{nil, []string{"logout", token}, 2},
		{nil, []string{"auth", "status", token}, 2},
		{nil, []string{"get", token}, 2},
		{nil, []string{token}, 2},
		{nil, []string{"--profile", token, "auth", "status"}, 2},
		{nil, []string{"--base-url", "https://" + token + ".example.com", "--debug", "", "auth", "status"}, 2},
		{nil, []string{"search", "--limit", token, "ada"}, 2},
		{nil, []string{"get", "ada@example.com", "--" + token}, 2},
		{[]string{"HUBSPOT_ACCESS_TOKEN=" + envToken}, []string{envToken}, 2},
		{[]string{"HUBSPOT_ACCESS_TOKEN=" + envToken}, []string{"get", envToken}, 2},
		{[]string{"HUBSPOT_ACCESS_TOKEN=" + envToken}, []string{"--profile", envToken, "--base-url", "http://127.0.0.1:1", "auth", "status"}, 2},
	} {
		r := run(t, userEnv(home, c.env...), "", c.args...)
		assert.Equal(t, c.code, r.code, "%v: %s", c.args, r.all())
		assert.Empty(t, holdsToken(r.all()), "%v echoed the token: %s", c.args, r.all())
		assert.NotContains(t, r.all(), envToken[:20], "%v echoed the environment's token", c.args)
		if c.code == 2 {
			assert.Contains(t, r.stderr, "--help", "%v: still a usage error that points to help", c.args)
		}
	}
	r := run(t, userEnv(home), "", "login", token)
	assert.Contains(t, r.stderr, "hubcontacts login < token.txt", "login says to pipe the token in")
	assert.Contains(t, r.stderr, "consider rotating it", "and that the token is now in the shell's history")
}

// TestProcessesTheAppStartsInheritNoToken: with the token in HUBSPOT_ACCESS_TOKEN, the clipboard
// tool (y) and the browser opener (o), here scripts that record their environment, start
// without it.
func TestProcessesTheAppStartsInheritNoToken(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		needBinary(t)
		srv := newSandbox(t, fam, hubspottest.Options{Seed: 3, Contacts: 5, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		home := familyHome(t, fam)
		tools := filepath.Join(home, "bin")
		require.NoError(t, os.MkdirAll(tools, 0o700))
		for _, name := range []string{"xclip", "xdg-open"} {
			// written whole, then renamed: the app does not wait for the browser opener, so the
			// test may look before the script has run or while it writes
			script := "#!/bin/sh\nenv > \"$HOME/" + name + ".env.part\"\nmv \"$HOME/" + name + ".env.part\" \"$HOME/" + name + ".env\"\ncat > /dev/null\n"
			require.NoError(t, os.WriteFile(filepath.Join(tools, name), []byte(script), 0o700))
		}
		env := userEnv(home, "HUBSPOT_ACCESS_TOKEN="+token)
		for i, kv := range env {
			if strings.HasPrefix(kv, "PATH=") {
				env[i] = "PATH=" + tools + ":" + strings.TrimPrefix(kv, "PATH=")
			}
		}
		tm := startTerm(t, append(env, "DISPLAY=:0"), "--base-url", srv.URL, hubspottest.FirstContactEmail)
		tm.waitFor("Lifecycle")
		tm.write("y")
		tm.waitFor("any other key cancels") // the copy question
		tm.write("e")
		tm.waitFor("Copied email")
		tm.write("o")
		tm.waitFor("Opened")
		// The tools' records are waited for before quitting: quitting closes the terminal, and a
		// tool still starting in its session is hung up before it writes.
		for _, name := range []string{"xclip", "xdg-open"} {
			path := filepath.Join(home, name+".env")
			require.Eventually(t, func() bool { _, err := os.Stat(path); return err == nil }, 20*time.Second, 10*time.Millisecond,
				"%s was started", name)
		}
		tm.write("q")
		tm.wait()
		for _, name := range []string{"xclip", "xdg-open"} {
			data, err := os.ReadFile(filepath.Join(home, name+".env"))
			require.NoError(t, err)
			assert.Contains(t, string(data), "HOME="+home, "%s recorded its environment", name)
			assert.NotContains(t, string(data), "HUBSPOT_ACCESS_TOKEN", "%s inherited the token's variable", name)
			assert.Empty(t, holdsToken(string(data)), "%s inherited the token", name)
		}
	})
}
