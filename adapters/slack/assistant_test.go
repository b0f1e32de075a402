package slack

import (
	"net/http"
	"slices"
	"testing"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// assistantMessage is a message in an assistant thread, as message.im
// delivers it: a direct message in a thread.
func assistantMessage(user, ts, threadTS, text string) map[string]any {
	e := slacktest.DirectMessage(user, ts, text)
	e["thread_ts"] = threadTS
	return e
}

func nextOf(t testing.TB, f *slacktest.Server, method string) slacktest.Post {
	t.Helper()
	p := f.Next(t)
	if p.Method != method {
		t.Fatalf("got %s (%+v), want %s", p.Method, p, method)
	}
	return p
}

func promptMessages(p slacktest.Post) []string {
	var out []string
	for _, x := range p.Prompts {
		out = append(out, x.Message)
	}
	return out
}

func TestAssistantPane(t *testing.T) {
	lib := realBot(t).Library()
	b := bot.New(lib, nil) // its own, to reload
	h := startAdapter(t, b, true)
	role := lib.Roles[0]
	const thread = "1700000400.000100"

	// Opened while looking at the role's channel: that role's examples.
	h.fake.Fail("assistant.threads.setSuggestedPrompts", "500") // a blip, retried
	if status, _ := h.event(t, slacktest.Callback("EvA1", slacktest.AssistantThreadStarted(slacktest.ApplicantID, slacktest.DMChannel, thread, slacktest.RoleChannel))); status != http.StatusOK {
		t.Fatalf("assistant_thread_started: status %d", status)
	}
	p := nextOf(t, h.fake, "assistant.threads.setSuggestedPrompts")
	if p.Channel != slacktest.DMChannel || p.ThreadTS != thread {
		t.Errorf("prompts for %s thread %q, want %s thread %s", p.Channel, p.ThreadTS, slacktest.DMChannel, thread)
	}
	if got, want := promptMessages(p), bot.Examples(role, 4); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("prompts %q, want the role's examples %q", got, want)
	}

	// A question in the thread: the status, then the answer in the thread.
	h.event(t, slacktest.Callback("EvA2", assistantMessage(slacktest.ApplicantID, "1700000400.000200", thread, hcpcQuestion)))
	if p := nextOf(t, h.fake, "assistant.threads.setStatus"); p.Channel != slacktest.DMChannel || p.ThreadTS != thread || p.Text != "Searching the job description…" {
		t.Errorf("status %q in %s thread %q", p.Text, p.Channel, p.ThreadTS)
	}
	p = nextOf(t, h.fake, "chat.postMessage")
	if p.Channel != slacktest.DMChannel || p.ThreadTS != thread {
		t.Errorf("answer in %s thread %q, want the assistant thread", p.Channel, p.ThreadTS)
	}
	checkHCPC(t, p)

	// A status Slack refuses does not hold the answer up.
	h.fake.Fail("assistant.threads.setStatus", "invalid_thread")
	h.event(t, slacktest.Callback("EvA3", assistantMessage(slacktest.ApplicantID, "1700000400.000300", thread, hcpcQuestion)))
	checkHCPC(t, nextOf(t, h.fake, "chat.postMessage"))

	// A direct message outside a thread gets no status.
	h.event(t, slacktest.Callback("EvA4", slacktest.DirectMessage(slacktest.ApplicantID, "1700000400.000400", hcpcQuestion)))
	checkHCPC(t, nextOf(t, h.fake, "chat.postMessage"))

	// Opened elsewhere, with two roles loaded: a summary of each, by name.
	other := anotherRole(role)
	b.Swap(bot.Library{Roles: []*corpus.Role{role, other}, Searcher: lib.Searcher})
	h.event(t, slacktest.Callback("EvA5", slacktest.AssistantThreadStarted(slacktest.ApplicantID, slacktest.DMChannel, "1700000400.000500", "")))
	p = nextOf(t, h.fake, "assistant.threads.setSuggestedPrompts")
	if got, want := promptMessages(p), []string{"Summarise the " + role.Title + " role", "Summarise the " + other.Title + " role"}; !slices.Equal(got, want) {
		t.Errorf("prompts %q, want %q", got, want)
	}

	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	posts := h.fake.All()
	if n := count(posts, "assistant.threads.setStatus"); n != 1 {
		t.Errorf("%d statuses recorded, want 1", n)
	}
	if n := count(posts, "assistant.threads.setSuggestedPrompts"); n != 2 {
		t.Errorf("%d prompt sets, want 2", n)
	}
}

func TestAssistantPaneOverSocketMode(t *testing.T) {
	h := startAdapter(t, realBot(t), false)
	c := h.fake.NextConn(t)
	c.Send(t, slacktest.Envelope("env-a1", "events_api", slacktest.Callback("EvSA1", slacktest.AssistantThreadStarted(slacktest.ApplicantID, slacktest.DMChannel, "1700000500.000100", ""))))
	c.Ack(t, "env-a1")
	// One role loaded: its examples, though no channel names it.
	p := nextOf(t, h.fake, "assistant.threads.setSuggestedPrompts")
	if got, want := promptMessages(p), bot.Examples(realBot(t).Library().Roles[0], 4); !slices.Equal(got, want) {
		t.Errorf("prompts %q, want %q", got, want)
	}
	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
}

func TestPromptsWithoutRoles(t *testing.T) {
	if got := prompts(nil, ""); !slices.Equal(got, []slackapi.AssistantThreadsPrompt{{Title: "Which roles are open?", Message: "Which roles are open?"}}) {
		t.Errorf("prompts without roles: %+v", got)
	}
}
