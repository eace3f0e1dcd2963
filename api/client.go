// Package api is hubcontacts' HubSpot client: typed calls for contacts, batches, search,
// associations, activities, secondary emails, property definitions and the account, over one
// resilient transport (timeouts, body caps, a limiter that learns the portal's rate limit,
// retries with backoff for idempotent calls, duplicate-safe creates, one error type).
//
// Everything returns raw strings exactly as HubSpot sent them; sanitizing for display is the
// UI's job. A Client is safe for concurrent use.
//
// Files, one concern each:
//
//	client.go        Config, Client, the clock, the token-guarding transport
//	request.go       one request: limiter, attempts, retries, body cap, decoding
//	limiter.go       the client-side rate limiter learning X-HubSpot-RateLimit-*
//	paths.go         every HubSpot path, built in one place
//	errors.go        the one error type, HubSpot's error bodies decoded
//	objects.go       the record type and its JSON
//	contacts.go      contact CRUD, list, gdpr-delete; companies/deals/tickets by id
//	merge.go         merging two contacts, never re-sent blindly
//	batch.go         batches of any size, one result per input
//	search.go        search and its typed filter builder
//	associations.go  associate, remove, list with labels, association types, a record's associated records paged
//	engagements.go   a contact's activities, pin and unpin
//	emails.go        secondary emails (hs_additional_emails, legacy v1 fallback)
//	properties.go    property definitions, cached
//	pipelines.go     deal and ticket pipelines and their stage labels, cached
//	account.go       account details and token info
package api

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultBaseURL is HubSpot's API host.
const DefaultBaseURL = "https://api.hubapi.com"

// Defaults for the zero values of Config.
const (
	DefaultTimeout          = 30 * time.Second
	DefaultMaxRetries       = 4
	DefaultMaxResponseBytes = 32 << 20
	DefaultSearchPerSecond  = 4.0
)

// Config configures a Client. Only Token is required.
type Config struct {
	BaseURL    string        // default DefaultBaseURL; plain http only to a loopback address
	Token      string        // never logged, never in an error string
	Timeout    time.Duration // per attempt, default 30 s
	HTTPClient *http.Client  // optional: its Transport is used (wrapped so the token goes only to BaseURL's host); the layer follows redirects itself
	OnWait     func(Wait)    // called before every wait (pacing, 429, backoff), from the calling goroutine; must not block
	Logger     *slog.Logger  // optional debug log (method, path, status, timing; no token, no bodies)
	MaxRetries int           // retries of a failed idempotent call, default 4; negative means none

	// MaxResponseBytes caps a response body, default 32 MB.
	MaxResponseBytes int64
	// SearchPerSecond is search's own budget, default 4 (HubSpot allows about 5 per second).
	SearchPerSecond float64
	// APIVersion selects the object endpoints' family: "" for /crm/v3/objects/…, or a date
	// version such as "2026-03" for /crm/objects/2026-03/…
	APIVersion string
	// Clock supplies time and sleeps (backoff, rate-limit waits); tests pass a fake one.
	Clock Clock
	// ReadOnly makes the client refuse every request that could change HubSpot, before it is
	// sent: such calls fail at once with a CategoryReadOnly *Error (IsReadOnly). Reads go
	// through, including the POSTs that only read (search, batch read, token info).
	ReadOnly bool
}

// Clock is the layer's source of time. Sleep waits d or until ctx ends (returning ctx.Err()).
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Why the layer waits (Wait.Reason).
const (
	WaitPacing    = "pacing"     // the client-side limiter keeps the app under the portal's limit
	WaitRateLimit = "rate limit" // HubSpot answered 429; waiting for its window
	WaitRetry     = "retry"      // backing off before retrying a failed call
	WaitLocked    = "locked"     // HubSpot answered 423 (record locked); waiting for the lock
)

// Wait describes one wait: why, the rate-limit policy if any, how long, and which attempt
// comes next (0 for pacing before the first attempt).
type Wait struct {
	Reason   string
	Policy   string
	Duration time.Duration
	Attempt  int
	// Others is set when other clients of the same app (another tool, another hubcontacts)
	// use HubSpot's window too and the limiter leaves them room: the requests of theirs
	// HubSpot last counted, of the window's Max.
	Others, Max int
}

// String is a status-bar text, e.g. "waiting 4 s for HubSpot's rate limit".
func (w Wait) String() string {
	secs := int((w.Duration + time.Second/2) / time.Second)
	span := fmt.Sprintf("%d s", secs)
	if secs == 0 {
		span = fmt.Sprintf("%d ms", w.Duration.Milliseconds())
	}
	switch w.Reason {
	case WaitRetry:
		return fmt.Sprintf("retrying in %s (attempt %d)", span, w.Attempt)
	case WaitLocked:
		return "waiting " + span + " for a locked HubSpot record"
	case WaitRateLimit:
		if w.Policy == PolicySecondly {
			return "waiting " + span + " for HubSpot's search limit"
		}
	}
	if w.Others > 0 {
		return fmt.Sprintf("waiting %s for HubSpot's rate limit (another app is using %d of the %d)", span, w.Others, w.Max)
	}
	return "waiting " + span + " for HubSpot's rate limit"
}

// Client talks to one HubSpot portal with one token. Safe for concurrent use.
type Client struct {
	cfg    Config
	token  *secret // behind a pointer so printing a Client never shows it
	base   *url.URL
	auth   *authTransport // every request goes through it (request.go's roundTrip)
	clock  Clock
	log    *slog.Logger
	paths  paths
	limits *limiter

	props props // property definition cache

	// scratch holds buffers for reading answers of unknown length (readCapped).
	scratch sync.Pool

	// v1Secondary is set once HubSpot refuses hs_additional_emails writes (READ_ONLY_VALUE);
	// secondary-email changes then go straight to the legacy v1 endpoints.
	v1Secondary atomic.Bool
	// portalTZ is the portal's time zone once AccountDetails has run (for DAILY reset times).
	portalTZ atomic.Pointer[time.Location]

	traceMu  sync.Mutex
	traceSeq uint64
	// omitTraceIDs (tests only) sends batch inputs without objectWriteTraceIds, so HubSpot
	// fails a whole batch on one bad input, as it may do anyway.
	omitTraceIDs bool
}

// New checks cfg and returns a client. The base URL must be https, or http to a loopback
// address (the sandbox).
func New(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = DefaultBaseURL
	}
	base, err := checkBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("no HubSpot token: log in with `hubcontacts login`")
	}
	if strings.HasPrefix(strings.ToLower(cfg.Token), "bearer ") {
		return nil, errors.New("the token starts with \"Bearer \": give the token alone")
	}
	cfg = withDefaults(cfg)
	tok := secret(cfg.Token)
	c := &Client{cfg: cfg, token: &tok, base: base, clock: cfg.Clock, paths: paths{version: cfg.APIVersion}}
	c.cfg.Token = "" // held only as a secret, which prints and logs redacted
	c.log = cfg.Logger
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	c.auth = c.transport(cfg.HTTPClient)
	c.limits = newLimiter(c.clock, cfg.SearchPerSecond)
	return c, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.MaxRetries == 0 {
		cfg.MaxRetries = DefaultMaxRetries
	} else if cfg.MaxRetries < 0 {
		cfg.MaxRetries = 0
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.SearchPerSecond <= 0 {
		cfg.SearchPerSecond = DefaultSearchPerSecond
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return cfg
}

// checkBaseURL allows https anywhere and http only to loopback.
func checkBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("the HubSpot address %q is not a URL like https://api.hubapi.com", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("the HubSpot address %q must not carry credentials, a query or a fragment", raw)
	}
	switch u.Scheme {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("refusing plain http to %s: the token would cross the network unencrypted; use https (http is only for a loopback sandbox)", u.Host)
		}
	default:
		return nil, fmt.Errorf("the HubSpot address %q must start with https://", raw)
	}
	return u, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// transport wraps the given client's transport (or the default one) so the token goes only to
// the configured scheme and host. The layer calls it directly and follows redirects itself
// (roundTrip): http.Client would copy every request's headers for redirects that HubSpot's API
// does not make.
func (c *Client) transport(given *http.Client) *authTransport {
	var inner http.RoundTripper = defaultTransport()
	if given != nil && given.Transport != nil {
		inner = given.Transport
	}
	return &authTransport{inner: inner, scheme: c.base.Scheme, host: c.base.Host, bearer: "Bearer " + *c.token}
}

// idleConnsPerHost is how many connections to HubSpot a client keeps open between requests
// over HTTP/1.1 (HTTP/2 carries them all on one): more than the requests an import has in
// flight at once (bulk.Workers: the whole window, 250 at the highest published limit), with
// room for the user's own requests and the index's sync beside it.
const idleConnsPerHost = 256

// defaultTransport is net/http's default transport, but keeping idleConnsPerHost connections
// open instead of 2: with 10 requests in flight, the default closed 8 connections after each
// answer and opened new ones for the next requests, each a TCP and (at HubSpot) a TLS handshake.
func defaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = idleConnsPerHost
	return t
}

// secret holds the token; it prints and logs as [REDACTED].
type secret string

func (secret) String() string               { return "[REDACTED]" }
func (secret) GoString() string             { return "[REDACTED]" }
func (secret) LogValue() slog.Value         { return slog.StringValue("[REDACTED]") }
func (secret) MarshalText() ([]byte, error) { return []byte("[REDACTED]"), nil }

// authTransport keeps the bearer token to requests for the configured scheme and host only.
type authTransport struct {
	inner        http.RoundTripper
	scheme, host string
	bearer       secret // "Bearer <token>"
}

// bearerValue is the Authorization header's value. send puts it on the requests the layer
// builds for its own host, so that RoundTrip need not copy them.
func (t *authTransport) bearerValue() string { return string(t.bearer) }

// RoundTrip sends a request for the configured host with the token and any other without one
// (copying the request when it has to change it, as a RoundTripper must).
func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	own := req.URL.Scheme == t.scheme && strings.EqualFold(req.URL.Host, t.host)
	if got := req.Header["Authorization"]; own && len(got) == 1 && got[0] == string(t.bearer) || !own && len(got) == 0 {
		return t.inner.RoundTrip(req)
	}
	req = req.Clone(req.Context())
	req.Header.Del("Authorization")
	if own {
		req.Header["Authorization"] = []string{t.bearerValue()}
	}
	return t.inner.RoundTrip(req)
}

// RateWindow is HubSpot's rolling window as the client has learned it from the
// X-HubSpot-RateLimit-* headers: max requests per interval (100 per 10 s until an answer says).
func (c *Client) RateWindow() (max int, interval time.Duration) { return c.limits.rateWindow() }

// wait sleeps d on the client's clock, reporting it through OnWait first.
func (c *Client) wait(ctx context.Context, w Wait) error {
	if w.Duration <= 0 {
		return ctx.Err()
	}
	if c.cfg.OnWait != nil {
		c.cfg.OnWait(w)
	}
	c.log.Debug("hubspot wait", "reason", w.Reason, "policy", w.Policy, "duration", w.Duration, "attempt", w.Attempt)
	return c.clock.Sleep(ctx, w.Duration)
}

// traceID returns a unique objectWriteTraceId for one batch input.
func (c *Client) traceID() string {
	if c.omitTraceIDs {
		return ""
	}
	c.traceMu.Lock()
	defer c.traceMu.Unlock()
	c.traceSeq++
	return fmt.Sprintf("hc-%x-%d", c.clock.Now().UnixNano()&0xffffffff, c.traceSeq)
}
