package slack

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/internal/metrics"
)

// TestPolicyIsHonoured: the configured concurrency and deadlines, not
// the defaults, bound the replies.
func TestPolicyIsHonoured(t *testing.T) {
	mentionAt := func(h *harness, i int) {
		ts := fmt.Sprintf("1700000020.%06d", i)
		h.event(t, slacktest.Callback(fmt.Sprintf("EvPolicy%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> hello?")))
	}
	t.Run("concurrency 1 answers one at a time", func(t *testing.T) {
		b := &chattest.Slow{Delay: 30 * time.Millisecond}
		h := startAdapter(t, b, true, chat.WithPolicy(chat.Policy{Concurrency: 1}))
		for i := range 3 {
			mentionAt(h, i)
		}
		for range 3 {
			if p := h.fake.Next(t); !strings.Contains(p.Text, "Thanks for waiting") {
				t.Errorf("reply %q, want the answer", p.Text)
			}
		}
		if n := b.Most(); n != 1 {
			t.Errorf("%d answers worked out at once, want 1", n)
		}
	})
	t.Run("a question that finds no turn within the reply deadline is told the bot is busy", func(t *testing.T) {
		// The first holds the only turn past the second's deadline.
		b := &chattest.Slow{Delay: 300 * time.Millisecond, Stubborn: true}
		h := startAdapter(t, b, true, chat.WithPolicy(chat.Policy{Concurrency: 1, ReplyDeadline: 100 * time.Millisecond}))
		mentionAt(h, 10)
		mentionAt(h, 11)
		var texts []string
		for range 2 {
			texts = append(texts, h.fake.Next(t).Text)
		}
		if got := strings.Join(texts, "|"); !strings.Contains(got, "Thanks for waiting") || !strings.Contains(got, "too busy") {
			t.Errorf("replies %q, want one answer and one busy", texts)
		}
		if !containsLog(h, "no time left to answer") {
			t.Error("the busy reply is not logged")
		}
	})
	t.Run("a reply not posted within the post deadline is given up and counted", func(t *testing.T) {
		m := metrics.New()
		b := &chattest.Slow{Delay: time.Hour}
		h := startAdapter(t, b, true, chat.WithMetrics(m), chat.WithPolicy(chat.Policy{PostDeadline: 100 * time.Millisecond}))
		mentionAt(h, 20)
		chattest.WaitMetric(t, m, `recruitbot_replies_given_up_total{adapter="slack",reason="deadline"} 1`)
		if !containsLog(h, "gave_up=deadline") {
			t.Error("the reply given up is not logged")
		}
		if n := len(h.fake.All()); n != 0 {
			t.Errorf("%d posts, want none", n)
		}
	})
}
