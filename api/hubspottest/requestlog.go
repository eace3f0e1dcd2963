package hubspottest

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Request log limits: the body kept per request and the entries kept before the oldest go.
const (
	logBodyCap        = 16 << 10
	logBodySlack      = 1 << 10 // read past the cap so a token across it is redacted whole
	defaultLogEntries = 100_000
)

// LoggedRequest is one request the sandbox served, as tests see it. Headers are not recorded
// (the Authorization header least of all), and any accepted token appearing in the query or the
// body is replaced by [REDACTED].
type LoggedRequest struct {
	// Seq numbers requests in arrival order, from 1.
	Seq      int
	Time     time.Time // arrival, by Options.Clock
	Method   string
	Path     string
	RawQuery string
	// Body is the request body, at most 16 KiB of it; BodyTruncated says more was sent.
	Body          []byte
	BodyTruncated bool
	// Status is the status the sandbox's handlers produced. With FaultDrop or FaultTruncate
	// the client never received that response whole; with FaultReset (or a client that went away
	// during a delay) nothing was sent and Status is 0.
	Status int
	// Fault is the injected fault, FaultNone when none; Latency the injected random latency.
	Fault   FaultKind
	Latency time.Duration
}

// IsSearch reports a search request (POST …/search on any object type).
func (l LoggedRequest) IsSearch() bool { return isSearchPath(l.Method, l.Path) }

// IsWrite reports a request that can change data: PATCH, PUT, DELETE, and POST except search
// and batch reads.
func (l LoggedRequest) IsWrite() bool {
	switch l.Method {
	case http.MethodPatch, http.MethodPut, http.MethodDelete:
		return true
	case http.MethodPost:
		p := strings.TrimSuffix(l.Path, "/")
		return !l.IsSearch() && !strings.HasSuffix(p, "/batch/read")
	}
	return false
}

// Applied reports that the handlers completed the request successfully (2xx), so a write
// took effect, even when a fault then kept the response from the client.
func (l LoggedRequest) Applied() bool { return l.Status >= 200 && l.Status < 300 }

// requestLog keeps the served requests and the hooks called after each applied write.
type requestLog struct {
	mu      sync.Mutex
	seq     int
	entries []LoggedRequest
	limit   int // 0: defaultLogEntries; negative: keep nothing
	dropped int
	onWrite []func(LoggedRequest)
	// saveMu serialises SaveState (state.go), so an older snapshot never replaces a newer one.
	saveMu sync.Mutex
}

type logKey struct{}

// logEntry is the request's entry while it is served; the fault layer fills in its part.
type logEntry struct {
	LoggedRequest
	hijacked bool // the fault layer took the connection: Status is what it set
	detached bool // not from logRequests: never committed
	once     sync.Once
}

func entryFrom(ctx context.Context) *logEntry {
	e, _ := ctx.Value(logKey{}).(*logEntry)
	if e == nil {
		e = &logEntry{detached: true}
	}
	return e
}

// commitEntry records the request's outcome in the log, once. The fault layer commits before
// it breaks a connection, so whoever sees the break also finds the outcome in the log.
func (s *Sandbox) commitEntry(e *logEntry) {
	if !e.detached {
		e.once.Do(func() { s.log.finish(e.LoggedRequest) })
	}
}

// noteFault shows the planned fault on the logged request while it is still being served.
func (s *Sandbox) noteFault(e *logEntry) {
	if !e.detached {
		s.log.update(e.LoggedRequest)
	}
}

// logRequests records every request, outermost in the chain so it sees faults and all.
func (s *Sandbox) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := &logEntry{LoggedRequest: LoggedRequest{Time: s.opts.Clock(), Method: r.Method,
			Path: r.URL.Path, RawQuery: r.URL.RawQuery}}
		e.Body = peekBody(r)
		e.BodyTruncated = len(e.Body) > logBodyCap
		s.redact(&e.LoggedRequest, r)
		if len(e.Body) > logBodyCap {
			e.Body = e.Body[:logBodyCap]
		}
		e.Seq = s.log.arrive(e.LoggedRequest)
		lw := &logWriter{ResponseWriter: w}
		next.ServeHTTP(lw, r.WithContext(context.WithValue(r.Context(), logKey{}, e)))
		if !e.hijacked {
			e.Status = lw.status
			if e.Status == 0 && lw.wrote {
				e.Status = http.StatusOK
			}
		}
		s.commitEntry(e)
	})
}

// peekBody reads up to logBodyCap+logBodySlack bytes of the body for the log and puts them back
// in front of the rest, so handlers read the whole body as sent.
func peekBody(r *http.Request) []byte {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, logBodyCap+logBodySlack))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), errReader{err}, r.Body), r.Body}
	return bytes.Clone(head)
}

// errReader hands a read error met while peeking to the handler, at the point it happened.
type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	return 0, io.EOF
}

// redact replaces tokens in the logged path, query and body with [REDACTED]: every accepted
// token, the request's own bearer token, anything shaped like a private-app token, the token in
// the OAuth token-info path and the tokenKey of the private-app token-info body.
func (s *Sandbox) redact(l *LoggedRequest, r *http.Request) {
	secrets := []string{tokenOf(r)}
	for t := range s.opts.Tokens {
		secrets = append(secrets, t)
	}
	for _, t := range secrets {
		if len(t) < 4 {
			continue
		}
		l.Path = strings.ReplaceAll(l.Path, t, redacted)
		l.RawQuery = strings.ReplaceAll(l.RawQuery, t, redacted)
		l.Body = bytes.ReplaceAll(l.Body, []byte(t), []byte(redacted))
	}
	if rest, ok := strings.CutPrefix(l.Path, oauthTokenPath); ok && rest != "" {
		l.Path = oauthTokenPath + redacted
	}
	if mayHoldPAT(l.Path) {
		l.Path = patTokenRE.ReplaceAllString(l.Path, redacted)
	}
	if mayHoldPAT(l.RawQuery) {
		l.RawQuery = patTokenRE.ReplaceAllString(l.RawQuery, redacted)
	}
	if mayHoldPAT(l.Body) {
		l.Body = patTokenRE.ReplaceAll(l.Body, []byte(redacted))
	}
	if bytes.Contains(l.Body, []byte(`"tokenKey"`)) {
		l.Body = tokenKeyRE.ReplaceAll(l.Body, []byte(`"tokenKey":"`+redacted+`"`))
	}
}

// mayHoldPAT reports whether s could hold what patTokenRE matches: "pat-" in any case. Most
// requests cannot, and the case-blind expression, which has no literal to look for first, took
// about an eighth of the sandbox's CPU under an import when run on every body.
func mayHoldPAT[S string | []byte](s S) bool {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'p' && s[i+1]|0x20 == 'a' && s[i+2]|0x20 == 't' && s[i+3] == '-' {
			return true
		}
	}
	return false
}

const (
	redacted       = "[REDACTED]"
	oauthTokenPath = "/oauth/v1/access-tokens/"
)

// Token shapes the log never keeps (compiled once, read-only).
var (
	patTokenRE = regexp.MustCompile(`(?i)pat-[a-z]{2,4}[0-9]*-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	tokenKeyRE = regexp.MustCompile(`"tokenKey"\s*:\s*"(?:[^"\\]|\\.)*"`)
)

// tokenOf returns the request's bearer token, "" when none. The limiter and the log read it
// themselves rather than depend on the auth layer's request context.
func tokenOf(r *http.Request) string {
	scheme, token, ok := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// logWriter notes the status a handler writes; Unwrap lets http.ResponseController reach the
// connection (hijack, flush) underneath.
type logWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *logWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// arrive logs a request as it comes in (Status 0 until finish) and returns its number.
func (l *requestLog) arrive(e LoggedRequest) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	limit := l.limit
	if limit == 0 {
		limit = defaultLogEntries
	}
	if limit < 0 {
		return e.Seq
	}
	if len(l.entries) >= limit {
		// Drop a tenth at a time, so a full log does not copy itself on every request.
		n := min(len(l.entries), len(l.entries)-limit+1+limit/10)
		l.entries = slices.Delete(l.entries, 0, n)
		l.dropped += n
	}
	l.entries = append(l.entries, e)
	return e.Seq
}

// update replaces the logged request numbered e.Seq, if the log still holds it.
func (l *requestLog) update(e LoggedRequest) (hooks []func(LoggedRequest)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	i, found := slices.BinarySearchFunc(l.entries, e.Seq, func(x LoggedRequest, seq int) int { return x.Seq - seq })
	if found {
		l.entries[i] = e
	}
	return l.onWrite
}

// finish records a request's outcome and calls the write hooks when it was an applied write.
func (l *requestLog) finish(e LoggedRequest) {
	hooks := l.update(e)
	if e.IsWrite() && e.Applied() {
		for _, f := range hooks {
			f(e)
		}
	}
}

// Requests returns the requests received so far, in arrival order. A request appears as soon
// as it arrives, with Status 0 until it has been answered (or broken off by a fault).
func (s *Sandbox) Requests() []LoggedRequest {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return slices.Clone(s.log.entries)
}

// Writes returns the logged requests that could change data (see LoggedRequest.IsWrite),
// whatever their outcome; filter with Applied for the ones that took effect.
func (s *Sandbox) Writes() []LoggedRequest {
	var out []LoggedRequest
	for _, r := range s.Requests() {
		if r.IsWrite() {
			out = append(out, r)
		}
	}
	return out
}

// ResetRequests empties the request log (the sequence numbers carry on).
func (s *Sandbox) ResetRequests() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.entries = nil
	s.log.dropped = 0
}

// SetRequestLogLimit keeps at most n requests in the log (oldest dropped first); n < 0 keeps
// none, 0 restores the default of 100,000. A long-running sandbox can turn the log off.
func (s *Sandbox) SetRequestLogLimit(n int) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.limit = n
	if n < 0 {
		s.log.entries = nil
	}
}

// RequestsDropped says how many requests the log let go since the last ResetRequests because
// of its limit.
func (s *Sandbox) RequestsDropped() int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return s.log.dropped
}

// OnWrite registers f to be called after every write request that took effect (see
// LoggedRequest.IsWrite and Applied), in the goroutine that served it, after the response.
// (Keeping state does not need it: Persist logs every change before it is answered.)
func (s *Sandbox) OnWrite(f func(LoggedRequest)) {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.log.onWrite = append(slices.Clip(s.log.onWrite), f)
}
