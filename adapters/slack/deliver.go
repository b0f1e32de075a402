package slack

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"syscall"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/internal/retry"
)

// maxAttempts bounds the tries of one post however much time is left.
const maxAttempts = 12

// lanes serialise posts per channel. chat.postMessage is limited per
// channel (about one a second, with short bursts), so replies to a burst of
// mentions in one channel take turns, and a Retry-After from Slack holds
// back every reply queued for that channel, not just the one refused, and
// spaces the channel's posts for a minute after.
type lanes struct {
	mu sync.Mutex
	m  map[string]*lane
}

type lane struct {
	turn      chan struct{} // holds a token while a post has the channel
	users     int           // replies holding or waiting for the lane; under lanes.mu
	notBefore time.Time     // Slack asked for no post before this; under turn
	// After a 429 the channel's posts are spaced by its Retry-After for a
	// minute, rather than each finding the limit again with a 429 of its
	// own. Under turn.
	gap       time.Duration
	paceUntil time.Time
}

// acquire waits for the channel's turn, within ctx.
func (l *lanes) acquire(ctx context.Context, channel string) (*lane, error) {
	l.mu.Lock()
	if l.m == nil {
		l.m = map[string]*lane{}
	}
	ln := l.m[channel]
	if ln == nil {
		ln = &lane{turn: make(chan struct{}, 1)}
		l.m[channel] = ln
	}
	ln.users++
	l.mu.Unlock()
	select {
	case ln.turn <- struct{}{}:
		return ln, nil
	case <-ctx.Done():
		l.leave(channel, ln)
		return nil, ctx.Err()
	}
}

// release gives the channel to the next reply.
func (l *lanes) release(channel string, ln *lane) {
	<-ln.turn
	l.leave(channel, ln)
}

func (l *lanes) leave(channel string, ln *lane) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ln.users--
	// A lane nobody uses goes, unless a Retry-After on it is still running.
	if ln.users == 0 && len(ln.turn) == 0 && time.Now().After(ln.notBefore) && time.Now().After(ln.paceUntil) {
		delete(l.m, channel)
	}
}

// delivery is what posting one reply took, for the log.
type delivery struct {
	queued      time.Duration // waiting for the channel
	rateLimited time.Duration // waiting out Retry-After
	attempts    int
}

func (d *delivery) add(o delivery) {
	d.queued += o.queued
	d.rateLimited += o.rateLimited
	d.attempts += o.attempts
}

func (d delivery) attrs() []any {
	return []any{"queued", d.queued.Round(time.Millisecond), "rate_limited", d.rateLimited, "attempts", d.attempts}
}

// gaveUp is a post that failed for good. Reason is "permanent" (Slack
// refused it), "deadline" (no time left to try again) or "shutdown".
type gaveUp struct {
	reason string
	err    error
}

func (e *gaveUp) Error() string { return e.err.Error() }
func (e *gaveUp) Unwrap() error { return e.err }

// send calls Slack until it succeeds, the failure is permanent, or ctx's
// deadline leaves no time to try again. Transient failures (5xx, 429,
// ok:false internal_error and the like, a dropped connection) are retried
// with backoff and jitter; a 429's Retry-After is honoured exactly. With a
// channel, the call waits for that channel's turn first.
func (a *Adapter) send(ctx context.Context, log *slog.Logger, channel string, call func() error) (delivery, error) {
	var d delivery
	var ln *lane
	if channel != "" {
		start := time.Now()
		var err error
		if ln, err = a.lanes.acquire(ctx, channel); err != nil {
			return d, a.giveUp(ctx, err)
		}
		defer a.lanes.release(channel, ln)
		d.queued = time.Since(start)
		a.metrics.Queued("slack", d.queued)
	}
	for {
		if ln != nil {
			if wait := time.Until(ln.notBefore); wait > 0 {
				// Another reply was told to wait; so is this one. The
				// wait is already scaled, so it is not scaled again.
				if err := a.waitReal(ctx, wait); err != nil {
					return d, a.giveUp(ctx, err)
				}
			}
		}
		d.attempts++
		err := call()
		if err == nil {
			if ln != nil && time.Now().Before(ln.paceUntil) {
				ln.notBefore = time.Now().Add(ln.gap)
			}
			return d, nil
		}
		if ctx.Err() != nil {
			return d, a.giveUp(ctx, err)
		}
		wait, transient := a.transient(err, d.attempts)
		var limited *slackapi.RateLimitedError
		if errors.As(err, &limited) {
			d.rateLimited += wait
			a.metrics.RateLimited("slack", wait)
		}
		switch {
		case !transient:
			return d, &gaveUp{"permanent", err}
		case d.attempts >= maxAttempts:
			return d, &gaveUp{"deadline", fmt.Errorf("%d attempts: %w", d.attempts, err)}
		case !a.backoff.Fits(ctx, wait):
			return d, &gaveUp{"deadline", fmt.Errorf("no time left to wait %v after attempt %d: %w", wait, d.attempts, err)}
		}
		a.metrics.Retried("slack")
		if limited != nil {
			log.Warn("rate limited by Slack; waiting", "attempt", d.attempts, "retry_after", wait)
		} else {
			log.Warn("Slack call failed; retrying", "attempt", d.attempts, "wait", wait, "err", err)
		}
		if ln != nil && limited != nil {
			ln.gap = a.backoff.Real(wait)
			ln.notBefore = time.Now().Add(ln.gap)
			ln.paceUntil = time.Now().Add(a.backoff.Real(time.Minute))
			continue // waited for at the top, as for everyone in the lane
		}
		if err := a.backoff.Wait(ctx, wait); err != nil {
			return d, a.giveUp(ctx, err)
		}
	}
}

func (a *Adapter) waitReal(ctx context.Context, d time.Duration) error {
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < d {
		return retry.ErrNoTime
	}
	return retry.Sleep(ctx, d)
}

// giveUp says why a wait ended early.
func (a *Adapter) giveUp(ctx context.Context, err error) error {
	reason := "deadline"
	if errors.Is(context.Cause(ctx), errShutdown) {
		reason = "shutdown"
	}
	return &gaveUp{reason, err}
}

// transient says whether err is worth another try, and after how long.
func (a *Adapter) transient(err error, attempts int) (time.Duration, bool) {
	var limited *slackapi.RateLimitedError
	if errors.As(err, &limited) {
		return max(limited.RetryAfter, time.Second), true
	}
	backoff := a.backoff.Delay(attempts)
	var status slackapi.StatusCodeError
	if errors.As(err, &status) {
		// 429 without Retry-After, 5xx; 4xx (403 and the like) is ours to fix.
		return backoff, status.Code == http.StatusTooManyRequests || status.Code >= 500
	}
	switch slackError(err) {
	case "internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "rate_limited":
		return backoff, true
	case "":
	default:
		return 0, false // channel_not_found, not_in_channel, invalid_auth, ...
	}
	var netErr net.Error
	if errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return backoff, true
	}
	return 0, false
}
