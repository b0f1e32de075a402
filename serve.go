package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	adapterchat "github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/console"
	"github.com/recruitbot/recruitbot/adapters/discord"
	"github.com/recruitbot/recruitbot/adapters/slack"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/store"
)

// serve runs the chat adapters until ctx ends: Slack and/or Discord when
// their tokens are set, else a console chat on stdin/stdout. An adapter
// that fails does not stop the others; each finishes the replies it has
// under way, within the shutdown grace period, before serve returns.
func serve(ctx context.Context, cfg Config, b *bot.Bot, l *library, stdin io.Reader, stdout io.Writer, getenv env, log *slog.Logger) int {
	if !cfg.Slack.Enabled() && !cfg.Discord.Enabled() {
		return chat(ctx, b, l, stdin, stdout, log)
	}
	m := metrics.New()
	l.observe(m)
	o := &ops{b: b, m: m, adapters: map[string]bot.Adapter{}}
	// Without an address of its own, the Slack Events API shares the
	// operator's.
	shareEvents := cfg.HTTPAddr != "" && cfg.Slack.SigningSecret != "" && cfg.Slack.AppToken == "" &&
		(cfg.Slack.EventsAddr == "" || cfg.Slack.EventsAddr == cfg.HTTPAddr)
	if shareEvents {
		cfg.Slack.EventsShared, cfg.Slack.EventsAddr = true, ""
	}
	// The chat adapters share a store: claims, so an event is answered
	// once across restarts and replicas, the inbox, and the recruiters'
	// insights.
	st, rec, err := openState(ctx, cfg, getenv, b, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitFailed
	}
	defer st.Close()
	// One policy for every chat adapter: the same metrics, shutdown grace,
	// reply deadlines and concurrency.
	opts := []adapterchat.Option{adapterchat.WithMetrics(m), adapterchat.WithGrace(cfg.ShutdownGrace), adapterchat.WithPolicy(cfg.Replies)}
	var errs []error
	var slackEvents http.Handler
	if cfg.Slack.Enabled() {
		a, err := slack.New(cfg.Slack, log, opts...)
		if err != nil {
			errs = append(errs, err)
		} else {
			keepState(a, st, rec, cfg.inboxMaxAge())
			o.adapters["slack"] = a
			if shareEvents {
				slackEvents = a.Handler()
			}
		}
		warnUnknownRoles(log, "slack", cfg.Slack.Channels, b.Library().Roles)
	}
	if cfg.Discord.Enabled() {
		a, err := discord.New(cfg.Discord, log, opts...)
		if err != nil {
			errs = append(errs, err)
		} else {
			keepState(a, st, rec, cfg.inboxMaxAge())
			o.adapters["discord"] = a
		}
		warnUnknownRoles(log, "discord", cfg.Discord.Channels, b.Library().Roles)
	}
	for _, err := range errs {
		log.Error("cannot start", "err", err)
	}
	if len(errs) > 0 {
		// A configuration mistake is not a blip: say so now, not after
		// serving with half the bot.
		return exitFailed
	}

	var wg sync.WaitGroup
	defer wg.Wait() // deferred first, so it runs after cancel
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { l.watch(ctx, b) })
	if st != nil {
		wg.Go(func() { insights.Expire(ctx, st, cfg.keepUnanswered(), time.Hour, log) })
	}

	if cfg.HTTPAddr != "" {
		// Shut down after the adapters, so /readyz says "shutting down"
		// meanwhile and shared Slack events get 503s to redeliver.
		opsCtx, stopOps := context.WithCancel(context.WithoutCancel(ctx))
		wait, err := o.serve(opsCtx, cfg.HTTPAddr, slackEvents, log)
		if err != nil {
			log.Error("cannot start", "err", fmt.Errorf("http_addr / RECRUITBOT_HTTP_ADDR %s: %w", cfg.HTTPAddr, err))
			stopOps()
			return exitFailed
		}
		defer func() {
			stopOps()
			wait()
		}()
	}

	for name := range o.adapters {
		m.Adapter(name)
	}
	r := observed{r: rec, m: m}
	failed := make(chan error, len(o.adapters))
	for name, a := range o.adapters {
		wg.Go(func() {
			log.Info("adapter starting", "adapter", name)
			if err := a.Run(ctx, r); err != nil {
				failed <- err // adapters name themselves in their errors
				return
			}
			log.Info("adapter stopped", "adapter", name)
		})
	}
	code, running := exitOK, len(o.adapters)
	for running > 0 {
		select {
		case <-ctx.Done():
			running = 0
		case err := <-failed:
			running--
			code = exitFailed
			if running > 0 {
				log.Error("adapter failed; the others keep answering", "err", err)
			} else {
				log.Error("adapter failed; none is left running", "err", err)
				cancel()
			}
		}
	}
	o.stopping.Store(true)
	log.Info("shutting down", "grace", cfg.grace())
	cancel()
	wg.Wait()
	close(failed)
	for err := range failed {
		log.Error("adapter failed", "err", err)
		code = exitFailed
	}
	return code
}

// chat is the terminal chat.
func chat(ctx context.Context, b *bot.Bot, l *library, stdin io.Reader, stdout io.Writer, log *slog.Logger) int {
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	wg.Go(func() { l.watch(ctx, b) })
	title := "the loaded roles"
	if roles := b.Library().Roles; len(roles) == 1 {
		title = "the " + roles[0].Title + " role"
	}
	intro := "recruitbot: ask about " + title + ` (e.g. "Do I need HCPC registration?", "What does duty 12 say?"); Ctrl-D to quit.`
	if err := console.New(stdin, stdout, true, intro).Run(ctx, b); err != nil {
		log.Error("console stopped", "err", err)
		return exitFailed
	}
	return exitOK
}

// stateful is a chat adapter that keeps its state in the store.
type stateful interface {
	ClaimWith(adapterchat.Claims)
	KeepInbox(adapterchat.Inbox, time.Duration)
	FeedbackTo(adapterchat.Feedback)
	ReportFrom(adapterchat.Reporter)
}

// keepState gives a chat adapter the store: claims, so an event is
// answered once across restarts and replicas; the inbox; and the
// recruiters' insights.
func keepState(a stateful, st *store.Store, rec *insights.Recorder, inboxMaxAge time.Duration) {
	a.ClaimWith(st)
	a.KeepInbox(st, inboxMaxAge)
	a.FeedbackTo(rec)
	a.ReportFrom(rec)
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
