package corpus_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

const nurseV2 = "# Practice nurse\n\n## Key duties\n\n1. Run diabetes clinics.\n"

// watch runs a fast watcher of dir until the test ends.
func watch(t *testing.T, dir string) *reloads {
	t.Helper()
	w := corpus.NewWatcher(dir, nil)
	w.SetDebounce(20 * time.Millisecond)
	w.SetPoll(20 * time.Millisecond)
	if _, err := w.Load(); err != nil {
		t.Fatal(err)
	}
	r := &reloads{ch: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := w.Run(ctx, r.add); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return r
}

func says(text string) func(*corpus.Corpus, error) bool {
	return func(c *corpus.Corpus, _ error) bool {
		return len(c.Roles) == 1 && len(c.Roles[0].Items) > 0 && strings.Contains(c.Roles[0].Items[0].Text, text)
	}
}

func TestWatcherFollowsASymlinkSwap(t *testing.T) {
	base := t.TempDir()
	for rel, text := range map[string]string{"rel1": nurseV1, "rel2": nurseV2} {
		os.Mkdir(filepath.Join(base, rel), 0o755)
		write(t, filepath.Join(base, rel, "nurse.md"), text)
	}
	current := filepath.Join(base, "current")
	if err := os.Symlink("rel1", current); err != nil {
		t.Fatal(err)
	}
	r := watch(t, current)
	// ln -s rel2 next && mv -T next current
	if err := os.Symlink("rel2", filepath.Join(base, "next")); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(base, "next"), current); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the new release", says("diabetes"))
	// And the watch is on the new folder now.
	write(t, filepath.Join(base, "rel2", "nurse.md"), nurseV1)
	r.waitFor(t, "an edit in the new release", says("asthma"))
}

func TestWatcherFollowsAReplacedFolder(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "roles")
	os.Mkdir(dir, 0o755)
	write(t, filepath.Join(dir, "nurse.md"), nurseV1)
	r := watch(t, dir)
	next := filepath.Join(base, "roles.new")
	os.Mkdir(next, 0o755)
	write(t, filepath.Join(next, "nurse.md"), nurseV2)
	os.RemoveAll(dir)
	if err := os.Rename(next, dir); err != nil {
		t.Fatal(err)
	}
	r.waitFor(t, "the replacement folder", says("diabetes"))
}

func TestWatcherFollowsAConfigMapUpdate(t *testing.T) {
	dir := t.TempDir()
	// How the kubelet lays out a ConfigMap volume.
	os.Mkdir(filepath.Join(dir, "..2026_01_01_00_00_00.1"), 0o755)
	write(t, filepath.Join(dir, "..2026_01_01_00_00_00.1", "nurse.md"), nurseV1)
	os.Symlink("..2026_01_01_00_00_00.1", filepath.Join(dir, "..data"))
	os.Symlink("..data/nurse.md", filepath.Join(dir, "nurse.md"))
	r := watch(t, dir)
	// An update: a new timestamped folder, and ..data swapped atomically.
	os.Mkdir(filepath.Join(dir, "..2026_01_02_00_00_00.2"), 0o755)
	write(t, filepath.Join(dir, "..2026_01_02_00_00_00.2", "nurse.md"), nurseV2)
	os.Symlink("..2026_01_02_00_00_00.2", filepath.Join(dir, "..data_tmp"))
	if err := os.Rename(filepath.Join(dir, "..data_tmp"), filepath.Join(dir, "..data")); err != nil {
		t.Fatal(err)
	}
	os.RemoveAll(filepath.Join(dir, "..2026_01_01_00_00_00.1"))
	r.waitFor(t, "the updated ConfigMap", says("diabetes"))
}

func TestWatcherReloadsAFolderThatIsNeverQuiet(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "nurse.md"), nurseV1)
	w := corpus.NewWatcher(dir, nil)
	w.SetDebounce(100 * time.Millisecond) // so maxWait is 3 s
	w.SetPoll(time.Hour)
	w.Load()
	r := &reloads{ch: make(chan struct{}, 1)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.Run(ctx, r.add) })
	// A write every 50 ms, twice as often as the debounce; for at most
	// 4.5 s, within which the capped debounce must have reloaded.
	stop := make(chan struct{})
	defer func() {
		close(stop)
		cancel()
		wg.Wait() // before the folder is removed
	}()
	wg.Go(func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for i := 0; i < 90; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
				write(t, filepath.Join(dir, "nurse.md"), nurseV2)
			}
		}
	})
	r.waitFor(t, "a reload despite the writes", says("diabetes"))
}

func TestRoleFileLimits(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "nurse.md"), nurseV1)
	big := nurseV1 + strings.Repeat("2. A duty that goes on.\n", corpus.MaxFileBytes/20)
	write(t, filepath.Join(dir, "huge.md"), big)
	var many strings.Builder
	many.WriteString("# Many\n\n## Key duties\n\n")
	for i := 1; i <= corpus.MaxItems+1; i++ {
		fmt.Fprintf(&many, "%d. Duty number %d.\n", i, i)
	}
	write(t, filepath.Join(dir, "many.md"), many.String())
	c, err := corpus.LoadDir(dir)
	if c == nil || len(c.Roles) != 1 {
		t.Fatalf("the good file should load: %v", err)
	}
	if err == nil || !strings.Contains(err.Error(), "huge.md:1") || !strings.Contains(err.Error(), "at most 1024 KB") {
		t.Errorf("err = %v, want the oversized file named with the limit", err)
	}
	if err == nil || !strings.Contains(err.Error(), "many.md:1") || !strings.Contains(err.Error(), "at most 2000") {
		t.Errorf("err = %v, want the role with too many items named with the limit", err)
	}
}
