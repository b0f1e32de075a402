package slack

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// reporting turns /role insights on; the Home tab only points to it.
func reporting(a *Adapter) { a.ReportFrom(noReport{}) }

type noReport struct{}

func (noReport) Report(context.Context, string) (string, error) { return "", nil }

// homeText is everything a Home tab shows, as one string.
func homeText(p slacktest.Post) string {
	return strings.Join(slices.Concat(p.Texts("header"), p.Texts("section"), p.Texts("context")), "\n")
}

// nextHome waits for the next views.publish and checks it is for user.
func nextHome(t testing.TB, f *slacktest.Server, user string) string {
	t.Helper()
	p := f.Next(t)
	if p.Method != "views.publish" || p.User != user {
		t.Fatalf("got %s for %q, want views.publish for %s", p.Method, p.User, user)
	}
	return homeText(p)
}

// anotherRole is the built-in role under another id and title, closed.
func anotherRole(r *corpus.Role) *corpus.Role {
	other := *r
	other.ID, other.Title = "band-6-physiotherapist", "Band 6 physiotherapist"
	other.Facts.ClosingDate = corpus.Date{Time: time.Date(2020, 1, 31, 0, 0, 0, 0, time.UTC)}
	return &other
}

func TestHomeTab(t *testing.T) {
	lib := realBot(t).Library()
	b := bot.New(lib, nil) // its own, to reload
	h := startTweaked(t, b, true, reporting)
	role := lib.Roles[0]

	h.event(t, slacktest.Callback("EvH1", slacktest.HomeOpened(slacktest.ApplicantID, "home")))
	home := nextHome(t, h.fake, slacktest.ApplicantID)
	examples := bot.Examples(role, 3)
	if len(examples) != 3 {
		t.Fatalf("bot.Examples gave %d examples, want 3", len(examples))
	}
	for _, want := range append([]string{role.Title, "/role", "<@" + slacktest.BotUserID + ">"}, examples...) {
		if !strings.Contains(home, want) {
			t.Errorf("the Home tab lacks %q:\n%s", want, home)
		}
	}
	if strings.Contains(home, "/role insights") {
		t.Errorf("an applicant is pointed to the insights:\n%s", home)
	}

	// The Messages tab opens with the same event, and wants nothing; a
	// redelivery is not published twice.
	h.event(t, slacktest.Callback("EvH2", slacktest.HomeOpened(slacktest.ApplicantID, "messages")))
	h.event(t, slacktest.Callback("EvH1", slacktest.HomeOpened(slacktest.ApplicantID, "home")), "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout")

	h.event(t, slacktest.Callback("EvH3", slacktest.HomeOpened(slacktest.RecruiterID, "home")))
	if home := nextHome(t, h.fake, slacktest.RecruiterID); !strings.Contains(home, "/role insights") || !strings.Contains(home, role.Title) {
		t.Errorf("a recruiter's Home tab does not point to /role insights:\n%s", home)
	}

	// A reload shows on the next open.
	other := anotherRole(role)
	b.Swap(bot.Library{Roles: []*corpus.Role{role, other}, Searcher: lib.Searcher})
	h.event(t, slacktest.Callback("EvH4", slacktest.HomeOpened(slacktest.ApplicantID, "home")))
	home = nextHome(t, h.fake, slacktest.ApplicantID)
	if !strings.Contains(home, role.Title) || !strings.Contains(home, other.Title+"* · closed 31 January 2020") {
		t.Errorf("after a reload the Home tab does not list both roles, the new one closed:\n%s", home)
	}

	// A blip is retried, as for any call.
	h.fake.Fail("views.publish", "500", "internal_error")
	h.event(t, slacktest.Callback("EvH5", slacktest.HomeOpened(slacktest.ApplicantID, "home")))
	nextHome(t, h.fake, slacktest.ApplicantID)
	if n := strings.Count(h.logs.String(), "Slack call failed; retrying"); n != 2 {
		t.Errorf("%d retries logged, want 2", n)
	}

	// A refusal is logged, not retried.
	h.fake.Fail("views.publish", "not_enabled")
	h.event(t, slacktest.Callback("EvH6", slacktest.HomeOpened(slacktest.ApplicantID, "home")))
	deadline := time.Now().Add(slacktest.Wait)
	for !containsLog(h, "could not publish the home tab") {
		if time.Now().After(deadline) {
			t.Fatal("a refused views.publish was not logged")
		}
		time.Sleep(10 * time.Millisecond)
	}

	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := count(h.fake.All(), "views.publish"); n != 4 {
		t.Errorf("%d views published, want 4", n)
	}
	if logs := h.logs.String(); !strings.Contains(logs, "gave_up=permanent") || !strings.Contains(logs, "not_enabled") {
		t.Errorf("the refusal is not logged with its reason:\n%s", logs)
	}
}

// Over Socket Mode app_home_opened comes as an envelope like any event.
func TestHomeTabOverSocketMode(t *testing.T) {
	h := startAdapter(t, realBot(t), false)
	c := h.fake.NextConn(t)
	c.Send(t, slacktest.Envelope("env-h1", "events_api", slacktest.Callback("EvSH1", slacktest.HomeOpened(slacktest.RecruiterID, "home"))))
	c.Ack(t, "env-h1")
	home := nextHome(t, h.fake, slacktest.RecruiterID)
	if !strings.Contains(home, realBot(t).Library().Roles[0].Title) {
		t.Errorf("the Home tab does not list the role:\n%s", home)
	}
	// Without a Reporter, /role insights does not exist, so even a
	// recruiter is not pointed to it.
	if strings.Contains(home, "/role insights") {
		t.Errorf("pointed to /role insights, which is off:\n%s", home)
	}
	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
}

// A Responder that cannot say what it answers from still gets a Home tab,
// pointing to the question that lists the roles.
func TestHomeTabWithoutLibrary(t *testing.T) {
	h := startAdapter(t, onlyAnswers{realBot(t)}, true)
	h.event(t, slacktest.Callback("EvHL1", slacktest.HomeOpened(slacktest.ApplicantID, "home")))
	if home := nextHome(t, h.fake, slacktest.ApplicantID); !strings.Contains(home, "which roles are open?") || strings.Contains(home, "No roles are loaded") {
		t.Errorf("Home tab without a library:\n%s", home)
	}
}

// onlyAnswers hides the bot's Library method, as a wrapping Responder does.
type onlyAnswers struct{ bot.Responder }

func TestHomeViewWithinLimits(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var roles []*corpus.Role
	for i := range 150 {
		roles = append(roles, &corpus.Role{ID: fmt.Sprint("role-", i), Title: fmt.Sprint("Role ", i)})
	}
	roles[0].Title = "R&D <lead> <!channel>"
	roles[0].Facts.ClosingDate = corpus.Date{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	roles[1].Facts.ClosingDate = corpus.Date{Time: time.Date(2026, 2, 28, 0, 0, 0, 0, time.UTC)}

	v := homeView(roles, home{botUserID: slacktest.BotUserID, recruiter: true, now: now})
	blocks := v.Blocks.BlockSet
	if v.Type != slackapi.VTHomeTab || len(blocks) > maxHomeBlocks {
		t.Fatalf("a %s view of %d blocks", v.Type, len(blocks))
	}
	var texts []string
	for _, b := range blocks {
		switch b := b.(type) {
		case *slackapi.SectionBlock:
			if n := chars(b.Text.Text); n > maxSectionText {
				t.Errorf("a section of %d characters", n)
			}
			texts = append(texts, b.Text.Text)
		case *slackapi.ContextBlock:
			for _, e := range b.ContextElements.Elements {
				if e, ok := e.(*slackapi.TextBlockObject); ok {
					texts = append(texts, e.Text)
				}
			}
		}
	}
	all := strings.Join(texts, "\n")
	shown := strings.Count(all, "\nYou could ask:")
	if want := fmt.Sprintf("and %d more roles", len(roles)-shown); shown == 0 || !strings.Contains(texts[len(texts)-1], want) {
		t.Errorf("%d roles shown, and the last block %q does not say %q", shown, texts[len(texts)-1], want)
	}
	for _, want := range []string{"*R&amp;D &lt;lead&gt; &lt;!channel&gt;* · closing 1 March 2026", "*Role 1* · closed 28 February 2026", "/role insights"} {
		if !strings.Contains(all, want) {
			t.Errorf("the view lacks %q", want)
		}
	}
	if strings.Contains(all, "<!channel>") {
		t.Error("a title's <!channel> is not escaped")
	}

	few := homeView(roles[:2], home{now: now})
	if n := len(few.Blocks.BlockSet); n != 2+2*2 {
		t.Errorf("two roles take %d blocks, want 6", n)
	}
	none := homeView(nil, home{now: now}).Blocks.BlockSet
	if last, ok := none[len(none)-1].(*slackapi.SectionBlock); !ok || !strings.Contains(last.Text.Text, "No roles are loaded") {
		t.Error("with no roles the Home tab does not say so")
	}
}
