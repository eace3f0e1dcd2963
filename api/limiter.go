package api

import (
	"context"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps the client under HubSpot's limits: a token bucket for the portal's rolling
// window (learned from the X-HubSpot-RateLimit-* headers; 100 per 10 s until told otherwise,
// the lowest tier) and a separate per-second bucket for search, which HubSpot exempts from the
// rolling window and limits on its own.
//
// The general bucket is sized so that burst + rate×window stays below the portal's Max with a
// margin: in any window no more than ~95% of Max requests leave this client, which leaves room
// for requests already in flight and for other clients of the same app.
type limiter struct {
	clock   Clock
	general *rate.Limiter
	search  *rate.Limiter

	mu       sync.Mutex
	max      int
	interval time.Duration
	// sent holds this client's admissions to the general bucket within the last interval, so
	// the portal's count (Max - Remaining) can be split into ours and other clients'.
	sent []time.Time
	// others is the other clients' share of the window last observed.
	others int
}

const (
	defaultWindowMax = 100
	defaultWindow    = 10 * time.Second
	// remainingSlack is how many requests of the portal's remaining budget the limiter leaves
	// unused when it learns that budget from a response (others may be in flight).
	remainingSlack = 2
)

func newLimiter(clock Clock, searchPerSecond float64) *limiter {
	l := &limiter{clock: clock, max: defaultWindowMax, interval: defaultWindow}
	r, b := bucketFor(defaultWindowMax, 0, defaultWindow)
	l.general = rate.NewLimiter(r, b)
	l.search = rate.NewLimiter(rate.Limit(searchPerSecond), 1)
	return l
}

// bucketFor sizes a token bucket for a rolling window of max requests per interval, of which
// other clients of the same app use others.
func bucketFor(max, others int, interval time.Duration) (rate.Limit, int) {
	// A small burst (4 of 100) keeps a detail's few parallel reads immediate while leaving
	// almost the whole window to the steady rate: a long import then runs at about 91% of the
	// portal's ceiling, and burst + rate×window (95 of 100) still never reaches Max.
	burst := max / 25
	if burst < 1 {
		burst = 1
	}
	budget := float64(max)*0.97 - float64(burst) - remainingSlack
	if others > 0 {
		// Leave the others what they used, and room for a burst of theirs (a tenth of the
		// window: their client may burst more than ours does).
		budget -= float64(others + max/10)
	}
	if budget < 1 {
		budget = 1
	}
	return rate.Limit(budget / interval.Seconds()), burst
}

// acquire blocks until the request may be sent, reporting each pause through wait. It only
// lets a request go when a token is available at that moment, so requests never bunch up
// behind a sleeping reservation, whatever the clock does.
func (l *limiter) acquire(ctx context.Context, search bool, wait func(context.Context, Wait) error) error {
	lim := l.general
	if search {
		lim = l.search
	}
	for {
		now := l.clock.Now()
		if lim.AllowN(now, 1) {
			if !search {
				l.record(now)
			}
			return nil
		}
		missing := 1 - lim.TokensAt(now)
		d := time.Duration(missing / float64(lim.Limit()) * float64(time.Second))
		if d < time.Millisecond {
			d = time.Millisecond
		}
		if err := wait(ctx, Wait{Reason: WaitPacing, Duration: d}); err != nil {
			return err
		}
	}
}

// record notes one admission to the general bucket.
func (l *limiter) record(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sent = append(l.pruneSent(now), now)
}

// pruneSent drops admissions older than the window (l.mu held).
func (l *limiter) pruneSent(now time.Time) []time.Time {
	cut := now.Add(-l.interval)
	i := 0
	for i < len(l.sent) && !l.sent[i].After(cut) {
		i++
	}
	return l.sent[i:]
}

// observe learns from a response's rate-limit headers: the window (Max per Interval), how much
// of it is left, and so how much other clients of the same app are using (the portal's count
// minus this client's own). The bucket's rate leaves room for the others, and the bucket never
// holds more than what is left. Search responses carry none of these headers.
func (l *limiter) observe(h http.Header) {
	max, okMax := headerInt(h, "X-HubSpot-RateLimit-Max")
	ms, okIv := headerInt(h, "X-HubSpot-RateLimit-Interval-Milliseconds")
	rem, okRem := headerInt(h, "X-HubSpot-RateLimit-Remaining")
	now := l.clock.Now()
	l.mu.Lock()
	if okMax && okIv && max > 0 && ms > 0 {
		l.max, l.interval = max, time.Duration(ms)*time.Millisecond
	}
	others := l.others
	if okRem {
		l.sent = l.pruneSent(now)
		others = max2i(0, l.max-rem-len(l.sent))
	}
	if others != l.others || okMax && okIv {
		l.others = others
		r, b := bucketFor(l.max, others, l.interval)
		l.general.SetLimitAt(now, r)
		l.general.SetBurstAt(now, b)
	}
	l.mu.Unlock()
	if okRem {
		l.drainTo(now, float64(rem-remainingSlack))
	}
}

func max2i(a, b int) int {
	if a > b {
		return a
	}
	return b
}

// drainTo lowers the bucket to at most target tokens (possibly below zero, which delays the
// next requests), when the portal reports less left than the bucket would allow.
func (l *limiter) drainTo(now time.Time, target float64) {
	tokens := l.general.TokensAt(now)
	if tokens <= target {
		return
	}
	take := int(math.Ceil(tokens - target))
	if b := l.general.Burst(); take > b {
		take = b
	}
	if take > 0 {
		l.general.ReserveN(now, take)
	}
}

// penalize empties a bucket after a 429, so concurrent callers slow down too.
func (l *limiter) penalize(search bool) {
	now := l.clock.Now()
	if search {
		l.search.ReserveN(now, 1)
		return
	}
	l.drainTo(now, 0)
}

// window returns the learned rolling window (how long a TEN_SECONDLY 429 waits without Retry-After).
func (l *limiter) window() time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.interval
}

func headerInt(h http.Header, name string) (int, bool) {
	v := h.Get(name)
	if v == "" {
		return 0, false
	}
	n, err := strconv.Atoi(v)
	return n, err == nil
}
