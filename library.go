package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/corpus/importer"
	"github.com/recruitbot/recruitbot/index"
	"github.com/recruitbot/recruitbot/internal/metrics"
)

// indexLockWait bounds waiting for another process to let go of the index
// folder.
var indexLockWait = 10 * time.Second

// retireAfter is how long a replaced index stays open for questions that
// started before the swap; a search takes well under a millisecond.
const retireAfter = 30 * time.Second

// library owns the corpus and its index, and rebuilds both when the corpus
// folder changes.
type library struct {
	dir, indexDir string
	log           *slog.Logger
	watcher       *corpus.Watcher // nil for the built-in corpus
	metrics       *metrics.Metrics
	lastBuild     time.Duration
	roles         int

	unlock func() // releases the index folder

	mu      sync.Mutex
	current *index.Index
	retired []*index.Index
	closed  bool
}

// openLibrary loads the corpus (the built-in one when dir is "") and
// indexes it. A role file that fails to parse is logged with its file and
// line and left out; the others load.
func openLibrary(ctx context.Context, dir, indexDir string, log *slog.Logger) (*library, bot.Library, error) {
	l := &library{dir: dir, indexDir: indexDir, log: log, unlock: func() {}}
	if indexDir != "" {
		unlock, err := lockIndex(ctx, indexDir, indexLockWait)
		if err != nil {
			return nil, bot.Library{}, err
		}
		l.unlock = sync.OnceFunc(unlock)
	}
	var (
		c   *corpus.Corpus
		err error
	)
	if dir == "" {
		c, err = corpus.Load(corpus.Default())
	} else {
		l.watcher = corpus.NewWatcher(dir, log)
		l.watcher.SetImporter(importer.ForCorpus())
		c, err = l.watcher.Load()
	}
	if c == nil {
		l.unlock()
		return nil, bot.Library{}, err
	}
	logCorpusErrors(log, err)
	if len(c.Roles) == 0 {
		l.unlock()
		return nil, bot.Library{}, fmt.Errorf("no role could be loaded from %s", corpusName(dir))
	}
	if err := ctx.Err(); err != nil {
		l.unlock()
		return nil, bot.Library{}, err
	}
	lib, err := l.build(c)
	if err != nil {
		l.Close()
		return nil, bot.Library{}, err
	}
	return l, lib, nil
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
	l.lastBuild, l.roles = time.Since(start), len(c.Roles)
	l.metrics.Library(l.roles, l.lastBuild)
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
		if len(c.Roles) == 0 {
			l.metrics.Reloaded(fmt.Errorf("no roles"))
			l.log.Error("corpus reload found no role; still answering from the previous version", "corpus", l.dir)
			return
		}
		lib, err := l.build(c)
		l.mu.Lock()
		m := l.metrics
		l.mu.Unlock()
		m.Reloaded(err)
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

// observe reports the library to m: what is loaded now and every reload
// from here on.
func (l *library) observe(m *metrics.Metrics) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.metrics = m
	m.Library(l.roles, l.lastBuild)
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
	l.unlock()
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
