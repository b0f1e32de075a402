package slack

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

func TestDedupe(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	d := newDedupe(time.Minute, 3)
	d.now = func() time.Time { return now }
	if first, again := d.first("a"), d.first("a"); !first || again {
		t.Fatal("a key is new once")
	}
	if first, again := d.first(""), d.first(""); !first || !again {
		t.Fatal("an empty key identifies nothing and is always new")
	}
	now = now.Add(61 * time.Second)
	if !d.first("a") {
		t.Fatal("a key is forgotten after the TTL")
	}
	d.first("b")
	d.first("c")
	d.first("d") // evicts a, the oldest
	if d.len() != 3 {
		t.Fatalf("%d keys kept, want at most 3", d.len())
	}
	if d.first("c") || !d.first("a") {
		t.Fatal("the oldest key goes first when full")
	}
}

func TestDedupeBounded(t *testing.T) {
	d := newDedupe(time.Hour, 100)
	for i := range 10_000 {
		d.first(fmt.Sprint(i))
	}
	if d.len() != 100 || cap(d.order) > 1000 {
		t.Errorf("%d keys, order capacity %d: the cache grows", d.len(), cap(d.order))
	}
}

func TestDedupeConcurrent(t *testing.T) {
	d := newDedupe(time.Hour, 100)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for range 20 {
		wg.Go(func() {
			if d.first("same") {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("%d deliveries won, want 1", wins)
	}
}
