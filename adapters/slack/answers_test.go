package slack

import (
	"strings"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
)

// TestRenderRealAnswers renders the real bot's answers to a varied set of
// questions: every one stays within Slack's limits, shows every item it
// cites by its label, and names no label twice in its small print.
func TestRenderRealAnswers(t *testing.T) {
	for _, a := range chattest.Answers(t) {
		msgs := render(a)
		checkLimits(t, msgs)
		var all strings.Builder
		for _, m := range msgs {
			all.WriteString(m.Text + "\n")
			for _, b := range m.Blocks {
				if h, ok := b.(*slackapi.HeaderBlock); ok {
					all.WriteString(h.Text.Text + "\n") // plain text, not escaped
				}
			}
		}
		shown := all.String()
		for _, want := range chattest.Shown(a) {
			if !strings.Contains(shown, escape(want)) && !strings.Contains(shown, want) {
				t.Errorf("%q: %q not shown in\n%s", a.Question, want, shown)
			}
		}
		seen := map[string]bool{}
		for _, c := range contextTexts(msgs) {
			if seen[c] {
				t.Errorf("%q: small print %q twice", a.Question, c)
			}
			seen[c] = true
		}
		if t.Failed() {
			return
		}
	}
}
