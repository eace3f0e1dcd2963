// Package cmd is hubcontacts' command line: the root command (the TUI), login, logout, auth
// status, sandbox, config and version, with shell completions from cobra. One file per command;
// each command is a constructor taking the per-run state, registered in root.go's commands
// list, so the one-shot commands (get, search, import, export) slot in the same way.
//
// Main runs the tree in-process with its own streams and environment, which is how the tests
// drive it; main.go passes the process's.
package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"github.com/hubcontacts/hubcontacts/keys"
	"github.com/hubcontacts/hubcontacts/ui"
	"github.com/hubcontacts/hubcontacts/ui/sanitize"
)

// App is what a run of the command line gets from the outside world.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads the environment (os.Getenv in the program; a map in tests).
	Getenv func(string) string
	// Keyring is where tokens live: keys.OS{} (after keyring.MockInit, go-keyring's mock).
	Keyring keys.Backend
	// KeyringTimeout bounds a keyring call (keys.DefaultTimeout when zero).
	KeyringTimeout time.Duration
	// Version is the program's version (from the build info when empty).
	Version string
	// RunTUI replaces the terminal UI (tests); nil means ui.Run.
	RunTUI func(context.Context, ui.Options) error
}

// System returns the App of the running process. The variables that hold secrets
// (HUBSPOT_ACCESS_TOKEN) are read once, here, and taken out of the process's environment, so no
// process the app starts inherits them: the clipboard tool, the browser (and everything it
// starts, for its whole life), anything a later feature runs. One place for every process,
// rather than an environment given to each exec.Command: a library's commands (the
// clipboard's) cannot be given one, and a new call site would not remember to.
func System() App {
	secret := map[string]string{}
	for _, k := range keys.SecretEnv() {
		if v, ok := os.LookupEnv(k); ok {
			secret[k] = v
			_ = os.Unsetenv(k)
		}
	}
	getenv := func(k string) string {
		if v, ok := secret[k]; ok {
			return v
		}
		return os.Getenv(k)
	}
	// Styles read the terminal from the environment as it is now (TERM was hidden while the
	// packages initialised: internal/quietstart); the background is asked by the TUI alone.
	termenv.SetDefaultOutput(termenv.NewOutput(os.Stdout))
	lipgloss.SetDefaultRenderer(lipgloss.NewRenderer(os.Stdout))
	lipgloss.SetHasDarkBackground(true)
	return App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: getenv, Keyring: keys.OS{}}
}

// Main runs the command line with args (without the program name) and returns the exit code.
// Errors go to Stderr as one "hubcontacts: …" message; the token never appears in any output.
func Main(ctx context.Context, args []string, app App) (code int) {
	r := newRunner(app)
	defer r.close()
	defer func() {
		if p := recover(); p != nil {
			// A bug: say so, with the stack (which holds no string contents), token scrubbed.
			fmt.Fprintf(r.stderr, "hubcontacts: internal error (please report it): %s\n%s", r.secrets.redact(fmt.Sprint(p)), debug.Stack())
			code = ExitError
		}
	}()
	root := r.rootCommand()
	root.SetArgs(args)
	found, err := root.ExecuteContextC(ctx)
	if err == nil {
		return ExitOK
	}
	if found != nil && r.usageFor == "hubcontacts" {
		r.usageFor = found.CommandPath()
	}
	code = exitCode(err)
	if errors.Is(err, context.Canceled) || ctx.Err() != nil {
		code = ExitInterrupted
		err = errors.New("interrupted")
	}
	// Errors can quote HubSpot's (untrusted) text: no escape sequence reaches the terminal.
	msg := strings.TrimSpace(sanitize.DisplayMultiline(r.secrets.redact(err.Error())))
	fmt.Fprintf(r.stderr, "hubcontacts: %s\n", msg)
	if code == ExitUsage && !strings.Contains(msg, "--help") {
		fmt.Fprintf(r.stderr, "Run '%s --help' for usage.\n", r.usageFor)
	}
	return code
}

// version returns the program's version: App.Version, else the module version the binary was
// built from ("(devel)" for a local build).
func (a App) version() string {
	if a.Version != "" {
		return a.Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
