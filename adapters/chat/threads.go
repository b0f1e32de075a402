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
	key  string
	role string // the role the bot's answer there was about, if noted
	at   time.Time
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

// Add records that the bot answered in the thread key, keeping the role
// noted for it, if any.
func (t *Threads) Add(key string) { t.AddAbout(key, "") }

// AddAbout records that the bot answered in the thread key about the role
// roleID ("": no change), for a thread that has no role of its own, e.g.
// one started on the answer.
func (t *Threads) AddAbout(key, roleID string) {
	if key == "" {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if el, ok := t.byKey[key]; ok {
		th := el.Value.(*thread)
		th.at = now
		if roleID != "" {
			th.role = roleID
		}
		t.order.MoveToFront(el)
		return
	}
	t.byKey[key] = t.order.PushFront(&thread{key, roleID, now})
	for t.order.Len() > t.max {
		t.drop(t.order.Back())
	}
	for old := t.order.Back(); old != nil && now.Sub(old.Value.(*thread).at) > t.ttl; old = t.order.Back() {
		t.drop(old)
	}
}

// Has reports whether the bot answered in the thread key within the ttl.
func (t *Threads) Has(key string) bool {
	_, ok := t.About(key)
	return ok
}

// About reports whether the bot answered in the thread key within the ttl,
// and the role noted for it ("" if none).
func (t *Threads) About(key string) (roleID string, ok bool) {
	if key == "" {
		return "", false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	el, ok := t.byKey[key]
	if !ok {
		return "", false
	}
	th := el.Value.(*thread)
	if t.now().Sub(th.at) > t.ttl {
		t.drop(el)
		return "", false
	}
	return th.role, true
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
