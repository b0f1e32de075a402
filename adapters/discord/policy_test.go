package discord

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/internal/metrics"
)

// TestPolicyIsHonoured: the configured concurrency and deadlines, not
// the defaults, bound the replies.
func TestPolicyIsHonoured(t *testing.T) {
	ask := func(h *harness) { h.Dispatch("MESSAGE_CREATE", guildMessage(newID(), mention+" hello?", true)) }
	t.Run("concurrency 1 answers one at a time", func(t *testing.T) {
		b := &chattest.Slow{Delay: 30 * time.Millisecond}
		h := start(t, Config{}, b, func(a *Adapter, _ *discordtest.Server) { a.gate = chat.NewGate(chat.Policy{Concurrency: 1}) })
		for range 3 {
			ask(h)
		}
		for _, p := range h.WaitCalls(3, "POST", messagesPath, http.StatusOK) {
			if !strings.Contains(string(p.Body), "Thanks for waiting") {
				t.Errorf("reply %s, want the answer", p.Body)
			}
		}
		if n := b.Most(); n != 1 {
			t.Errorf("%d answers worked out at once, want 1", n)
		}
	})
	t.Run("a question that finds no turn within the reply deadline is told the bot is busy", func(t *testing.T) {
		// The first holds the only turn past the second's deadline.
		b := &chattest.Slow{Delay: 300 * time.Millisecond, Stubborn: true}
		h := start(t, Config{}, b, func(a *Adapter, _ *discordtest.Server) {
			a.gate = chat.NewGate(chat.Policy{Concurrency: 1, ReplyDeadline: 100 * time.Millisecond})
		})
		ask(h)
		ask(h)
		var bodies []string
		for _, p := range h.WaitCalls(2, "POST", messagesPath, http.StatusOK) {
			bodies = append(bodies, string(p.Body))
		}
		if got := strings.Join(bodies, "|"); !strings.Contains(got, "Thanks for waiting") || !strings.Contains(got, "too busy") {
			t.Errorf("replies %q, want one answer and one busy", bodies)
		}
		if !strings.Contains(h.logs.String(), "no time left to answer") {
			t.Error("the busy reply is not logged")
		}
	})
	t.Run("a reply not posted within the post deadline is given up and counted", func(t *testing.T) {
		m := metrics.New()
		b := &chattest.Slow{Delay: time.Hour}
		h := start(t, Config{}, b, func(a *Adapter, _ *discordtest.Server) {
			a.metrics = m
			a.gate = chat.NewGate(chat.Policy{PostDeadline: 100 * time.Millisecond})
		})
		ask(h)
		chattest.WaitMetric(t, m, `recruitbot_replies_given_up_total{adapter="discord",reason="deadline"} 1`)
		if !strings.Contains(h.logs.String(), "gave_up=deadline") {
			t.Error("the reply given up is not logged")
		}
		if n := len(h.Calls("POST", messagesPath, http.StatusOK)); n != 0 {
			t.Errorf("%d posts, want none", n)
		}
	})
}
