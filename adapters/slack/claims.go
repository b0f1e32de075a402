package slack

import (
	"context"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
)

// claimTimeout bounds one round trip to the store. An event waits on its
// claim and its inbox write before it is acknowledged, and Slack wants the
// acknowledgement within 3 seconds, even when the database is down.
const claimTimeout = time.Second

// ClaimWith makes the adapter claim every event in c before answering it,
// instead of remembering events in this process only. Call it before Run.
func (a *Adapter) ClaimWith(c chat.Claims) { a.claimer.Store = c }

// claim reports whether the event known by keys is new, so that this
// process is to answer it. Empty keys are ignored.
func (a *Adapter) claim(log *slog.Logger, keys ...string) bool {
	return a.claimer.Claim(context.Background(), log, keys...)
}

// release gives up the claim on an event whose answer was not posted, so
// that a redelivery is answered.
func (a *Adapter) release(log *slog.Logger, keys ...string) {
	a.claimer.Release(context.Background(), log, keys...)
}
