package slack

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/store"
)

// buttons returns the feedback buttons of a post: action id -> value.
func buttons(p slacktest.Post) map[string]string {
	out := map[string]string{}
	for _, b := range p.Blocks {
		if b.Type != "actions" {
			continue
		}
		for _, e := range b.Elements {
			out[e.ActionID] = e.Value
		}
	}
	return out
}

// click is a block_actions payload as Slack sends it for a button.
func click(fake *slacktest.Server, user, actionID, value, trigger string) map[string]any {
	return map[string]any{
		"type": "block_actions", "team": map[string]any{"id": "T0TEAM"}, "user": map[string]any{"id": user},
		"channel": map[string]any{"id": slacktest.RoleChannel}, "trigger_id": trigger, "api_app_id": "A0APP",
		"response_url": fake.URL() + "/response/" + trigger,
		"actions": []any{map[string]any{"type": "button", "block_id": "feedback", "action_id": actionID, "value": value,
			"action_ts": "1700000001.000001", "text": map[string]any{"type": "plain_text", "text": "Helpful"}}},
	}
}

func (h *harness) interaction(t testing.TB, payload map[string]any) int {
	t.Helper()
	form := url.Values{"payload": {string(slacktest.MustJSON(t, payload))}}
	status, _ := slacktest.Do(t, h.client, slacktest.SignedRequest(t, h.base, "/slack/interactions", "application/x-www-form-urlencoded", []byte(form.Encode()), time.Now()))
	return status
}

// TestFeedbackButtons: an answer carries "Helpful" / "Not helpful"; clicks
// over the Events API and Socket Mode are acknowledged privately and
// recorded once per person, the last click winning, with what the answer
// cited.
func TestFeedbackButtons(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(realBot(t), st, store.Retention, nil)
	fake := slacktest.New(t)
	h := startOn(t, fake, rec, st)

	h.event(t, slacktest.Callback("EvB1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000900", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	p := fake.Next(t)
	checkHCPC(t, p)
	b := buttons(p)
	id := b[actionHelpful]
	if id == "" || b[actionNotHelpful] != id {
		t.Fatalf("buttons %v, want Helpful and Not helpful carrying the answer's id", b)
	}

	for i, c := range []struct {
		user, action string
		want         string
	}{
		{slacktest.ApplicantID, actionHelpful, "helpful"},
		{slacktest.ApplicantID, actionNotHelpful, "not helpful"},
		{"U0SOMEONE", actionHelpful, "helpful"},
	} {
		trigger := "trig-fb" + string(rune('1'+i))
		if status := h.interaction(t, click(fake, c.user, c.action, id, trigger)); status != http.StatusOK {
			t.Fatalf("click: %d", status)
		}
		ack := fake.Next(t)
		if ack.Method != "response_url" || ack.ResponseType != "ephemeral" || !strings.Contains(ack.Text, "noted: "+c.want) {
			t.Errorf("click %d acknowledged with %s %s %q, want a private thanks", i, ack.Method, ack.ResponseType, ack.Text)
		}
	}
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	in, err := st.Insights(context.Background(), roleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.NotHelpful) != 1 || in.NotHelpful[0].Count != 1 || !strings.Contains(in.NotHelpful[0].Key, "Qualifications · Essential") {
		t.Errorf("not helpful = %+v, want one (the applicant's last click), citing the HCPC criterion", in.NotHelpful)
	}
	if logs := h.logs.String(); strings.Contains(logs, "HCPC") {
		t.Errorf("message text in the log:\n%s", logs)
	}
}

// TestFeedbackOverSocketMode: a click arrives as an interactive envelope.
func TestFeedbackOverSocketMode(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(realBot(t), st, store.Retention, nil)
	h := startWith(t, slacktest.New(t), rec, st, false)
	c := h.fake.NextConn(t)
	c.Send(t, slacktest.Envelope("env-q", "events_api", slacktest.Callback("EvB2", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000005.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))))
	c.Ack(t, "env-q")
	id := buttons(h.fake.Next(t))[actionNotHelpful]
	if id == "" {
		t.Fatal("no feedback buttons")
	}
	c.Send(t, slacktest.Envelope("env-click", "interactive", click(h.fake, slacktest.ApplicantID, actionNotHelpful, id, "trig-s")))
	c.Ack(t, "env-click")
	if ack := h.fake.Next(t); ack.Method != "response_url" || ack.ResponseType != "ephemeral" {
		t.Errorf("click acknowledged with %s %s, want a private thanks", ack.Method, ack.ResponseType)
	}
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	in, _ := st.Insights(context.Background(), roleID)
	if len(in.NotHelpful) != 1 {
		t.Errorf("not helpful = %+v, want the click", in.NotHelpful)
	}
}

// TestInsightsForRecruitersOnly: a question the bot could not answer shows
// in /role insights for a recruiter, privately, and to nobody else.
func TestInsightsForRecruitersOnly(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(realBot(t), st, store.Retention, nil)
	fake := slacktest.New(t)
	h := startOn(t, fake, rec, st)

	h.event(t, slacktest.Callback("EvI1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.001000", "", "<@"+slacktest.BotUserID+"> Is there parking? I'm on 07700 900123")))
	if p := fake.Next(t); len(buttons(p)) == 0 {
		t.Fatalf("the abstention was not recorded: %+v", p)
	}
	if status, _ := h.command(t, fake.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "insights", "trig-i1")); status != http.StatusOK {
		t.Fatalf("command: %d", status)
	}
	if p := fake.Next(t); p.ResponseType != "ephemeral" || strings.Contains(p.Text, "parking") || !strings.Contains(p.Text, "Only recruiters") {
		t.Errorf("an applicant's /role insights: %s %q, want a private refusal", p.ResponseType, p.Text)
	}
	h.command(t, fake.SlashCommand(slacktest.RecruiterID, slacktest.RoleChannel, "insights", "trig-i2"))
	p := fake.Next(t)
	if p.ResponseType != "ephemeral" || !strings.Contains(p.Text, "parking") || !strings.Contains(p.Text, "[phone]") || strings.Contains(p.Text, "07700") {
		t.Errorf("a recruiter's /role insights: %s %q, want the redacted question, privately", p.ResponseType, p.Text)
	}
	h.command(t, fake.SlashCommand(slacktest.RecruiterID, slacktest.RoleChannel, "insights practice-nurse", "trig-i3"))
	if p := fake.Next(t); strings.Contains(p.Text, "parking") {
		t.Errorf("insights for another role show this role's question: %q", p.Text)
	}
}

// TestFeedbackButtonsUnderSlashCommands: a /role answer carries the buttons
// too, as every answer does.
func TestFeedbackButtonsUnderSlashCommands(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(realBot(t), st, store.Retention, nil)
	fake := slacktest.New(t)
	h := startOn(t, fake, rec, st)
	if status, _ := h.command(t, fake.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "duty 7", "trig-fb-cmd")); status != http.StatusOK {
		t.Fatalf("command: %d", status)
	}
	p := fake.Next(t)
	if b := buttons(p); p.Method != "response_url" || b[actionHelpful] == "" || b[actionNotHelpful] != b[actionHelpful] {
		t.Errorf("/role duty 7 (%s): buttons %v", p.Method, b)
	}
}
