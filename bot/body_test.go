package bot_test

import (
	"context"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
)

// TestBodyTellsTheSameAnswer: adapters render an answer's blocks and never
// its intent, so over every question of the development set the blocks
// must say what the text says: a quote is the cited item's own words, a
// list has a line for every item it cites, a requirement's level is in its
// lead, and an abstention carries no citation anywhere.
func TestBodyTellsTheSameAnswer(t *testing.T) {
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	sets, err := devset.Load("../testdata/dev/questions")
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[bot.BlockKind]int{}
	for _, s := range sets {
		for _, q := range s.Questions {
			a := b.Answer(context.Background(), bot.Question{Text: q.Q, RoleID: s.RoleID})
			if len(a.Body) == 0 {
				t.Errorf("%q: no body", q.Q)
				continue
			}
			lines := 0
			for _, bl := range a.Body {
				kinds[bl.Kind]++
				switch bl.Kind {
				case bot.BlockQuote:
					if bl.Cite == nil || !strings.Contains(bl.Cite.Text, bl.Text) {
						t.Errorf("%q: quote %q is not the cited item's words", q.Q, bl.Text)
					}
				case bot.BlockList, bot.BlockCheck:
					for _, l := range bl.Lines {
						if l.Cite != nil {
							lines++
						}
					}
				}
				if !a.Answered && (bl.Cite != nil || len(bl.Related) > 0 || len(bl.Lines) > 0) {
					t.Errorf("%q: an abstention's body cites items", q.Q)
				}
			}
			if a.Intent == bot.IntentList && a.Answered && lines != len(a.Citations) {
				t.Errorf("%q: %d list lines for %d citations", q.Q, lines, len(a.Citations))
			}
			if a.Intent == bot.IntentRequirement && a.Answered && a.Citations[0].Kind == corpus.Criterion {
				lead := strings.ToLower(a.Body[0].Text)
				if !strings.Contains(lead, string(a.Citations[0].Level)) {
					t.Errorf("%q: lead %q does not give the level", q.Q, a.Body[0].Text)
				}
			}
		}
	}
	for _, k := range []bot.BlockKind{bot.BlockLead, bot.BlockQuote, bot.BlockList, bot.BlockPosting, bot.BlockFact, bot.BlockNote} {
		if kinds[k] == 0 {
			t.Errorf("no answer of the development set has a %s block", k)
		}
	}
}
