package keys

import (
	"fmt"
	"strings"
)

// Redacted replaces a token wherever it would otherwise be shown.
const Redacted = "[REDACTED]"

// Token is an access token. It prints as [REDACTED] through fmt, %v, %s, %q, %#v and JSON, so a
// stray log line, error or panic cannot show it; Reveal gives the value to the one place that
// needs it (the Authorization header, through api.Config.Token).
type Token string

// Reveal returns the token itself.
func (t Token) Reveal() string { return string(t) }

// String returns Redacted.
func (t Token) String() string { return Redacted }

// GoString returns Redacted.
func (t Token) GoString() string { return Redacted }

// Format prints Redacted whatever the verb.
func (t Token) Format(f fmt.State, _ rune) { fmt.Fprint(f, Redacted) }

// MarshalText returns Redacted (JSON, YAML, slog).
func (t Token) MarshalText() ([]byte, error) { return []byte(Redacted), nil }

// Redact replaces every occurrence of each non-empty secret in s with Redacted.
func Redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, Redacted)
		}
	}
	return s
}
