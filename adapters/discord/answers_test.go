package discord

import (
	"regexp"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
)

// TestRenderRealAnswers renders the real bot's answers to a varied set of
// questions: every one stays within Discord's limits, as embeds and as the
// plain-text fallback, shows every item it cites by its label, and names no
// label twice in its footer.
func TestRenderRealAnswers(t *testing.T) {
	number := regexp.MustCompile(`^(\d+)\. `)
	for _, a := range chattest.Answers(t) {
		msgs := renderAnswer(a)
		checkLimits(t, msgs)
		checkLimits(t, renderPlain(a))
		var all strings.Builder
		for _, m := range msgs {
			for _, e := range m.Embeds {
				all.WriteString(e.Title + "\n" + e.Description + "\n")
				for _, f := range e.Fields {
					all.WriteString(f.Name + "\n" + f.Value + "\n")
				}
				if e.Footer != nil {
					all.WriteString(e.Footer.Text + "\n")
					lines := strings.Split(e.Footer.Text, "\n")
					for i, l := range lines {
						for _, o := range lines[:i] {
							if l == o {
								t.Errorf("%q: footer says %q twice", a.Question, l)
							}
						}
					}
				}
			}
		}
		shown := all.String()
		for _, want := range chattest.Shown(a) {
			esc := escapeMarkdown(want)
			if !strings.Contains(shown, want) && !strings.Contains(shown, esc) && !strings.Contains(shown, number.ReplaceAllString(esc, `$1\. `)) {
				t.Errorf("%q: %q not shown in\n%s", a.Question, want, shown)
			}
		}
		if t.Failed() {
			return
		}
	}
}
