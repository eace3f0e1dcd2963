package cmd_test

import (
	"context"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/keys"
)

var listening = regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+) \(([^)]*)\)`)

// startSandbox runs `hubcontacts sandbox ARGS` until the returned stop is called; it returns
// the base URL it printed, what it said it serves, and stop's exit code and stderr.
func startSandbox(t *testing.T, args ...string) (url, what string, stop func() (int, string)) {
	t.Helper()
	url, what, _, stop = startSandboxOut(t, args...)
	return url, what, stop
}

func startSandboxOut(t *testing.T, args ...string) (url, what string, out *syncBuffer, stop func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out = &syncBuffer{}
	var errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cmd.Main(ctx, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...), cmd.App{
			Stdout: out, Stderr: &errb, Keyring: keys.OS{}, Getenv: func(string) string { return "" },
		})
	}()
	deadline := time.After(30 * time.Second)
	for {
		if m := listening.FindStringSubmatch(out.String()); m != nil {
			url, what = m[1], m[2]
			break
		}
		select {
		case code := <-done:
			t.Fatalf("the sandbox exited %d: %s%s", code, out.String(), errb.String())
		case <-deadline:
			cancel()
			t.Fatalf("the sandbox never said where it listens: %s%s", out.String(), errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	stopped := false
	stop = func() (int, string) {
		if stopped {
			return 0, ""
		}
		stopped = true
		cancel()
		return <-done, errb.String()
	}
	t.Cleanup(func() { stop() })
	return url, what, out, stop
}

func TestSandboxServesAndKeepsState(t *testing.T) {
	const sbToken = "pat-na1-5a5a5a5a-0000-4000-8000-000000000001"
	state := t.TempDir() + "/state.json"
	url, what, stop := startSandbox(t, "--token", sbToken, "--contacts", "0", "--state", state)
	assert.Equal(t, "0 contacts from seed 1", what)

	ctx := context.Background()
	client, err := api.New(api.Config{BaseURL: url, Token: sbToken})
	require.NoError(t, err)
	created, err := client.CreateContact(ctx, map[string]string{"email": "kept@example.com", "firstname": "Kept"})
	require.NoError(t, err)
	_, err = mustClient(t, url, hubspotDefaultToken).TokenInfo(ctx)
	assert.True(t, api.IsAuth(err), "only --token is accepted: %v", err)

	code, stderr := stop()
	assert.Equal(t, 0, code, "stopping the sandbox is a normal end: %s", stderr)
	assert.Contains(t, stderr, "its data is saved in "+state)

	url, what, stop = startSandbox(t, "--token", sbToken, "--state", state)
	assert.Equal(t, "data loaded from "+state, what)
	got, err := mustClient(t, url, sbToken).GetContact(ctx, "kept@example.com", api.GetOptions{})
	require.NoError(t, err, "the contact survived the restart")
	assert.Equal(t, created.ID, got.ID)
	assert.Equal(t, "Kept", got.Properties["firstname"])
	code, _ = stop()
	assert.Equal(t, 0, code)
}

// A new --state file records the seed and sizes, not the data: a restart seeds the same again
// (whatever --contacts and --seed say then, and it says so) and replays the changes; a damaged
// file is refused with what to do.
func TestSandboxStateRecordsTheSeed(t *testing.T) {
	state := t.TempDir() + "/state"
	url, what, stop := startSandbox(t, "--contacts", "40", "--seed", "3", "--state", state)
	assert.Equal(t, "40 contacts from seed 3", what)
	fi, err := os.Stat(state)
	require.NoError(t, err)
	assert.Less(t, fi.Size(), int64(100), "a new state file holds the seed, not 40 contacts")
	ctx := context.Background()
	_, err = mustClient(t, url, hubspotDefaultToken).CreateContact(ctx, map[string]string{"email": "after.seed@example.com"})
	require.NoError(t, err)
	code, _ := stop()
	require.Equal(t, 0, code)

	url, what, stop = startSandbox(t, "--contacts", "7", "--state", state)
	assert.Equal(t, "data loaded from "+state, what)
	page, err := mustClient(t, url, hubspotDefaultToken).ListContacts(ctx, api.ListOptions{Limit: 100})
	require.NoError(t, err)
	assert.Len(t, page.Results, 41, "the 40 seeded contacts and the one created")
	_, stderr := stop()
	assert.Contains(t, stderr, state+" exists, so its data is loaded: --contacts and --seed make a fresh file only")

	b, err := os.ReadFile(state)
	require.NoError(t, err)
	b[len(b)-1] ^= 0xff // the checksum
	require.NoError(t, os.WriteFile(state, b, 0o600))
	res := newWorld(t).run(nil, "sandbox", "--listen", "127.0.0.1:0", "--state", state)
	assert.NotEqual(t, 0, res.code)
	assert.Contains(t, res.stderr, "damaged: its checksum does not match")
	assert.Contains(t, res.stderr, "move "+state+" and "+state+".wal aside to start afresh")
}

const hubspotDefaultToken = "pat-na1-00000000-0000-4000-8000-000000000000"

func mustClient(t *testing.T, url, tok string) *api.Client {
	t.Helper()
	c, err := api.New(api.Config{BaseURL: url, Token: tok, MaxRetries: -1})
	require.NoError(t, err)
	return c
}

func TestSandboxTakesItsFlagsAndSaysHowToUseIt(t *testing.T) {
	url, what, out, _ := startSandboxOut(t, "--contacts", "3", "--seed", "9", "--rate-limit", "off", "--faults", "latency=1ms", "--strict", "--search-lag", "0s")
	assert.Equal(t, "3 contacts from seed 9", what)
	assert.Contains(t, out.String(), "Base URL: "+url+"\nToken:    "+hubspotDefaultToken+"\n")
	assert.Contains(t, out.String(), "| hubcontacts login --profile sandbox --base-url "+url)
	info, err := mustClient(t, url, hubspotDefaultToken).TokenInfo(context.Background())
	require.NoError(t, err, "the default token is accepted")
	assert.Contains(t, info.Scopes, "crm.objects.contacts.write")
}

func TestSandboxRefusesRemoteAddresses(t *testing.T) {
	w := newWorld(t)
	for _, addr := range []string{"0.0.0.0:8089", ":8089", "192.168.1.10:8089", "[::]:8089", "example.com:80"} {
		res := w.run(nil, "sandbox", "--listen", addr)
		assert.Equal(t, 2, res.code, addr)
		assert.Contains(t, res.stderr, "refusing to serve the sandbox beyond this machine", addr)
		assert.Contains(t, res.stderr, "--allow-remote", addr)
	}
	res := w.run(nil, "sandbox", "--listen", "nonsense")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "give host:port")
	res = w.run(nil, "sandbox", "--state", t.TempDir()+"/missing-dir/x/../../nope.json", "--listen", "127.0.0.1:1", "--token", "bad token")
	assert.Equal(t, 2, res.code)
	assert.Contains(t, res.stderr, "--token:")
}

// Ctrl-C while a restart seeds what --state FILE records again stops it there: interrupted
// (130), never listening. testdata/seed-1m.state is a seed file of seed 1 and a million contacts
// with this build's fingerprint, so a load that did not stop would seed to the end and serve
// (tried: 0, listening, after 26 s).
func TestSandboxCtrlCWhileSeedingAgain(t *testing.T) {
	b, err := os.ReadFile("testdata/seed-1m.state")
	require.NoError(t, err)
	state := t.TempDir() + "/state"
	require.NoError(t, os.WriteFile(state, b, 0o600))
	ctrlCWhileSeeding(t, "Seeding 1,000,000 contacts from seed 1 again, as "+state+" records (Ctrl-C stops)", "--state", state)
}

// ctrlCWhileSeeding runs the sandbox command with args until its standard error says seeding
// (the whole line it prints), then presses Ctrl-C: it must end interrupted (130), never
// listening.
func ctrlCWhileSeeding(t *testing.T, seeding string, args ...string) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- cmd.Main(ctx, append([]string{"sandbox", "--listen", "127.0.0.1:0"}, args...), cmd.App{
			Stdout: &out, Stderr: &errb, Keyring: keys.OS{}, Getenv: func(string) string { return "" },
		})
	}()
	for !strings.Contains(errb.String(), seeding) {
		select {
		case code := <-done:
			t.Fatalf("ended %d before seeding: %s%s", code, out.String(), errb.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	cancel() // Ctrl-C
	assert.Equal(t, cmd.ExitInterrupted, <-done)
	assert.NotContains(t, out.String(), "listening", "a million contacts were not seeded after Ctrl-C")
	assert.Contains(t, errb.String(), "hubcontacts: interrupted")
}

// The switches for HubSpot's unverified behaviours reach the sandbox: observed over HTTP.
func TestSandboxSwitchesReachTheSandbox(t *testing.T) {
	url, _, _ := startSandbox(t, "--contacts", "0", "--list-limit-error", "--oauth", "--daily-limit", "2", "--retry-after")
	get := func() *http.Response {
		req, err := http.NewRequest("GET", url+"/crm/v3/objects/contacts?limit=500", nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer "+hubspotDefaultToken)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp
	}
	first := get()
	assert.Equal(t, http.StatusBadRequest, first.StatusCode, "--list-limit-error refuses limit=500")
	assert.Empty(t, first.Header.Get("X-HubSpot-RateLimit-Daily"), "--oauth: no daily headers")
	get()
	third := get()
	assert.Equal(t, http.StatusTooManyRequests, third.StatusCode, "--daily-limit 2: the third request is refused")
	assert.NotEmpty(t, third.Header.Get("Retry-After"), "--retry-after")
}

// --contacts has a ceiling with the reason, and Ctrl-C while a big seed runs stops it there:
// interrupted (130), never listening.
func TestSandboxContactsCeilingAndCtrlCWhileSeeding(t *testing.T) {
	w := newWorld(t)
	for _, n := range []string{"1000001", "-1"} {
		res := w.run(nil, "sandbox", "--listen", "127.0.0.1:0", "--contacts", n)
		assert.Equal(t, cmd.ExitUsage, res.code, n)
		assert.Contains(t, res.stderr, "--contacts "+n+": give 0 to 1,000,000 (a million contacts", n)
	}

	ctrlCWhileSeeding(t, "Seeding 1,000,000 contacts (Ctrl-C stops)", "--contacts", "1000000")
}
