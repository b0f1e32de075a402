package chat

import (
	"container/list"
	"sync"
	"time"
)

// Threads remembers the threads the bot has answered in, so that a reply
// there is taken as addressed to the bot without a mention. It is bounded
// both in threads and in time, so that a busy workspace cannot grow it
// without limit and a thread gone quiet for a day needs a mention again.
// It lives in one process only: another replica learns a thread when it
// answers there itself.
type Threads struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // of *thread, most recently answered at the front
	byKey map[string]*list.Element
}

type thread struct {
	key string
	at  time.Time
}

// Defaults for NewThreads: a day's threads in a busy workspace.
const (
	ThreadsMax = 10_000
	ThreadsTTL = 24 * time.Hour
)

// NewThreads remembers at most max threads, each for ttl after the bot
// last answered there.
func NewThreads(max int, ttl time.Duration) *Threads {
	return &Threads{max: max, ttl: ttl, now: time.Now, order: list.New(), byKey: map[string]*list.Element{}}
}

// Add records that the bot answered in the thread key.
func (t *Threads) Add(key string) {
	if key == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if el, ok := t.byKey[key]; ok {
		el.Value.(*thread).at = now
		t.order.MoveToFront(el)
		return
	}
	t.byKey[key] = t.order.PushFront(&thread{key, now})
	for t.order.Len() > t.max {
		t.drop(t.order.Back())
	}
	for old := t.order.Back(); old != nil && now.Sub(old.Value.(*thread).at) > t.ttl; old = t.order.Back() {
		t.drop(old)
	}
}

// Has reports whether the bot answered in the thread key within the ttl.
func (t *Threads) Has(key string) bool {
	if key == "" {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.byKey[key]
	if !ok {
		return false
	}
	if t.now().Sub(el.Value.(*thread).at) > t.ttl {
		t.drop(el)
		return false
	}
	return true
}

// Len is the number of threads remembered, expired ones not yet dropped
// included.
func (t *Threads) Len() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.order.Len()
}

func (t *Threads) drop(el *list.Element) {
	t.order.Remove(el)
	delete(t.byKey, el.Value.(*thread).key)
}
