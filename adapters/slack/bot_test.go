package slack

import (
	"sync"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/testkit"
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
		lib, closeLib, err := testkit.Library(nil)
		if err != nil {
			sharedErr = err
			return
		}
		closeBot = closeLib
		sharedBot = bot.New(lib, nil)
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return sharedBot
}
