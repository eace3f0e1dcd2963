package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// held is how long the hold after a 429 still lasts (hold without its channel).
func (l *limiter) held() time.Duration {
	d, _ := l.hold()
	return d
}

// window returns the learned rolling window's length.
func (l *limiter) window() time.Duration {
	_, iv := l.rateWindow()
	return iv
}

// windowEnv is a sandbox with HubSpot's lowest window (100 per 10 s) and a client on a fake
// clock; the calls below run one at a time, so virtual time is exact.
func windowEnv(t *testing.T, fam families.Family) *env {
	return newEnv(t, fam, hubspottest.Options{Empty: true, DailyLimit: -1,
		RateLimit: hubspottest.RateLimit{Max: 100, Interval: 10 * time.Second}}, Config{})
}

func (e *env) calls(n int) {
	e.t.Helper()
	for range n {
		if _, err := e.c.AccountDetails(ctxT(e.t)); err != nil {
			e.t.Fatal(err)
		}
	}
}

// arrivals returns when each request reached the sandbox, from the first.
func (e *env) arrivals() []time.Duration {
	reqs := e.srv.Requests()
	out := make([]time.Duration, len(reqs))
	for i, r := range reqs {
		out[i] = r.Time.Sub(reqs[0].Time)
	}
	return out
}

// The physical limit: from an empty window the k-th request goes floor(k/100) windows after
// the first (plus the limiter's 20 ms margin per window), never later and never a 429.
func TestLimiterSendsAtTheWindowsPhysicalLimit(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := windowEnv(t, fam)
		e.calls(250)
		const step = 10*time.Second + 20*time.Millisecond
		for k, at := range e.arrivals() {
			if want := time.Duration(k/100) * step; at != want {
				t.Fatalf("request %d went at %v, want %v", k, at, want)
			}
		}
		if n := e.count429(); n != 0 {
			t.Fatalf("%d 429s", n)
		}
	})
}

// A 429 that reports the window used up (Remaining 0, no Retry-After: HubSpot when another
// client filled it, or the sandbox's injected 429) costs at most one window: the limiter waits
// until the window certainly has room, then goes on at full pace, with no other 429.
func TestTenSecondly429CostsAtMostOneWindow(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		clean := windowEnv(t, fam)
		clean.calls(150)
		cleanSpan := clean.arrivals()[149]

		e := windowEnv(t, fam)
		e.calls(30)
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429})
		e.calls(120)
		got := e.arrivals()
		if n := e.count429(); n != 1 {
			t.Fatalf("%d 429s: only the injected one may happen", n)
		}
		var longest time.Duration
		for _, w := range e.waits.all() {
			longest = max(longest, w.Duration)
		}
		if longest > 10*time.Second {
			t.Fatalf("a wait of %v: longer than the window", longest)
		}
		if span := got[len(got)-1]; span-cleanSpan > 10*time.Second {
			t.Fatalf("150 calls took %v with the 429, %v without: it cost more than one window", span, cleanSpan)
		}
		// Full pace after the wait: the other 69 places of the window go at once.
		resumed := got[31]
		for k := 31; k < 31+69; k++ {
			if got[k] != resumed {
				t.Fatalf("request %d went at %v, %v after the first one after the wait", k, got[k], got[k]-resumed)
			}
		}

		// In the steady state, the window full of our requests spread over it, the same 429
		// costs only until the oldest of ours leaves (100 ms here), not a window.
		e = windowEnv(t, fam)
		for range 100 {
			e.calls(1)
			e.clock.Advance(100 * time.Millisecond)
		}
		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429})
		before := e.clock.Slept()
		e.calls(1)
		if cost := e.clock.Slept() - before; cost > 150*time.Millisecond || e.count429() != 1 {
			t.Fatalf("a 429 in the steady state cost %v (%d 429s)", cost, e.count429())
		}
	})
}

// Another client of the same app has spent 40 of the window: HubSpot's Remaining shows it, the
// limiter leaves those 40 and a little more to it, meets no 429, and its waits say why.
func TestLimiterLeavesRoomToOtherClients(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		e := windowEnv(t, fam)
		e.otherClientCalls(40)
		e.calls(100)
		if n := e.count429(); n != 0 {
			t.Fatalf("%d 429s", n)
		}
		var shared *Wait
		for _, w := range e.waits.all() {
			if w.Others > 0 {
				shared = &w
				break
			}
		}
		if shared == nil || shared.Others != 40 || shared.Max != 100 {
			t.Fatalf("no wait names the other client's share: %+v", e.waits.all())
		}
		if s := shared.String(); !strings.Contains(s, "waiting 10 s for HubSpot's rate limit (another app is using 40 of the 100)") {
			t.Fatal(s)
		}
		// It kept 40 + 5 places for the other, then went on once the other's requests left.
		got := e.arrivals()[40:]
		if got[54] != got[0] || got[55] < 10*time.Second {
			t.Fatalf("ours went at %v", got[50:60])
		}
	})
}

// The latest word from HubSpot decides: a 429 saying the window is full holds every request,
// but an answer arriving after it that shows room (a request that was in flight meanwhile)
// ends the hold at once, so a lone 429 in the middle of a burst does not cost the rest of the
// window.
func TestLaterAnswerWithRoomEndsTheHold(t *testing.T) {
	clock := newFakeClock()
	l := newLimiter(clock, DefaultSearchPerSecond)
	header := func(remaining int) http.Header {
		h := http.Header{}
		h.Set("X-HubSpot-RateLimit-Max", "100")
		h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
		h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(remaining))
		return h
	}
	wait := func(context.Context, Wait) error { t.Fatal("no wait expected"); return nil }
	var places []slot
	for range 12 {
		p, err := l.acquire(context.Background(), false, wait)
		if err != nil {
			t.Fatal(err)
		}
		places = append(places, p)
	}
	for i, p := range places[:10] {
		l.release(p, &result{status: 200, header: header(99 - i)}, nil)
	}
	l.release(places[10], &result{status: 429, header: header(0)}, &Error{Status: 429, Policy: PolicyTenSecondly})
	if d := l.held(); d != 10*time.Second {
		t.Fatalf("after the 429: hold %v, want one window", d)
	}
	l.release(places[11], &result{status: 200, header: header(88)}, nil)
	if d := l.held(); d != 0 {
		t.Fatalf("an answer with room after the 429 must end the hold; %v left", d)
	}
	if _, err := l.acquire(context.Background(), false, wait); err != nil {
		t.Fatal(err)
	}
}
