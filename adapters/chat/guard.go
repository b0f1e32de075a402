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
