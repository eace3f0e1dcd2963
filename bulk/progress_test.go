package bulk_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
)

// Requests in flight together wait together: the time waited counts each moment once, so ten
// workers pacing through one second of the window say they waited a second, not ten; and of a
// wait under way only what has passed counts, so a wait that ends early (a 429's hold lifted)
// never makes Waited more than Elapsed. It fails with the sum of the waits, or with the waits
// counted whole as they begin (tried).
func TestWaitedCountsOverlappingWaitsOnce(t *testing.T) {
	clk := newFakeClock()
	m := bulk.NewMeter(clk.Now)
	m.Start(100)
	for range 10 {
		m.OnWait(api.Wait{Reason: api.WaitPacing, Duration: time.Second})
	}
	assert.Equal(t, time.Duration(0), m.Snapshot().Waited, "nothing has passed yet")
	_ = clk.Sleep(context.Background(), 500*time.Millisecond)
	m.OnWait(api.Wait{Reason: api.WaitPacing, Duration: time.Second}) // half of it new
	m.OnWait(api.Wait{Reason: api.WaitRetry, Duration: 200 * time.Millisecond})
	assert.Equal(t, 500*time.Millisecond, m.Snapshot().Waited)
	_ = clk.Sleep(context.Background(), 3*time.Second)
	assert.Equal(t, 1500*time.Millisecond, m.Snapshot().Waited)
	m.OnWait(api.Wait{Reason: api.WaitRateLimit, Duration: 10 * time.Second}) // after a gap
	_ = clk.Sleep(context.Background(), 2*time.Second)                        // then lifted early: the job ends
	p := m.Snapshot()
	assert.Equal(t, 3500*time.Millisecond, p.Waited)
	assert.LessOrEqual(t, p.Waited, p.Elapsed)
	assert.Equal(t, 13, p.Waits)
}
