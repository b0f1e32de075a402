package chat

import (
	"context"
	"time"

	"github.com/recruitbot/recruitbot/store"
)

// Claims records which events are being answered, so that one the
// platform delivers again (a retry, a replay after a resume, another
// replica sharing the store) is answered once. *store.Store implements it.
type Claims interface {
	// Claim reports whether none of keys was claimed before, claiming
	// them all if so.
	Claim(ctx context.Context, keys []string, ttl time.Duration) (bool, error)
	// Release forgets keys whose answer was never posted.
	Release(ctx context.Context, keys []string) error
}

// Inbox keeps each event from its arrival until its answer is posted, so
// that one whose process died in between, or whose answer could not be
// posted, is answered later by this process or another: an acknowledged
// event is not delivered again. *store.Store implements it.
type Inbox interface {
	Enqueue(ctx context.Context, ev store.Event) error
	Done(ctx context.Context, id string) error
	// Take leases the events whose receiver's lease ran out.
	Take(ctx context.Context, adapter string, maxAge time.Duration) ([]store.Event, error)
}

// Feedback records a person's "Helpful" or "Not helpful" on an answer.
// *insights.Recorder implements it.
type Feedback interface {
	Feedback(ctx context.Context, answerID, user string, helpful bool) error
}

// Reporter writes the recruiters' report on a role ("" for every role).
// *insights.Recorder implements it.
type Reporter interface {
	Report(ctx context.Context, roleID string) (string, error)
}
