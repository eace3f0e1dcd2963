//go:build linux

package main

// These tests build the real binary and run it as a user would: separate process, real
// keyring backend, real signals.

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

const token = "pat-na1-3c3c3c3c-aaaa-4bbb-8ccc-dddddddddddd"

// binary builds hubcontacts once per test run.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	bin := filepath.Join(t.TempDir(), "hubcontacts")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return bin
}

type run struct {
	code           int
	stdout, stderr string
}

// env is a clean environment: a private config directory, no token, and a D-Bus address that
// leads nowhere (so no real keyring is reachable) unless the test changes it.
func env(t *testing.T, extra ...string) []string {
	home := t.TempDir()
	base := []string{"HOME=" + home, "XDG_CONFIG_HOME=" + filepath.Join(home, "config"), "PATH=" + os.Getenv("PATH"),
		"DBUS_SESSION_BUS_ADDRESS=unix:path=" + filepath.Join(home, "no-bus")}
	return append(base, extra...)
}

func runBin(t *testing.T, bin string, environ []string, stdin string, args ...string) run {
	t.Helper()
	c := exec.Command(bin, args...)
	c.Env = environ
	c.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return run{code, out.String(), errb.String()}
}

func TestBinary(t *testing.T) {
	bin := binary(t)

	t.Run("version", func(t *testing.T) {
		r := runBin(t, bin, env(t), "", "--version")
		assert.Equal(t, 0, r.code)
		assert.Regexp(t, `^hubcontacts \S+\n$`, r.stdout)
	})

	// What talks to HubSpot runs under each API family (families.Run), the sandbox watched
	// for another family's paths.
	families.Run(t, func(t *testing.T, fam families.Family) {
		srv := hubspottest.NewServer(t, hubspottest.Options{Empty: true, Tokens: map[string][]string{token: hubspottest.AllScopes}})
		fam.Watch(t, srv)

		t.Run("no D-Bus: login names the fix and stores nothing", func(t *testing.T) {
			e := env(t)
			r := runBin(t, bin, e, token+"\n", append([]string{"login", "--base-url", srv.URL}, fam.Args()...)...)
			assert.Equal(t, 4, r.code, r.stdout+r.stderr)
			for _, want := range []string{"no D-Bus session bus", "gnome-keyring", "HUBSPOT_ACCESS_TOKEN", "never stores the token in a file"} {
				assert.Contains(t, r.stderr, want)
			}
			assert.NotContains(t, r.stdout+r.stderr, token)
			home := strings.TrimPrefix(e[0], "HOME=")
			assertNoFileHolds(t, home, token)

			r = runBin(t, bin, e, "", "auth", "status")
			assert.Equal(t, 4, r.code)
			assert.Contains(t, r.stderr, "gnome-keyring")
		})

		t.Run("environment token", func(t *testing.T) {
			r := runBin(t, bin, env(t, "HUBSPOT_ACCESS_TOKEN="+token), "", append([]string{"auth", "status", "--base-url", srv.URL}, fam.Args()...)...)
			assert.Equal(t, 0, r.code, r.stderr)
			assert.Contains(t, r.stdout, "Token:     from the environment (HUBSPOT_ACCESS_TOKEN)")
			assert.Contains(t, r.stdout, "Portal:    12345678")
			assert.NotContains(t, r.stdout+r.stderr, token)
		})

		t.Run("exit codes", func(t *testing.T) {
			assert.Equal(t, 2, runBin(t, bin, env(t), "", "bogus").code)
			r := runBin(t, bin, env(t), "", "login", "--token", token)
			assert.Equal(t, 2, r.code, "there is no --token flag: a token never goes in argv")
			assert.NotContains(t, r.stderr, token)
			assert.Equal(t, 2, runBin(t, bin, env(t, "HUBSPOT_ACCESS_TOKEN="+token), "", "--base-url", "http://example.com").code)
			assert.Equal(t, 4, runBin(t, bin, env(t, "HUBSPOT_ACCESS_TOKEN=pat-na1-wrong"), "", append([]string{"auth", "status", "--base-url", srv.URL}, fam.Args()...)...).code)
		})

		t.Run("login at a terminal: prompt, no echo", func(t *testing.T) {
			c := exec.Command(bin, append([]string{"login", "--base-url", srv.URL}, fam.Args()...)...)
			c.Env = env(t)
			p := startPTY(t, c)
			p.waitFor("input hidden")
			waitEchoOff(t, p.tty)
			p.write(token + "\r")
			code, screen := p.wait()
			assert.Equal(t, 4, code, "no keyring here, so the valid token cannot be stored: %s", screen)
			assert.Contains(t, screen, "the token is valid, but", "the token was read from the terminal and checked")
			assert.NotContains(t, screen, token, "the token was not echoed")
			assert.NotContains(t, screen, token[:12], "not even in part")
		})
	})

	t.Run("--demo in a terminal shows the app, q quits", func(t *testing.T) {
		c := exec.Command(bin, "--demo")
		c.Env = env(t, "TERM=xterm-256color")
		p := startPTY(t, c)
		p.waitFor("\x1b[6n") // only the TUI asks the terminal (its background, the cursor)
		p.write("\x1b[1;1R")
		p.waitFor("DEMO")
		p.write("q")
		code, screen := p.wait()
		assert.Equal(t, 0, code, screen)
	})

	t.Run("--debug refuses the terminal", func(t *testing.T) {
		c := exec.Command(bin, "--debug", "/dev/tty", "version")
		c.Env = env(t)
		p := startPTY(t, c)
		code, screen := p.wait()
		assert.Equal(t, 2, code, screen)
		assert.Contains(t, screen, "is a terminal: the debug log goes to a file, never to the screen")
	})

	t.Run("sandbox stops cleanly on SIGINT and SIGTERM", func(t *testing.T) {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			c := exec.Command(bin, "sandbox", "--listen", "127.0.0.1:0", "--contacts", "0")
			c.Env = env(t)
			stdout, err := c.StdoutPipe()
			require.NoError(t, err)
			var errb bytes.Buffer
			c.Stderr = &errb
			require.NoError(t, c.Start())
			line, err := bufio.NewReader(stdout).ReadString('\n')
			require.NoError(t, err)
			assert.Regexp(t, regexp.MustCompile(`^HubSpot sandbox listening on http://127\.0\.0\.1:\d+ `), line)
			require.NoError(t, c.Process.Signal(sig))
			go func() { _, _ = bufio.NewReader(stdout).ReadString(0) }()
			done := make(chan error, 1)
			go func() { done <- c.Wait() }()
			select {
			case err := <-done:
				assert.NoError(t, err, "exit 0 after %v: %s", sig, errb.String())
			case <-time.After(30 * time.Second):
				_ = c.Process.Kill()
				t.Fatalf("the sandbox did not stop on %v", sig)
			}
			assert.Contains(t, errb.String(), "Sandbox stopped.")
		}
	})
}

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

// waitFor waits until the buffer holds want (or fails after 30 s).
func waitFor(t *testing.T, b *syncBuffer, want string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(b.String(), want) {
		if time.Now().After(deadline) {
			t.Fatalf("never saw %q in: %q", want, b.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitEchoOff waits until the program has turned the terminal's echo off (the master side of a
// pty reads the terminal's settings).
func waitEchoOff(t *testing.T, tty *os.File) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		tio, err := unix.IoctlGetTermios(int(tty.Fd()), unix.TCGETS)
		require.NoError(t, err)
		if tio.Lflag&unix.ECHO == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("echo never turned off")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ptyRun is a command running in a pseudo-terminal, as in a user's terminal window.
type ptyRun struct {
	t      *testing.T
	c      *exec.Cmd
	tty    *os.File
	screen *syncBuffer
	copied chan struct{}
}

// startPTY starts c on a new 100×30 terminal, answering Bubble Tea's start-up cursor query.
func startPTY(t *testing.T, c *exec.Cmd) *ptyRun {
	t.Helper()
	tty, err := pty.StartWithSize(c, &pty.Winsize{Cols: 100, Rows: 30})
	require.NoError(t, err)
	t.Cleanup(func() { tty.Close() })
	p := &ptyRun{t: t, c: c, tty: tty, screen: &syncBuffer{}, copied: make(chan struct{})}
	go func() { _, _ = io.Copy(p.screen, tty); close(p.copied) }()
	return p
}

func (p *ptyRun) waitFor(s string) { p.t.Helper(); waitFor(p.t, p.screen, s) }

func (p *ptyRun) write(s string) {
	p.t.Helper()
	_, err := p.tty.Write([]byte(s))
	require.NoError(p.t, err)
}

// wait returns the exit code and everything the terminal showed.
func (p *ptyRun) wait() (int, string) {
	p.t.Helper()
	done := make(chan error, 1)
	go func() { done <- p.c.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		_ = p.c.Process.Kill()
		p.t.Fatalf("did not finish: %q", p.screen.String())
	}
	<-p.copied
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), p.screen.String()
	}
	require.NoError(p.t, err)
	return 0, p.screen.String()
}
