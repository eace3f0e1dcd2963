package api

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter keeps the client within HubSpot's limits at the physical limit of its rolling window,
// and keeps search, which HubSpot limits per second on its own, to its own budget.
//
// The model. HubSpot admits a request when fewer than Max requests were admitted in the
// Interval before it (X-HubSpot-RateLimit-Max and -Interval-Milliseconds; 100 per 10 s until an
// answer says otherwise). From an empty window the k-th request (0-based) can be admitted no
// earlier than floor(k/Max)·Interval after the first, so N requests need at least
//
//	floor((N-1)/Max)·Interval + serve(k),  k = N - floor((N-1)/Max)·Max
//
// serve(k) being the time HubSpot takes to answer the last window's k requests, which the
// window lets go at once (with W in flight, about ceil(k/W) answer times). That is the physical
// limit, and the limiter sends at it: the first Max requests go at once, and each later one as
// soon as one of ours leaves HubSpot's window. For N ≤ Max (an import of up to 9,900 rows at
// 100 per 10 s) the window never binds: the limit is serve(N), set by HubSpot's answer time and
// the client's own work, and nothing here waits. make bench-import measures serve(k) on the
// machine it runs on (internal/benchimport).
//
// Our own requests. HubSpot admitted a request no later than its answer arrived, so the request
// leaves HubSpot's window no later than answer+Interval; it counts here from the moment it is
// sent until then (a request in flight counts). A request may go when fewer than Max of ours
// count. Alone on the token this never meets a 429: take any set of requests HubSpot counts
// together; when the last of them was sent, every other one was in flight or answered less than
// an Interval before (each was admitted less than an Interval before the last, and answered
// after it was admitted), so all of them counted here, and there were at most Max.
//
// The margin. None in requests: the argument above needs none. In time, timeMargin (a
// five-hundredth of the window, 20 ms of 10 s): how HubSpot timestamps its window is not
// documented, and a coarser clock than ours would keep a request in the window a little longer.
// At the limit it costs 0.2% of the throughput.
//
// Other clients of the same app share the window. Every answer's Remaining tells how many
// requests HubSpot counted (Max-Remaining); of ours, at most those in flight and those answered
// within an Interval before this one was sent can be among them; the rest belong to others (a
// lower bound, so our own timing never looks like another client). While others are seen, their
// count plus a burst allowance (othersHeadroom, a twentieth of Max) is kept out of our share,
// and the waits say so (Wait.Others). What an answer showed holds for one Interval: by then
// every request HubSpot counted has left the window.
//
// After a 429 (HubSpot saw the window full) the limiter holds every request until the window
// certainly has room: Retry-After when HubSpot sends it; otherwise until the oldest of our
// requests that HubSpot may still count leaves it, or one Interval after the refusal, when all
// that HubSpot counted then has left, whichever comes first. The latest word from HubSpot
// decides, in the order HubSpot heard the requests, as far as the client can tell: the order
// they were sent. An answer to a request sent no earlier than the refused one (in flight
// meanwhile) that shows room, Remaining above 0, means HubSpot admitted it after refusing the
// other, with room to spare: it ends the hold at once, and wakes every request waiting it out
// (the refused one too). An answer to a request sent before the refused one tells of the
// window before the 429: it neither ends the hold nor lowers the others' share the 429 showed.
// But when it arrives after the 429 and shows room, the client cannot tell which HubSpot heard
// first (a request waits between the client's clock and HubSpot's door, longer on a busy
// machine), so one request goes at once, whatever the hold: its answer settles it, room ending
// the hold, a 429 holding on. One, not more: the others' share the 429 showed (all of the window
// but ours) keeps the rest waiting, as it does the next early one (the probe that lets a request
// past it goes once). One is the least that settles it; without it a 429 that was not the
// window's (a 429 among answers with room) would cost a whole window.
// After the hold one request goes even if the others' share says no, to learn the window from
// its headers, and the pace is full again.
//
// Background requests (a context from Background: the local index's sync) come after the
// user's. One goes only while no request of the user's is waiting, and only while the window
// keeps room for the user's next ones: userRoom requests (a twentieth of Max) stay free for
// them, so a keystroke's search or a save never queues behind a sync. Alone, a background
// run therefore has Max-userRoom of each window: 0.95 of the physical limit. Search, which has
// its own per-second budget, is shared the same way: a background search waits while a user's
// search does.
type limiter struct {
	clock  Clock
	search *rate.Limiter

	mu       sync.Mutex
	max      int
	interval time.Duration
	inflight int
	// answered holds the answer times of our requests over the last two Intervals, ascending:
	// a request counts against the window until its answer+interval+timeMargin.
	answered []time.Time
	// others is the other clients' share HubSpot last showed; it holds until othersUntil.
	others      int
	othersUntil time.Time
	// holdUntil: after a 429, nothing goes before it; probe lets one request through after it
	// whatever the others' share says. refusedSent is when the latest refused request was sent;
	// lifted is closed when a hold ends before its time or lets one request through early
	// (early), waking those waiting it out.
	holdUntil   time.Time
	probe       bool
	early       bool
	refusedSent time.Time
	lifted      chan struct{}
	// userWaiting counts the user's requests waiting for the window (searchWaiting for search's
	// budget): background requests hold back while there are any.
	userWaiting, searchWaiting int
}

// background marks a context whose requests give way to the user's (Background).
type backgroundKey struct{}

// Background returns a context whose requests give way to the user's own in the rate window:
// the local index's sync runs in one.
func Background(ctx context.Context) context.Context {
	return context.WithValue(ctx, backgroundKey{}, true)
}

func isBackground(ctx context.Context) bool { b, _ := ctx.Value(backgroundKey{}).(bool); return b }

// userRoom is the part of the window background requests leave to the user's.
func (l *limiter) userRoom() int { return max(1, l.max/20) }

// slot is one admitted request; release gives it back with its answer.
type slot struct {
	sent   time.Time
	search bool
}

const (
	defaultWindowMax = 100
	defaultWindow    = 10 * time.Second
)

func newLimiter(clock Clock, searchPerSecond float64) *limiter {
	return &limiter{clock: clock, max: defaultWindowMax, interval: defaultWindow,
		search: rate.NewLimiter(rate.Limit(searchPerSecond), 1), lifted: make(chan struct{})}
}

// timeMargin is how long after answer+interval a request is taken to leave HubSpot's window.
func (l *limiter) timeMargin() time.Duration { return l.interval / 500 }

// othersHeadroom is the room kept for other clients' bursts beyond what HubSpot showed of them.
func (l *limiter) othersHeadroom() int { return max(1, l.max/20) }

// acquire blocks until the request may be sent, reporting each pause through wait.
func (l *limiter) acquire(ctx context.Context, search bool, wait func(context.Context, Wait) error) (slot, error) {
	bg := isBackground(ctx)
	if search {
		return slot{search: true}, l.acquireSearch(ctx, bg, wait)
	}
	waiting := false
	defer func() {
		if waiting {
			l.mu.Lock()
			l.userWaiting--
			l.mu.Unlock()
		}
	}()
	for {
		now := l.clock.Now()
		l.mu.Lock()
		var w Wait
		if bg {
			w = l.admitBackground(now)
		} else {
			w = l.admit(now)
			if w.Duration > 0 && !waiting {
				waiting = true
				l.userWaiting++
			}
		}
		var lifted <-chan struct{}
		if now.Before(l.holdUntil) {
			lifted = l.lifted
		}
		l.mu.Unlock()
		if w.Duration <= 0 {
			return slot{sent: now}, nil
		}
		if err := waitHold(ctx, w, wait, lifted); err != nil {
			return slot{}, err
		}
	}
}

// admitBackground admits a background request when no user request waits and the window keeps
// room for the user's after it (l.mu held).
func (l *limiter) admitBackground(now time.Time) Wait {
	if l.userWaiting > 0 {
		return Wait{Reason: WaitPacing, Duration: max(l.interval/100, time.Millisecond)}
	}
	l.prune(now)
	own := l.inflight + len(l.answered) - l.activeAt(now)
	if own+l.userRoom() >= l.max && !now.Before(l.holdUntil) {
		// Full for the background: wait until the oldest of ours leaves the window.
		next := now.Add(l.interval / 100)
		if a := l.activeAt(now); a < len(l.answered) {
			next = l.answered[a].Add(l.interval + l.timeMargin())
		}
		return Wait{Reason: WaitPacing, Duration: max(next.Sub(now), time.Millisecond)}
	}
	return l.admit(now)
}

// admit takes a place in the window for a request sent now, or says how long to wait (l.mu held).
func (l *limiter) admit(now time.Time) Wait {
	if now.Before(l.holdUntil) && !l.early {
		return Wait{Reason: WaitPacing, Duration: l.holdUntil.Sub(now)}
	}
	l.prune(now)
	active := l.activeAt(now)
	own := l.inflight + len(l.answered) - active
	reserve := 0
	if l.others > 0 && now.Before(l.othersUntil) && !l.probe {
		reserve = l.others + l.othersHeadroom()
	}
	if own < l.max && own+reserve < l.max {
		l.inflight++
		l.probe, l.early = false, false
		return Wait{}
	}
	if now.Before(l.holdUntil) {
		// The early request finds the window full of ours: it waits out the hold with the rest.
		l.early = false
		return Wait{Reason: WaitPacing, Duration: l.holdUntil.Sub(now)}
	}
	// Full: wait until the oldest of ours leaves the window, or the others' share lapses.
	next := now.Add(l.interval / 100) // only requests in flight count: look again shortly
	if active < len(l.answered) {
		next = l.answered[active].Add(l.interval + l.timeMargin())
	}
	if own < l.max && l.othersUntil.Before(next) {
		next = l.othersUntil
	}
	w := Wait{Reason: WaitPacing, Duration: max(next.Sub(now), time.Millisecond)}
	if reserve > 0 {
		w.Others, w.Max = l.others, l.max
	}
	return w
}

// waitHold waits w, or less when lifted (a hold's, nil for none) is closed first: the hold
// ended early, and the caller looks again. It fails only when ctx ends.
func waitHold(ctx context.Context, w Wait, wait func(context.Context, Wait) error, lifted <-chan struct{}) error {
	if lifted == nil {
		return wait(ctx, w)
	}
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-lifted:
			cancel()
		case <-wctx.Done():
		}
	}()
	if err := wait(wctx, w); err != nil && ctx.Err() != nil {
		return err
	}
	return nil
}

// activeAt is the index of the first answer still counting against the window at now (l.mu held).
func (l *limiter) activeAt(now time.Time) int {
	gone := now.Add(-l.interval - l.timeMargin())
	return sort.Search(len(l.answered), func(i int) bool { return l.answered[i].After(gone) })
}

// prune forgets answers older than two Intervals (l.mu held).
func (l *limiter) prune(now time.Time) {
	cut := now.Add(-2 * l.interval)
	i := sort.Search(len(l.answered), func(i int) bool { return l.answered[i].After(cut) })
	if i > 0 {
		l.answered = append(l.answered[:0], l.answered[i:]...)
	}
}

// release ends a request: res is its answer (nil when there was none), e its failure (nil when
// it succeeded). Answers are taken in the order they arrive, the latest one deciding.
func (l *limiter) release(s slot, res *result, e *Error) {
	if s.search {
		return
	}
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if res != nil {
		rem := l.observe(s, res.header, now)
		switch {
		case e != nil && e.Status == http.StatusTooManyRequests && e.Policy != PolicyDaily:
			l.refused(now, e.RetryAfter)
			if s.sent.After(l.refusedSent) {
				l.refusedSent = s.sent
			}
		case rem > 0 && !s.sent.Before(l.refusedSent):
			// HubSpot admitted this request after refusing the latest refused one, with room to
			// spare: whatever the 429 said, the window has room.
			if now.Before(l.holdUntil) {
				l.wake()
			}
			l.holdUntil, l.probe, l.early = time.Time{}, false, false
		case rem > 0 && now.Before(l.holdUntil):
			// Room, in an answer that may tell of the window before the 429 or after it: one
			// request goes now to settle it.
			l.early = true
			l.wake()
		}
	}
	l.inflight--
	l.answered = append(l.answered, now)
}

// wake wakes the requests waiting out the hold, to look again (l.mu held).
func (l *limiter) wake() {
	close(l.lifted)
	l.lifted = make(chan struct{})
}

// observe learns from an answer's rate-limit headers: the window (Max per Interval) and the
// other clients' share of it (l.mu held). It returns Remaining, -1 when not sent (search
// answers carry none of these headers).
func (l *limiter) observe(s slot, h http.Header, now time.Time) int {
	limit, okMax := headerInt(h, "X-Hubspot-Ratelimit-Max")
	ms, okIv := headerInt(h, "X-Hubspot-Ratelimit-Interval-Milliseconds")
	if okMax && okIv && limit > 0 && ms > 0 {
		l.max, l.interval = limit, time.Duration(ms)*time.Millisecond
	}
	rem, ok := headerInt(h, "X-Hubspot-Ratelimit-Remaining")
	if !ok {
		return -1
	}
	if now.Sub(s.sent) > l.interval || s.sent.Before(l.refusedSent) {
		// The window turned over while the request was out, or the request went before the
		// latest 429, which tells of the window since: no count of others.
		return rem
	}
	// Ours HubSpot may have counted: those in flight (this one among them) and those answered
	// after s.sent-interval.
	since := s.sent.Add(-l.interval)
	i := sort.Search(len(l.answered), func(i int) bool { return l.answered[i].After(since) })
	ours := l.inflight + len(l.answered) - i
	l.others = max(0, l.max-rem-ours)
	if l.others > 0 {
		l.othersUntil = now.Add(l.interval)
	}
	return rem
}

// refused holds every request after a 429 until the window certainly has room again:
// retryAfter when HubSpot sent one, else until the oldest of ours that HubSpot may still count
// leaves the window, or one Interval after the refusal, when all it counted then has left,
// whichever comes first (l.mu held).
func (l *limiter) refused(now time.Time, retryAfter time.Duration) {
	until := now.Add(l.interval)
	if retryAfter > 0 {
		until = now.Add(retryAfter)
	} else if a := l.activeAt(now); a < len(l.answered) && l.answered[a].Add(l.interval+l.timeMargin()).Before(until) {
		until = l.answered[a].Add(l.interval + l.timeMargin())
	}
	if until.After(l.holdUntil) {
		l.holdUntil = until
	}
	l.probe = true
}

// hold is how long the hold after a 429 still lasts, and, while it does, what is closed if it
// ends early (nil when no hold is on).
func (l *limiter) hold() (time.Duration, <-chan struct{}) {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if !now.Before(l.holdUntil) {
		return 0, nil
	}
	return l.holdUntil.Sub(now), l.lifted
}

// acquireSearch waits for search's own per-second budget; a background search also waits while
// a user's search does.
func (l *limiter) acquireSearch(ctx context.Context, bg bool, wait func(context.Context, Wait) error) error {
	waiting := false
	defer func() {
		if waiting {
			l.mu.Lock()
			l.searchWaiting--
			l.mu.Unlock()
		}
	}()
	for {
		now := l.clock.Now()
		l.mu.Lock()
		held := bg && l.searchWaiting > 0
		l.mu.Unlock()
		if !held && l.search.AllowN(now, 1) {
			return nil
		}
		if !bg && !waiting {
			waiting = true
			l.mu.Lock()
			l.searchWaiting++
			l.mu.Unlock()
		}
		missing := 1 - l.search.TokensAt(now)
		d := time.Duration(missing / float64(l.search.Limit()) * float64(time.Second))
		if err := wait(ctx, Wait{Reason: WaitPacing, Duration: max(d, time.Millisecond)}); err != nil {
			return err
		}
	}
}

// searchLimited empties search's budget after its per-second 429, so concurrent searches wait too.
func (l *limiter) searchLimited() { l.search.ReserveN(l.clock.Now(), 1) }

// rateWindow returns the learned rolling window: max requests per interval.
func (l *limiter) rateWindow() (int, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.max, l.interval
}

// headerInt reads a header by its canonical name (h[name], without Get's canonicalising).
func headerInt(h http.Header, name string) (int, bool) {
	v := h[name]
	if len(v) == 0 {
		return 0, false
	}
	n, err := strconv.Atoi(v[0])
	return n, err == nil
}
