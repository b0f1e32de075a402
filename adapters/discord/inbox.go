package discord

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/store"
)

// KeepInbox makes the adapter keep every message it claims in in until it
// is answered, and answer at start (and every minute) the messages other
// processes left unanswered, if younger than maxAge. Call it before Run.
func (a *Adapter) KeepInbox(in chat.Inbox, maxAge time.Duration) {
	a.inbox.Inbox, a.inbox.MaxAge = in, maxAge
}

// enqueue keeps m, as Discord sent it, and returns its inbox id, or ""
// when it is not kept.
func (rn *runner) enqueue(log *slog.Logger, m *discordgo.Message) string {
	return rn.a.inbox.Keep(rn.ctx, log, m.ID, m.ChannelID, m.ID, m)
}

// markDone deletes an answered message from the inbox.
func (rn *runner) markDone(log *slog.Logger, id string) { rn.a.inbox.Done(rn.ctx, log, id) }

// startReplay answers the messages left in the inbox, now and every
// minute until ctx, Run's, ends.
func (rn *runner) startReplay(ctx context.Context) {
	if rn.a.inbox.Inbox == nil {
		return
	}
	rn.mu.Lock()
	if rn.closing {
		rn.mu.Unlock()
		return
	}
	rn.wg.Add(1)
	rn.mu.Unlock()
	go func() {
		defer rn.wg.Done()
		rn.a.inbox.Replay(ctx, rn.log, rn.replayOne)
	}()
}

// replayOne answers a message another process received but did not
// answer: its claim is released, and it goes through onMessage again.
func (rn *runner) replayOne(e store.Event) {
	log := rn.log.With("inbox_id", e.ID)
	var m discordgo.Message
	if err := json.Unmarshal([]byte(e.Text), &m); err != nil || m.ID == "" {
		log.Error("dropped an unreadable message from the inbox")
		rn.markDone(log, e.ID)
		return
	}
	log.Info("answering a message left unanswered", "message_id", m.ID, "received", e.ReceivedAt)
	rn.release(log, "message:"+m.ID)
	if me := rn.me.Load(); me != nil && m.GuildID != "" && !mentions(&m, me.userID) {
		// A process took it as a follow-up in a thread the bot answered
		// in, which this process may not know of.
		rn.a.threads.Add(m.ChannelID)
	}
	rn.onMessage(nil, &discordgo.MessageCreate{Message: &m})
}
