package cmd_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/zalando/go-keyring"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/cmd"
	"github.com/hubcontacts/hubcontacts/internal/families"
	"github.com/hubcontacts/hubcontacts/keys"
	"github.com/hubcontacts/hubcontacts/ui"
)

// world is one user's machine for the command line: a config directory, an environment, and
// go-keyring's in-memory mock as the keyring.
type world struct {
	t      *testing.T
	env    map[string]string
	config string // XDG_CONFIG_HOME
	tui    []ui.Options
	// onTUI, when set, runs as the TUI (after the params are recorded).
	onTUI func(context.Context, ui.Options) error
	// fam, when set, is the API family every run speaks (--api-version): a test against a
	// sandbox runs under each family (families.Run) and its world speaks the one it is given.
	fam families.Family
}

func newWorld(t *testing.T) *world {
	t.Helper()
	keyring.MockInit()
	dir := t.TempDir()
	return &world{t: t, config: dir, env: map[string]string{"XDG_CONFIG_HOME": dir, "HOME": dir}}
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) output() string { return r.stdout + r.stderr }

// run executes the command tree in-process with stdin and captured output.
func (w *world) run(stdin io.Reader, args ...string) result {
	w.t.Helper()
	return w.runCtx(context.Background(), stdin, args...)
}

func (w *world) runCtx(ctx context.Context, stdin io.Reader, args ...string) result {
	w.t.Helper()
	var out, errb bytes.Buffer
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	if w.fam.Name != "" {
		args = append(args[:len(args):len(args)], w.fam.Args()...)
	}
	code := cmd.Main(ctx, args, cmd.App{
		Stdin: stdin, Stdout: &out, Stderr: &errb,
		Getenv:  func(k string) string { return w.env[k] },
		Keyring: keys.OS{}, Version: "v1.2.3-test",
		RunTUI: func(ctx context.Context, p ui.Options) error {
			w.tui = append(w.tui, p)
			if w.onTUI != nil {
				return w.onTUI(ctx, p)
			}
			return nil
		},
	})
	return result{code: code, stdout: out.String(), stderr: errb.String()}
}

func (w *world) configFile() string { return filepath.Join(w.config, "hubcontacts", "config.yaml") }

func (w *world) writeConfig(s string) {
	w.t.Helper()
	require.NoError(w.t, os.MkdirAll(filepath.Dir(w.configFile()), 0o700))
	require.NoError(w.t, os.WriteFile(w.configFile(), []byte(s), 0o600))
}

// assertNoFileHolds walks dir and fails if any file contains secret.
func assertNoFileHolds(t *testing.T, dir, secret string) {
	t.Helper()
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		assert.NotContains(t, string(data), secret, "file %s holds the token", path)
		return nil
	})
}

// sandbox starts an empty sandbox accepting tok with scopes (all of them when none are given),
// which the world's runs reach speaking fam; fam.Watch fails the test for a request on
// another family's path.
func (w *world) sandbox(fam families.Family, tok string, scopes ...string) *hubspottest.Server {
	w.t.Helper()
	if len(scopes) == 0 {
		scopes = hubspottest.AllScopes
	}
	srv := hubspottest.NewServer(w.t, hubspottest.Options{Empty: true, Tokens: map[string][]string{tok: scopes}})
	fam.Watch(w.t, srv)
	w.fam = fam
	return srv
}

// panicReader fails the test if anything reads it: proof that a command stopped before
// reading the token.
type panicReader struct{ t *testing.T }

func (p panicReader) Read([]byte) (int, error) {
	p.t.Error("standard input was read")
	return 0, io.EOF
}

// syncBuffer is a bytes.Buffer safe for a command writing while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
