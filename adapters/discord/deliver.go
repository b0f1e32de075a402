package discord

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"syscall"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/recruitbot/recruitbot/internal/retry"
)

// maxAttempts bounds the tries of one REST call however much time is left.
const maxAttempts = 8

// errShutdown ends the answers still under way when the grace period is
// over.
var errShutdown = errors.New("shutdown grace period over")

// gaveUp is a call that failed for good. Reason is "permanent" (Discord
// refused it), "deadline" (no time left to try again) or "shutdown".
type gaveUp struct {
	reason string
	err    error
}

func (e *gaveUp) Error() string { return e.err.Error() }
func (e *gaveUp) Unwrap() error { return e.err }

// retrying calls Discord until it succeeds, fails for good, or ctx leaves
// no time to try again. discordgo itself waits out 429s (holding the
// channel's bucket, so replies in one channel take turns) and retries a
// 502 a few times; a 500, 503, 504 or a dropped connection is retried
// here, with backoff and jitter.
func (rn *runner) retrying(ctx context.Context, log *slog.Logger, call func() error) error {
	for attempt := 1; ; attempt++ {
		err := call()
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return rn.giveUp(ctx, err)
		}
		if !transient(err) {
			return &gaveUp{"permanent", err}
		}
		if attempt >= maxAttempts {
			return rn.giveUp(ctx, err)
		}
		wait := rn.a.backoff.Delay(attempt)
		rn.a.metrics.Retried("discord")
		log.Warn("Discord call failed; retrying", "attempt", attempt, "wait", wait, errAttr(err))
		if werr := rn.a.backoff.Wait(ctx, wait); werr != nil {
			return rn.giveUp(ctx, err)
		}
	}
}

func (rn *runner) giveUp(ctx context.Context, err error) error {
	if errors.Is(context.Cause(ctx), errShutdown) {
		return &gaveUp{"shutdown", err}
	}
	return &gaveUp{"deadline", err}
}

// transient says whether a REST call's failure is worth another try.
func transient(err error) bool {
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		c := re.Response.StatusCode
		return c >= 500 || c == http.StatusTooManyRequests || c == http.StatusRequestTimeout
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	// discordgo's own 502 retries ran out.
	if strings.HasPrefix(err.Error(), "Exceeded Max retries HTTP") {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE)
}

// permanentClose reports gateway close codes no retry can fix: a bad
// token, bad sharding or intents the application may not use.
func permanentClose(err error) bool {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004, 4010, 4011, 4012, 4013, 4014:
			return true
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		c := re.Response.StatusCode
		return c == http.StatusUnauthorized || c == http.StatusForbidden
	}
	return false
}

// open connects to the gateway, retrying what may be a blip (a close with
// 4000 or 1001, a refused or reset connection, a 5xx) with backoff until
// ctx ends.
func (rn *runner) open(ctx context.Context) error {
	for attempt := 1; ; attempt++ {
		rn.openMu.Lock()
		err := rn.dg.Open()
		rn.openMu.Unlock()
		if err == nil || permanentClose(err) {
			return err
		}
		wait := rn.a.backoff.Delay(attempt)
		rn.log.Warn("could not connect to the gateway; retrying", "attempt", attempt, "wait", wait, errAttr(explain(err)))
		if retry.Sleep(ctx, rn.a.backoff.Real(wait)) != nil {
			return ctx.Err()
		}
	}
}
