package bot

import (
	"context"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// SharedMemory keeps conversations where every replica of the bot sees
// them, so that a follow-up handled by another process still knows what
// it follows. Recall returns nothing for a conversation quiet for longer
// than the memory keeps it.
type SharedMemory interface {
	Recall(ctx context.Context, key string) (Memo, bool, error)
	Remember(ctx context.Context, key string, m Memo) error
}

// Memo is what a conversation remembers of its last answer: never text.
type Memo struct {
	RoleID string
	Intent Intent
	Area   string
	Level  corpus.Level
	Item   int // index of the first cited item in the role's Items; -1 for none
	At     time.Time
}

// ShareMemory makes the bot remember conversations in m instead of in this
// process. Call it before the bot answers.
func (b *Bot) ShareMemory(m SharedMemory) { b.shared = m }

// recall is the last turn of a conversation, from the shared memory when
// there is one. A memory that fails is logged and treated as empty: the
// question is still answered, only not as a follow-up.
func (b *Bot) recall(ctx context.Context, key string, now time.Time) (turn, bool) {
	if b.shared == nil || key == "" {
		return b.mem.get(key, now)
	}
	m, ok, err := b.shared.Recall(ctx, key)
	if err != nil {
		b.log.Error("could not recall the conversation", "err", err)
		return turn{}, false
	}
	if !ok || now.Sub(m.At) > MemoryTTL {
		return turn{}, false
	}
	return turn{RoleID: m.RoleID, Intent: m.Intent, Area: m.Area, Level: m.Level, Item: m.Item, at: m.At}, true
}

func (b *Bot) remember(ctx context.Context, key string, t turn, now time.Time) {
	if b.shared == nil || key == "" {
		b.mem.put(key, t, now)
		return
	}
	m := Memo{RoleID: t.RoleID, Intent: t.Intent, Area: t.Area, Level: t.Level, Item: t.Item, At: now}
	if err := b.shared.Remember(context.WithoutCancel(ctx), key, m); err != nil {
		b.log.Error("could not remember the conversation", "err", err)
	}
}
