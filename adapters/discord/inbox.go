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

// Inbox is where the adapter keeps events until answered; see chat.Inbox.
type Inbox = chat.Inbox

// replayEvery is how often the inbox is checked for messages left
// behind, besides at start.
const replayEvery = time.Minute

// KeepInbox makes the adapter keep every message it claims in in until it
// is answered, and answer at start (and every minute) the messages other
// processes left unanswered, if younger than maxAge. Call it before Run.
func (a *Adapter) KeepInbox(in Inbox, maxAge time.Duration) {
	a.inbox, a.inboxMaxAge = in, maxAge
}

// enqueue keeps m, as Discord sent it, and returns its inbox id, or ""
// when it is not kept. Done deletes it, text and all.
func (rn *runner) enqueue(log *slog.Logger, m *discordgo.Message) string {
	if rn.a.inbox == nil {
		return ""
	}
	raw, err := json.Marshal(m)
	if err != nil {
		log.Error("could not keep the message in the inbox", errAttr(err))
		return ""
	}
	id := "discord:" + m.ID
	ctx, cancel := context.WithTimeout(rn.ctx, claimTimeout)
	defer cancel()
	err = rn.a.inbox.Enqueue(ctx, store.Event{ID: id, Adapter: "discord", Channel: m.ChannelID, Thread: m.ID,
		Text: string(raw), ReceivedAt: time.Now()})
	if err != nil {
		log.Error("could not keep the message in the inbox", errAttr(err))
		return ""
	}
	return id
}

// markDone deletes an answered message from the inbox.
func (rn *runner) markDone(log *slog.Logger, id string) {
	if rn.a.inbox == nil || id == "" {
		return
	}
	ctx, cancel := context.WithTimeout(rn.ctx, claimTimeout)
	defer cancel()
	if err := rn.a.inbox.Done(ctx, id); err != nil {
		log.Error("could not remove the answered message from the inbox", errAttr(err))
	}
}

// startReplay answers the messages left in the inbox, now and every
// replayEvery until Run stops.
func (rn *runner) startReplay() {
	if rn.a.inbox == nil {
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
		t := time.NewTicker(replayEvery)
		defer t.Stop()
		for {
			ctx, cancel := context.WithTimeout(rn.ctx, claimTimeout)
			evs, err := rn.a.inbox.Take(ctx, "discord", rn.a.inboxMaxAge)
			cancel()
			if err != nil {
				rn.log.Error("could not read the inbox", errAttr(err))
			}
			for _, e := range evs {
				rn.replayOne(e)
			}
			select {
			case <-rn.done:
				return
			case <-t.C:
			}
		}
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
