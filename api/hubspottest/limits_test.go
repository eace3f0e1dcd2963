package hubspottest_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
)

const (
	limPath        = "/crm/v3/objects/contacts"
	limSearch      = "/crm/v3/objects/contacts/search"
	tenSecondly429 = `{"status":"error","message":"You have reached your ten_secondly_rolling limit.","errorType":"RATE_LIMIT",` +
		`"correlationId":"ID","policyName":"TEN_SECONDLY_ROLLING","groupName":"publicapi:private-app-api-calls-ten-secondly:12345678"}` + "\n"
	secondly429 = `{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT",` +
		`"correlationId":"ID","policyName":"SECONDLY","groupName":"publicapi:crm-search-api-calls-secondly:12345678"}` + "\n"
	daily429 = `{"status":"error","message":"You have reached your daily limit.","errorType":"RATE_LIMIT",` +
		`"correlationId":"ID","policyName":"DAILY","requestId":"ID"}` + "\n"
)

var rateHeaders = []string{"X-HubSpot-RateLimit-Max", "X-HubSpot-RateLimit-Remaining",
	"X-HubSpot-RateLimit-Interval-Milliseconds", "X-HubSpot-RateLimit-Daily", "X-HubSpot-RateLimit-Daily-Remaining",
	"X-HubSpot-RateLimit-Secondly", "X-HubSpot-RateLimit-Secondly-Remaining"}

// wantHeaders checks the rate-limit headers against want (a missing key must be absent).
func wantHeaders(t *testing.T, r limReply, want map[string]string) {
	t.Helper()
	for _, h := range rateHeaders {
		if got, exp := r.header.Get(h), want[h]; got != exp {
			t.Errorf("%s = %q, want %q", h, got, exp)
		}
	}
}

func TestRateLimitHeadersCountDown(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{})
	c := limClient(t)
	for i := 1; i <= 3; i++ {
		r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
		wantHeaders(t, r, map[string]string{
			"X-HubSpot-RateLimit-Max": "100", "X-HubSpot-RateLimit-Remaining": strconv.Itoa(100 - i),
			"X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
			"X-HubSpot-RateLimit-Daily":                 "250000", "X-HubSpot-RateLimit-Daily-Remaining": strconv.Itoa(250000 - i),
			"X-HubSpot-RateLimit-Secondly": "10", "X-HubSpot-RateLimit-Secondly-Remaining": strconv.Itoa(10 - i),
		})
	}
}

func TestRateLimitOAuthSendsNoDailyHeaders(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{OAuth: true, RateLimit: hubspottest.RateLimit{Max: 110}})
	r := limDo(t, limClient(t), srv, srv.Token, "GET", limPath, "").must(t)
	wantHeaders(t, r, map[string]string{
		"X-HubSpot-RateLimit-Max": "110", "X-HubSpot-RateLimit-Remaining": "109",
		"X-HubSpot-RateLimit-Interval-Milliseconds": "10000",
		"X-HubSpot-RateLimit-Secondly":              "11", "X-HubSpot-RateLimit-Secondly-Remaining": "10",
	})
}

func TestTenSecondlyLimitAnswers429WithHubSpotsBody(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{})
	c := limClient(t)
	for i := 0; i < 100; i++ {
		if r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t); r.status == http.StatusTooManyRequests {
			t.Fatalf("request %d was refused: %s", i+1, r.body)
		}
	}
	r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("101st request: status %d, want 429", r.status)
	}
	if got := withoutIDs(t, r.body); got != tenSecondly429 {
		t.Errorf("429 body\n got %s\nwant %s", got, tenSecondly429)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if r.header.Get("X-HubSpot-RateLimit-Remaining") != "0" || r.header.Get("X-HubSpot-RateLimit-Max") != "100" {
		t.Errorf("429 headers: %v", r.header)
	}
	if ra := r.header.Get("Retry-After"); ra != "" {
		t.Errorf("Retry-After %q sent though Options.RetryAfter is off", ra)
	}
	clock.Advance(10 * time.Second)
	if r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t); r.status == http.StatusTooManyRequests ||
		r.header.Get("X-HubSpot-RateLimit-Remaining") != "99" {
		t.Errorf("after the window: status %d remaining %s", r.status, r.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
}

// The window rolls: requests leave it one interval after they were made, not all at once.
func TestTenSecondlyWindowRolls(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: 4, Interval: 10 * time.Second}})
	c := limClient(t)
	get := func() limReply { return limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t) }
	get() // t=0
	clock.Advance(4 * time.Second)
	get() // t=4
	get() // t=4
	clock.Advance(2 * time.Second)
	if r := get(); r.header.Get("X-HubSpot-RateLimit-Remaining") != "0" { // t=6: full
		t.Fatalf("remaining %s, want 0", r.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	if r := get(); r.status != http.StatusTooManyRequests {
		t.Fatalf("5th request in the window: status %d", r.status)
	}
	clock.Advance(4 * time.Second) // t=10: the t=0 request has left
	if r := get(); r.status == http.StatusTooManyRequests || r.header.Get("X-HubSpot-RateLimit-Remaining") != "0" {
		t.Fatalf("t=10: status %d remaining %s", r.status, r.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	if r := get(); r.status != http.StatusTooManyRequests {
		t.Fatalf("t=10 second request: status %d", r.status)
	}
	clock.Advance(4 * time.Second) // t=14: both t=4 requests have left
	if r := get(); r.header.Get("X-HubSpot-RateLimit-Remaining") != "1" {
		t.Fatalf("t=14: remaining %s, want 1", r.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
}

func TestTenSecondlyLimitIsPerToken(t *testing.T) {
	a, b := "pat-na1-aaaaaaaa-0000-4000-8000-000000000001", "pat-na1-bbbbbbbb-0000-4000-8000-000000000002"
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{
		Tokens:    map[string][]string{a: hubspottest.AllScopes, b: hubspottest.AllScopes},
		RateLimit: hubspottest.RateLimit{Max: 2, Interval: time.Second}})
	c := limClient(t)
	limDo(t, c, srv, a, "GET", limPath, "").must(t)
	limDo(t, c, srv, a, "GET", limPath, "").must(t)
	if r := limDo(t, c, srv, a, "GET", limPath, "").must(t); r.status != http.StatusTooManyRequests {
		t.Fatalf("token a, 3rd request: status %d", r.status)
	}
	r := limDo(t, c, srv, b, "GET", limPath, "").must(t)
	if r.status == http.StatusTooManyRequests || r.header.Get("X-HubSpot-RateLimit-Remaining") != "1" {
		t.Fatalf("token b shares a's window: status %d remaining %s", r.status, r.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	// The daily count is the portal's: both tokens' admitted calls are in it.
	if got := r.header.Get("X-HubSpot-RateLimit-Daily-Remaining"); got != "249997" {
		t.Errorf("daily remaining %s, want 249997", got)
	}
}

func TestSearchHasItsOwnSecondlyLimitAndNoHeaders(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{})
	c := limClient(t)
	paths := []string{limSearch, "/crm/objects/2026-03/contacts/search", "/crm/v3/objects/companies/search",
		"/crm/objects/2026-09/deals/search", limSearch}
	for i, p := range paths {
		r := limDo(t, c, srv, srv.Token, "POST", p, "{}").must(t)
		if r.status == http.StatusTooManyRequests {
			t.Fatalf("search %d (%s) refused: %s", i+1, p, r.body)
		}
		wantHeaders(t, r, nil)
	}
	r := limDo(t, c, srv, srv.Token, "POST", "/crm/objects/2026-03/contacts/search", "{}").must(t)
	if r.status != http.StatusTooManyRequests {
		t.Fatalf("6th search in a second: status %d", r.status)
	}
	if got := withoutIDs(t, r.body); got != secondly429 {
		t.Errorf("search 429 body\n got %s\nwant %s", got, secondly429)
	}
	wantHeaders(t, r, nil)
	// Searches do not spend the ten-secondly window.
	g := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
	if g.header.Get("X-HubSpot-RateLimit-Remaining") != "99" {
		t.Errorf("after 5 searches, remaining %s, want 99", g.header.Get("X-HubSpot-RateLimit-Remaining"))
	}
	// ...but they count against the day: 5 searches and this GET.
	if g.header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "249994" {
		t.Errorf("daily remaining %s, want 249994", g.header.Get("X-HubSpot-RateLimit-Daily-Remaining"))
	}
	clock.Advance(time.Second)
	if r := limDo(t, c, srv, srv.Token, "POST", limSearch, "{}").must(t); r.status == http.StatusTooManyRequests {
		t.Errorf("a second later, search still refused")
	}
}

// A GET on a path ending in /search, or a search path with extra segments, is not a search.
func TestOnlyPostSearchIsSearch(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{})
	c := limClient(t)
	for _, p := range []string{"GET " + limSearch, "POST /crm/v3/objects/contacts/search/x", "POST /crm/objects/v9/contacts/search"} {
		var method, path string
		fmt.Sscan(p, &method, &path)
		r := limDo(t, c, srv, srv.Token, method, path, "").must(t)
		if r.header.Get("X-HubSpot-RateLimit-Max") == "" {
			t.Errorf("%s: no rate-limit headers, so it was taken for a search", p)
		}
	}
}

func TestSearchLimitIsConfigurable(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{SearchPerSecond: -1})
	c := limClient(t)
	for i := 0; i < 20; i++ {
		if r := limDo(t, c, srv, srv.Token, "POST", limSearch, "{}").must(t); r.status == http.StatusTooManyRequests {
			t.Fatalf("search %d refused with the limit off", i+1)
		}
	}
}

func TestRateLimitOff(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: -1}})
	c := limClient(t)
	var r limReply
	for i := 0; i < 150; i++ {
		if r = limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t); r.status == http.StatusTooManyRequests {
			t.Fatalf("request %d refused with the limit off", i+1)
		}
	}
	wantHeaders(t, r, map[string]string{"X-HubSpot-RateLimit-Daily": "250000", "X-HubSpot-RateLimit-Daily-Remaining": "249850"})
}

func TestDailyLimitResetsAtPortalMidnight(t *testing.T) {
	// 23:58 in New York (EDT, UTC-4) is 03:58 UTC: UTC midnight has passed, the portal's has not.
	clock := newLimClock(time.Date(2026, 5, 5, 3, 58, 0, 0, time.UTC))
	srv := limServer(t, clock, hubspottest.Options{DailyLimit: 3, TimeZone: "America/New_York"})
	c := limClient(t)
	for i := 1; i <= 3; i++ {
		r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
		if r.status == http.StatusTooManyRequests || r.header.Get("X-HubSpot-RateLimit-Daily-Remaining") != strconv.Itoa(3-i) {
			t.Fatalf("call %d: status %d, daily remaining %s", i, r.status, r.header.Get("X-HubSpot-RateLimit-Daily-Remaining"))
		}
	}
	for _, call := range [][2]string{{"GET", limPath}, {"POST", limSearch}} {
		r := limDo(t, c, srv, srv.Token, call[0], call[1], "{}").must(t)
		if r.status != http.StatusTooManyRequests {
			t.Fatalf("%s over the daily limit: status %d", call[1], r.status)
		}
		if got := withoutIDs(t, r.body); got != daily429 {
			t.Errorf("daily 429 body\n got %s\nwant %s", got, daily429)
		}
	}
	clock.Advance(time.Minute) // 23:59 local
	if r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t); r.status != http.StatusTooManyRequests {
		t.Fatalf("before local midnight: status %d", r.status)
	}
	clock.Advance(time.Minute) // 00:00 local
	r := limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
	if r.status == http.StatusTooManyRequests || r.header.Get("X-HubSpot-RateLimit-Daily-Remaining") != "2" {
		t.Fatalf("after local midnight: status %d, daily remaining %s", r.status, r.header.Get("X-HubSpot-RateLimit-Daily-Remaining"))
	}
}

func TestRetryAfterWhenAsked(t *testing.T) {
	clock := newLimClock(limStart)
	srv := limServer(t, clock, hubspottest.Options{RetryAfter: true, DailyLimit: 8, TimeZone: "UTC",
		RateLimit: hubspottest.RateLimit{Max: 2, Interval: 10 * time.Second}})
	c := limClient(t)
	get := func() limReply { return limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t) }
	get()
	clock.Advance(3500 * time.Millisecond)
	get()
	if r := get(); r.status != 429 || r.header.Get("Retry-After") != "7" { // the first leaves in 6.5 s
		t.Errorf("ten-secondly: status %d Retry-After %q, want 429 and 7", r.status, r.header.Get("Retry-After"))
	}
	for i := 0; i < 5; i++ {
		limDo(t, c, srv, srv.Token, "POST", limSearch, "{}").must(t)
	}
	if r := limDo(t, c, srv, srv.Token, "POST", limSearch, "{}").must(t); r.header.Get("Retry-After") != "1" {
		t.Errorf("search: status %d Retry-After %q, want 1", r.status, r.header.Get("Retry-After"))
	}
	clock.Advance(20 * time.Second)
	limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t) // 2 gets, 5 searches and this: 8 of 8
	// limStart+23.5 s is 12:00:23.5 UTC: 11 h 59 min 36.5 s to midnight.
	if r := get(); r.status != 429 || r.header.Get("Retry-After") != strconv.Itoa(12*3600-23) {
		t.Errorf("daily: status %d Retry-After %q, want %d (%s)", r.status, r.header.Get("Retry-After"), 12*3600-23, r.body)
	}
}

// The usage the limiter counts is the usage the api-usage endpoint must report.
func TestDailyUsageCountsAdmittedCalls(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{RateLimit: hubspottest.RateLimit{Max: 2}})
	c := limClient(t)
	for i := 0; i < 4; i++ {
		limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
	}
	used, limit := hubspottest.DailyUsageForTest(srv.Sandbox)
	if used != 2 || limit != 250000 {
		t.Errorf("daily usage %d of %d, want 2 of 250000 (the two 429s do not count)", used, limit)
	}
}

// The api-usage endpoint reports the limiter's count, the usage call itself included.
func TestAPIUsageEndpointReportsTheDailyCount(t *testing.T) {
	srv := limServer(t, newLimClock(limStart), hubspottest.Options{DailyLimit: 1000})
	c := limClient(t)
	for i := 0; i < 3; i++ {
		limDo(t, c, srv, srv.Token, "GET", limPath, "").must(t)
	}
	limDo(t, c, srv, srv.Token, "POST", limSearch, "{}").must(t)
	r := limDo(t, c, srv, srv.Token, "GET", "/account-info/v3/api-usage/daily/private-apps", "").must(t)
	if !strings.Contains(r.body, `"currentUsage":5,`) || !strings.Contains(r.body, `"usageLimit":1000,`) {
		t.Errorf("usage %s, want currentUsage 5 of 1000", r.body)
	}
}
