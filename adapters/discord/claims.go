package discord

import (
	"context"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
)

// Claims is what the adapter claims events in; see chat.Claims.
type Claims = chat.Claims

const (
	// claimTTL outlasts any replay of events by far.
	claimTTL = 24 * time.Hour
	// claimTimeout bounds one round trip to the store; the gateway reader
	// waits on it, so a database that is down must not hold it for long.
	claimTimeout = 2 * time.Second
)

// ClaimWith makes the adapter claim every message and interaction in c
// before answering it, instead of remembering them in this process only.
// Call it before Run.
func (a *Adapter) ClaimWith(c Claims) { a.claims = c }

// claim reports whether key is new, so that this process is to answer it.
func (rn *runner) claim(log *slog.Logger, key string) bool {
	c := rn.a.claims
	if c == nil {
		return rn.seen.add(key)
	}
	ctx, cancel := context.WithTimeout(rn.ctx, claimTimeout)
	defer cancel()
	ok, err := c.Claim(ctx, []string{"discord:" + key}, claimTTL)
	if err != nil {
		// A rare second answer is better than none: fall back to memory.
		log.Error("could not claim the event; deduplicating in this process only", errAttr(err))
		return rn.seen.add(key)
	}
	return ok
}

// release gives up the claim on key, whose answer was not posted.
func (rn *runner) release(log *slog.Logger, key string) {
	c := rn.a.claims
	if c == nil {
		return
	}
	ctx, cancel := context.WithTimeout(rn.ctx, claimTimeout)
	defer cancel()
	if err := c.Release(ctx, []string{"discord:" + key}); err != nil {
		log.Error("could not release the claim on an unanswered message", errAttr(err))
	}
}
