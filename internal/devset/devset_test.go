package devset_test

import (
	"context"
	"os"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// TestDevSet scores the bot on the development set and fails when it falls
// below what it scored when the thresholds were last fitted: a change that
// helps one kind of question must not cost more elsewhere. Scores per role
// are logged (go test -v).
func TestDevSet(t *testing.T) {
	c, err := corpus.LoadDir("../../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.Bot(t, c)
	sets, err := devset.Load("../../testdata/dev/questions")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range sets {
		n += len(s.Questions)
	}
	if n < 400 {
		t.Fatalf("the development set has %d questions; it should have at least 400", n)
	}
	scores := devset.Run(context.Background(), b, sets)
	for _, s := range scores {
		t.Logf("%-48s %3d/%3d passed, %d wrong, %d abstained", s.Name, s.Passed, s.Total, s.Wrong, s.Abstained)
		if os.Getenv("DEVSET_FAILURES") != "" {
			for _, f := range s.Failures {
				t.Logf("    %s", f)
			}
		}
	}
	all := devset.Sum("all", scores)
	t.Logf("all: %d/%d passed, %d wrong", all.Passed, all.Total, all.Wrong)
	// The floor is the score at the last calibration less a small margin.
	if rate := float64(all.Passed) / float64(all.Total); rate < 0.70 {
		t.Errorf("development set: %d/%d passed (%.0f%%), below the 70%% floor", all.Passed, all.Total, 100*rate)
	}
	if rate := float64(all.Wrong) / float64(all.Total); rate > 0.13 {
		t.Errorf("development set: %d/%d answered wrongly (%.0f%%), above the 13%% ceiling", all.Wrong, all.Total, 100*rate)
	}
}

func TestJudge(t *testing.T) {
	q := devset.Question{Q: "HCPC?", Kind: "top1", Expect: []string{"(HCPC) registration"}, Level: "essential"}
	good := bot.Answer{Answered: true, Text: "Yes, it's Essential", Citations: []bot.Citation{{Text: "Health & Care Professions Council (HCPC)  registration.", Level: corpus.Essential}}}
	if o, why := devset.Judge(q, good); o != devset.Passed {
		t.Errorf("good answer judged %v: %s", o, why)
	}
	wrongLevel := good
	wrongLevel.Citations = []bot.Citation{{Text: "HCPC registration", Level: corpus.Desirable}}
	if o, _ := devset.Judge(q, wrongLevel); o != devset.Wrong {
		t.Errorf("a wrong level is wrong, got %v", o)
	}
	if o, _ := devset.Judge(q, bot.Answer{Text: "The job description doesn't say"}); o != devset.Abstained {
		t.Errorf("an abstention is not wrong, got %v", o)
	}
	none := devset.Question{Q: "salary?", Kind: "none"}
	if o, _ := devset.Judge(none, good); o != devset.Wrong {
		t.Errorf("answering a none question is wrong, got %v", o)
	}
}

// TestHoldout scores the bot on testdata/holdout3, 4 and 5: three roles
// each and their questions written blind (the writers never saw the bot or
// its answers) and never used to change it. It reports; the
// floor only catches a collapse, since tuning to these sets would end their
// use.
func TestHoldout(t *testing.T) {
	for _, dir := range []string{"holdout3", "holdout4", "holdout5"} {
		t.Run(dir, func(t *testing.T) { holdout(t, "../../testdata/"+dir) })
	}
}

func holdout(t *testing.T, dir string) {
	c, err := corpus.LoadDir(dir + "/roles")
	if err != nil {
		t.Fatal(err)
	}
	b := testkit.Bot(t, c)
	sets, err := devset.Load(dir + "/questions")
	if err != nil {
		t.Fatal(err)
	}
	scores := devset.Run(context.Background(), b, sets)
	for _, s := range scores {
		t.Logf("%-48s %3d/%3d passed, %d wrong, %d abstained", s.Name, s.Passed, s.Total, s.Wrong, s.Abstained)
	}
	all := devset.Sum("all", scores)
	t.Logf("held out: %d/%d passed, %d wrong", all.Passed, all.Total, all.Wrong)
	if all.Total < 200 {
		t.Fatalf("the held-out set has %d questions; it should have at least 200", all.Total)
	}
	if rate := float64(all.Passed) / float64(all.Total); rate < 0.5 {
		t.Errorf("held out: %d/%d passed (%.0f%%), below 50%%", all.Passed, all.Total, 100*rate)
	}
}
