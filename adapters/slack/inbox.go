package slack

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/slack-go/slack/slackevents"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/store"
)

// KeepInbox makes the adapter keep every event it claims in in until it
// is answered, and answer at start (and every minute) the events other
// processes left unanswered, if younger than maxAge. Call it before Run.
func (a *Adapter) KeepInbox(in chat.Inbox, maxAge time.Duration) {
	a.inbox.Inbox, a.inbox.MaxAge = in, maxAge
}

// enqueue keeps ev, as Slack sent it, and returns its inbox id, or "" when
// it is not kept.
func (a *Adapter) enqueue(log *slog.Logger, ev slackevents.EventsAPIEvent, in incoming) string {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if !ok {
		return ""
	}
	return a.inbox.Keep(context.Background(), log, cb.EventID, in.channel, in.thread, cb)
}

// replay answers the events left in the inbox until ctx ends.
func (a *Adapter) replay(ctx context.Context, s *session) {
	a.inbox.Replay(ctx, a.log, func(e store.Event) { a.replayOne(s, e) })
}

// replayOne answers an event another process received but did not
// answer: its claim is released, and it goes through onEvent again.
func (a *Adapter) replayOne(s *session, e store.Event) {
	log := a.log.With("inbox_id", e.ID)
	ev, err := slackevents.ParseEvent(json.RawMessage(e.Text), slackevents.OptionNoVerifyToken())
	if err != nil {
		log.Error("dropped an unreadable event from the inbox", "err", err)
		a.inbox.Done(context.Background(), log, e.ID)
		return
	}
	in, why := s.incoming(ev.InnerEvent)
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if why != "" || cb == nil {
		a.inbox.Done(context.Background(), log, e.ID)
		return
	}
	log.Info("answering an event left unanswered", "event_id", cb.EventID, "received", e.ReceivedAt)
	if in.followUp {
		// A process took it as a follow-up in a thread the bot answered
		// in, which this process may not know of.
		a.threads.Add(in.threadKey())
	}
	a.release(log, key("event", cb.EventID), key("message", in.channel+"/"+in.ts))
	a.onEvent(s, ev, "", 0)
}
