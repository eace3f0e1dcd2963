package cmd

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/hubcontacts/hubcontacts/api"
	"github.com/hubcontacts/hubcontacts/bulk"
)

// Requests in flight together wait together, and a wait already said is not said again: an
// import's hundred requests held by one full window print one line, not a hundred (415 lines
// for 12,000 rows under faults, seen on a terminal); a wait that runs past the ones said, by a
// second or more, is news and is said.
func TestProgressSaysAWaitOnce(t *testing.T) {
	var out strings.Builder
	p := newProgressPrinter(&out, "processed", "rows")
	at := time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)
	wait := func(after, d time.Duration) {
		p.event(bulk.Progress{Total: 12000, WaitAt: at.Add(after), Wait: api.Wait{Reason: api.WaitPacing, Duration: d}})
	}
	for i := range 100 {
		wait(time.Duration(i)*5*time.Millisecond, 10*time.Second-time.Duration(i)*5*time.Millisecond)
	}
	wait(2*time.Second, 9*time.Second+500*time.Millisecond) // ends 1.5 s after the first: news
	wait(10*time.Second, 10*time.Second)                    // the next window
	wait(10*time.Second, 10*time.Second)                    // the same wait, in a later event
	assert.Equal(t, 3, strings.Count(out.String(), "for HubSpot's rate limit"), out.String())
}
