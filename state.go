package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/store"
)

// keepUnanswered is how long unanswered questions are kept: 30 days
// unless configured, 0 for not at all.
func (c Config) keepUnanswered() time.Duration {
	if c.KeepUnanswered == nil {
		return store.Retention
	}
	return max(*c.KeepUnanswered, 0)
}

// openStore opens PostgreSQL when DATABASE_URL is set, else the SQLite file
// in cfg.Data or the user's state directory.
func openStore(ctx context.Context, cfg Config, getenv env) (*store.Store, error) {
	dir := cfg.Data
	if dir == "" {
		dir = store.DefaultDir(getenv)
	}
	return store.Open(ctx, dir, getenv("DATABASE_URL"))
}

// openState opens the store the chat adapters share and wraps b so that
// answers are recorded for the insights.
func openState(ctx context.Context, cfg Config, getenv env, b bot.Responder, log *slog.Logger) (*store.Store, bot.Responder, error) {
	st, err := openStore(ctx, cfg, getenv)
	if err != nil {
		return nil, nil, err
	}
	log.Info("store open", "backend", st.Backend(), "keep_unanswered", cfg.keepUnanswered())
	return st, insights.Record(b, st, cfg.keepUnanswered(), log), nil
}

// showInsights is `recruitbot insights`: the recruiters' report.
func showInsights(ctx context.Context, cfg Config, args []string, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("insights", flag.ContinueOnError)
	fs.SetOutput(stderr)
	role := fs.String("role", "", "report on this role id only")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return 2
	}
	st, err := openStore(ctx, cfg, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return 1
	}
	defer st.Close()
	in, err := st.Insights(ctx, *role)
	if err == nil {
		err = insights.Write(stdout, in, cfg.keepUnanswered())
	}
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return 1
	}
	return 0
}
