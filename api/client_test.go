package api

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

func TestNewRefusesUnsafeBaseURLs(t *testing.T) {
	ok := []string{"", "https://api.hubapi.com", "https://proxy.example/hubspot", "http://127.0.0.1:8089", "http://localhost:1", "http://[::1]:9"}
	for _, u := range ok {
		if _, err := New(Config{BaseURL: u, Token: "t"}); err != nil {
			t.Errorf("%q refused: %v", u, err)
		}
	}
	bad := map[string]string{
		"http://api.hubapi.com":          "unencrypted",
		"http://10.0.0.1:80":             "unencrypted",
		"ftp://api.hubapi.com":           "https://",
		"https://user:pw@api.hubapi.com": "credentials",
		"https://api.hubapi.com?x=1":     "query",
		"api.hubapi.com":                 "not a URL",
	}
	for u, want := range bad {
		_, err := New(Config{BaseURL: u, Token: "t"})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err %v, want it to mention %q", u, err, want)
		}
	}
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "hubcontacts login") {
		t.Errorf("no token: %v", err)
	}
	if _, err := New(Config{Token: "Bearer pat-na1-x"}); err == nil {
		t.Error("a token with the Bearer prefix must be refused")
	}
}

func TestPathsEscapeEachSegment(t *testing.T) {
	p := paths{}
	if got := p.object("contacts", "a/b?c#d+e@x.com"); got != "/crm/v3/objects/contacts/a%2Fb%3Fc%23d+e@x.com" {
		t.Fatal(got)
	}
	if got := (paths{version: "2026-03"}).batch("contacts", "read"); got != "/crm/objects/2026-03/contacts/batch/read" {
		t.Fatal(got)
	}
	if got := p.assocV3("contacts", "1", "companies", "2", 279); got != "/crm/v3/objects/contacts/1/associations/companies/2/279" {
		t.Fatal(got)
	}
	if got := p.secondaryV1Email("7", "x@y.z"); got != "/contacts/v1/secondary-email/7/email/x@y.z" {
		t.Fatal(got)
	}
	dated := paths{version: "2026-03"}
	for got, want := range map[string]string{
		p.assocBatchRead("tasks", "contacts"):                 "/crm/v4/associations/tasks/contacts/batch/read",
		dated.assocBatchRead("tasks", "contacts"):             "/crm/associations/2026-03/tasks/contacts/batch/read",
		dated.assocPair("contacts", "1", "companies", "2"):    "/crm/objects/2026-03/contacts/1/associations/companies/2",
		dated.assocLabelsArchive("contacts", "companies"):     "/crm/associations/2026-03/contacts/companies/batch/labels/archive",
		dated.assocV3("contacts", "1", "companies", "2", 279): "/crm/v3/objects/contacts/1/associations/companies/2/279",
	} {
		if got != want {
			t.Errorf("got %s, want %s", got, want)
		}
	}
}

func TestWaitText(t *testing.T) {
	cases := map[string]Wait{
		"waiting 4 s for HubSpot's rate limit":    {Reason: WaitRateLimit, Policy: PolicyTenSecondly, Duration: 4 * time.Second},
		"waiting 1 s for HubSpot's search limit":  {Reason: WaitRateLimit, Policy: PolicySecondly, Duration: time.Second},
		"waiting 120 ms for HubSpot's rate limit": {Reason: WaitPacing, Duration: 120 * time.Millisecond},
		"retrying in 2 s (attempt 3)":             {Reason: WaitRetry, Duration: 2 * time.Second, Attempt: 3},
	}
	for want, w := range cases {
		if got := w.String(); got != want {
			t.Errorf("got %q want %q", got, want)
		}
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	for n := 1; n <= 10; n++ {
		d := backoff(n)
		full := min(retryBase<<(n-1), retryCap)
		if d < full/2 || d > full {
			t.Fatalf("backoff(%d) = %v, want within [%v, %v]", n, d, full/2, full)
		}
	}
}

func TestAccountAndTokenInfo(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		a, err := e.c.AccountDetails(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if a.PortalID != hubspottest.DefaultPortalID || a.TimeZone == "" || a.UIDomain == "" {
			t.Fatalf("account %+v", a)
		}
		ti, err := e.c.TokenInfo(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if ti.HubID != hubspottest.DefaultPortalID || len(ti.Scopes) != len(hubspottest.AllScopes) || ti.UserID == 0 {
			t.Fatalf("token info %+v", ti)
		}
	})
}

func TestRefusedTokenIsAuthAndNotRetried(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		const wrong = "pat-na1-11111111-2222-4333-8444-555555555555"
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{Token: wrong})
		_, err := e.c.AccountDetails(ctxT(t))
		if !IsAuth(err) {
			t.Fatalf("want auth error, got %v", err)
		}
		if !strings.Contains(err.Error(), "log in again with `hubcontacts login`") || strings.Contains(err.Error(), wrong) {
			t.Fatalf("text %q", err)
		}
		if n := len(e.srv.Requests()); n != 1 {
			t.Fatalf("a 401 must not be retried: %d requests", n)
		}
		var ae *Error
		if !errors.As(err, &ae) || ae.CorrelationID == "" {
			t.Fatal("correlation id must be kept")
		}
		_, err = e.c.TokenInfo(ctxT(t))
		if !IsAuth(err) || strings.Contains(fmt.Sprintf("%v %+v %#v", err, err, err), wrong) {
			t.Fatalf("token info with an unknown token: %v", err)
		}
	})
}

func TestServerErrorsRetriedForReads(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "GET /account-info"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault502, Match: "GET /account-info"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultReset, Match: "GET /account-info"})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultTruncate, Match: "GET /account-info"})
		if _, err := e.c.AccountDetails(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		reqs := e.requests("GET", "/account-info")
		if len(reqs) != 5 || reqs[4].Fault != hubspottest.FaultNone || reqs[4].Status != 200 {
			for _, r := range reqs {
				t.Logf("%d %s %s status=%d fault=%v", r.Seq, r.Method, r.Path, r.Status, r.Fault)
			}
			t.Fatalf("want 4 faults then success, got %d requests", len(reqs))
		}
		if e.waits.count(WaitRetry) < 3 || e.clock.Slept() <= 0 {
			t.Fatalf("backoff waits must be reported: %+v", e.waits.all())
		}
	})
}

func TestRetriesGiveUpAfterMaxRetries(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{MaxRetries: 2})
		for range 5 {
			e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault500, Match: "/account-info"})
		}
		_, err := e.c.AccountDetails(ctxT(t))
		var ae *Error
		if !errors.As(err, &ae) || ae.Status != 500 || ae.Attempts != 3 {
			t.Fatalf("want a 500 after 3 attempts, got %v", err)
		}
		if !strings.Contains(err.Error(), "server error (500) after 3 tries") {
			t.Fatal(err)
		}
		if n := len(e.srv.Requests()); n != 3 {
			t.Fatalf("%d requests", n)
		}
	})
}

func TestTimeoutPerAttemptThenRetry(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{Timeout: 100 * time.Millisecond})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDelay, Delay: 5 * time.Second, Match: "/account-info"})
		if _, err := e.c.AccountDetails(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		if n := len(e.requests("GET", "/account-info")); n != 2 {
			t.Fatalf("want the slow attempt and a retry, got %d", n)
		}

		e = newEnv(t, fam, hubspottest.Options{Empty: true}, Config{Timeout: 100 * time.Millisecond, MaxRetries: -1})
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultDelay, Delay: 5 * time.Second, Match: "/account-info"})
		_, err := e.c.AccountDetails(ctxT(t))
		var ae *Error
		if !errors.As(err, &ae) || ae.Category != CategoryTimeout || !strings.Contains(err.Error(), "did not answer within 100ms") {
			t.Fatalf("want a timeout, got %v", err)
		}
	})
}

func TestCancelledContext(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := e.c.AccountDetails(ctx)
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("want context.Canceled, got %v", err)
		}
		if len(e.srv.Requests()) != 0 {
			t.Fatal("a cancelled call must not be sent")
		}
	})
}

func TestTenSecondly429WaitsForWindowAndRetries(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429, Match: "/account-info"})
		if _, err := e.c.AccountDetails(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		var got *Wait
		for _, w := range e.waits.all() {
			if w.Reason == WaitRateLimit {
				got = &w
			}
		}
		if got == nil || got.Policy != PolicyTenSecondly || got.Duration != 10*time.Second || got.Attempt != 2 {
			t.Fatalf("want a 10 s wait for the window, got %+v", e.waits.all())
		}
		if got.String() != "waiting 10 s for HubSpot's rate limit" {
			t.Fatal(got.String())
		}

		// With Retry-After, the layer waits what HubSpot says: another client filled the window
		// 7 s ago, so its oldest request leaves in 3 s.
		e = newEnv(t, fam, hubspottest.Options{Empty: true, RetryAfter: true, RateLimit: hubspottest.RateLimit{Max: 3, Interval: 10 * time.Second}}, Config{})
		e.otherClientCalls(3)
		e.clock.Advance(7 * time.Second)
		if _, err := e.c.AccountDetails(ctxT(t)); err != nil {
			t.Fatal(err)
		}
		var ra []Wait
		for _, w := range e.waits.all() {
			if w.Reason == WaitRateLimit {
				ra = append(ra, w)
			}
		}
		if len(ra) != 1 || ra[0].Duration != 3*time.Second {
			t.Fatalf("want one 3 s wait from Retry-After, got %+v", ra)
		}
	})
}

func TestDaily429SurfacesAtOnce(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true, DailyLimit: 2}, Config{})
		ctx := ctxT(t)
		if _, err := e.c.AccountDetails(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.TokenInfo(ctx); err != nil { // /oauth calls count too
			t.Fatal(err)
		}
		before := len(e.srv.Requests())
		_, err := e.c.AccountDetails(ctx)
		policy, ok := IsRateLimited(err)
		if !ok || policy != PolicyDaily {
			t.Fatalf("want DAILY, got %v", err)
		}
		if n := len(e.srv.Requests()) - before; n != 1 {
			t.Fatalf("DAILY must not be retried: %d requests", n)
		}
		var ae *Error
		errors.As(err, &ae)
		if ae.ResetsAt.IsZero() || !strings.Contains(err.Error(), "daily limit; it resets at midnight in the portal's time zone (") {
			t.Fatalf("the reset time must be named once the portal's zone is known: %q", err)
		}
		// Without the portal's zone, HubSpot's Retry-After (when sent) still names the time.
		e2 := newEnv(t, fam, hubspottest.Options{Empty: true, DailyLimit: 1, RetryAfter: true}, Config{})
		_, _ = e2.c.TokenInfo(ctx)
		_, err2 := e2.c.TokenInfo(ctx)
		if ae2, ok := asError(err2); !ok || ae2.Policy != PolicyDaily || ae2.ResetsAt.IsZero() {
			t.Fatalf("daily with Retry-After: %v", err2)
		}
		loc, _ := time.LoadLocation("US/Eastern")
		if h, m, _ := ae.ResetsAt.In(loc).Clock(); h != 0 || m != 0 || !ae.ResetsAt.After(e.clock.Now()) {
			t.Fatalf("resets at %v", ae.ResetsAt)
		}
	})
}

// A burst of 300 calls from 4 goroutines against HubSpot's default 100 per 10 s: the limiter
// paces them so HubSpot never answers 429.
func TestBurstStaysUnderDefaultLimit(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		ctx := ctxT(t)
		var wg sync.WaitGroup
		var failed atomic.Int32
		jobs := make(chan int)
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range jobs {
					if _, err := e.c.AccountDetails(ctx); err != nil {
						failed.Add(1)
						t.Error(err)
					}
				}
			}()
		}
		for i := range 300 {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
		if failed.Load() != 0 {
			t.Fatal("calls failed")
		}
		if n := e.count429(); n != 0 {
			t.Fatalf("HubSpot answered 429 %d times", n)
		}
		if n := len(e.srv.Requests()); n != 300 {
			t.Fatalf("%d requests", n)
		}
		if e.waits.count(WaitPacing) == 0 {
			t.Fatal("pacing waits must be reported")
		}
		// 300 calls at ≤ 100 per 10 s need at least 20 s of (virtual) time.
		reqs := e.srv.Requests()
		if span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time); span < 20*time.Second || span > 45*time.Second {
			t.Fatalf("300 calls in %v: must be paced (≥ 20 s) without wasting the budget (≤ 45 s)", span)
		}
	})
}

// The limiter learns a smaller window from the headers and stays under it.
func TestLimiterLearnsWindowFromHeaders(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true, RateLimit: hubspottest.RateLimit{Max: 20, Interval: time.Second}}, Config{})
		ctx := ctxT(t)
		for range 100 {
			if _, err := e.c.AccountDetails(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count429(); n != 0 {
			t.Fatalf("%d 429s", n)
		}
		if w := e.c.limits.window(); w != time.Second {
			t.Fatalf("learned window %v", w)
		}
	})
}

// Another client spending the same app's budget: the Remaining header makes this one slow down.
func TestLimiterHonoursRemainingFromOthers(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true, RateLimit: hubspottest.RateLimit{Max: 40, Interval: 10 * time.Second}}, Config{})
		other, err := New(Config{BaseURL: e.srv.URL, Token: e.srv.Token, Clock: e.clock, APIVersion: e.fam.Version})
		if err != nil {
			t.Fatal(err)
		}
		ctx := ctxT(t)
		for range 120 {
			if _, err := e.c.AccountDetails(ctx); err != nil {
				t.Fatal(err)
			}
			if _, err := other.AccountDetails(ctx); err != nil {
				t.Fatal(err)
			}
		}
		if n := e.count429(); n != 0 {
			t.Fatalf("two clients sharing a budget: %d 429s", n)
		}
		// Sharing, not starving: 240 calls at under 4 per second in all.
		reqs := e.srv.Requests()
		if span := reqs[len(reqs)-1].Time.Sub(reqs[0].Time); span > 120*time.Second {
			t.Fatalf("240 calls took %v of the 40-per-10-s budget", span)
		}
	})
}

func TestResponseBodyCap(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{MaxResponseBytes: 64})
		_, err := e.c.AccountDetails(ctxT(t))
		var ae *Error
		if !errors.As(err, &ae) || ae.Category != CategoryTooLarge || !strings.Contains(err.Error(), "more than 64 bytes") {
			t.Fatalf("want too large, got %v", err)
		}
		if n := len(e.srv.Requests()); n != 1 {
			t.Fatalf("an oversized answer must not be retried: %d", n)
		}
	})
}

// The sandbox does not redirect, so a two-line server stands in for a HubSpot that does.
func TestRedirectToAnotherHostNeverCarriesToken(t *testing.T) {
	const token = "pat-na1-secret-token"
	var leaked atomic.Value
	leaked.Store("")
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked.Store(r.Header.Get("Authorization"))
		fmt.Fprint(w, `{"portalId":1}`)
	}))
	defer other.Close()
	var sameHostAuth atomic.Value
	sameHostAuth.Store("")
	var loops atomic.Int32
	home := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/account-info/v3/details":
			http.Redirect(w, r, other.URL+"/steal", http.StatusFound)
		case "/crm/v3/properties/contacts":
			http.Redirect(w, r, "/moved", http.StatusTemporaryRedirect)
		case "/moved":
			sameHostAuth.Store(r.Header.Get("Authorization"))
			fmt.Fprint(w, `{"results":[]}`)
		case "/crm/v3/objects/contacts/1":
			loops.Add(1)
			http.Redirect(w, r, "/crm/v3/objects/contacts/1", http.StatusFound)
		}
	}))
	defer home.Close()
	c, err := New(Config{BaseURL: home.URL, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AccountDetails(context.Background())
	var ae *Error
	if !errors.As(err, &ae) || ae.Category != CategoryRedirect || strings.Contains(err.Error(), token) {
		t.Fatalf("want a refused redirect, got %v", err)
	}
	if got := leaked.Load().(string); got != "" {
		t.Fatalf("the other host received %q", got)
	}
	// A redirect within the configured host is followed, with the token.
	if _, err := c.Properties(context.Background(), "contacts"); err != nil {
		t.Fatal(err)
	}
	if got := sameHostAuth.Load().(string); got != "Bearer "+token {
		t.Fatalf("same-host redirect carried %q", got)
	}
	// A redirect loop within the host stops at the fifth redirect, as http.Client's would.
	_, err = c.GetContact(context.Background(), "1", GetOptions{})
	if !errors.As(err, &ae) || ae.Category != CategoryRedirect || !strings.Contains(err.Error(), "too many redirects") || loops.Load() != 5 {
		t.Fatalf("redirect loop: %v after %d requests", err, loops.Load())
	}
	// Even a transport used directly adds the token only for the configured host.
	at := c.auth
	req, _ := http.NewRequest("GET", other.URL+"/direct", nil)
	resp, err := at.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := leaked.Load().(string); got != "" {
		t.Fatalf("direct request to another host carried %q", got)
	}
}

func TestDebugLogNeverHoldsToken(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		var buf bytes.Buffer
		logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
		e := newEnv(t, fam, hubspottest.Options{Empty: true}, Config{Logger: logger})
		ctx := ctxT(t)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503})
		if _, err := e.c.AccountDetails(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := e.c.TokenInfo(ctx); err != nil {
			t.Fatal(err)
		}
		logger.Debug("client", "client", *e.c.token, "cfg", fmt.Sprintf("%+v", e.c))
		out := buf.String()
		if !strings.Contains(out, "hubspot request") || !strings.Contains(out, "status=503") {
			t.Fatalf("log lacks requests:\n%s", out)
		}
		if strings.Contains(out, e.srv.Token) {
			t.Fatalf("token in the log:\n%s", out)
		}
	})
}

// The sandbox cannot answer 423 (its 5xx faults are 500/502/503/504), so the retry plan for a
// locked record is checked directly: retried even for a create (HubSpot did not act), after at
// least 2 s.
func TestPlanForLockedAndRateLimited(t *testing.T) {
	c, err := New(Config{Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	var failures, limited int
	create := call{method: "POST", path: "/crm/v3/objects/contacts"}
	w, retry := c.plan(create, &Error{Status: 423}, 1, &failures, &limited)
	if !retry || w.Reason != WaitLocked || w.Duration < 2*time.Second {
		t.Fatalf("423: %+v %v", w, retry)
	}
	w, retry = c.plan(create, &Error{Status: 429, Policy: PolicySecondly}, 2, &failures, &limited)
	if !retry || w.Duration != time.Second || w.Policy != PolicySecondly {
		t.Fatalf("secondly: %+v %v", w, retry)
	}
	if _, retry = c.plan(create, &Error{Status: 429, Policy: PolicyDaily}, 3, &failures, &limited); retry {
		t.Fatal("DAILY must not be retried")
	}
	e := &Error{Status: 503}
	if _, retry = c.plan(create, e, 3, &failures, &limited); retry || !e.ambiguous {
		t.Fatal("a create answered 503 is ambiguous and not re-sent by the transport layer")
	}
	for _, st := range []int{400, 404, 409} {
		if _, retry = c.plan(call{method: "GET", idempotent: true}, &Error{Status: st}, 1, &failures, &limited); retry {
			t.Fatalf("%d must not be retried", st)
		}
	}
}

// Under Once, a call that gets no answer fails at once, without the retries' waits; an answer
// (a 5xx) is retried as always.
func TestOnceDoesNotRetryWhatGotNoAnswer(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := emptyEnv(t, fam)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultReset, Match: "GET /account-info"})
		_, err := e.c.AccountDetails(Once(ctxT(t)))
		var ae *Error
		if !errors.As(err, &ae) || ae.Category != CategoryNetwork || ae.Attempts != 1 {
			t.Fatalf("want a network error after one attempt, got %#v", err)
		}
		if n := e.waits.count(WaitRetry); n != 0 || e.clock.Slept() != 0 {
			t.Fatalf("no retry waits under Once: %d, slept %v", n, e.clock.Slept())
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault503, Match: "GET /account-info"})
		if _, err := e.c.AccountDetails(Once(ctxT(t))); err != nil {
			t.Fatalf("a 5xx is an answer, retried: %v", err)
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.FaultReset, Match: "GET /account-info"})
		if _, err := e.c.AccountDetails(ctxT(t)); err != nil {
			t.Fatalf("without Once, retried: %v", err)
		}
	})
}

// A client keeps its connections open for the requests it has in flight together (an import
// has up to the whole window, 100 at HubSpot's lowest): net/http's default keeps 2 a host, so the others were
// closed after each answer and opened again, each a TCP and, at HubSpot, a TLS handshake.
func TestConcurrentRequestsReuseTheirConnections(t *testing.T) {
	var opened atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","properties":{"email":"a@example.com"},"createdAt":"2024-01-01T00:00:00Z","updatedAt":"2024-01-01T00:00:00Z","archived":false}`)
	}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	const inFlight, rounds = 10, 9 // 90 requests: within the window a client assumes before it learns one
	for range rounds {
		var wg sync.WaitGroup
		for range inFlight {
			wg.Go(func() {
				if _, err := c.GetContact(context.Background(), "1", GetOptions{}); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if n := opened.Load(); n > 2*inFlight {
		t.Fatalf("%d connections opened for %d rounds of %d requests at once: they are not kept", n, rounds, inFlight)
	}
}
