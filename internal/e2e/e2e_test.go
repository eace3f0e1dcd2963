//go:build linux

// Package e2e holds cross-cutting tests that run the real hubcontacts binary as a user would
// (a separate process, its own environment, a pseudo-terminal for the TUI) against the sandbox.
package e2e

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/require"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// bin is the binary built once for the package's tests ("" with -short).
var bin string

func TestMain(m *testing.M) {
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "hubcontacts-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	if !isShort() {
		bin = filepath.Join(dir, "hubcontacts")
		out, err := exec.Command("go", "build", "-o", bin, "github.com/hubcontacts/hubcontacts").CombinedOutput()
		if err != nil {
			fmt.Fprintf(os.Stderr, "go build: %v\n%s", err, out)
			return 1
		}
	}
	return m.Run()
}

// isShort reads -short before m.Run parses the flags.
func isShort() bool {
	for _, a := range os.Args[1:] {
		if a == "-test.short" || a == "-test.short=true" {
			return true
		}
	}
	return false
}

func needBinary(t *testing.T) {
	t.Helper()
	if bin == "" {
		t.Skip("runs the built binary; skipped with -short")
	}
}

// newSandbox starts a sandbox for a test running under fam (families.Run, the one place that
// says which API families the tests run against); fam.Watch fails the test for a request on
// another family's path.
func newSandbox(t *testing.T, fam families.Family, opts hubspottest.Options) *hubspottest.Server {
	t.Helper()
	srv := hubspottest.NewServer(t, opts)
	fam.Watch(t, srv)
	return srv
}

// familyHome is a new user's home whose default profile speaks fam, chosen as a user chooses
// it: api_version in the config file (none for v3, the default, so that is run too).
func familyHome(t *testing.T, fam families.Family) string {
	t.Helper()
	home := t.TempDir()
	if fam.Version != "" {
		cfg := filepath.Join(home, "config", "hubcontacts", "config.yaml")
		require.NoError(t, os.MkdirAll(filepath.Dir(cfg), 0o700))
		require.NoError(t, os.WriteFile(cfg, []byte("profiles:\n  default:\n    api_version: "+fam.Name+"\n"), 0o600))
	}
	return home
}

// userEnv is a clean environment: a private home and config directory, a D-Bus address that
// leads nowhere (no keyring), plus extra.
func userEnv(home string, extra ...string) []string {
	return append([]string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"),
		"PATH=" + os.Getenv("PATH"), "DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(home, "no-bus"),
		"TERM=xterm-256color", "LANG=C.UTF-8"}, extra...)
}

type result struct {
	code           int
	stdout, stderr string
}

func (r result) all() string { return r.stdout + r.stderr }

// run runs the binary to its end (60 s at most: a hang guard).
func run(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Env = env
	c.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	require.NoError(t, c.Start())
	done := make(chan error, 1)
	go func() { done <- c.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(60 * time.Second):
		_ = c.Process.Kill()
		t.Fatalf("hubcontacts %v did not finish: %s%s", args, out.String(), errb.String())
	}
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{code, out.String(), errb.String()}
}

// screen collects what a pseudo-terminal shows.
type screen struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// term is the binary running in a pseudo-terminal (120×36 unless sized).
type term struct {
	t      *testing.T
	c      *exec.Cmd
	tty    *os.File
	screen *screen
	copied chan struct{}
}

func startTerm(t *testing.T, env []string, args ...string) *term {
	t.Helper()
	return startTermSized(t, 120, 36, env, args...)
}

func startTermSized(t *testing.T, cols, rows uint16, env []string, args ...string) *term {
	t.Helper()
	tm := startPTY(t, cols, rows, env, args...)
	tm.waitFor("\x1b[6n") // Bubble Tea asks where the cursor is
	tm.write("\x1b[1;1R")
	return tm
}

// startTermNoUI runs a one-shot command in a pseudo-terminal (120×36).
func startTermNoUI(t *testing.T, env []string, args ...string) *term {
	t.Helper()
	return startPTY(t, 120, 36, env, args...)
}

func startPTY(t *testing.T, cols, rows uint16, env []string, args ...string) *term {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Env = env
	tty, err := pty.StartWithSize(c, &pty.Winsize{Cols: cols, Rows: rows})
	require.NoError(t, err)
	tm := &term{t: t, c: c, tty: tty, screen: &screen{}, copied: make(chan struct{})}
	t.Cleanup(func() {
		_ = c.Process.Kill()
		tty.Close()
	})
	go func() { _, _ = io.Copy(tm.screen, tty); close(tm.copied) }()
	return tm
}

// waitFor waits until the terminal has shown s (30 s at most: a hang guard).
func (tm *term) waitFor(s string) {
	tm.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(tm.screen.String(), s) {
		if time.Now().After(deadline) {
			tm.t.Fatalf("the terminal never showed %q: %q", s, tm.screen.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (tm *term) write(s string) {
	tm.t.Helper()
	_, err := tm.tty.Write([]byte(s))
	require.NoError(tm.t, err)
}

// wait returns the exit code and everything the terminal showed.
func (tm *term) wait() (int, string) {
	tm.t.Helper()
	done := make(chan error, 1)
	go func() { done <- tm.c.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		_ = tm.c.Process.Kill()
		tm.t.Fatalf("did not finish: %q", tm.screen.String())
	}
	<-tm.copied
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), tm.screen.String()
	}
	require.NoError(tm.t, err)
	return 0, tm.screen.String()
}

// filesHolding lists the files under dir whose contents hold s.
func filesHolding(t *testing.T, dir, s string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if bytes.Contains(data, []byte(s)) {
			out = append(out, path)
		}
		return nil
	})
	require.NoError(t, err)
	return out
}
