package slack

import (
	"sync"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
)

const roleID = "primary-care-occupational-therapist"

// The real bot over the built-in corpus, built once: tests and the
// benchmark share it, and TestMain closes its index.
var (
	sharedBot  *bot.Bot
	sharedErr  error
	sharedOnce sync.Once
	closeBot   = func() {}
)

func realBot(t testing.TB) *bot.Bot {
	t.Helper()
	sharedOnce.Do(func() {
		c, err := corpus.Load(corpus.Default())
		if err != nil {
			sharedErr = err
			return
		}
		idx, err := index.Build(c, index.Options{})
		if err != nil {
			sharedErr = err
			return
		}
		closeBot = func() { idx.Close() }
		sharedBot = bot.New(bot.Library{Roles: c.Roles, Searcher: idx}, nil)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedBot
}
