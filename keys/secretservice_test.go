package keys_test

// The integration test against a REAL Secret Service (gnome-keyring under dbus-run-session in
// .ci/run). go-keyring's mock replaces its provider for the whole process once a unit test calls
// keyring.MockInit, so the real test runs in a child process: this test binary, re-executed
// with only this test selected and a marker in its environment.

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/keys"
)

const childEnv = "HUBCONTACTS_REAL_KEYRING_CHILD"

// TestRealSecretService stores, reads and deletes a token in the session's Secret Service.
// Under CI=true it must run; elsewhere it skips when no keyring is reachable.
func TestRealSecretService(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		runChild(t, "^TestRealSecretService$")
		return
	}
	ensureKeyring(t)
	profile := uniqueProfile(t)
	token := keys.Token("pat-na1-" + randomHex(t, 16))
	s := keys.New(keys.OS{}, keys.WithGetenv(func(string) string { return "" }))
	t.Cleanup(func() { _ = s.Delete(profile) })

	require.NoError(t, s.Set(profile, token))
	got, src, err := s.Get(profile)
	require.NoError(t, err)
	assert.Equal(t, token.Reveal(), got.Reveal())
	assert.Equal(t, keys.SourceKeyring, src)
	if secretTool, err := exec.LookPath("secret-tool"); err == nil {
		// An independent client sees the same entry: service hubcontacts, username = profile.
		out, err := exec.Command(secretTool, "lookup", "service", keys.Service, "username", profile).Output()
		require.NoError(t, err)
		assert.Equal(t, token.Reveal(), strings.TrimSpace(string(out)))
	}

	require.NoError(t, s.Delete(profile))
	_, _, err = s.Get(profile)
	assert.ErrorIs(t, err, keys.ErrNotFound)
}

// TestRealSecretServiceLogin runs `login` (token piped on stdin, checked against a sandbox),
// `auth status` and `logout` on the real keyring: the token reaches the Secret Service, appears
// in no file under the config directory, and is gone after logout.
func TestRealSecretServiceLogin(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		runChild(t, "^TestRealSecretServiceLogin$")
		return
	}
	ensureKeyring(t)
	families.Run(t, func(t *testing.T, fam families.Family) {
		profile := uniqueProfile(t)
		token := "pat-na1-" + randomHex(t, 16)
		srv := hubspottest.NewServer(t, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		fam.Watch(t, srv)
		configDir := t.TempDir()
		env := map[string]string{"XDG_CONFIG_HOME": configDir, "HOME": configDir}
		run := func(stdin string, args ...string) (int, string) {
			var out bytes.Buffer
			code := cmd.Main(context.Background(), append(args, fam.Args()...), cmd.App{
				Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &out, Keyring: keys.OS{},
				Getenv: func(k string) string { return env[k] },
			})
			return code, out.String()
		}
		s := keys.New(keys.OS{}, keys.WithGetenv(func(string) string { return "" }))
		t.Cleanup(func() { _ = s.Delete(profile) })

		code, out := run(token+"\n", "login", "--profile", profile, "--base-url", srv.URL)
		require.Equal(t, 0, code, out)
		assert.NotContains(t, out, token)
		got, _, err := s.Get(profile)
		require.NoError(t, err)
		assert.Equal(t, token, got.Reveal(), "the token reached the real keyring")
		if secretTool, err := exec.LookPath("secret-tool"); err == nil {
			out, err := exec.Command(secretTool, "lookup", "service", keys.Service, "username", profile).Output()
			require.NoError(t, err)
			assert.Equal(t, token, strings.TrimSpace(string(out)), "seen by an independent Secret Service client")
		}
		files := 0
		require.NoError(t, filepath.WalkDir(configDir, func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			files++
			data, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.NotContains(t, string(data), token, "%s holds the token", path)
			return nil
		}))
		assert.Equal(t, 1, files, "the config file (portal id) is the only file written")

		code, out = run("", "auth", "status", "--profile", profile)
		require.Equal(t, 0, code, out)
		assert.Contains(t, out, "Token:     from the keyring")
		assert.NotContains(t, out, token)

		code, out = run("", "logout", "--profile", profile)
		require.Equal(t, 0, code, out)
		_, _, err = s.Get(profile)
		assert.ErrorIs(t, err, keys.ErrNotFound, "logout removed it from the real keyring")
	})
}

// runChild re-executes this test binary running only the tests matching pattern, with the real
// keyring, and fails when the child fails. Its output is relayed.
func runChild(t *testing.T, pattern string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run="+pattern, "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	t.Log("child:\n" + out.String())
	if err != nil {
		t.Fatalf("the real-keyring test failed: %v", err)
	}
	if strings.Contains(out.String(), "--- SKIP") {
		t.Skip("skipped in the child (see its output)")
	}
}

// ensureKeyring skips (or, under CI=true, fails) when no Secret Service is reachable.
func ensureKeyring(t *testing.T) {
	t.Helper()
	why := ""
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" && !exists(fmt.Sprintf("/run/user/%d/bus", os.Getuid())) {
		why = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is empty)"
	} else {
		s := keys.New(keys.OS{}, keys.WithGetenv(func(string) string { return "" }))
		if _, _, err := s.Get(uniqueProfile(t)); keys.IsUnavailable(err) {
			why = err.Error()
		}
	}
	if why == "" {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true needs a real Secret Service (run under .ci/run): %s", why)
	}
	t.Skipf("no real keyring here, skipping (run `bash .ci/run` for it): %s", why)
}

func uniqueProfile(t *testing.T) string { return "hubcontacts-test-" + randomHex(t, 6) }

func randomHex(t *testing.T, n int) string {
	t.Helper()
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}

func exists(path string) bool { _, err := os.Stat(filepath.Clean(path)); return err == nil }
