package keys_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/hubcontacts/hubcontacts/keys"
)

const tok = "pat-na1-11111111-2222-4333-8444-555555555555"

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// mockStore returns a Store over go-keyring's in-memory mock, with no HUBSPOT_ACCESS_TOKEN.
func mockStore(t *testing.T, vars map[string]string) *keys.Store {
	t.Helper()
	keyring.MockInit()
	return keys.New(keys.OS{}, keys.WithGetenv(env(vars)))
}

func TestSetGetDelete(t *testing.T) {
	s := mockStore(t, nil)
	require.NoError(t, s.Set("work", tok))

	got, src, err := s.Get("work")
	require.NoError(t, err)
	assert.Equal(t, tok, got.Reveal())
	assert.Equal(t, keys.SourceKeyring, src)
	assert.Equal(t, keys.SourceKeyring, s.Source())

	// The entry is go-keyring's service "hubcontacts", user = the profile.
	raw, err := keyring.Get("hubcontacts", "work")
	require.NoError(t, err)
	assert.Equal(t, tok, raw)

	require.NoError(t, s.Delete("work"))
	_, _, err = s.Get("work")
	assert.ErrorIs(t, err, keys.ErrNotFound)
	assert.Contains(t, err.Error(), "hubcontacts login --profile work")
}

func TestProfilesAreSeparate(t *testing.T) {
	s := mockStore(t, nil)
	require.NoError(t, s.Set("a", tok))
	_, _, err := s.Get("b")
	assert.ErrorIs(t, err, keys.ErrNotFound)
}

func TestDeleteMissing(t *testing.T) {
	s := mockStore(t, nil)
	assert.ErrorIs(t, s.Delete("nobody"), keys.ErrNotFound)
}

func TestEnvironmentOverridesKeyring(t *testing.T) {
	s := mockStore(t, map[string]string{keys.EnvToken: "  pat-eu1-env  \n"})
	require.NoError(t, s.Set("work", tok))
	got, src, err := s.Get("work")
	require.NoError(t, err)
	assert.Equal(t, "pat-eu1-env", got.Reveal())
	assert.Equal(t, keys.SourceEnvironment, src)
	assert.Equal(t, keys.SourceEnvironment, s.Source())
}

func TestEnvironmentTokenChecked(t *testing.T) {
	s := mockStore(t, map[string]string{keys.EnvToken: "pat na1"})
	_, _, err := s.Get("work")
	require.Error(t, err)
	assert.Contains(t, err.Error(), keys.EnvToken)
	assert.NotContains(t, err.Error(), "pat na1")
}

func TestUnavailableNamesBothFixes(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files"))
	s := keys.New(keys.OS{}, keys.WithGetenv(env(nil)))
	for name, err := range map[string]error{
		"set":    s.Set("work", tok),
		"delete": s.Delete("work"),
		"get":    func() error { _, _, err := s.Get("work"); return err }(),
	} {
		t.Run(name, func(t *testing.T) {
			require.Error(t, err)
			assert.True(t, keys.IsUnavailable(err))
			msg := err.Error()
			assert.Contains(t, msg, "org.freedesktop.secrets", "the cause is kept")
			assert.Contains(t, msg, "gnome-keyring")
			assert.Contains(t, msg, "unlock")
			assert.Contains(t, msg, keys.EnvToken)
			assert.NotContains(t, msg, tok)
		})
	}
}

// A backend error that echoes the secret (no real one should, but) is scrubbed.
type echoBackend struct{}

func (echoBackend) Set(_, _, secret string) error   { return fmt.Errorf("cannot store %s", secret) }
func (echoBackend) Get(_, _ string) (string, error) { return "", errors.New("locked") }
func (echoBackend) Delete(_, _ string) error        { return errors.New("locked") }

func TestErrorsNeverHoldTheToken(t *testing.T) {
	s := keys.New(echoBackend{}, keys.WithGetenv(env(nil)))
	err := s.Set("work", tok)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), tok)
	assert.Contains(t, err.Error(), keys.Redacted)
}

// blockingBackend never answers, like a locked keyring waiting on a prompt nobody sees.
type blockingBackend struct{ release chan struct{} }

func (b blockingBackend) Set(_, _, _ string) error        { <-b.release; return nil }
func (b blockingBackend) Get(_, _ string) (string, error) { <-b.release; return "", nil }
func (b blockingBackend) Delete(_, _ string) error        { <-b.release; return nil }

func TestLockedKeyringTimesOut(t *testing.T) {
	b := blockingBackend{release: make(chan struct{})}
	defer close(b.release)
	s := keys.New(b, keys.WithGetenv(env(nil)), keys.WithTimeout(time.Millisecond))
	_, _, err := s.Get("work")
	require.Error(t, err)
	assert.True(t, keys.IsUnavailable(err))
	assert.Contains(t, err.Error(), "did not answer")
	assert.Contains(t, err.Error(), keys.EnvToken)
}

func TestRejectsBadProfileAndToken(t *testing.T) {
	s := mockStore(t, nil)
	for _, p := range []string{"", "a b", "../x", "ünï", strings.Repeat("p", 65)} {
		assert.Error(t, s.Set(p, tok), "profile %q", p)
	}
	for _, bad := range []string{"", "pat na1", "pat\n2", "pat\x1b[2J", strings.Repeat("x", keys.MaxTokenLen+1)} {
		err := s.Set("work", keys.Token(bad))
		require.Error(t, err, "token %q", bad)
		if bad != "" {
			assert.NotContains(t, err.Error(), bad)
		}
	}
	_, _, err := s.Get("work")
	assert.ErrorIs(t, err, keys.ErrNotFound, "nothing was stored")
}

func TestTokenNeverPrints(t *testing.T) {
	v := keys.Token(tok)
	for _, s := range []string{
		fmt.Sprint(v), fmt.Sprintf("%v %s %q %#v %x %d", v, v, v, v, v, v),
		fmt.Sprintf("%+v", struct{ T keys.Token }{v}), fmt.Sprint(errors.New("x"), v),
	} {
		assert.NotContains(t, s, tok)
		assert.Contains(t, s, keys.Redacted)
	}
	b, err := json.Marshal(map[string]keys.Token{"token": v})
	require.NoError(t, err)
	assert.NotContains(t, string(b), tok)
	assert.Equal(t, tok, v.Reveal())
}

func TestRedact(t *testing.T) {
	assert.Equal(t, "a [REDACTED] b [REDACTED]", keys.Redact("a s3 b s3", "s3", ""))
	assert.Equal(t, "nothing", keys.Redact("nothing"))
}

func TestUnavailableSaysWhy(t *testing.T) {
	for cause, want := range map[string]string{
		"dial unix /nonexistent: connect: no such file or directory":                      "no D-Bus session bus",
		"dbus: couldn't determine address of session bus":                                 "no D-Bus session bus",
		"The name org.freedesktop.secrets was not provided by any .service files":         "no Secret Service keyring runs",
		"failed to unlock correct collection '/org/freedesktop/secrets/collection/login'": "the keyring is locked",
		"something else entirely": "the keyring is not usable",
	} {
		keyring.MockInitWithError(errors.New(cause))
		err := keys.New(keys.OS{}, keys.WithGetenv(env(nil))).Set("work", tok)
		assert.Contains(t, err.Error(), want, cause)
		assert.Contains(t, err.Error(), cause, "the cause is kept for the curious")
	}
}
