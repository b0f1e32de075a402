package corpus

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Watcher loads a corpus folder and reloads it when its files change. A
// file that no longer parses keeps its last good version, so a half-saved
// edit never takes a role away from applicants.
//
// Deploys that swap the whole folder are followed too: a symlink to the
// folder repointed (ln -s rel2 next && mv -T next current), the folder
// replaced, or Kubernetes' ConfigMap volumes, which swap a "..data" symlink
// inside the folder. A file-system watch alone misses the first two (it
// stays on the old folder), so the folder is also checked every so often.
type Watcher struct {
	dir      string
	log      *slog.Logger
	debounce time.Duration
	maxWait  time.Duration
	poll     time.Duration
	imp      *Importer

	last *lastGood
	// What the folder was at the last Load: the folder the path led to
	// and its files' signature, so Run can tell a change since.
	loadedDir os.FileInfo
	loadedSig string
}

// NewWatcher returns a watcher of dir. Call Load once, then Run.
func NewWatcher(dir string, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{dir: dir, log: log, debounce: 300 * time.Millisecond, maxWait: 3 * time.Second, poll: 2 * time.Second}
}

// SetDebounce sets how long the folder must be quiet before a reload; an
// editor's save is often several events. A folder that is never quiet
// still reloads, at most 3 s (or ten debounces, if more) after the first
// change.
func (w *Watcher) SetDebounce(d time.Duration) {
	w.debounce = d
	w.maxWait = max(3*time.Second, 10*d)
}

// SetPoll sets how often the folder is checked for a swap the file-system
// watch cannot see (default 2 s).
func (w *Watcher) SetPoll(d time.Duration) { w.poll = d }

// SetImporter makes the folder accept job descriptions in the formats imp
// reads, imported on load and on change; a role file of the same id wins.
func (w *Watcher) SetImporter(imp *Importer) { w.imp = imp }

// Load reads every role file and the synonym list. Errors name file and
// line; a file that fails keeps its previous version, if it had one.
func (w *Watcher) Load() (*Corpus, error) {
	// Noted before reading, so a change while reading shows as one.
	w.loadedDir, _ = os.Stat(w.dir)
	w.loadedSig = w.signature()
	c, now, err := load(os.DirFS(w.dir), w.dir, w.last, &options{imp: w.imp, log: w.log})
	if now != nil {
		w.last = now
	}
	return c, err
}

// Run watches the folder until ctx ends, calling reload with the corpus
// and any errors after each burst of changes settles.
func (w *Watcher) Run(ctx context.Context, reload func(*Corpus, error)) error {
	fw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch %s: %w", w.dir, err)
	}
	defer fw.Close()
	watched, sig := w.loadedDir, w.loadedSig
	if err := fw.Add(w.dir); err != nil {
		if watched == nil {
			return fmt.Errorf("watch %s: %w", w.dir, err) // it never was there
		}
		// Gone since Load, perhaps mid-swap: the poll adds the watch when
		// the folder is back.
		w.log.Warn("watching corpus", "dir", w.dir, "err", err)
		watched = nil
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	poll := time.NewTicker(w.poll)
	defer poll.Stop()
	var first time.Time // of the burst of changes not yet reloaded
	changed := func(why string, attrs ...any) {
		w.log.Debug("corpus changed", append([]any{"why", why}, attrs...)...)
		now := time.Now()
		if first.IsZero() {
			first = now
		}
		// Postpone for quiet, but not past maxWait from the first change.
		timer.Reset(max(min(w.debounce, first.Add(w.maxWait).Sub(now)), 0))
	}
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if w.relevant(ev.Name) {
				changed("event", "file", filepath.Base(ev.Name), "op", ev.Op.String())
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.log.Warn("watching corpus", "dir", w.dir, "err", err)
		case <-poll.C:
			// The path may lead to another folder now: watch that one.
			if st, err := os.Stat(w.dir); err == nil && (watched == nil || !os.SameFile(st, watched)) {
				_ = fw.Remove(w.dir)
				if err := fw.Add(w.dir); err != nil {
					w.log.Warn("watching corpus", "dir", w.dir, "err", err)
				} else {
					watched = st
				}
				changed("folder replaced")
			} else if now := w.signature(); now != sig {
				changed("files differ")
			}
		case <-timer.C:
			first = time.Time{}
			c, err := w.Load()
			sig = w.loadedSig
			if c != nil {
				reload(c, err)
			} else {
				w.log.Error("corpus reload failed", "dir", w.dir, "err", err)
			}
		}
	}
}

// signature sums up what the folder holds, through any symlinks: each
// relevant file's name, size and modification time.
func (w *Watcher) signature() string {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return "unreadable: " + err.Error()
	}
	var b strings.Builder
	for _, e := range entries {
		if !w.relevant(e.Name()) {
			continue
		}
		st, err := os.Stat(filepath.Join(w.dir, e.Name()))
		if err != nil {
			fmt.Fprintf(&b, "%s ?\n", e.Name())
			continue
		}
		fmt.Fprintf(&b, "%s %d %d\n", e.Name(), st.Size(), st.ModTime().UnixNano())
	}
	return b.String()
}

// relevant says whether a change to name may change the corpus: a role
// file, the synonym list, a job description the importer reads, or the
// "..data" symlink a ConfigMap volume swaps.
func (w *Watcher) relevant(name string) bool {
	base := filepath.Base(name)
	if base == "..data" {
		return true
	}
	if strings.HasPrefix(base, ".") {
		return false
	}
	return strings.HasSuffix(base, ".md") || base == SynonymsFile || w.imp != nil && w.imp.Accepts(base)
}
