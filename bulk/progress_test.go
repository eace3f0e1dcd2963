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
// workers pacing through one second of the window say they waited a second, not ten.
func TestWaitedCountsOverlappingWaitsOnce(t *testing.T) {
	clk := newFakeClock()
	m := bulk.NewMeter(clk.Now)
	m.Start(100)
	for range 10 {
		m.OnWait(api.Wait{Reason: api.WaitPacing, Duration: time.Second})
	}
	assert.Equal(t, time.Second, m.Snapshot().Waited)
	_ = clk.Sleep(context.Background(), 500*time.Millisecond)
	m.OnWait(api.Wait{Reason: api.WaitPacing, Duration: time.Second}) // half of it new
	m.OnWait(api.Wait{Reason: api.WaitRetry, Duration: 200 * time.Millisecond})
	assert.Equal(t, 1500*time.Millisecond, m.Snapshot().Waited)
	_ = clk.Sleep(context.Background(), 3*time.Second)
	m.OnWait(api.Wait{Reason: api.WaitRateLimit, Duration: 2 * time.Second}) // after a gap
	p := m.Snapshot()
	assert.Equal(t, 3500*time.Millisecond, p.Waited)
	assert.Equal(t, 13, p.Waits)
}
