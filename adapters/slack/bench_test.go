package slack

import (
	"fmt"
	"testing"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
)

// BenchmarkEventToReply measures an app_mention from the moment it is
// posted to the Events API, signed, over loopback, until the real bot's
// answer has been posted to the stand-in's chat.postMessage.
func BenchmarkEventToReply(b *testing.B) {
	h := startAdapter(b, realBot(b), true)
	i := 0
	for b.Loop() {
		i++
		ts := fmt.Sprintf("1800000000.%06d", i)
		h.event(b, slacktest.Callback(fmt.Sprintf("EvBench%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
		if p := h.fake.Next(b); p.ThreadTS != ts {
			b.Fatalf("reply in thread %q, want %q", p.ThreadTS, ts)
		}
	}
}
