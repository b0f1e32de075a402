package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
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

// inboxMaxAge is how old an unanswered event may be and still be answered.
func (c Config) inboxMaxAge() time.Duration {
	if c.InboxMaxAge <= 0 {
		return store.InboxMaxAge
	}
	return c.InboxMaxAge
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
// answers are recorded for the insights. A PostgreSQL store is shared by
// replicas, so b keeps its conversations there too: a follow-up that
// reaches another replica still knows what it follows.
func openState(ctx context.Context, cfg Config, getenv env, b *bot.Bot, log *slog.Logger) (*store.Store, *insights.Recorder, error) {
	st, err := openStore(ctx, cfg, getenv)
	if err != nil {
		return nil, nil, err
	}
	if st.Backend() == "postgres" {
		b.ShareMemory(sharedMemory{st})
	}
	log.Info("store open", "backend", st.Backend(), "keep_unanswered", cfg.keepUnanswered())
	return st, insights.Record(b, st, cfg.keepUnanswered(), log), nil
}

// sharedMemory keeps the bot's conversations in the store.
type sharedMemory struct{ st *store.Store }

func (m sharedMemory) Recall(ctx context.Context, key string) (bot.Memo, bool, error) {
	t, ok, err := m.st.Conversation(ctx, key)
	return bot.Memo{RoleID: t.RoleID, Intent: bot.Intent(t.Intent), Area: t.Area, Level: corpus.Level(t.Level), Item: t.Item, At: t.At}, ok, err
}

func (m sharedMemory) Remember(ctx context.Context, key string, memo bot.Memo) error {
	return m.st.SetConversation(ctx, key, store.Turn{RoleID: memo.RoleID, Intent: string(memo.Intent), Area: memo.Area,
		Level: string(memo.Level), Item: memo.Item, At: memo.At})
}

// showInsights is `recruitbot insights`: the recruiters' report.
func showInsights(ctx context.Context, cfg Config, role string, stdout, stderr io.Writer, getenv env) int {
	st, err := openStore(ctx, cfg, getenv)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return exitFailed
	}
	defer st.Close()
	in, err := st.Insights(ctx, role)
	if err == nil {
		err = insights.Write(stdout, in, cfg.keepUnanswered())
	}
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return exitFailed
	}
	return exitOK
}
