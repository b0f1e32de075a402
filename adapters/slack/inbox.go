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

// Inbox is where the adapter keeps events until answered; see chat.Inbox.
type Inbox = chat.Inbox

// replayEvery is how often the inbox is checked for events left behind,
// besides at start.
const replayEvery = time.Minute

// KeepInbox makes the adapter keep every event it claims in in until it
// is answered, and answer at start (and every minute) the events other
// processes left unanswered, if younger than maxAge. Call it before Run.
func (a *Adapter) KeepInbox(in Inbox, maxAge time.Duration) {
	a.inbox, a.inboxMaxAge = in, maxAge
}

// enqueue keeps ev and returns its inbox id, or "" when it is not kept.
// The stored text is the event as Slack sent it, so that a replay goes
// through onEvent like the first delivery; Done deletes it.
func (a *Adapter) enqueue(log *slog.Logger, ev slackevents.EventsAPIEvent, in incoming) string {
	cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if a.inbox == nil || !ok || cb.EventID == "" {
		return ""
	}
	raw, err := json.Marshal(cb)
	if err != nil {
		log.Error("could not keep the event in the inbox", "err", err)
		return ""
	}
	id := "slack:" + cb.EventID
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	err = a.inbox.Enqueue(ctx, store.Event{ID: id, Adapter: "slack", Channel: in.channel, Thread: in.thread,
		Text: string(raw), ReceivedAt: time.Now()})
	if err != nil {
		log.Error("could not keep the event in the inbox", "err", err)
		return ""
	}
	return id
}

// done deletes an answered event from the inbox.
func (a *Adapter) done(log *slog.Logger, id string) {
	if a.inbox == nil || id == "" {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), claimTimeout)
	defer cancel()
	if err := a.inbox.Done(ctx, id); err != nil {
		log.Error("could not remove the answered event from the inbox", "err", err)
	}
}

// replay answers the events left in the inbox, at once and then every
// replayEvery, until ctx ends.
func (a *Adapter) replay(ctx context.Context, s *session) {
	if a.inbox == nil {
		return
	}
	t := time.NewTicker(replayEvery)
	defer t.Stop()
	for {
		evs, err := a.inbox.Take(ctx, "slack", a.inboxMaxAge)
		if err != nil && ctx.Err() == nil {
			a.log.Error("could not read the inbox", "err", err)
		}
		for _, e := range evs {
			a.replayOne(s, e)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// replayOne answers an event another process received but did not
// answer: its claim is released, and it goes through onEvent again.
func (a *Adapter) replayOne(s *session, e store.Event) {
	log := a.log.With("inbox_id", e.ID)
	ev, err := slackevents.ParseEvent(json.RawMessage(e.Text), slackevents.OptionNoVerifyToken())
	if err != nil {
		log.Error("dropped an unreadable event from the inbox", "err", err)
		a.done(log, e.ID)
		return
	}
	in, why := s.incoming(ev.InnerEvent)
	cb, _ := ev.Data.(*slackevents.EventsAPICallbackEvent)
	if why != "" || cb == nil {
		a.done(log, e.ID)
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
