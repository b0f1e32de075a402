package slack

import (
	"sync"
	"time"
)

// dedupe remembers the keys it has seen for a while, so that an event Slack
// delivers twice is answered once. Slack retries for a few minutes, so a key
// need not be remembered for long; both the age and the number of keys are
// bounded so that a busy workspace cannot grow it without limit.
type dedupe struct {
	mu    sync.Mutex
	ttl   time.Duration
	size  int // most keys kept
	now   func() time.Time
	seen  map[string]time.Time
	order []string // keys oldest first; each key in seen appears here once
}

func newDedupe(ttl time.Duration, size int) *dedupe {
	return &dedupe{ttl: ttl, size: size, now: time.Now, seen: make(map[string]time.Time)}
}

// first records key and reports whether it is new. Checking and recording
// in one step is what makes two concurrent deliveries produce one answer.
// Empty keys are never recorded: there is nothing to tell apart.
func (d *dedupe) first(key string) bool {
	if key == "" {
		return true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	for len(d.order) > 0 && now.Sub(d.seen[d.order[0]]) > d.ttl {
		d.dropOldest()
	}
	if _, ok := d.seen[key]; ok {
		return false
	}
	for len(d.order) >= d.size {
		d.dropOldest()
	}
	d.seen[key] = now
	d.order = append(d.order, key)
	return true
}

func (d *dedupe) dropOldest() {
	delete(d.seen, d.order[0])
	d.order[0] = "" // the slot lingers until append moves the live keys
	d.order = d.order[1:]
}

func (d *dedupe) len() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.seen)
}
