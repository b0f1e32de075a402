package bot

import (
	"context"
	"log/slog"
	"sync/atomic"
)

// Bot answers questions from the current Library.
type Bot struct {
	lib atomic.Pointer[Library]
	log *slog.Logger
}

// New returns a bot answering from lib.
func New(lib Library, log *slog.Logger) *Bot {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{log: log}
	b.Swap(lib)
	return b
}

// Swap replaces the library atomically: questions under way finish on the
// old one, the next ones see the new one.
func (b *Bot) Swap(lib Library) { b.lib.Store(&lib) }

// Library returns the library in use.
func (b *Bot) Library() Library { return *b.lib.Load() }

var _ Responder = (*Bot)(nil)

// Answer answers a free-text message.
func (b *Bot) Answer(ctx context.Context, q Question) Answer {
	// Under construction: the full pipeline lands in the next commits.
	return Answer{Question: q.Text, Intent: IntentEmpty, Text: "I'm still starting up."}
}

// Run answers a /role subcommand.
func (b *Bot) Run(ctx context.Context, q Question, c Command) Answer {
	return b.Answer(ctx, Question{Text: c.Args, RoleID: q.RoleID})
}
