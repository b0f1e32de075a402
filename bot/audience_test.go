package bot_test

import (
	"context"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func TestForAudienceKeepsTheFullPostingOutOfChannelsUnlessARecruiterAsks(t *testing.T) {
	b := testkit.Bot(t, nil)
	ctx := context.Background()
	for _, a := range []bot.Answer{
		b.Answer(ctx, bot.Question{Text: "summarise the role"}),
		b.Answer(ctx, bot.Question{Text: "can u give me a rundown of the job?"}),
		b.Run(ctx, bot.Question{}, bot.Command{Name: "summary"}),
	} {
		if a.Intent != bot.IntentSummary || a.Posting == nil {
			t.Fatalf("%q: intent %s, want a summary", a.Question, a.Intent)
		}
		if got, refused := bot.ForAudience(a, bot.Audience{Public: true}); !refused || got.Posting != nil || got.Text != bot.SummaryRefusal {
			t.Errorf("%q in a channel from a non-recruiter: refused=%v %q", a.Question, refused, got.Text)
		}
		for _, to := range []bot.Audience{{Public: true, Recruiter: true}, {Public: false}} {
			if got, refused := bot.ForAudience(a, to); refused || got.Posting == nil {
				t.Errorf("%q to %+v should be posted", a.Question, to)
			}
		}
	}
	other := b.Answer(ctx, bot.Question{Text: "Do I need HCPC registration?"})
	if _, refused := bot.ForAudience(other, bot.Audience{Public: true}); refused {
		t.Error("an ordinary answer was refused")
	}
}
