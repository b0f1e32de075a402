// Package testkit holds what the tests of several packages share: the real
// bot over a corpus (never a fake of our own interfaces), and a buffer that
// adapters may log to while a test reads it.
package testkit

import (
	"bytes"
	"sync"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
)

// Library loads c, the built-in corpus when c is nil, and indexes it in
// memory. close releases the index.
func Library(c *corpus.Corpus) (lib bot.Library, close func(), err error) {
	if c == nil {
		if c, err = corpus.Load(corpus.Default()); err != nil {
			return bot.Library{}, nil, err
		}
	}
	ix, err := index.Build(c, index.Options{})
	if err != nil {
		return bot.Library{}, nil, err
	}
	return bot.Library{Roles: c.Roles, Searcher: ix}, func() { ix.Close() }, nil
}

// LibraryDir is Library over the roles in a folder.
func LibraryDir(dir string) (lib bot.Library, close func(), err error) {
	c, err := corpus.LoadDir(dir)
	if err != nil {
		return bot.Library{}, nil, err
	}
	return Library(c)
}

// Bot is the real bot over c (the built-in corpus when nil); its index is
// closed when the test ends.
func Bot(t testing.TB, c *corpus.Corpus) *bot.Bot {
	t.Helper()
	lib, closeLib, err := Library(c)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeLib)
	return bot.New(lib, nil)
}

// SyncBuffer is a bytes.Buffer that is safe to read while others write.
type SyncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *SyncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *SyncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
