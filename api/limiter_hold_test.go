package api

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hubcontacts/hubcontacts/api/hubspottest"
	"github.com/hubcontacts/hubcontacts/internal/families"
)

// blockingClock stands still: a sleep lasts until its context ends (then it has not slept), and
// each sleep says so on sleeping as it begins. A sleep nothing ends gives up after a while, as
// if it had slept in full, and is counted in full: the test then fails on it.
type blockingClock struct {
	mu       sync.Mutex
	now      time.Time
	full     int
	sleeping chan time.Duration
}

func (c *blockingClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *blockingClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeping <- d
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(10 * time.Second):
		c.mu.Lock()
		defer c.mu.Unlock()
		c.full++
		c.now = c.now.Add(d)
		return nil
	}
}

func (c *blockingClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// answer is a 200's rate-limit headers with remaining places in a 100-per-10-s window.
func answer(remaining int) *result {
	h := http.Header{}
	h.Set("X-HubSpot-RateLimit-Max", "100")
	h.Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
	h.Set("X-HubSpot-RateLimit-Remaining", strconv.Itoa(remaining))
	return &result{status: 200, header: h}
}

// A 429 reporting the window used up holds every request, the refused one too. An answer to a
// request sent no earlier than the refused one that shows room ends the hold, and every request
// waiting it out goes at once (the refused one retried, another that came meanwhile), not after
// the hold they were told. It fails with either wake-up removed (the refused one's wait in
// Client.do, acquire's) or with the send-order rule removed (tried).
func TestAnswerWithRoomWakesTheRequestsWaitingOutA429(t *testing.T) {
	families.Run(t, func(t *testing.T, fam families.Family) {
		start := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
		clock := &blockingClock{now: start, sleeping: make(chan time.Duration, 8)}
		e := newEnv(t, fam, hubspottest.Options{Empty: true, DailyLimit: -1, Clock: clock.Now,
			RateLimit: hubspottest.RateLimit{Max: 100, Interval: 10 * time.Second}}, Config{Clock: clock})
		l := e.c.limits
		never := func(context.Context, Wait) error { t.Fatal("no wait expected"); return nil }
		same, err := l.acquire(context.Background(), false, never) // in flight, sent with the refused one
		if err != nil {
			t.Fatal(err)
		}

		e.srv.InjectNext(hubspottest.Fault{Kind: hubspottest.Fault429})
		done := make(chan error, 2)
		go func() { _, err := e.c.AccountDetails(ctxT(t)); done <- err }()
		if d := <-clock.sleeping; d < 9*time.Second {
			t.Fatalf("the 429's wait is %v, want the window's hold", d)
		}
		go func() { _, err := e.c.AccountDetails(ctxT(t)); done <- err }() // comes during the hold
		<-clock.sleeping

		l.release(same, answer(97), nil)
		if l.held() != 0 {
			t.Fatal("an answer with room to a request sent with the refused one did not end the hold")
		}
		for range 2 {
			if err := <-done; err != nil {
				t.Fatal(err)
			}
		}
		if clock.full != 0 || clock.Now() != start {
			t.Fatalf("%d waits ran their whole length; the clock moved to %v", clock.full, clock.Now())
		}
		if n := e.count429(); n != 1 {
			t.Fatalf("%d 429s: only the injected one may happen", n)
		}
	})
}

// An answer with room to a request sent before the refused one, arriving after the 429, may
// tell of the window before it or after: it neither ends the hold nor lowers the others' share
// the 429 showed, but lets exactly one request go at once, whose answer settles it (room: the
// hold ends). A second such answer in the same hold lets none go: the others' share the 429
// showed keeps them. It fails with the early request removed (the next one waits the hold) or
// with the earlier answer lowering the others' share (tried).
func TestAnswerOfUnknownOrderAfterA429LetsOneRequestSettleIt(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	clock := &blockingClock{now: now, sleeping: make(chan time.Duration, 8)}
	l := newLimiter(clock, 4)
	never := func(context.Context, Wait) error { t.Fatal("no wait expected"); return nil }
	var waits []Wait
	// waiting records a wait and gives up on it; acquire then fails with context.Canceled.
	waiting := func() (context.Context, func(context.Context, Wait) error) {
		ctx, cancel := context.WithCancel(context.Background())
		return ctx, func(_ context.Context, w Wait) error { waits = append(waits, w); cancel(); return ctx.Err() }
	}
	take := func() slot {
		t.Helper()
		s, err := l.acquire(context.Background(), false, never)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before1, before2 := take(), take()
	clock.advance(time.Millisecond)
	refusedSlot := take()
	clock.advance(time.Millisecond)
	full := answer(0)
	l.release(refusedSlot, full, &Error{Status: http.StatusTooManyRequests, Policy: PolicyTenSecondly})
	if l.held() < 9*time.Second {
		t.Fatalf("the 429 held %v, want about a window", l.held())
	}

	l.release(before1, answer(95), nil)
	if l.held() == 0 {
		t.Fatal("an answer to a request sent before the 429 ended the hold")
	}
	l.mu.Lock()
	others := l.others
	l.mu.Unlock()
	if others < 90 {
		t.Fatalf("an answer to a request sent before the 429 lowered the others' share it showed to %d", others)
	}
	probe := take() // goes at once
	ctx, record := waiting()
	if _, err := l.acquire(ctx, false, record); err != context.Canceled || len(waits) != 1 || waits[0].Duration < 9*time.Second {
		t.Fatalf("a second request during the hold: %v %+v, want the hold", err, waits)
	}
	l.release(before2, answer(94), nil)
	waits = nil
	ctx, record = waiting()
	if _, err := l.acquire(ctx, false, record); err != context.Canceled || len(waits) != 1 {
		t.Fatalf("a second answer of unknown order let another request go (%v %+v)", err, waits)
	}

	clock.advance(20 * time.Millisecond)
	l.release(probe, answer(96), nil)
	if l.held() != 0 {
		t.Fatal("the early request's answer with room did not end the hold")
	}
	take()
	take()
}
