package bot

import (
	"container/list"
	"sync"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// Conversation memory: what a follow-up ("and the desirable ones?", "is that
// essential?") refers back to. It keeps the last role, intent, area, level
// and cited item per conversation key, never message text; it is bounded in
// keys and forgets a conversation after a quiet spell.
const (
	MemoryKeys = 10000
	MemoryTTL  = 30 * time.Minute
)

// turn is what the bot remembers of the last answer in a conversation.
type turn struct {
	RoleID string
	Intent Intent
	Area   string
	Level  corpus.Level
	Item   int // index in the role's Items of the first citation, -1 when none
	at     time.Time
}

type memory struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	order *list.List // of *entry, most recent at the front
	byKey map[string]*list.Element
}

type entry struct {
	key string
	t   turn
}

func newMemory(max int, ttl time.Duration) *memory {
	return &memory{max: max, ttl: ttl, order: list.New(), byKey: map[string]*list.Element{}}
}

func (m *memory) get(key string, now time.Time) (turn, bool) {
	if key == "" {
		return turn{}, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	el, ok := m.byKey[key]
	if !ok {
		return turn{}, false
	}
	e := el.Value.(*entry)
	if now.Sub(e.t.at) > m.ttl {
		m.order.Remove(el)
		delete(m.byKey, key)
		return turn{}, false
	}
	return e.t, true
}

func (m *memory) put(key string, t turn, now time.Time) {
	if key == "" {
		return
	}
	t.at = now
	m.mu.Lock()
	defer m.mu.Unlock()
	if el, ok := m.byKey[key]; ok {
		el.Value.(*entry).t = t
		m.order.MoveToFront(el)
		return
	}
	m.byKey[key] = m.order.PushFront(&entry{key, t})
	for m.order.Len() > m.max {
		old := m.order.Back()
		m.order.Remove(old)
		delete(m.byKey, old.Value.(*entry).key)
	}
	// Drop expired conversations from the back while we hold the lock.
	for old := m.order.Back(); old != nil && now.Sub(old.Value.(*entry).t.at) > m.ttl; old = m.order.Back() {
		m.order.Remove(old)
		delete(m.byKey, old.Value.(*entry).key)
	}
}

// Len is the number of conversations remembered.
func (m *memory) Len() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.order.Len()
}

// Conversations is the number of conversations the bot remembers.
func (b *Bot) Conversations() int { return b.mem.Len() }
