package slack

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
)

// threadReply is a message in a channel thread, as message.channels
// delivers it.
func threadReply(user, ts, threadTS, text string) map[string]any {
	e := map[string]any{"type": "message", "channel_type": "channel", "channel": slacktest.RoleChannel,
		"user": user, "text": text, "ts": ts, "event_ts": ts, "client_msg_id": "m-" + ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

func TestThreadFollowUpWithoutMention(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	const root = "1700000100.000100"
	h.event(t, slacktest.Callback("EvT1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, root, "", "<@"+slacktest.BotUserID+"> list the essential communication criteria")))
	first := h.fake.Next(t)
	if first.ThreadTS != root || !strings.Contains(first.Shown(), "Essential") {
		t.Fatalf("first answer in thread %q:\n%s", first.ThreadTS, first.Shown())
	}

	// The follow-up, without a mention, in the thread the bot answered in.
	if status, _ := h.event(t, slacktest.Callback("EvT2", threadReply(slacktest.ApplicantID, "1700000100.000200", root, "and the desirable ones?"))); status != http.StatusOK {
		t.Fatalf("follow-up: status %d", status)
	}
	p := h.fake.Next(t)
	if p.Channel != slacktest.RoleChannel || p.ThreadTS != root {
		t.Errorf("follow-up answered in %s thread %q, want %s thread %s", p.Channel, p.ThreadTS, slacktest.RoleChannel, root)
	}
	if s := p.Shown(); !strings.Contains(s, "Desirable") || strings.Contains(s, "Essential") || !strings.Contains(strings.ToLower(s), "communication") {
		t.Errorf("follow-up does not list the desirable communication criteria:\n%s", s)
	}

	// A reply also sent to the channel is still a reply in the thread.
	broadcast := threadReply(slacktest.ApplicantID, "1700000100.000250", root, "and the essential ones?")
	broadcast["subtype"] = "thread_broadcast"
	h.event(t, slacktest.Callback("EvT2b", broadcast))
	if p := h.fake.Next(t); p.ThreadTS != root || !strings.Contains(p.Shown(), "Essential") {
		t.Errorf("reply also sent to the channel answered in thread %q:\n%s", p.ThreadTS, p.Shown())
	}

	// Not addressed to the bot: no thread, a thread it never answered in,
	// its own reply, an edit.
	own := threadReply(slacktest.BotUserID, "1700000100.000500", root, "Here is what I found")
	own["bot_id"] = slacktest.BotID
	edit := threadReply(slacktest.ApplicantID, "1700000100.000600", root, "and the desirable ones?")
	edit["subtype"] = "message_changed"
	for i, e := range []map[string]any{
		threadReply(slacktest.ApplicantID, "1700000100.000300", "", "and the desirable ones?"),
		threadReply(slacktest.ApplicantID, "1700000100.000400", "1700000099.000100", "and the desirable ones?"),
		own, edit,
	} {
		if status, _ := h.event(t, slacktest.Callback(fmt.Sprintf("EvTIgnored%d", i), e)); status != http.StatusOK {
			t.Errorf("event %d: status %d", i, status)
		}
	}

	// A reply in the thread that also mentions the bot comes twice, as a
	// message and as an app_mention, in either order; it is answered once.
	for i, ts := range []string{"1700000100.000700", "1700000100.000800"} {
		text := "<@" + slacktest.BotUserID + "> and the essential ones?"
		evs := []map[string]any{threadReply(slacktest.ApplicantID, ts, root, text), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, root, text)}
		if i == 1 {
			evs[0], evs[1] = evs[1], evs[0]
		}
		for j, e := range evs {
			h.event(t, slacktest.Callback(fmt.Sprintf("EvTBoth%d-%d", i, j), e))
		}
		if p := h.fake.Next(t); p.ThreadTS != root {
			t.Errorf("mention in the thread answered in thread %q", p.ThreadTS)
		}
	}

	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(h.fake.All()); n != 5 {
		t.Errorf("%d posts, want 5: the first answer, two follow-ups and one per mention in the thread", n)
	}
	if logs := h.logs.String(); strings.Contains(logs, "desirable") {
		t.Errorf("message text in the log:\n%s", logs)
	}
}

// Over Socket Mode the follow-up comes as an envelope like any event.
func TestThreadFollowUpOverSocketMode(t *testing.T) {
	h := startAdapter(t, realBot(t), false)
	c := h.fake.NextConn(t)
	const root = "1700000200.000100"
	c.Send(t, slacktest.Envelope("env-t1", "events_api", slacktest.Callback("EvST1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, root, "", "<@"+slacktest.BotUserID+"> list the essential communication criteria"))))
	c.Ack(t, "env-t1")
	if p := h.fake.Next(t); p.ThreadTS != root {
		t.Fatalf("first answer in thread %q", p.ThreadTS)
	}
	c.Send(t, slacktest.Envelope("env-t2", "events_api", slacktest.Callback("EvST2", threadReply(slacktest.ApplicantID, "1700000200.000300", "1700000199.000100", "and the desirable ones?"))))
	c.Ack(t, "env-t2")
	c.Send(t, slacktest.Envelope("env-t3", "events_api", slacktest.Callback("EvST3", threadReply(slacktest.ApplicantID, "1700000200.000200", root, "and the desirable ones?"))))
	c.Ack(t, "env-t3")
	p := h.fake.Next(t)
	if s := p.Shown(); p.ThreadTS != root || !strings.Contains(s, "Desirable") || strings.Contains(s, "Essential") {
		t.Errorf("follow-up in thread %q:\n%s", p.ThreadTS, s)
	}
	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(h.fake.All()); n != 2 {
		t.Errorf("%d posts, want 2: a reply in a thread the bot never answered in is not answered", n)
	}
}
