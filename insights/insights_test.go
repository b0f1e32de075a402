package insights

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/testkit"
	"github.com/recruitbot/recruitbot/store"
)

const roleID = "primary-care-occupational-therapist"

func setup(t *testing.T, keep time.Duration) (*Recorder, *store.Store) {
	t.Helper()
	lib, closeLib, err := testkit.Library(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeLib)
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "recruitbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return Record(bot.New(lib, nil), st, keep, nil), st
}

// TestUnansweredKeptForRecruiters: the real bot abstains on questions the
// job description does not cover; they are kept, redacted, grouped by
// topic, beside the counts of what was answered and cited.
func TestUnansweredKeptForRecruiters(t *testing.T) {
	r, st := setup(t, store.Retention)
	ctx := context.Background()
	answered := r.Answer(ctx, bot.Question{Text: "Do I need HCPC registration?"})
	if !answered.Answered || answered.RoleID != roleID {
		t.Fatalf("HCPC: answered %v for role %q", answered.Answered, answered.RoleID)
	}
	for _, q := range []string{
		"Is there parking? email me at sam@example.com",
		"is there parking on site",
		"Is there parking?",
	} {
		if a := r.Answer(ctx, bot.Question{Text: q}); a.Answered {
			t.Fatalf("%q was answered (%q); the test needs a question the role does not cover", q, a.Text)
		}
	}
	r.Answer(ctx, bot.Question{Text: "hello"}) // not a question: not counted
	r.Run(ctx, bot.Question{Text: "12"}, bot.Command{Name: "duty", Args: "12"})

	in, err := st.Insights(ctx, roleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Roles) != 1 || in.Roles[0].Answered7 != 2 || in.Roles[0].Abstained7 != 3 {
		t.Errorf("roles = %+v, want 2 answered and 3 not in 7 days", in.Roles)
	}
	if len(in.Unanswered) == 0 || in.Unanswered[0].Key != "parking" || in.Unanswered[0].Count != 2 {
		t.Errorf("unanswered = %+v, want parking first, twice", in.Unanswered)
	}
	var out strings.Builder
	if err := Write(&out, in, store.Retention); err != nil {
		t.Fatal(err)
	}
	report := out.String()
	for _, want := range []string{"Key duty 12", "Qualifications · Essential", "parking", roleID} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "sam@example.com") {
		t.Errorf("report holds an e-mail address:\n%s", report)
	}
	other, _ := st.Insights(ctx, "practice-nurse")
	if len(other.Unanswered) != 0 {
		t.Errorf("another role's insights show %+v", other.Unanswered)
	}
}

// TestRetentionZeroKeepsNoQuestions: with retention 0 the outcome is
// counted but no text is kept.
func TestRetentionZeroKeepsNoQuestions(t *testing.T) {
	r, st := setup(t, 0)
	ctx := context.Background()
	if a := r.Answer(ctx, bot.Question{Text: "Is there parking?"}); a.Answered {
		t.Fatal("parking was answered")
	}
	in, err := st.Insights(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(in.Unanswered) != 0 || len(in.Roles) != 1 || in.Roles[0].Abstained7 != 1 {
		t.Errorf("insights = %+v, want one abstention counted and no question kept", in)
	}
}

// TestExpireRuns: the loop deletes at once, then stops with its context.
func TestExpireRuns(t *testing.T) {
	_, st := setup(t, 0)
	ctx, cancel := context.WithCancel(context.Background())
	if err := st.RecordUnanswered(ctx, roleID, "parking?", time.Now().Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { Expire(ctx, st, 0, time.Hour, nil); close(done) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		in, err := st.Insights(context.Background(), "")
		if err != nil {
			t.Fatal(err)
		}
		if len(in.Unanswered) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the expired question was not deleted")
		}
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
}

// TestFeedback: an answer carries an id; clicks on it are counted once per
// person, the last one winning, with what the answer cited and no user id.
func TestFeedback(t *testing.T) {
	r, st := setup(t, store.Retention)
	ctx := context.Background()
	a := r.Answer(ctx, bot.Question{Text: "Do I need HCPC registration?"})
	if a.ID == "" {
		t.Fatal("a recorded answer has no id")
	}
	if g := r.Answer(ctx, bot.Question{Text: "hello"}); g.ID != "" {
		t.Errorf("a greeting is not recorded, so it has no id; got %q", g.ID)
	}
	for _, c := range []struct {
		user    string
		helpful bool
	}{{"slack:T1/U1", true}, {"slack:T1/U1", false}, {"slack:T1/U2", true}} {
		if err := r.Feedback(ctx, a.ID, c.user, c.helpful); err != nil {
			t.Fatal(err)
		}
	}
	in, err := st.Insights(ctx, roleID)
	if err != nil {
		t.Fatal(err)
	}
	if len(in.NotHelpful) != 1 || in.NotHelpful[0].Count != 1 || !strings.Contains(in.NotHelpful[0].Key, "Qualifications · Essential") {
		t.Errorf("not helpful = %+v, want U1's last click, citing the HCPC criterion", in.NotHelpful)
	}
}
