package hubspottest_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

// limClock is a fake clock the limit and fault tests advance by hand.
type limClock struct {
	mu sync.Mutex
	t  time.Time
}

func newLimClock(t time.Time) *limClock { return &limClock{t: t} }

func (c *limClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *limClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// limStart is 2026-05-04 12:00 UTC, a Monday.
var limStart = time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)

// limServer starts an empty sandbox on loopback on clock c.
func limServer(t *testing.T, c *limClock, opts hubspottest.Options) *hubspottest.Server {
	t.Helper()
	opts.Empty = true
	opts.Clock = c.Now
	return hubspottest.NewServer(t, opts)
}

// limReply is one answer, or the transport error that stood for it.
type limReply struct {
	status  int
	header  http.Header
	body    string
	err     error // from Do
	readErr error // from reading the body
}

// limClient is a client with its own transport, closed at the end of the test.
func limClient(t *testing.T) *http.Client { return limClientTB(t) }

func limClientTB(t testing.TB) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

func newGet(url, token string) (*http.Request, error) {
	req, err := http.NewRequest("GET", url, nil)
	if err == nil {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req, err
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

// limDo sends one request with token (none when "") and returns what the client saw.
func limDo(t *testing.T, c *http.Client, srv *hubspottest.Server, token, method, path, body string) limReply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return limReply{err: err}
	}
	defer resp.Body.Close()
	b, rerr := io.ReadAll(resp.Body)
	return limReply{status: resp.StatusCode, header: resp.Header, body: string(b), readErr: rerr}
}

// must fails the test when the request did not get a whole answer.
func (r limReply) must(t *testing.T) limReply {
	t.Helper()
	if r.err != nil || r.readErr != nil {
		t.Fatalf("request failed: %v %v", r.err, r.readErr)
	}
	return r
}

var limUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// withoutIDs replaces the correlationId and requestId values (random UUIDs, checked here) by
// "ID" so a body can be compared byte for byte.
func withoutIDs(t *testing.T, body string) string {
	t.Helper()
	re := regexp.MustCompile(`"(correlationId|requestId)":"([^"]*)"`)
	return re.ReplaceAllStringFunc(body, func(m string) string {
		sub := re.FindStringSubmatch(m)
		if !limUUID.MatchString(sub[2]) {
			t.Errorf("%s %q is not a UUID", sub[1], sub[2])
		}
		return `"` + sub[1] + `":"ID"`
	})
}
