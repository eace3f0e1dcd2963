// Package keys keeps each profile's HubSpot access token in the operating system's keyring
// (the Secret Service on Linux, through github.com/zalando/go-keyring) and nowhere else: there
// is no file fallback. HUBSPOT_ACCESS_TOKEN, when set, overrides the keyring for every profile.
package keys

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name; the user (the Secret Service attribute "username") is the
// profile name.
const Service = "hubcontacts"

// EnvToken names the environment variable that overrides the keyring.
const EnvToken = "HUBSPOT_ACCESS_TOKEN"

// SecretEnv lists the environment variables that hold secrets: the app reads them once at
// start and takes them out of its environment, so no process it starts inherits them.
func SecretEnv() []string { return []string{EnvToken} }

// MaxTokenLen bounds a token: HubSpot's private app tokens are about 45 characters and its OAuth
// tokens up to 300.
const MaxTokenLen = 1024

// DefaultTimeout bounds one keyring call. A locked keyring can wait for a password prompt that
// nobody will ever answer (over SSH, say); this turns that wait into an error.
const DefaultTimeout = 60 * time.Second

// Source says where a token comes from.
type Source string

// The sources of a token.
const (
	SourceEnvironment Source = "environment"
	SourceKeyring     Source = "keyring"
)

// Backend is a keyring. OS is the real one; after keyring.MockInit() (go-keyring's in-memory
// mock, for tests) OS answers from the mock.
type Backend interface {
	Set(service, user, secret string) error
	Get(service, user string) (string, error)
	Delete(service, user string) error
}

// OS is the operating system's keyring through go-keyring.
type OS struct{}

// Set stores a secret.
func (OS) Set(service, user, secret string) error { return keyring.Set(service, user, secret) }

// Get reads a secret.
func (OS) Get(service, user string) (string, error) { return keyring.Get(service, user) }

// Delete removes a secret.
func (OS) Delete(service, user string) error { return keyring.Delete(service, user) }

// ErrNotFound means the keyring holds no token for the profile.
var ErrNotFound = errors.New("no token stored")

// Store reads and writes tokens. The zero value is not usable: call New.
type Store struct {
	backend Backend
	getenv  func(string) string
	timeout time.Duration
}

// Option adjusts a Store.
type Option func(*Store)

// WithGetenv replaces os.Getenv (tests, and commands that carry their own environment).
func WithGetenv(getenv func(string) string) Option { return func(s *Store) { s.getenv = getenv } }

// WithTimeout bounds each keyring call (DefaultTimeout otherwise).
func WithTimeout(d time.Duration) Option { return func(s *Store) { s.timeout = d } }

// New returns a Store over backend (OS{} for the real keyring).
func New(backend Backend, opts ...Option) *Store {
	s := &Store{backend: backend, getenv: os.Getenv, timeout: DefaultTimeout}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Source says where Get would take a token from: the environment when HUBSPOT_ACCESS_TOKEN is
// set, else the keyring.
func (s *Store) Source() Source {
	if strings.TrimSpace(s.getenv(EnvToken)) != "" {
		return SourceEnvironment
	}
	return SourceKeyring
}

// Get returns the profile's token and where it came from. It returns ErrNotFound (wrapped in a
// sentence saying how to log in) when there is none, and an *UnavailableError when the keyring
// cannot be reached.
func (s *Store) Get(profile string) (Token, Source, error) {
	if v := strings.TrimSpace(s.getenv(EnvToken)); v != "" {
		if err := CheckToken(v); err != nil {
			return "", SourceEnvironment, fmt.Errorf("%s is set but unusable: %w", EnvToken, err)
		}
		return Token(v), SourceEnvironment, nil
	}
	if err := CheckProfile(profile); err != nil {
		return "", SourceKeyring, err
	}
	var secret string
	err := s.call("read", func() error {
		var err error
		secret, err = s.backend.Get(Service, profile)
		return err
	})
	if err != nil {
		return "", SourceKeyring, s.explain(profile, err, secret)
	}
	return Token(secret), SourceKeyring, nil
}

// Set stores the profile's token in the keyring (never anywhere else).
func (s *Store) Set(profile string, t Token) error {
	if err := CheckProfile(profile); err != nil {
		return err
	}
	if err := CheckToken(string(t)); err != nil {
		return err
	}
	err := s.call("store", func() error { return s.backend.Set(Service, profile, string(t)) })
	return s.explain(profile, err, string(t))
}

// Delete removes the profile's token from the keyring. It returns an error wrapping ErrNotFound
// when there was none.
func (s *Store) Delete(profile string) error {
	if err := CheckProfile(profile); err != nil {
		return err
	}
	err := s.call("remove", func() error { return s.backend.Delete(Service, profile) })
	return s.explain(profile, err, "")
}

// call runs one keyring operation, giving up after the timeout. A call that never returns (a
// prompt nobody answers) is left behind: the process is a short-lived command.
func (s *Store) call(op string, f func() error) error {
	done := make(chan error, 1)
	go func() { done <- f() }()
	timer := time.NewTimer(s.timeout)
	defer timer.Stop()
	select {
	case err := <-done:
		if err != nil && !errors.Is(err, keyring.ErrNotFound) {
			return &UnavailableError{Op: op, Cause: err}
		}
		return err
	case <-timer.C:
		return &UnavailableError{Op: op, Cause: fmt.Errorf("the keyring did not answer within %s (is it locked, waiting for a password prompt?)", s.timeout)}
	}
}

// explain turns a backend error into one a person can act on, never holding the secret.
func (s *Store) explain(profile string, err error, secret string) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, keyring.ErrNotFound):
		return fmt.Errorf("%w for profile %q in the keyring: run `hubcontacts login --profile %s`, or set %s", ErrNotFound, profile, profile, EnvToken)
	case errors.Is(err, keyring.ErrSetDataTooBig):
		return errors.New("the keyring refused the token as too big")
	}
	var u *UnavailableError
	if errors.As(err, &u) {
		u.Cause = errors.New(Redact(u.Cause.Error(), secret))
		return u
	}
	return errors.New(Redact(err.Error(), secret))
}

// UnavailableError means no keyring could be reached: no Secret Service on the session D-Bus, no
// D-Bus at all, or a locked keyring.
type UnavailableError struct {
	Op    string // "read", "store" or "remove"
	Cause error
}

func (e *UnavailableError) Error() string {
	return fmt.Sprintf("cannot %s the token: %s (%v). Fix one of two ways: "+
		"start and unlock a Secret Service keyring (for example gnome-keyring: "+
		"`echo -n PASSWORD | gnome-keyring-daemon --unlock --components=secrets` inside a D-Bus session), "+
		"or set %s for this shell. hubcontacts never stores the token in a file.", e.Op, diagnose(e.Cause), e.Cause, EnvToken)
}

// diagnose names, in plain words, why the keyring is out of reach.
func diagnose(cause error) string {
	msg := cause.Error()
	has := func(subs ...string) bool {
		for _, s := range subs {
			if strings.Contains(msg, s) {
				return true
			}
		}
		return false
	}
	switch {
	case has("session bus", "dial unix", "connect:", "dbus-launch", "DBUS_SESSION_BUS_ADDRESS", "no such file"):
		return "no D-Bus session bus is reachable, so no keyring is"
	case has("ServiceUnknown", "not provided by any", "org.freedesktop.secrets"):
		return "no Secret Service keyring runs on the D-Bus session"
	case has("unlock", "did not answer", "locked", "dismissed"):
		return "the keyring is locked (or has no default keyring to unlock)"
	}
	return "the keyring is not usable"
}

func (e *UnavailableError) Unwrap() error { return e.Cause }

// IsUnavailable reports whether err says no keyring could be reached.
func IsUnavailable(err error) bool {
	var u *UnavailableError
	return errors.As(err, &u)
}

// CheckProfile accepts a profile name: 1 to 64 letters, digits, '-', '_' or '.'.
func CheckProfile(name string) error {
	if LooksLikeToken(name) {
		return errors.New("that profile name looks like an access token: a profile is a short name like work or eu (the token goes to `hubcontacts login`, never on the command line)")
	}
	if name == "" || len(name) > 64 {
		return fmt.Errorf("profile name %q: use 1 to 64 letters, digits, '-', '_' or '.'", name)
	}
	for _, r := range name {
		if !(r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.')) {
			return fmt.Errorf("profile name %q: use only letters, digits, '-', '_' or '.'", name)
		}
	}
	return nil
}

// CheckToken rejects what cannot be a token: empty, too long, or holding spaces or control
// characters (a paste that caught more than the token). It never quotes the token.
func CheckToken(t string) error {
	switch {
	case t == "":
		return errors.New("the token is empty")
	case len(t) > MaxTokenLen:
		return fmt.Errorf("the token is %d characters long; HubSpot tokens are far shorter (did the paste catch more than the token?)", len(t))
	}
	for _, r := range t {
		if r <= ' ' || r == 0x7f || r > unicode.MaxASCII {
			return errors.New("the token holds spaces, control or non-ASCII characters (did the paste catch more than the token?)")
		}
	}
	return nil
}
