package bulk

import (
	"sync"
	"time"

	"github.com/hubcontacts/hubcontacts/api"
)

// Progress is where a bulk job stands.
type Progress struct {
	Total   int // records the job will settle (rows, or contacts when known)
	Done    int // settled so far, failures included
	Created int
	Updated int
	Failed  int
	// Requests counts requests answered (a batch of up to 100 records, or a page).
	Requests int
	Elapsed  time.Duration
	// Waited is the time spent waiting on HubSpot's limits and retries, and Waits how often.
	// Requests in flight together often wait together: Waited counts the time any of them
	// waited, once (the union of the waits), and of a wait under way only what has passed, so
	// it never exceeds Elapsed. A wait that ends before its time (a 429's hold that an answer
	// showing room lifts) counts until the next wait or the end of the job: the API layer says
	// when a wait begins, not when it ends early.
	Waited time.Duration
	Waits  int
	// RateLimited counts 429 answers the API layer absorbed by waiting and trying again.
	RateLimited int
	// Retried counts requests tried again after a server error or a lost answer.
	Retried int
	// Wait is the latest wait (zero when none yet); WaitAt when it began.
	Wait   api.Wait
	WaitAt time.Time
	// Finished is set on the last event of a job.
	Finished bool
}

// PerSecond is the records settled per second so far.
func (p Progress) PerSecond() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Done) / p.Elapsed.Seconds()
}

// Fraction is Done/Total, 0 when the total is unknown.
func (p Progress) Fraction() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(1, float64(p.Done)/float64(p.Total))
}

// Meter keeps a job's progress. Its OnWait goes in api.Config.OnWait, so the API layer's waits
// (rate-limit pacing, 429s, backoff) count; everything is safe for concurrent use. Notify, when
// set, hears every change.
type Meter struct {
	mu     sync.Mutex
	now    func() time.Time
	start  time.Time
	p      Progress
	notify func(Progress)
	// waitEnd is when the latest-ending wait counted in p.Waited ends.
	waitEnd time.Time
}

// NewMeter makes a meter timed by now (time.Now when nil).
func NewMeter(now func() time.Time) *Meter {
	if now == nil {
		now = time.Now
	}
	return &Meter{now: now, start: now()}
}

// Notify sets the function told of every change (called without the meter's lock held, from
// whichever goroutine made the change).
func (m *Meter) Notify(f func(Progress)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.notify = f
}

// Start resets the clock and the counts for a job of total records.
func (m *Meter) Start(total int) {
	m.update(func(p *Progress) {
		m.start, m.waitEnd = m.now(), time.Time{}
		*p = Progress{Total: total}
	})
}

// OnWait counts one wait of the API layer; pass it as api.Config.OnWait.
func (m *Meter) OnWait(w api.Wait) {
	m.update(func(p *Progress) {
		now := m.now()
		if end := now.Add(w.Duration); end.After(m.waitEnd) {
			p.Waited += end.Sub(later(now, m.waitEnd))
			m.waitEnd = end
		}
		p.Waits++
		p.Wait, p.WaitAt = w, now
		switch w.Reason {
		case api.WaitRateLimit:
			p.RateLimited++
		case api.WaitRetry, api.WaitLocked:
			p.Retried++
		}
	})
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Snapshot returns the progress now.
func (m *Meter) Snapshot() Progress {
	m.mu.Lock()
	defer m.mu.Unlock()
	p := m.p
	m.timed(&p)
	return p
}

// timed sets the progress's Elapsed, and takes out of Waited what the waits under way have not
// yet lasted (m.mu held).
func (m *Meter) timed(p *Progress) {
	now := m.now()
	p.Elapsed = now.Sub(m.start)
	if ahead := m.waitEnd.Sub(now); ahead > 0 {
		p.Waited -= ahead
	}
}

// update changes the progress under the lock, then tells Notify.
func (m *Meter) update(f func(*Progress)) {
	m.mu.Lock()
	f(&m.p)
	p, notify := m.p, m.notify
	m.timed(&p)
	m.mu.Unlock()
	if notify != nil {
		notify(p)
	}
}

// settled counts one answered request and the outcomes it settled.
func (m *Meter) settled(created, updated, failed int, request bool) {
	m.update(func(p *Progress) {
		p.Created += created
		p.Updated += updated
		p.Failed += failed
		p.Done += created + updated + failed
		if request {
			p.Requests++
		}
	})
}

// finish marks the job done.
func (m *Meter) finish() { m.update(func(p *Progress) { p.Finished = true }) }

// exported counts one page written by an export.
func (m *Meter) exported(n int) {
	m.update(func(p *Progress) {
		p.Done += n
		p.Requests++
	})
}
