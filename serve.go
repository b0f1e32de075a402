package main

import (
	"context"
	"io"
	"log/slog"
	"sync"

	"github.com/recruitbot/recruitbot/adapters/console"
	"github.com/recruitbot/recruitbot/bot"
)

// serve runs the chat adapters until ctx ends.
func serve(ctx context.Context, cfg Config, b *bot.Bot, l *library, stdin io.Reader, stdout io.Writer, getenv env, log *slog.Logger) int {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { l.watch(ctx, b) })
	defer wg.Wait()
	defer cancel()
	title := "the loaded roles"
	if roles := b.Library().Roles; len(roles) == 1 {
		title = "the " + roles[0].Title + " role"
	}
	intro := "recruitbot: ask about " + title + ` (e.g. "Do I need HCPC registration?", "What does duty 12 say?"); Ctrl-D to quit.`
	c := console.New(stdin, stdout, true, intro)
	if err := c.Run(ctx, b); err != nil {
		log.Error("console stopped", "err", err)
		return 1
	}
	return 0
}
