// Package retry holds the backoff the chat adapters share: exponential
// delays with jitter, waits that never run past a context's deadline, and a
// time scale so that tests of retries take milliseconds.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"
)

// ErrNoTime is returned by Wait when the context's deadline would pass
// before the wait ends: giving up now is better than failing later.
var ErrNoTime = errors.New("no time left before the deadline")

// Backoff says how long to wait between attempts.
type Backoff struct {
	Base time.Duration // the first delay; 0 means 500ms
	Max  time.Duration // the longest delay; 0 means 30s
	// Scale multiplies every real wait; 0 means 1. Tests set it small so a
	// Retry-After of a second passes in milliseconds. Delays are reported
	// unscaled.
	Scale float64
}

// Delay is the wait before attempt n+1 after n failures (n ≥ 1): doubling
// from Base up to Max, with "equal jitter" (between half and all of it)
// so that replies that failed together do not retry together.
func (b Backoff) Delay(n int) time.Duration {
	base, ceiling := b.Base, b.Max
	if base <= 0 {
		base = 500 * time.Millisecond
	}
	if ceiling <= 0 {
		ceiling = 30 * time.Second
	}
	d := base
	for i := 1; i < n && d < ceiling; i++ {
		d *= 2
	}
	d = min(d, ceiling)
	return d/2 + rand.N(d/2+1)
}

// Real is how long a wait of d really takes under Scale.
func (b Backoff) Real(d time.Duration) time.Duration {
	if b.Scale <= 0 || b.Scale == 1 {
		return d
	}
	return time.Duration(float64(d) * b.Scale)
}

// Fits reports whether a wait of d (scaled) ends before ctx's deadline.
func (b Backoff) Fits(ctx context.Context, d time.Duration) bool {
	deadline, ok := ctx.Deadline()
	return !ok || time.Until(deadline) >= b.Real(d)
}

// Wait sleeps for d (scaled). It returns ErrNoTime at once if ctx's
// deadline would pass first, or ctx's error if ctx ends meanwhile.
func (b Backoff) Wait(ctx context.Context, d time.Duration) error {
	if !b.Fits(ctx, d) {
		return ErrNoTime
	}
	return Sleep(ctx, b.Real(d))
}

// Sleep waits for d or until ctx ends, whichever is first.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
