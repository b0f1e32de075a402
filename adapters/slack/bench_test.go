package slack

import (
	"fmt"
	"testing"
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
		h.event(b, callback(fmt.Sprintf("EvBench%d", i), mention(roleChannel, applicantID, ts, "", "<@"+botUserID+"> "+hcpcQuestion)))
		if p := h.fake.next(b); p.ThreadTS != ts {
			b.Fatalf("reply in thread %q, want %q", p.ThreadTS, ts)
		}
	}
}
