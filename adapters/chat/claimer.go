package chat

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/store"
)

// ClaimTTL outlasts any platform's redeliveries and replays by far.
const ClaimTTL = 24 * time.Hour

// ReplayEvery is how often the inbox is checked for events left behind,
// besides at start.
const ReplayEvery = time.Minute

// Claimer decides which process answers an event: the first to claim it
// in the store, or, without a store or while the store fails, the first
// in this process to see it. A rare second answer is better than none.
type Claimer struct {
	// Platform prefixes every key ("slack:event:Ev1"), in a store the
	// adapters share.
	Platform string
	// Timeout bounds one round trip to the store: the platform waits on
	// it, so a database that is down must not hold an event for long.
	Timeout time.Duration
	// Store is where events are claimed; nil: in memory only.
	Store Claims
	// Memory records key and reports whether it is new; it is used
	// without a store and when the store fails.
	Memory func(key string) bool
}

// Claim reports whether the event known by keys is new, so that this
// process is to answer it. Empty keys are ignored.
func (c *Claimer) Claim(ctx context.Context, log *slog.Logger, keys ...string) bool {
	if c.Store == nil {
		return c.inMemory(keys)
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	ok, err := c.Store.Claim(ctx, c.prefixed(keys), ClaimTTL)
	if err != nil {
		log.Error("could not claim the event; deduplicating in this process only", "err", err)
		return c.inMemory(keys)
	}
	return ok
}

func (c *Claimer) inMemory(keys []string) bool {
	for _, k := range keys {
		if k != "" && !c.Memory(k) {
			return false
		}
	}
	return true
}

// Release gives up the claim on an event whose answer was not posted, so
// that a redelivery, or the inbox's replay, is answered.
func (c *Claimer) Release(ctx context.Context, log *slog.Logger, keys ...string) {
	if c.Store == nil {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	if err := c.Store.Release(ctx, c.prefixed(keys)); err != nil {
		log.Error("could not release the claim on an unanswered event", "err", err)
		return
	}
	log.Debug("claim released")
}

func (c *Claimer) prefixed(keys []string) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			out = append(out, c.Platform+":"+k)
		}
	}
	return out
}

// Keeper keeps each event in an Inbox from its arrival until its answer
// is posted, and answers those other processes left unanswered.
type Keeper struct {
	Platform string        // the inbox's adapter column, and its ids' prefix
	Timeout  time.Duration // bounds one round trip to the store
	Inbox    Inbox         // nil: nothing is kept
	MaxAge   time.Duration // older events left behind are not answered
}

// Keep stores ev, as the platform sent it so that a replay goes through
// the same handler as the first delivery, and returns its inbox id, or
// "" when it is not kept. Done deletes it, text and all.
func (k *Keeper) Keep(ctx context.Context, log *slog.Logger, id, channel, thread string, ev any) string {
	if k.Inbox == nil || id == "" {
		return ""
	}
	raw, err := json.Marshal(ev)
	if err != nil {
		log.Error("could not keep the event in the inbox", "err", err)
		return ""
	}
	id = k.Platform + ":" + id
	ctx, cancel := context.WithTimeout(ctx, k.Timeout)
	defer cancel()
	err = k.Inbox.Enqueue(ctx, store.Event{ID: id, Adapter: k.Platform, Channel: channel, Thread: thread,
		Text: string(raw), ReceivedAt: time.Now()})
	if err != nil {
		log.Error("could not keep the event in the inbox", "err", err)
		return ""
	}
	return id
}

// Done deletes an answered event from the inbox.
func (k *Keeper) Done(ctx context.Context, log *slog.Logger, id string) {
	if k.Inbox == nil || id == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, k.Timeout)
	defer cancel()
	if err := k.Inbox.Done(ctx, id); err != nil {
		log.Error("could not remove the answered event from the inbox", "err", err)
	}
}

// Replay hands each event left in the inbox to one, at once and then
// every ReplayEvery, until ctx ends.
func (k *Keeper) Replay(ctx context.Context, log *slog.Logger, one func(store.Event)) {
	if k.Inbox == nil {
		return
	}
	t := time.NewTicker(ReplayEvery)
	defer t.Stop()
	for {
		take, cancel := context.WithTimeout(ctx, k.Timeout)
		evs, err := k.Inbox.Take(take, k.Platform, k.MaxAge)
		cancel()
		if err != nil && ctx.Err() == nil {
			log.Error("could not read the inbox", "err", err)
		}
		for _, e := range evs {
			one(e)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
