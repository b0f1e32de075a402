package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
)

// retireAfter is how long a replaced index stays open for questions that
// started before the swap; a search takes well under a millisecond.
const retireAfter = 30 * time.Second

// library owns the corpus and its index, and rebuilds both when the corpus
// folder changes.
type library struct {
	dir, indexDir string
	log           *slog.Logger
	watcher       *corpus.Watcher // nil for the built-in corpus

	mu      sync.Mutex
	current *index.Index
	retired []*index.Index
	closed  bool
}

// openLibrary loads the corpus (the built-in one when dir is "") and
// indexes it. A role file that fails to parse is logged with its file and
// line and left out; the others load.
func openLibrary(dir, indexDir string, log *slog.Logger) (*library, bot.Library, error) {
	l := &library{dir: dir, indexDir: indexDir, log: log}
	var (
		c   *corpus.Corpus
		err error
	)
	if dir == "" {
		c, err = corpus.Load(corpus.Default())
	} else {
		l.watcher = corpus.NewWatcher(dir, log)
		c, err = l.watcher.Load()
	}
	if c == nil {
		return nil, bot.Library{}, err
	}
	logCorpusErrors(log, err)
	if len(c.Roles) == 0 {
		return nil, bot.Library{}, fmt.Errorf("no role could be loaded from %s", corpusName(dir))
	}
	lib, err := l.build(c)
	return l, lib, err
}

func (l *library) build(c *corpus.Corpus) (bot.Library, error) {
	start := time.Now()
	l.mu.Lock()
	prev := l.current
	l.mu.Unlock()
	// Roles that did not change keep their index; only edited ones rebuild.
	ix, err := index.Build(c, index.Options{Dir: l.indexDir, Reuse: prev})
	if err != nil {
		return bot.Library{}, err
	}
	go ix.Warm()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		ix.Close()
		return bot.Library{}, fmt.Errorf("library closed")
	}
	if old := l.current; old != nil {
		l.retired = append(l.retired, old)
		time.AfterFunc(retireAfter, func() { l.retire(old) })
	}
	l.current = ix
	l.log.Info("corpus loaded", "corpus", corpusName(l.dir), "roles", len(c.Roles), "items", ix.DocCount(),
		"index_rebuilt", ix.Rebuilt, "took", time.Since(start).Round(time.Millisecond))
	return bot.Library{Roles: c.Roles, Searcher: ix}, nil
}

func (l *library) retire(ix *index.Index) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, r := range l.retired {
		if r == ix {
			l.retired = append(l.retired[:i], l.retired[i+1:]...)
			ix.Close()
			if l.indexDir != "" {
				if err := index.Prune(l.indexDir, append([]*index.Index{l.current}, l.retired...)...); err != nil {
					l.log.Warn("pruning old index folders", "dir", l.indexDir, "err", err)
				}
			}
			return
		}
	}
}

// watch reloads the corpus into b whenever its folder changes, until ctx
// ends. The swap is atomic: a question sees the old library or the new one.
func (l *library) watch(ctx context.Context, b *bot.Bot) {
	if l.watcher == nil {
		return
	}
	err := l.watcher.Run(ctx, func(c *corpus.Corpus, err error) {
		logCorpusErrors(l.log, err)
		lib, err := l.build(c)
		if err != nil {
			l.log.Error("corpus reload failed; still answering from the previous version", "err", err)
			return
		}
		b.Swap(lib)
		l.log.Info("corpus reloaded", "roles", len(c.Roles))
	})
	if err != nil {
		l.log.Error("not watching the corpus for changes", "err", err)
	}
}

// Close closes every index.
func (l *library) Close() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	for _, ix := range append(l.retired, l.current) {
		if ix != nil {
			ix.Close()
		}
	}
	l.retired, l.current = nil, nil
}

func corpusName(dir string) string {
	if dir == "" {
		return "built-in"
	}
	return dir
}

func logCorpusErrors(log *slog.Logger, err error) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			log.Error("role file not loaded", "err", e)
		}
		return
	}
	log.Error("role file not loaded", "err", err)
}
