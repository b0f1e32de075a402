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
type Watcher struct {
	dir      string
	log      *slog.Logger
	debounce time.Duration
	imp      *Importer

	last *lastGood
}

// NewWatcher returns a watcher of dir. Call Load once, then Run.
func NewWatcher(dir string, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{dir: dir, log: log, debounce: 300 * time.Millisecond}
}

// SetDebounce sets how long the folder must be quiet before a reload; an
// editor's save is often several events.
func (w *Watcher) SetDebounce(d time.Duration) { w.debounce = d }

// SetImporter makes the folder accept job descriptions in the formats imp
// reads, imported on load and on change; a role file of the same id wins.
func (w *Watcher) SetImporter(imp *Importer) { w.imp = imp }

// Load reads every role file and the synonym list. Errors name file and
// line; a file that fails keeps its previous version, if it had one.
func (w *Watcher) Load() (*Corpus, error) {
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
	if err := fw.Add(w.dir); err != nil {
		return fmt.Errorf("watch %s: %w", w.dir, err)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-fw.Events:
			if !ok {
				return nil
			}
			if w.relevant(ev.Name) {
				w.log.Debug("corpus changed", "file", filepath.Base(ev.Name), "op", ev.Op.String())
				timer.Reset(w.debounce)
			}
		case err, ok := <-fw.Errors:
			if !ok {
				return nil
			}
			w.log.Warn("watching corpus", "dir", w.dir, "err", err)
		case <-timer.C:
			c, err := w.Load()
			if c != nil {
				reload(c, err)
			} else {
				w.log.Error("corpus reload failed", "dir", w.dir, "err", err)
			}
		}
	}
}

func (w *Watcher) relevant(name string) bool {
	base := filepath.Base(name)
	if strings.HasPrefix(base, ".") {
		return false
	}
	return strings.HasSuffix(base, ".md") || base == SynonymsFile || w.imp != nil && w.imp.Accepts(base)
}
