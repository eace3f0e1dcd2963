package cmd

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"golang.org/x/term"

	"github.com/hubcontacts/hubcontacts/keys"
)

// secrets is the set of values no output may show: the environment's token from the start, a
// stored token once it is read. Every error, panic message, line on standard error and debug
// log line passes through redact, which also hides anything shaped like a HubSpot token (one
// typed as an argument); standard output, which carries data, passes through redactKnown.
type secrets struct {
	mu   sync.Mutex
	vals []string
}

func (s *secrets) add(v string) {
	if v == "" {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.vals = append(s.vals, v)
}

func (s *secrets) redact(text string) string { return keys.RedactShapes(s.redactKnown(text)) }

func (s *secrets) redactKnown(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return keys.Redact(text, s.vals...)
}

// redactingWriter scrubs the secrets from everything written through it (only the known ones
// when data is set: exported values are the user's, even where they look like a token). A
// secret split across two writes would slip through, so writers that matter (the debug log)
// write whole lines.
type redactingWriter struct {
	w    io.Writer
	s    *secrets
	data bool
}

func (r redactingWriter) Write(p []byte) (int, error) {
	text := string(p)
	if r.data {
		text = r.s.redactKnown(text)
	} else {
		text = r.s.redact(text)
	}
	if _, err := io.WriteString(r.w, text); err != nil {
		return 0, err
	}
	return len(p), nil
}

// private makes an existing log file readable by its owner only, as a new one is created: the
// log names contacts (emails in request paths).
func private(f *os.File) error {
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() || st.Mode().Perm()&0o077 == 0 {
		return err
	}
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("others can read this file (mode %04o) and it cannot be made private (%v): name a file of your own, or run chmod 600 on it", st.Mode().Perm(), err)
	}
	return nil
}

// openDebugLog opens --debug FILE for appending (private to the user: created so, or made so)
// and returns a
// logger writing to it, with every secret redacted. The log never goes to the screen: a path
// that is a terminal (/dev/tty, /dev/stderr on a terminal) is refused.
func openDebugLog(path string, s *secrets) (*slog.Logger, io.Closer, error) {
	if strings.TrimSpace(path) == "" || path == "-" {
		return nil, nil, usageError("--debug needs a file name: the debug log is never written to the screen")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, fmt.Errorf("cannot open the debug log: %w", err)
	}
	if term.IsTerminal(int(f.Fd())) {
		f.Close()
		return nil, nil, usageError("--debug %s is a terminal: the debug log goes to a file, never to the screen", path)
	}
	if err := private(f); err != nil {
		f.Close()
		return nil, nil, usageError("--debug %s: %v", path, err)
	}
	h := slog.NewJSONHandler(redactingWriter{w: f, s: s}, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Value.Kind() == slog.KindAny {
				// Render arbitrary values now, so the writer's redaction sees their text.
				a.Value = slog.StringValue(fmt.Sprint(a.Value.Any()))
			}
			return a
		},
	})
	return slog.New(h), f, nil
}
