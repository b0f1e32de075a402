package discord

import (
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
)

// claimTimeout bounds one round trip to the store; the gateway reader
// waits on it, so a database that is down must not hold it for long.
const claimTimeout = 2 * time.Second

// ClaimWith makes the adapter claim every message and interaction in c
// before answering it, instead of remembering them in this process only.
// Call it before Run.
func (a *Adapter) ClaimWith(c chat.Claims) { a.claimer.Store = c }

// claim reports whether key is new, so that this process is to answer it.
func (rn *runner) claim(log *slog.Logger, key string) bool {
	return rn.a.claimer.Claim(rn.ctx, log, key)
}

// release gives up the claim on key, whose answer was not posted.
func (rn *runner) release(log *slog.Logger, key string) {
	rn.a.claimer.Release(rn.ctx, log, key)
}
