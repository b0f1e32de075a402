package slack

import (
	"context"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
)

// Claims is what the adapter claims events in; see chat.Claims.
type Claims = chat.Claims

const (
	// claimTTL outlasts Slack's retries (at +1 and +5 minutes) by far.
	claimTTL = 24 * time.Hour
	// claimTimeout bounds one round trip to the store. An event waits on
	// its claim and its inbox write before it is acknowledged, and Slack
	// wants the acknowledgement within 3 seconds, even when the database
	// is down.
	claimTimeout = time.Second
)

// ClaimWith makes the adapter claim every event in c before answering it,
// instead of remembering events in this process only. Call it before Run.
func (a *Adapter) ClaimWith(c Claims) { a.claims = c }

// claim reports whether the event known by keys is new, so that this
// process is to answer it. Empty keys are ignored.
func (a *Adapter) claim(log *slog.Logger, keys ...string) bool {
	if a.claims == nil {
		return a.firstInMemory(keys)
	}
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	ok, err := a.claims.Claim(ctx, prefixed(keys), claimTTL)
	if err != nil {
		// A rare second answer is better than none: fall back to memory.
		log.Error("could not claim the event; deduplicating in this process only", "err", err)
		return a.firstInMemory(keys)
	}
	return ok
}

func (a *Adapter) firstInMemory(keys []string) bool {
	for _, k := range keys {
		if !a.seen.first(k) {
			return false
		}
	}
	return true
}

// release gives up the claim on an event whose answer was not posted, so
// that a redelivery is answered.
func (a *Adapter) release(log *slog.Logger, keys ...string) {
	if a.claims == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	if err := a.claims.Release(ctx, prefixed(keys)); err != nil {
		log.Error("could not release the claim on an unanswered event", "err", err)
		return
	}
	log.Debug("claim released")
}

// prefixed names keys as Slack's, in a store other adapters share.
func prefixed(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			out = append(out, "slack:"+k)
		}
	}
	return out
}
