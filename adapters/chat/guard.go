package chat

import (
	"fmt"
	"log/slog"

	"github.com/recruitbot/recruitbot/bot"
)

// Apology is the reply when the bot fails on a question: the asker gets an
// answer, never silence, and the failure is logged.
const Apology = "Sorry, something went wrong while answering. Please try again."

// Guard asks f for an answer; if f panics, the panic is logged (without
// the question) and the asker gets the apology instead. Every chat
// adapter answers through it.
func Guard(log *slog.Logger, f func() bot.Answer) (ans bot.Answer) {
	defer func() {
		if p := recover(); p != nil {
			log.Error("the bot failed to answer", "panic", fmt.Sprint(p))
			ans = bot.Answer{Intent: bot.IntentError, Text: Apology}
		}
	}()
	return f()
}

// LogAnswered writes the one line every chat adapter logs per answer, with
// the same keys on every platform (and never the question's text); extra
// adds the platform's own, such as how long delivery took.
func LogAnswered(log *slog.Logger, ans bot.Answer, messages int, extra ...any) {
	log.Info("answered", append([]any{"intent", string(ans.Intent), "answered", ans.Answered,
		"citations", len(ans.Citations), "messages", messages}, extra...)...)
}
