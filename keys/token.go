package keys

import (
	"fmt"
	"regexp"
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

// tokenShape matches text shaped like a HubSpot private app token (pat-na1-…, pat-eu1-…),
// whole or cut short.
var tokenShape = regexp.MustCompile(`(?i)pat-[a-z]{2}[0-9]+-[0-9a-f]{4}[0-9a-f-]*`)

// LooksLikeToken reports whether s holds something shaped like a HubSpot token.
func LooksLikeToken(s string) bool { return tokenShape.MatchString(s) }

// RedactShapes replaces whatever is shaped like a HubSpot token with Redacted: a token typed
// where it does not belong (an argument, a flag's value) is never echoed back.
func RedactShapes(s string) string {
	if !strings.Contains(strings.ToLower(s), "pat-") {
		return s
	}
	return tokenShape.ReplaceAllString(s, Redacted)
}
