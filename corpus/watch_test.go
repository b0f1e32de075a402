package corpus_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

const nurseV1 = "# Practice nurse\n\n## Key duties\n\n1. Run asthma clinics.\n"

func write(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// reloads collects what the watcher hands over, for a test to wait on.
type reloads struct {
	mu   sync.Mutex
	seen []*corpus.Corpus
	errs []error
	ch   chan struct{}
}

func (r *reloads) add(c *corpus.Corpus, err error) {
	r.mu.Lock()
	r.seen = append(r.seen, c)
	r.errs = append(r.errs, err)
	r.mu.Unlock()
	select {
	case r.ch <- struct{}{}:
	default:
	}
}

// waitFor waits, at most 5 s, for a reload whose corpus satisfies ok.
func (r *reloads) waitFor(t *testing.T, what string, ok func(*corpus.Corpus, error) bool) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		r.mu.Lock()
		for i, c := range r.seen {
			if ok(c, r.errs[i]) {
				r.seen, r.errs = nil, nil
				r.mu.Unlock()
				return
			}
		}
		r.mu.Unlock()
		select {
		case <-r.ch:
		case <-deadline:
			t.Fatalf("no reload with %s within 5s", what)
		}
	}
}

func duty1(c *corpus.Corpus, id string) string {
	if r, ok := c.Role(id); ok {
		if d, ok := r.Duty(1); ok {
			return d.Text
		}
	}
	return ""
}

func TestWatcherReloads(t *testing.T) {
	dir := t.TempDir()
	nurse := filepath.Join(dir, "practice-nurse.md")
	write(t, nurse, nurseV1)
	w := corpus.NewWatcher(dir, nil)
	w.SetDebounce(50 * time.Millisecond)
	c, err := w.Load()
	if err != nil || len(c.Roles) != 1 {
		t.Fatalf("load: %v %v", c, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	r := &reloads{ch: make(chan struct{}, 1)}
	go func() { done <- w.Run(ctx, r.add) }()
	defer func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("watcher did not stop")
		}
	}()
	time.Sleep(100 * time.Millisecond) // let the watch start before the first edit

	write(t, nurse, strings.Replace(nurseV1, "asthma", "diabetes", 1))
	r.waitFor(t, "the edit", func(c *corpus.Corpus, err error) bool {
		return err == nil && duty1(c, "practice-nurse") == "Run diabetes clinics."
	})

	// A broken edit keeps the last good version and is reported with its line.
	write(t, nurse, "# Practice nurse\n\n## Key duties\n\n3. Skips a number.\n")
	r.waitFor(t, "the broken edit", func(c *corpus.Corpus, err error) bool {
		return err != nil && strings.Contains(err.Error(), "practice-nurse.md:5") &&
			strings.Contains(err.Error(), "last version") && duty1(c, "practice-nurse") == "Run diabetes clinics."
	})

	// A new file adds a role; removing it takes it away.
	physio := filepath.Join(dir, "physio.md")
	write(t, physio, "# Physio\n\n## Key duties\n\n1. Treat back pain.\n")
	r.waitFor(t, "the new role", func(c *corpus.Corpus, err error) bool { return len(c.Roles) == 2 })
	if err := os.Remove(physio); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the removal", func(c *corpus.Corpus, err error) bool { return len(c.Roles) == 1 })
}

func TestWatcherMissingFolder(t *testing.T) {
	w := corpus.NewWatcher(filepath.Join(t.TempDir(), "nope"), nil)
	if _, err := w.Load(); err == nil {
		t.Error("loading a missing folder should fail")
	}
	if err := w.Run(context.Background(), func(*corpus.Corpus, error) {}); err == nil {
		t.Error("watching a missing folder should fail")
	}
}
