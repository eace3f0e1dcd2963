package cmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/keys"
)

// Exit codes, the same for every command (the README's "Exit codes" section).
const (
	ExitOK          = 0   // done
	ExitError       = 1   // anything else went wrong (network, HubSpot error, bad config file…)
	ExitUsage       = 2   // the command line was wrong: unknown command or flag, bad value
	ExitNotFound    = 3   // the contact (or other record) asked for does not exist
	ExitAuth        = 4   // no token, a token HubSpot refused or lacking scopes, or no usable keyring
	ExitInterrupted = 130 // stopped by Ctrl-C (SIGINT) or SIGTERM
)

// exitError carries an exit code with its error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// usageError marks a mistake in the command line.
func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// authError marks a credentials problem.
func authError(err error) error { return &exitError{code: ExitAuth, err: err} }

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	var ee *exitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee):
		return ee.code
	case errors.Is(err, context.Canceled):
		return ExitInterrupted
	case api.IsNotFound(err):
		return ExitNotFound
	case api.IsAuth(err), keys.IsUnavailable(err), errors.Is(err, keys.ErrNotFound):
		return ExitAuth
	}
	return ExitError
}
