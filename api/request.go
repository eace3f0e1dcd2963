package api

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// call is one HubSpot operation as the layer sends it.
type call struct {
	method string
	path   string     // escaped, from paths
	query  url.Values // never folded into path
	body   any        // JSON request body; nil for none
	out    any        // where a 2xx JSON body is decoded; nil to ignore it
	// idempotent calls are retried after server errors and lost answers; others are retried
	// only when HubSpot certainly did not act (429, 423, a connection never made).
	idempotent bool
	search     bool // search's own rate budget; a search only reads
	// read marks a POST that only reads (batch read, token info), so Config.ReadOnly lets it
	// through. GET is always a read; every other call is a write unless marked.
	read bool
}

// writes reports whether the call may change HubSpot. Unmarked POSTs count as writes, so a
// new call is refused under Config.ReadOnly until someone says it only reads.
func (cl call) writes() bool {
	return cl.method != http.MethodGet && cl.method != http.MethodHead && !cl.search && !cl.read
}

// result is a 2xx answer.
type result struct {
	status int
	header http.Header
	body   []byte
	// firstSent is when the call's first attempt went out (the client's clock); written is
	// set when an earlier attempt may have been carried out though its answer was not had (a
	// 5xx, an answer lost or cut short), so what the answer describes may be that attempt's doing.
	firstSent time.Time
	written   bool
}

// Backoff between retries: exponential from retryBase, capped, with jitter.
const (
	retryBase     = 500 * time.Millisecond
	retryCap      = 8 * time.Second
	lockedMinWait = 2 * time.Second // HubSpot: a record lock lasts 2 s
	secondlyWait  = time.Second     // search's per-second limit
)

// do sends c through the limiter, retrying as the call allows, and decodes a 2xx body into
// cl.out. Every failure is an *Error.
func (c *Client) do(ctx context.Context, cl call) (*result, error) {
	if c.cfg.ReadOnly && cl.writes() {
		return nil, &Error{Category: CategoryReadOnly, Method: cl.method, Path: cl.path,
			Message: "the client is read-only"}
	}
	body, err := marshalBody(cl.body)
	if err != nil {
		return nil, err
	}
	var failures, limited int
	var first time.Time
	written := false
	for attempt := 1; ; attempt++ {
		place, err := c.limits.acquire(ctx, cl.search, c.wait)
		if err != nil {
			return nil, c.noAnswer(ctx, cl, attempt-1, err)
		}
		if first.IsZero() {
			first = c.clock.Now()
		}
		res, err := c.send(ctx, cl, body)
		if err == nil {
			err = decodeBody(res, cl.out)
		}
		var e *Error
		if err != nil {
			e = c.failure(ctx, cl, attempt, res, err)
			e.SentAt = first
		}
		c.limits.release(place, res, e)
		if e == nil {
			res.firstSent, res.written = first, written
			return res, nil
		}
		written = written || mayHaveActed(e)
		w, retry := c.plan(cl, e, attempt, &failures, &limited)
		if !retry || e.Status == 0 && isOnce(ctx) {
			return nil, e
		}
		var lifted <-chan struct{}
		if w.Reason == WaitRateLimit && w.Policy != PolicySecondly {
			// The hold release set: over as soon as an answer shows the window has room.
			w.Duration, lifted = c.limits.hold()
		}
		if err := waitHold(ctx, w, c.wait, lifted); err != nil {
			return nil, c.noAnswer(ctx, cl, attempt, err)
		}
	}
}

func marshalBody(v any) ([]byte, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("api: encoding request body: %w", err)
	}
	return b, nil
}

// decodeBody decodes a 2xx body into out; a non-2xx result is reported as errStatus.
func decodeBody(res *result, out any) error {
	if res.status < 200 || res.status > 299 {
		return errStatus
	}
	if out == nil || len(bytes.TrimSpace(res.body)) == 0 && res.status == http.StatusNoContent {
		return nil
	}
	if w, ok := out.(*wireObject); ok && w.plain(res.body) {
		return nil // a record of the usual shape, read without encoding/json's two passes
	}
	if w, ok := out.(*wireBatchResponse); ok && w.plain(res.body) {
		return nil // a batch answer of the usual shape, likewise
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return &badBodyError{err}
	}
	return nil
}

var errStatus = errors.New("non-2xx status")

type badBodyError struct{ err error }

func (b *badBodyError) Error() string { return "unreadable JSON: " + b.err.Error() }
func (b *badBodyError) Unwrap() error { return b.err }

var errTooLarge = errors.New("response too large")

// send makes one attempt with its own timeout and reads the whole (capped) body.
func (c *Client) send(ctx context.Context, cl call, body []byte) (*result, error) {
	actx, cancel := context.WithTimeout(ctx, c.attemptTimeout(ctx))
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(actx, cl.method, c.url(cl.path, cl.query), rd)
	if err != nil {
		return nil, err
	}
	h := []string{"application/json", "hubcontacts", c.auth.bearerValue()} // one allocation for the three
	req.Header["Accept"] = h[0:1:1]
	req.Header["User-Agent"] = h[1:2:2]
	req.Header["Authorization"] = h[2:3:3]
	if body != nil {
		req.Header["Content-Type"] = h[0:1:1]
	}
	debug := c.log.Enabled(ctx, slog.LevelDebug)
	var start time.Time
	if debug {
		start = time.Now()
	}
	resp, err := c.roundTrip(req)
	if err != nil {
		if debug {
			c.log.Debug("hubspot request failed", "method", cl.method, "path", cl.path, "error", err.Error(), "elapsed", time.Since(start))
		}
		return nil, err
	}
	defer resp.Body.Close()
	data, err := readCapped(resp.Body, resp.ContentLength, c.cfg.MaxResponseBytes, &c.scratch)
	data = c.scrub(data)
	if debug {
		c.log.Debug("hubspot request", "method", cl.method, "path", cl.path, "status", resp.StatusCode,
			"bytes", len(data), "elapsed", time.Since(start), "correlationId", resp.Header.Get("X-Hubspot-Correlation-Id"))
	}
	if err != nil {
		return nil, err
	}
	return &result{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// maxRedirects is how many redirects within the configured host a request follows.
const maxRedirects = 4

// roundTrip sends req and follows redirects within the configured scheme and host, as
// http.Client does (GET after 301/302/303 of another method, the same request after 307/308);
// a redirect to anywhere else is refused, never sent, and so is a fifth redirect.
func (c *Client) roundTrip(req *http.Request) (*http.Response, error) {
	for hops := 0; ; hops++ {
		resp, err := c.auth.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		next, err := c.redirect(req, resp, hops)
		if next == nil && err == nil {
			return resp, nil
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4<<10))
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		req = next
	}
}

// redirect is the request a redirect answer asks for; nil for any other answer.
func (c *Client) redirect(req *http.Request, resp *http.Response, hops int) (*http.Request, error) {
	switch resp.StatusCode {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
	default:
		return nil, nil
	}
	loc := resp.Header.Get("Location")
	if loc == "" {
		return nil, nil // nothing to follow: the answer stands
	}
	u, err := req.URL.Parse(loc)
	if err != nil {
		return nil, &Error{Category: CategoryRedirect, Message: "to an unreadable address"}
	}
	if u.Scheme != c.base.Scheme || !strings.EqualFold(u.Host, c.base.Host) {
		return nil, &Error{Category: CategoryRedirect, Message: "to " + u.Scheme + "://" + u.Host}
	}
	if hops >= maxRedirects {
		return nil, &Error{Category: CategoryRedirect, Message: "too many redirects"}
	}
	method, keepBody := req.Method, resp.StatusCode == http.StatusTemporaryRedirect || resp.StatusCode == http.StatusPermanentRedirect
	if !keepBody && method != http.MethodGet && method != http.MethodHead {
		method = http.MethodGet
	}
	next, err := http.NewRequestWithContext(req.Context(), method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	next.Header = req.Header.Clone()
	if keepBody && req.GetBody != nil {
		if next.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
		next.GetBody, next.ContentLength = req.GetBody, req.ContentLength
	} else {
		next.Header.Del("Content-Type")
	}
	return next, nil
}

func (c *Client) url(path string, q url.Values) string {
	u := c.base.Scheme + "://" + c.base.Host + c.base.EscapedPath() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// scrub replaces the token wherever an answer quotes it (a proxy or server echoing the
// Authorization header back), so no error text, screen or log built from the answer shows it.
func (c *Client) scrub(b []byte) []byte {
	tok := []byte(*c.token)
	if len(tok) == 0 || !bytes.Contains(b, tok) {
		return b
	}
	return bytes.ReplaceAll(b, tok, []byte("[REDACTED]"))
}

// readCapped reads a body of at most max bytes; size is its announced length (-1 unknown), so
// a body of known size is read into one buffer. One of unknown size (HubSpot's answers over
// HTTP/2, or chunked) is read into a buffer from scratch, which keeps buffers the size answers
// have had, then copied out whole: growing a new buffer from nothing copied a 40 KB batch
// answer eight times over and cleared each new one.
func readCapped(r io.Reader, size, max int64, scratch *sync.Pool) ([]byte, error) {
	if size > max {
		return nil, errTooLarge
	}
	if size >= 0 { // net/http ends such a body after size bytes, or fails it short
		buf := make([]byte, size)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, err
		}
		return buf, nil
	}
	buf, _ := scratch.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() { // every buffer in scratch is empty
		if buf.Cap() <= maxScratch {
			buf.Reset()
			scratch.Put(buf)
		}
	}()
	if _, err := buf.ReadFrom(io.LimitReader(r, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, errTooLarge
	}
	return bytes.Clone(buf.Bytes()), nil
}

// maxScratch is the largest read buffer a client keeps for the next answer.
const maxScratch = 1 << 20

// failure turns a failed attempt (an error, or a non-2xx result) into an *Error.
func (c *Client) failure(ctx context.Context, cl call, attempt int, res *result, err error) *Error {
	if errors.Is(err, errStatus) {
		e := decodeError(res.status, res.body)
		e.Method, e.Path, e.Attempts = cl.method, cl.path, attempt
		if e.CorrelationID == "" {
			e.CorrelationID = string(c.scrub([]byte(res.header.Get("X-Hubspot-Correlation-Id"))))
		}
		e.RetryAfter = c.retryAfter(res.header)
		if e.Status == http.StatusTooManyRequests {
			c.describeRateLimit(cl, e)
		}
		return e
	}
	return c.noAnswer(ctx, cl, attempt, err)
}

// noAnswer describes an attempt that produced no usable answer.
func (c *Client) noAnswer(ctx context.Context, cl call, attempt int, err error) *Error {
	e := &Error{Method: cl.method, Path: cl.path, Attempts: attempt, Err: err, timeout: c.attemptTimeout(ctx)}
	var own *Error
	var bad *badBodyError
	switch {
	case ctx.Err() != nil:
		e.Category, e.Message, e.Err = CategoryCanceled, ctx.Err().Error(), ctx.Err()
	case errors.As(err, &own):
		own.Method, own.Path, own.Attempts = cl.method, cl.path, attempt
		return own
	case errors.Is(err, errTooLarge):
		e.Category = CategoryTooLarge
		e.Message = fmt.Sprintf("more than %d bytes", c.cfg.MaxResponseBytes)
	case errors.Is(err, context.DeadlineExceeded):
		e.Category, e.Message = CategoryTimeout, "no answer within "+c.attemptTimeout(ctx).String()
	case errors.As(err, &bad):
		e.Category, e.Message = CategoryBadResponse, bad.Error()
	case c.permanent(e, err):
	default:
		e.Category, e.Message = CategoryNetwork, networkText(err)
	}
	return e
}

// networkText is a short description of a transport error, without the URL.
func networkText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Op + ": " + op.Err.Error()
	}
	return err.Error()
}

// permanent recognises a transport failure that no retry can fix, because the address or its
// certificate is wrong, and fills in a category and a message that says what to check.
func (c *Client) permanent(e *Error, err error) bool {
	host := c.base.Hostname()
	addr := c.base.Scheme + "://" + c.base.Host
	var (
		dns     *net.DNSError
		hostErr x509.HostnameError
		authErr x509.UnknownAuthorityError
		certErr x509.CertificateInvalidError
		verify  *tls.CertificateVerificationError
		record  tls.RecordHeaderError
		alert   tls.AlertError
		op      *net.OpError
	)
	switch {
	case errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &record) && string(record.RecordHeader[:]) == "HTTP/":
		plain := "http://" + c.base.Host
		e.Category, e.Message = CategoryBadAddress, addr+" answers in plain HTTP, not HTTPS: check the base URL"
		if isLoopback(host) {
			e.Message += " (the local sandbox is " + plain + ")"
		}
	case errors.As(err, &dns) && dns.IsNotFound:
		e.Category, e.Message = CategoryBadAddress, "There is no host named "+host+": check the base URL ("+addr+")"
	case errors.As(err, &hostErr):
		e.Category, e.Message = CategoryTLS, "The TLS certificate at "+addr+" is for other hosts ("+hostErr.Error()+
			"): check the base URL's host"
	case errors.As(err, &authErr):
		e.Category, e.Message = CategoryTLS, "The TLS certificate of "+host+" is not signed by an authority this computer trusts ("+
			authErr.Error()+"): check the base URL; if a proxy or antivirus inspects HTTPS, add its certificate "+
			"to the system's trusted ones (or name it in SSL_CERT_FILE)"
	case errors.As(err, &certErr):
		e.Category, e.Message = CategoryTLS, "The TLS certificate of "+host+" is not valid ("+certErr.Error()+
			"): check the computer's clock and the base URL"
	case errors.As(err, &verify):
		e.Category, e.Message = CategoryTLS, "The TLS certificate of "+host+" was refused ("+verify.Error()+"): check the base URL"
	case errors.As(err, &record), errors.As(err, &alert), errors.As(err, &op) && op.Op == "remote error":
		// "remote error" is the server's TLS alert (crypto/tls reports it so).
		e.Category, e.Message = CategoryTLS, "The TLS handshake with "+addr+" failed ("+networkText(err)+
			"): check that the base URL is an HTTPS address"
	default:
		return false
	}
	return true
}

// neverSent reports a transport error that proves the request never reached HubSpot (the
// connection could not be made), so even a create may be re-sent.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	return errors.As(err, &dns)
}

func (c *Client) retryAfter(h http.Header) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(c.clock.Now()); d > 0 {
			return d
		}
	}
	return 0
}

// describeRateLimit fills a 429's policy (search's secondly limit when unnamed on search) and,
// for DAILY, when it resets.
func (c *Client) describeRateLimit(cl call, e *Error) {
	if e.Category == "" {
		e.Category = CategoryRateLimit
	}
	if e.Policy == "" {
		e.Policy = PolicyTenSecondly
		if cl.search {
			e.Policy = PolicySecondly
		}
	}
	if e.Policy == PolicyDaily {
		switch loc := c.portalTZ.Load(); {
		case loc != nil:
			now := c.clock.Now().In(loc)
			e.ResetsAt = time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, loc)
		case e.RetryAfter > 0:
			e.ResetsAt = c.clock.Now().Add(e.RetryAfter).Local()
		}
	}
}

// plan decides whether a failed attempt is retried, and the wait before it.
func (c *Client) plan(cl call, e *Error, attempt int, failures, limited *int) (Wait, bool) {
	max := c.cfg.MaxRetries
	switch {
	case e.Status == http.StatusTooManyRequests:
		if e.Policy == PolicyDaily || *limited >= max {
			return Wait{}, false
		}
		*limited++
		var d time.Duration
		if e.Policy == PolicySecondly {
			c.limits.searchLimited()
			d = e.RetryAfter
			if d <= 0 {
				d = secondlyWait
			}
		} // else Client.do waits the hold release has set
		return Wait{Reason: WaitRateLimit, Policy: e.Policy, Duration: d, Attempt: attempt + 1}, true
	case e.Status == http.StatusLocked:
		if *failures >= max {
			return Wait{}, false
		}
		*failures++
		return Wait{Reason: WaitLocked, Duration: max2(lockedMinWait, backoff(*failures)), Attempt: attempt + 1}, true
	case !retryable(e):
		return Wait{}, false
	case !cl.idempotent && !(e.Category == CategoryNetwork && neverSent(e.Err)):
		e.ambiguous = true
		return Wait{}, false
	case *failures >= max:
		return Wait{}, false
	}
	*failures++
	return Wait{Reason: WaitRetry, Duration: backoff(*failures), Attempt: attempt + 1}, true
}

// mayHaveActed reports a failed attempt HubSpot may have carried out all the same: a server
// error, or an answer lost, late or cut short after the request went out.
func mayHaveActed(e *Error) bool {
	if e.Status >= 500 {
		return true
	}
	return e.Status == 0 && (e.Category == CategoryNetwork && !neverSent(e.Err) || e.Category == CategoryTimeout || e.Category == CategoryBadResponse)
}

// retryable: server errors and answers lost in transit.
func retryable(e *Error) bool {
	if e.Status >= 500 {
		return true
	}
	switch e.Category {
	case CategoryNetwork, CategoryTimeout, CategoryBadResponse:
		return e.Status == 0
	}
	return false
}

// backoff is the n-th retry's wait: exponential, capped, with "equal jitter" (half fixed, half
// random) so concurrent clients spread out.
func backoff(n int) time.Duration {
	d := retryBase << (n - 1)
	if d > retryCap || d <= 0 {
		d = retryCap
	}
	return d/2 + rand.N(d/2+1)
}

func max2(a, b time.Duration) time.Duration {
	if a > b {
		return a
	}
	return b
}
