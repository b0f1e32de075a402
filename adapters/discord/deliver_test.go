package discord

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/internal/retry"
)

func TestBurstInOneChannelIsDeliveredInFull(t *testing.T) {
	m := metrics.New()
	// Discord's 5 posts per 5 s per channel, 25 times faster: the 50
	// replies take at least 2 s to post, twice the answer deadline, which
	// must not cover the queue.
	h := start(t, Config{}, testBot, func(a *Adapter, s *discordtest.Server) {
		a.metrics = m
		a.gate = chat.NewGate(chat.Policy{ReplyDeadline: time.Second})
		s.PerWindow, s.Window = 5, 200*time.Millisecond
	})
	const n = 50
	want := map[string]bool{}
	for range n {
		id := newID()
		want[id] = true
		h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	}
	posts := h.WaitCalls(n, "POST", messagesPath, http.StatusOK)
	for _, p := range posts {
		s := decode(t, p)
		if s.Ref == nil || !want[s.Ref.MessageID] {
			t.Fatalf("a reply to %+v, not to one of the mentions, or twice", s.Ref)
		}
		delete(want, s.Ref.MessageID)
		if f := fieldsOf(s); len(f) == 0 || !strings.Contains(f[0].Value, hcpcQuote) {
			t.Errorf("reply to %s is not the HCPC answer", s.Ref.MessageID)
		}
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if len(want) != 0 {
		t.Errorf("%d mentions not answered", len(want))
	}
	if n := len(h.Calls("POST", messagesPath, http.StatusOK)); n != 50 {
		t.Errorf("%d replies, want 50", n)
	}
	chattest.WantMetric(t, m, `recruitbot_replies_total{adapter="discord"} 50`)
}

func TestTransientFailuresAreRetried(t *testing.T) {
	for _, fault := range []string{"500", "503", "drop"} {
		t.Run(fault, func(t *testing.T) {
			h := start(t, Config{}, testBot, func(_ *Adapter, s *discordtest.Server) { s.Faults = []string{fault} })
			id := newID()
			h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
			h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
			if err := h.stop(); err != nil {
				t.Fatal(err)
			}
			posts := h.Calls("POST", messagesPath, 0)
			if len(posts) != 2 || posts[1].Status != http.StatusOK || decode(t, posts[1]).Ref.MessageID != id {
				t.Errorf("%d posts, want the failure then the reply", len(posts))
			}
			if !strings.Contains(h.logs.String(), "Discord call failed; retrying") {
				t.Error("the retry was not logged")
			}
		})
	}
}

func TestStartUpSurvivesGatewayCloses(t *testing.T) {
	// start waits until /role is registered, so it returns only if Run
	// came up through both closes.
	h := start(t, Config{}, testBot, func(a *Adapter, s *discordtest.Server) { s.CloseWith = []int{4000, 1001} })
	id := newID()
	h.Dispatch("MESSAGE_CREATE", guildMessage(id, mention+" Do I need HCPC registration?", true))
	h.WaitCalls(1, "POST", messagesPath, http.StatusOK)
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(h.logs.String(), "could not connect to the gateway; retrying"); n != 2 {
		t.Errorf("%d retries logged, want 2:\n%s", n, h.logs)
	}
}

func TestStartUpStopsOnABadToken(t *testing.T) {
	before := goleak.IgnoreCurrent()
	defer goleak.VerifyNone(t, before)
	s := discordtest.New(t)
	s.CloseWith = []int{4004}
	a, err := New(Config{Token: "test-token", APIURL: s.URL()}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	a.backoff = retry.Backoff{Scale: 0.01}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := a.Run(ctx, testBot); err == nil || !strings.Contains(err.Error(), "DISCORD_BOT_TOKEN") {
		t.Errorf("Run = %v, want the rejected token explained", err)
	}
	s.Close()
}

func TestShutdownIsBoundedByTheGracePeriod(t *testing.T) {
	m := metrics.New()
	h := start(t, Config{}, testBot, func(a *Adapter, s *discordtest.Server) {
		a.metrics, a.grace = m, 50*time.Millisecond
		s.Hold.Shut() // Discord never answers a post
	})
	for range 3 {
		h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), mention+" Do I need HCPC registration?", true))
	}
	// One post hangs at Discord; the others wait their turn in discordgo.
	h.WaitFor("a post to hang", func() bool { return h.Hold.Held() > 0 })
	chattest.WaitMetric(t, m, `recruitbot_events_received_total{adapter="discord"} 3`) // all three taken
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	out := h.logs.String()
	if !strings.Contains(out, "abandoning the answers still under way") || !strings.Contains(out, "answers=3") {
		t.Errorf("the shutdown should say how many answers it left:\n%s", out)
	}
	chattest.WantMetric(t, m, `recruitbot_replies_given_up_total{adapter="discord",reason="shutdown"} 3`)
}

func TestSummaryByMentionFollowsTheRecruiterRule(t *testing.T) {
	h := start(t, Config{RecruiterRoles: []string{recruiterRole}, Channels: map[string]string{channelID: otRole}}, testBot)
	applicant := guildMessage(newID(), mention+" summarise the role", true)
	h.Dispatch("MESSAGE_CREATE", applicant)
	post := decode(t, h.WaitCalls(1, "POST", messagesPath, http.StatusOK)[0])
	if !strings.Contains(string(h.Calls("POST", messagesPath, http.StatusOK)[0].Body), "Only recruiters") {
		t.Errorf("an applicant's summary in a server: %+v, want the refusal", post)
	}
	recruiter := guildMessage(newID(), mention+" summarise the role", true)
	recruiter["member"] = map[string]any{"roles": []string{recruiterRole}}
	h.Dispatch("MESSAGE_CREATE", recruiter)
	post = decode(t, h.WaitCalls(2, "POST", messagesPath, http.StatusOK)[1])
	if strings.Contains(string(h.Calls("POST", messagesPath, http.StatusOK)[1].Body), "Only recruiters") || len(post.Embeds) == 0 {
		t.Errorf("a recruiter's summary should be the posting: %+v", post)
	}
}

func TestSlowPostsDoNotEatTheAnswerDeadline(t *testing.T) {
	// Posts take 50 ms and discordgo sends one a channel at a time, so the
	// last of 20 replies waits about a second; the answer deadline is a
	// fifth of that.
	h := start(t, Config{}, testBot, func(a *Adapter, s *discordtest.Server) {
		a.gate = chat.NewGate(chat.Policy{ReplyDeadline: 200 * time.Millisecond})
		s.Slow = 50 * time.Millisecond
	})
	const n = 20
	for range n {
		h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), mention+" Do I need HCPC registration?", true))
	}
	posts := h.WaitCalls(n, "POST", messagesPath, http.StatusOK)
	for _, p := range posts {
		if f := fieldsOf(decode(t, p)); len(f) == 0 || !strings.Contains(f[0].Value, hcpcQuote) {
			t.Errorf("a reply is not the HCPC answer: %s", p.Body)
		}
	}
	if err := h.stop(); err != nil {
		t.Fatal(err)
	}
	if n := len(h.Calls("POST", messagesPath, 0)); n != 20 {
		t.Errorf("%d posts, want 20", n)
	}
}
