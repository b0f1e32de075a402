package main

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/recruitbot/recruitbot/adapters/console"
	"github.com/recruitbot/recruitbot/adapters/discord"
	"github.com/recruitbot/recruitbot/adapters/slack"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/store"
)

// serve runs the chat adapters until ctx ends: Slack and/or Discord when
// their tokens are set, else a console chat on stdin/stdout. Each adapter
// finishes the replies it has under way before serve returns.
func serve(ctx context.Context, cfg Config, b *bot.Bot, l *library, stdin io.Reader, stdout io.Writer, getenv env, log *slog.Logger) int {
	cfg.Slack.FromEnv(getenv)
	cfg.Discord.FromEnv(getenv)
	// The chat adapters share a store: claims, so an event is answered
	// once across restarts and replicas, and the recruiters' insights.
	var r bot.Responder = b
	var st *store.Store
	var rec *insights.Recorder
	if cfg.Slack.Enabled() || cfg.Discord.Enabled() {
		var err error
		if st, rec, err = openState(ctx, cfg, getenv, b, log); err != nil {
			log.Error("cannot start", "err", err)
			return 1
		}
		defer st.Close()
		r = rec
	}
	adapters := map[string]bot.Adapter{}
	var errs []error
	if cfg.Slack.Enabled() {
		a, err := slack.New(cfg.Slack, log)
		if err == nil {
			a.ClaimWith(st)
			a.KeepInbox(st, cfg.inboxMaxAge())
			a.FeedbackTo(rec)
			a.ReportFrom(rec)
		}
		errs = append(errs, err)
		adapters["slack"] = a
		warnUnknownRoles(log, "slack", cfg.Slack.Channels, b.Library().Roles)
	}
	if cfg.Discord.Enabled() {
		a, err := discord.New(cfg.Discord, log)
		if err == nil {
			a.ClaimWith(st)
			a.KeepInbox(st, cfg.inboxMaxAge())
			a.FeedbackTo(rec)
			a.ReportFrom(rec)
		}
		errs = append(errs, err)
		adapters["discord"] = a
		warnUnknownRoles(log, "discord", cfg.Discord.Channels, b.Library().Roles)
	}
	if err := errors.Join(errs...); err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}

	var wg sync.WaitGroup
	defer wg.Wait() // deferred first, so it runs after cancel
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { l.watch(ctx, b) })
	if st != nil {
		wg.Go(func() { insights.Expire(ctx, st, cfg.keepUnanswered(), time.Hour, log) })
	}

	if len(adapters) == 0 {
		title := "the loaded roles"
		if roles := b.Library().Roles; len(roles) == 1 {
			title = "the " + roles[0].Title + " role"
		}
		intro := "recruitbot: ask about " + title + ` (e.g. "Do I need HCPC registration?", "What does duty 12 say?"); Ctrl-D to quit.`
		if err := console.New(stdin, stdout, true, intro).Run(ctx, b); err != nil {
			log.Error("console stopped", "err", err)
			return 1
		}
		return 0
	}

	// Every adapter runs until the signal; if one fails, the others stop too
	// rather than leave a half-working bot behind.
	failed := make(chan error, len(adapters))
	for name, a := range adapters {
		wg.Go(func() {
			log.Info("adapter starting", "adapter", name)
			if err := a.Run(ctx, r); err != nil {
				failed <- err // adapters name themselves in their errors
				cancel()
				return
			}
			log.Info("adapter stopped", "adapter", name)
		})
	}
	<-ctx.Done()
	wg.Wait()
	close(failed)
	code := 0
	for err := range failed {
		log.Error("adapter failed", "err", err)
		code = 1
	}
	return code
}

func warnUnknownRoles(log *slog.Logger, adapter string, channels map[string]string, roles []*corpus.Role) {
	for ch, id := range channels {
		known := false
		for _, r := range roles {
			known = known || r.ID == id
		}
		if !known {
			log.Warn("channel mapped to a role that is not loaded", "adapter", adapter, "channel", ch, "role", id)
		}
	}
}
