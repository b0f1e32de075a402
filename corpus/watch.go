package corpus

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
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

	good map[string]*Role // file name -> last version that parsed
	syn  [][]string
}

// NewWatcher returns a watcher of dir. Call Load once, then Run.
func NewWatcher(dir string, log *slog.Logger) *Watcher {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Watcher{dir: dir, log: log, debounce: 300 * time.Millisecond, good: map[string]*Role{}}
}

// SetDebounce sets how long the folder must be quiet before a reload; an
// editor's save is often several events.
func (w *Watcher) SetDebounce(d time.Duration) { w.debounce = d }

// Load reads every role file and the synonym list. Errors name file and
// line; a file that fails keeps its previous version, if it had one.
func (w *Watcher) Load() (*Corpus, error) {
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return nil, fmt.Errorf("corpus %s: %w", w.dir, err)
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".md") && !strings.EqualFold(n, "README.md") && !strings.HasPrefix(n, ".") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var errs []error
	good := map[string]*Role{}
	ids := map[string]string{}
	c := &Corpus{}
	for _, name := range names {
		path := filepath.Join(w.dir, name)
		r, err := w.parse(path)
		if err != nil {
			if prev, ok := w.good[name]; ok {
				err = fmt.Errorf("%w (still answering from the last version that loaded)", err)
				r = prev
			}
			errs = append(errs, err)
			if r == nil {
				continue
			}
		}
		if other, dup := ids[r.ID]; dup {
			errs = append(errs, &ParseError{File: path, Line: 1, Msg: fmt.Sprintf("role id %q is already used by %s", r.ID, other)})
			continue
		}
		ids[r.ID] = name
		good[name] = r
		c.Roles = append(c.Roles, r)
	}
	w.good = good
	c.Synonyms = w.syn
	if f, err := os.Open(filepath.Join(w.dir, SynonymsFile)); err == nil {
		syn, perr := ParseSynonyms(filepath.Join(w.dir, SynonymsFile), f)
		f.Close()
		if perr != nil {
			errs = append(errs, fmt.Errorf("%w (still using the last synonym list that loaded)", perr))
		} else {
			w.syn, c.Synonyms = syn, syn
		}
	} else if errors.Is(err, os.ErrNotExist) {
		w.syn, c.Synonyms = nil, nil
	}
	return c, errors.Join(errs...)
}

func (w *Watcher) parse(path string) (*Role, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	return Parse(path, f)
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
			if relevant(ev.Name) {
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

func relevant(name string) bool {
	base := filepath.Base(name)
	return !strings.HasPrefix(base, ".") && (strings.HasSuffix(base, ".md") || base == SynonymsFile)
}
