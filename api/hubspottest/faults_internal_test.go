package hubspottest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// faultServer serves a sandbox whose routes are replaced by a few small ones (a contact create
// that writes to the store, a get, a delete, an echo of the body length) behind the sandbox's
// real middleware chain, so the fault, log, limit and body-cap layers can be tested before and
// apart from the real routes.
func faultServer(t *testing.T, opts Options) (*Sandbox, *httptest.Server) {
	t.Helper()
	opts.Empty = true
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC) }
	}
	sb := New(opts)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /things", func(w http.ResponseWriter, r *http.Request) {
		var in struct{ Email string }
		if !readJSON(w, r, &in) {
			return
		}
		var id string
		_ = sb.store.Do(func(tx *Tx) error {
			id = tx.Insert(Contacts, "", map[string]string{"email": in.Email}, "API").ID
			return nil
		})
		writeJSON(w, http.StatusCreated, map[string]string{"id": id})
	})
	mux.HandleFunc("GET /things/{id}", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"id": r.PathValue("id"), "pad": strings.Repeat("x", 100)})
	})
	mux.HandleFunc("DELETE /things/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		if err != nil {
			writeBadJSON(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, map[string]int{"length": len(b)})
	})
	sb.handler = sb.logRequests(sb.injectFaults(sb.authenticate(sb.rateLimit(sb.capBody(mux)))))
	srv := httptest.NewServer(sb)
	t.Cleanup(srv.Close)
	return sb, srv
}

type seen struct {
	status int
	header http.Header
	body   string
	err    error // Do's error
	rerr   error // the body read's error
}

func hit(t *testing.T, c *http.Client, srv *httptest.Server, method, path, body string) seen {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	resp, err := c.Do(req)
	if err != nil {
		return seen{err: err}
	}
	defer resp.Body.Close()
	b, rerr := io.ReadAll(resp.Body)
	return seen{status: resp.StatusCode, header: resp.Header, body: string(b), rerr: rerr}
}

func newFaultClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: 20 * time.Second}
}

func contactCount(sb *Sandbox) int {
	n := 0
	_ = sb.store.View(func(tx *Tx) error { n = tx.Count(Contacts); return nil })
	return n
}

func lastLogged(t *testing.T, sb *Sandbox) LoggedRequest {
	t.Helper()
	reqs := sb.Requests()
	if len(reqs) == 0 {
		t.Fatal("nothing logged")
	}
	return reqs[len(reqs)-1]
}

func TestFault5xxAnswers(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	for _, tc := range []struct {
		kind   FaultKind
		status int
		body   string
	}{
		{Fault500, 500, `"message":"internal error"`},
		{Fault502, 502, "<h1>502 Bad Gateway</h1>"},
		{Fault503, 503, `"message":"Service Unavailable"`},
		{Fault504, 504, "<h1>504 Gateway Timeout</h1>"},
	} {
		sb.InjectNext(Fault{Kind: tc.kind})
		got := hit(t, c, srv, "POST", "/things", `{"email":"a@example.com"}`)
		if got.err != nil || got.status != tc.status || !strings.Contains(got.body, tc.body) {
			t.Errorf("%v: status %d body %q err %v", tc.kind, got.status, got.body, got.err)
		}
		if l := lastLogged(t, sb); l.Fault != tc.kind || l.Status != tc.status {
			t.Errorf("%v logged as %v %d", tc.kind, l.Fault, l.Status)
		}
	}
	if n := contactCount(sb); n != 0 {
		t.Errorf("a 5xx fault processed the request: %d contacts", n)
	}
}

func TestFault429LooksLikeTheRealOne(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	sb.InjectNext(Fault{Kind: Fault429})
	got := hit(t, c, srv, "GET", "/things/1", "")
	var body rateLimitBody
	_ = json.Unmarshal([]byte(got.body), &body)
	if got.status != 429 || body.PolicyName != PolicyTenSecondly || body.Message != "You have reached your ten_secondly_rolling limit." {
		t.Fatalf("status %d body %s", got.status, got.body)
	}
	if got.header.Get("X-HubSpot-RateLimit-Remaining") != "0" || got.header.Get("X-HubSpot-RateLimit-Max") != "100" ||
		got.header.Get("X-HubSpot-RateLimit-Interval-Milliseconds") != "10000" {
		t.Errorf("headers %v", got.header)
	}
	if got.header.Get(correlationHeader) != body.CorrelationID {
		t.Errorf("header correlation id %q, body %q", got.header.Get(correlationHeader), body.CorrelationID)
	}
	sb.InjectNext(Fault{Kind: Fault429})
	got = hit(t, c, srv, "POST", "/crm/v3/objects/contacts/search", "{}")
	if got.status != 429 || !strings.Contains(got.body, `"policyName":"SECONDLY"`) || got.header.Get("X-HubSpot-RateLimit-Max") != "" {
		t.Errorf("search 429: status %d headers %v body %s", got.status, got.header, got.body)
	}
}

func TestFaultResetIsATransportError(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	hit(t, c, srv, "GET", "/things/1", "") // a kept-alive connection, as a real client has
	sb.InjectNext(Fault{Kind: FaultReset})
	got := hit(t, c, srv, "POST", "/things", `{"email":"a@example.com"}`)
	if got.err == nil {
		t.Fatalf("reset: the client got status %d", got.status)
	}
	if n := contactCount(sb); n != 0 {
		t.Errorf("a reset request was processed: %d contacts", n)
	}
	if l := lastLogged(t, sb); l.Fault != FaultReset || l.Status != 0 {
		t.Errorf("logged %v %d, want reset 0", l.Fault, l.Status)
	}
	if got := hit(t, c, srv, "GET", "/things/2", ""); got.err != nil || got.status != 200 {
		t.Errorf("after a reset, the next request: %v %d", got.err, got.status)
	}
}

func TestFaultTruncateCutsTheBody(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	sb.InjectNext(Fault{Kind: FaultTruncate})
	got := hit(t, c, srv, "GET", "/things/7", "")
	if got.err != nil || got.status != 200 || !errors.Is(got.rerr, io.ErrUnexpectedEOF) {
		t.Fatalf("truncate: err %v status %d read error %v", got.err, got.status, got.rerr)
	}
	if !strings.HasPrefix(got.body, `{"id":"7"`) || len(got.body) > 70 {
		t.Errorf("truncated body %q", got.body)
	}
	// A response with no body to cut is cut in its headers.
	sb.InjectNext(Fault{Kind: FaultTruncate})
	if got := hit(t, c, srv, "DELETE", "/things/7", ""); got.err == nil && got.rerr == nil {
		t.Errorf("truncated 204 reached the client whole: %d", got.status)
	}
	if l := lastLogged(t, sb); l.Fault != FaultTruncate || l.Status != 204 {
		t.Errorf("logged %v %d", l.Fault, l.Status)
	}
}

// The write happens, the response is lost: the client sees an error, the store has the record.
func TestFaultDropAfterWrite(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	sb.InjectNext(Fault{Kind: FaultDrop, Match: "POST /things"})
	got := hit(t, c, srv, "POST", "/things", `{"email":"lost@example.com"}`)
	if got.err == nil {
		t.Fatalf("drop: the client got status %d %s", got.status, got.body)
	}
	var found bool
	_ = sb.store.View(func(tx *Tx) error { found = tx.ContactByEmail("lost@example.com") != nil; return nil })
	if !found {
		t.Error("the write did not happen")
	}
	l := lastLogged(t, sb)
	if l.Fault != FaultDrop || l.Status != 201 || !l.IsWrite() || !l.Applied() {
		t.Errorf("logged %+v", l)
	}
}

func TestInjectNextRunsInOrderOnMatchingRequests(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	c := newFaultClient(t)
	sb.InjectNext(Fault{Kind: Fault503, Match: "POST /things"})
	sb.InjectNext(Fault{Kind: Fault500, Match: "POST /things"})
	sb.InjectNext(Fault{Kind: Fault429, Match: "GET"})
	sb.InjectNext(Fault{Kind: Fault502, Match: "/echo"})
	steps := []struct{ method, path string }{
		{"GET", "/things/1"}, {"POST", "/echo"}, {"POST", "/things"}, {"POST", "/echo"}, {"POST", "/things"},
		{"POST", "/things"}, {"GET", "/things/2"},
	}
	var got []string
	for _, s := range steps {
		r := hit(t, c, srv, s.method, s.path, `{"email":"x@example.com"}`)
		got = append(got, fmt.Sprint(r.status))
	}
	if want := "[429 502 503 200 500 201 200]"; fmt.Sprint(got) != want {
		t.Errorf("statuses %v, want %s", got, want)
	}
	if p := sb.PendingFaults(); len(p) != 0 {
		t.Errorf("faults left over: %v", p)
	}
}

// faultSequence sends n POSTs to a fresh sandbox with the seed and faults, returning the faults
// the log recorded.
func faultSequence(t *testing.T, seed int64, f Faults, n int) []FaultKind {
	sb, srv := faultServer(t, Options{Seed: seed, Faults: f, RateLimit: RateLimit{Max: -1}})
	c := newFaultClient(t)
	for i := 0; i < n; i++ {
		hit(t, c, srv, "POST", "/echo", fmt.Sprintf(`{"n":%d}`, i))
	}
	var out []FaultKind
	for _, r := range sb.Requests() {
		out = append(out, r.Fault)
	}
	if len(out) != n {
		t.Fatalf("%d requests logged, want %d", len(out), n)
	}
	return out
}

func TestSeededFaultsAreReproducible(t *testing.T) {
	f := Faults{Error5xx: 0.2, RateLimit429: 0.1, Reset: 0.1, Truncate: 0.1, DropAfterWrite: 0.1}
	const n = 400
	a, b := faultSequence(t, 42, f, n), faultSequence(t, 42, f, n)
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatalf("same seed, different faults:\n%v\n%v", a, b)
	}
	if c := faultSequence(t, 43, f, n); fmt.Sprint(a) == fmt.Sprint(c) {
		t.Error("seeds 42 and 43 gave the same faults")
	}
	count := map[FaultKind]int{}
	for _, k := range a {
		count[k]++
	}
	fives := count[Fault500] + count[Fault502] + count[Fault503] + count[Fault504]
	// Binomial(400, p): these bounds are over four standard deviations wide.
	for _, c := range []struct {
		name   string
		got    int
		lo, hi int
	}{{"5xx", fives, 50, 110}, {"429", count[Fault429], 18, 62}, {"reset", count[FaultReset], 18, 62},
		{"truncate", count[FaultTruncate], 18, 62}, {"drop", count[FaultDrop], 18, 62}, {"none", count[FaultNone], 130, 210}} {
		if c.got < c.lo || c.got > c.hi {
			t.Errorf("%s: %d of %d, want %d..%d", c.name, c.got, n, c.lo, c.hi)
		}
	}
	for _, k := range []FaultKind{Fault500, Fault502, Fault503, Fault504} {
		if count[k] == 0 {
			t.Errorf("5xx code %v never drawn", k)
		}
	}
}

func TestFaultsOnlyHitTheFilteredRequests(t *testing.T) {
	sb, srv := faultServer(t, Options{Faults: Faults{Error5xx: 1, Codes: []int{503}, Only: FaultFilter{Methods: []string{"post"}, Path: "/things"}}})
	c := newFaultClient(t)
	for _, s := range []struct {
		method, path string
		want         int
	}{{"GET", "/things/1", 200}, {"POST", "/echo", 200}, {"POST", "/things", 503}, {"DELETE", "/things/1", 204}} {
		if got := hit(t, c, srv, s.method, s.path, "{}"); got.status != s.want {
			t.Errorf("%s %s: %d, want %d", s.method, s.path, got.status, s.want)
		}
	}
	sb.SetFaults(Faults{})
	if got := hit(t, c, srv, "POST", "/things", "{}"); got.status != 201 {
		t.Errorf("after SetFaults(none): %d", got.status)
	}
	sb.SetFaults(Faults{Reset: 1})
	if got := hit(t, c, srv, "GET", "/things/1", ""); got.err == nil {
		t.Errorf("after SetFaults(reset=1): status %d", got.status)
	}
	if sb.Faults().Reset != 1 {
		t.Errorf("Faults() = %+v", sb.Faults())
	}
}

// recordSleeps replaces the fault layer's real waiting with a record of the waits asked for.
func recordSleeps(sb *Sandbox) func() []time.Duration {
	var mu sync.Mutex
	var waits []time.Duration
	sb.faults.sleep = func(_ context.Context, d time.Duration) bool {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, d)
		return true
	}
	return func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return append([]time.Duration(nil), waits...)
	}
}

func TestLatencyRangeIsSeeded(t *testing.T) {
	run := func() []time.Duration {
		sb, srv := faultServer(t, Options{Seed: 7, Faults: Faults{Latency: 10 * time.Millisecond, LatencyMax: 50 * time.Millisecond}})
		waits := recordSleeps(sb)
		c := newFaultClient(t)
		for i := 0; i < 30; i++ {
			hit(t, c, srv, "GET", "/things/1", "")
		}
		for i, r := range sb.Requests() {
			if r.Latency != waits()[i] {
				t.Errorf("request %d logged latency %v, waited %v", i, r.Latency, waits()[i])
			}
		}
		return waits()
	}
	a, b := run(), run()
	if fmt.Sprint(a) != fmt.Sprint(b) || len(a) != 30 {
		t.Fatalf("latencies differ or missing:\n%v\n%v", a, b)
	}
	distinct := map[time.Duration]bool{}
	for _, d := range a {
		if d < 10*time.Millisecond || d > 50*time.Millisecond {
			t.Errorf("latency %v outside 10ms-50ms", d)
		}
		distinct[d] = true
	}
	if len(distinct) < 20 {
		t.Errorf("only %d distinct latencies in 30", len(distinct))
	}
}

// Real latency really delays (a lower bound, which no slow machine can break).
func TestLatencyDelaysTheAnswer(t *testing.T) {
	_, srv := faultServer(t, Options{Faults: Faults{Latency: 30 * time.Millisecond}})
	start := time.Now()
	hit(t, newFaultClient(t), srv, "GET", "/things/1", "")
	if d := time.Since(start); d < 30*time.Millisecond {
		t.Errorf("answered in %v despite 30ms latency", d)
	}
}

// A client that gives up during a delay leaves nothing done: the request is never processed.
func TestDelayedRequestIsDroppedWhenTheClientGivesUp(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	sb.InjectNext(Fault{Kind: FaultDelay, Delay: time.Hour})
	c := &http.Client{Timeout: 50 * time.Millisecond}
	got := hit(t, c, srv, "POST", "/things", `{"email":"late@example.com"}`)
	if got.err == nil {
		t.Fatalf("status %d", got.status)
	}
	if l := lastLogged(t, sb); l.Fault != FaultDelay || l.Status != 0 {
		t.Errorf("logged %v %d", l.Fault, l.Status)
	}
	if n := contactCount(sb); n != 0 {
		t.Errorf("the abandoned request was processed")
	}
	sb.InjectNext(Fault{Kind: FaultDelay, Delay: time.Millisecond})
	if got := hit(t, newFaultClient(t), srv, "POST", "/things", `{"email":"ok@example.com"}`); got.status != 201 {
		t.Errorf("short delay: %d %v", got.status, got.err)
	}
}

// A request is in the log from its arrival, its fault shown, its status 0 until answered.
func TestRequestsShowsRequestsInFlight(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	arrived, release := make(chan struct{}), make(chan struct{})
	sb.faults.sleep = func(context.Context, time.Duration) bool {
		close(arrived)
		<-release
		return true
	}
	sb.InjectNext(Fault{Kind: FaultDelay, Delay: time.Second})
	done := make(chan seen)
	go func() { done <- hit(t, newFaultClient(t), srv, "POST", "/things", `{"email":"slow@example.com"}`) }()
	<-arrived
	if l := lastLogged(t, sb); l.Path != "/things" || l.Fault != FaultDelay || l.Status != 0 || l.Applied() {
		t.Errorf("in flight: %+v", l)
	}
	close(release)
	if got := <-done; got.status != 201 {
		t.Fatalf("status %d %v", got.status, got.err)
	}
	if l := lastLogged(t, sb); l.Status != 201 || !l.Applied() {
		t.Errorf("answered: %+v", l)
	}
}

// The log peeks at the body but the handler still reads all of it.
func TestLoggingKeepsTheWholeBodyForTheHandler(t *testing.T) {
	_, srv := faultServer(t, Options{})
	got := hit(t, newFaultClient(t), srv, "POST", "/echo", strings.Repeat("z", 50_000))
	if got.body != `{"length":50000}`+"\n" {
		t.Errorf("handler saw %s", got.body)
	}
}

func TestOnWriteHookSeesAppliedWrites(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	var mu sync.Mutex
	var writes []string
	sb.OnWrite(func(r LoggedRequest) {
		mu.Lock()
		defer mu.Unlock()
		writes = append(writes, fmt.Sprintf("%s %s %d", r.Method, r.Path, r.Status))
	})
	c := newFaultClient(t)
	hit(t, c, srv, "POST", "/things", `{"email":"a@example.com"}`)
	hit(t, c, srv, "POST", "/things", `{bad json`)
	hit(t, c, srv, "GET", "/things/1", "")
	sb.InjectNext(Fault{Kind: FaultDrop})
	hit(t, c, srv, "DELETE", "/things/1", "")
	mu.Lock()
	defer mu.Unlock()
	if want := "[POST /things 201 DELETE /things/1 204]"; fmt.Sprint(writes) != want {
		t.Errorf("hook saw %v, want %s", writes, want)
	}
}

func TestBodyCap(t *testing.T) {
	sb, srv := faultServer(t, Options{MaxBodyBytes: 1000})
	c := newFaultClient(t)
	big := `{"email":"` + strings.Repeat("a", 1200) + `"}`
	want := `{"status":"error","message":"Request body is larger than the 1000 byte limit","correlationId":"`
	got := hit(t, c, srv, "POST", "/things", big)
	if got.status != 413 || !strings.HasPrefix(got.body, want) || !strings.Contains(got.body, `"category":"VALIDATION_ERROR"`) {
		t.Errorf("declared length over the cap: %d %s", got.status, got.body)
	}
	// Without a Content-Length the cap bites while the handler reads.
	req, _ := http.NewRequest("POST", srv.URL+"/things", io.MultiReader(strings.NewReader(big)))
	req.Header.Set("Authorization", "Bearer "+DefaultToken)
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 413 || !strings.HasPrefix(string(b), want) || req.ContentLength != 0 {
		t.Errorf("chunked body over the cap: %d %s", resp.StatusCode, b)
	}
	if got := hit(t, c, srv, "POST", "/things", `{"email":"small@example.com"}`); got.status != 201 {
		t.Errorf("small body: %d %s", got.status, got.body)
	}
	if n := contactCount(sb); n != 1 {
		t.Errorf("%d contacts, want only the small one", n)
	}
}

// With Persist, a write served over HTTP is on disk when it is answered: loading the state
// file right after the answer (as a restart after kill -9 would) finds it, without stop.
func TestPersistSavesAfterAWrite(t *testing.T) {
	sb, srv := faultServer(t, Options{})
	path := t.TempDir() + "/state.json"
	stop, err := sb.Persist(path)
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	defer stop()
	if got := hit(t, newFaultClient(t), srv, "POST", "/things", `{"email":"kept@example.com"}`); got.status != 201 {
		t.Fatalf("create: %d %s", got.status, got.body)
	}
	loaded, err := LoadState(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	_ = loaded.store.View(func(tx *Tx) error {
		if tx.ContactByEmail("kept@example.com") == nil {
			t.Error("an answered write is not on disk")
		}
		return nil
	})
}
