package discord

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/store"
)

func componentInteraction(id, customID, userID string) map[string]any {
	return map[string]any{
		"id": id, "application_id": discordtest.AppID, "type": 3, "token": "token-" + id, "version": 1,
		"guild_id": guildID, "channel_id": channelID, "locale": "en-GB",
		"data":    map[string]any{"custom_id": customID, "component_type": 2},
		"member":  map[string]any{"user": map[string]any{"id": userID, "username": "someone", "discriminator": "0"}, "roles": []string{}, "joined_at": "2024-01-01T00:00:00Z"},
		"message": map[string]any{"id": "500000000000009999", "channel_id": channelID},
	}
}

// TestFeedbackButtons: an answer carries "Helpful" / "Not helpful"; clicks
// are thanked privately and recorded once per person, the last winning.
func TestFeedbackButtons(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(testBot, st, store.Retention, nil)
	h := start(t, Config{}, rec, claimWith(st), func(a *Adapter, _ *discordtest.Server) { a.FeedbackTo(rec) })
	h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), mention+" Do I need HCPC registration?", true))
	post := h.WaitCalls(1, "POST", messagesPath, http.StatusOK)[0]
	var body struct {
		Components []struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		} `json:"components"`
	}
	if err := json.Unmarshal(post.Body, &body); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{}
	for _, row := range body.Components {
		for _, b := range row.Components {
			ids[b.Label] = b.CustomID
		}
	}
	if !strings.HasPrefix(ids["Helpful"], feedbackPrefix+"1:") || !strings.HasPrefix(ids["Not helpful"], feedbackPrefix+"0:") {
		t.Fatalf("buttons %v, want Helpful and Not helpful", ids)
	}
	clicks := []struct{ user, customID string }{{askerID, ids["Helpful"]}, {askerID, ids["Not helpful"]}, {"400000000000000077", ids["Helpful"]}}
	for n, c := range clicks {
		id := newID()
		h.Dispatch("INTERACTION_CREATE", componentInteraction(id, c.customID, c.user))
		cb := callback(t, h.WaitCalls(1, "POST", "/api/v9/interactions/"+id+"/token-"+id+"/callback", http.StatusNoContent)[0])
		if cb.Type != int(discordgo.InteractionResponseChannelMessageWithSource) || cb.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(cb.Content, "noted") {
			t.Errorf("click %d: callback type %d flags %d %q, want a private thanks", n, cb.Type, cb.Flags, cb.Content)
		}
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	in, err := st.Insights(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.NotHelpful) != 1 || in.NotHelpful[0].Count != 1 || !strings.Contains(in.NotHelpful[0].Key, "Qualifications · Essential") {
		t.Errorf("not helpful = %+v, want the asker's last click, citing the HCPC criterion", in.NotHelpful)
	}
}

// TestInsightsForRecruitersOnly: a question the bot could not answer shows
// in /role insights for a member with a recruiter role, privately, and to
// nobody else.
func TestInsightsForRecruitersOnly(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(testBot, st, store.Retention, nil)
	cfg := Config{RecruiterRoles: []string{recruiterRole}, Channels: map[string]string{channelID: otRole}}
	h := start(t, cfg, rec, claimWith(st), func(a *Adapter, _ *discordtest.Server) { a.FeedbackTo(rec); a.ReportFrom(rec) })
	h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), mention+" Is there parking? ring me on 07700 900123", true))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)

	ask := func(roles []string) sent {
		id := newID()
		h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "insights", nil, roles))
		return callback(t, h.WaitCalls(1, "POST", "/api/v9/interactions/"+id+"/token-"+id+"/callback", http.StatusNoContent)[0])
	}
	if cb := ask([]string{}); cb.Flags != int(discordgo.MessageFlagsEphemeral) || strings.Contains(cb.Content, "parking") || !strings.Contains(cb.Content, "Only recruiters") {
		t.Errorf("an applicant's /role insights: flags %d %q, want a private refusal", cb.Flags, cb.Content)
	}
	cb := ask([]string{recruiterRole})
	if cb.Flags != int(discordgo.MessageFlagsEphemeral) || !strings.Contains(cb.Content, "parking") || !strings.Contains(cb.Content, "[phone]") || strings.Contains(cb.Content, "07700") {
		t.Errorf("a recruiter's /role insights: flags %d %q, want the redacted question, privately", cb.Flags, cb.Content)
	}
	checkNoMentions(t, cb)
}

// TestFeedbackButtonsUnderSlashCommands: a /role answer carries the buttons
// too, on the edited reply.
func TestFeedbackButtonsUnderSlashCommands(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	rec := insights.Record(testBot, st, store.Retention, nil)
	h := start(t, Config{}, rec, claimWith(st), func(a *Adapter, _ *discordtest.Server) { a.FeedbackTo(rec) })
	id := newID()
	h.Dispatch("INTERACTION_CREATE", commandInteraction(id, "ask",
		[]map[string]any{{"name": "question", "type": 3, "value": "Do I need HCPC registration?"}}, []string{}))
	edit := h.WaitCalls(1, "PATCH", "/api/v9/webhooks/"+discordtest.AppID+"/token-"+id+"/messages/@original", http.StatusOK)[0]
	if !strings.Contains(string(edit.Body), feedbackPrefix+"1:") || !strings.Contains(string(edit.Body), "Not helpful") {
		t.Errorf("the /role ask reply has no feedback buttons: %s", edit.Body)
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
}
