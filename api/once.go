package api

import (
	"context"
	"time"
)

// Once marks a context whose calls get no answer at most once: a call that gets none (no
// network, a reset, a timeout) fails at once instead of being retried with backoff, and an
// attempt waits onceTimeout at most. The app asks so while HubSpot cannot be reached, so that an
// action says so in a moment rather than after seconds of retries (a 429 or a 5xx, which are
// answers, are retried as always).
func Once(ctx context.Context) context.Context { return context.WithValue(ctx, onceKey{}, true) }

type onceKey struct{}

func isOnce(ctx context.Context) bool { b, _ := ctx.Value(onceKey{}).(bool); return b }

// onceTimeout is an attempt's longest wait under Once.
const onceTimeout = 5 * time.Second

// attemptTimeout is how long an attempt waits for its answer.
func (c *Client) attemptTimeout(ctx context.Context) time.Duration {
	if isOnce(ctx) {
		return min(c.cfg.Timeout, onceTimeout)
	}
	return c.cfg.Timeout
}
