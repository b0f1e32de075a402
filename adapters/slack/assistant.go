package slack

import (
	"context"
	"log/slog"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// The assistant pane ("Agents & AI Apps" in the app's settings) is a
// direct message whose every conversation is a thread. Its messages come as
// message.im events in a thread and are answered like any direct message;
// this file adds what the pane shows besides: prompts to start with, and a
// status while an answer is under way.

const (
	// maxPrompts is how many suggested prompts Slack shows in a thread.
	maxPrompts = 4
	// statusTimeout bounds setting the status: it is cosmetic, and must
	// not hold the answer up.
	statusTimeout = 3 * time.Second
	searching     = "Searching the job description…"
)

// onAssistantThread sets the prompts of a new assistant thread. It
// returns at once; it reports false only if the adapter is stopping.
func (a *Adapter) onAssistantThread(s *session, log *slog.Logger, eventID string, e *slackevents.AssistantThreadStartedEvent) bool {
	th := e.AssistantThread
	if th.ChannelID == "" || th.ThreadTimeStamp == "" {
		log.Debug("ignored", "reason", "no thread")
		return true
	}
	log = log.With("channel", th.ChannelID, "user", th.UserID)
	return a.once(log, eventID, func(ctx context.Context, s *session) bool {
		var roles []*corpus.Role
		if l, ok := s.r.(librarian); ok {
			roles = l.Library().Roles
		}
		params := slackapi.AssistantThreadsSetSuggestedPromptsParameters{
			Title: "Ask about a role", ChannelID: th.ChannelID, ThreadTS: th.ThreadTimeStamp,
			Prompts: prompts(roles, a.cfg.Channels[th.Context.ChannelID]),
		}
		d, err := a.send(ctx, log, "", func() error {
			return a.api.SetAssistantThreadsSuggestedPromptsContext(ctx, params)
		})
		if err != nil {
			a.failed(log, "could not suggest prompts", d, err)
			return false
		}
		log.Info("suggested prompts", append([]any{"prompts", len(params.Prompts)}, d.attrs()...)...)
		return true
	})
}

// prompts are the questions to start an assistant thread with: examples
// for the role of the channel the user is looking at, else for the only
// role, else a summary of each of the first roles, named so the bot knows
// which is meant.
func prompts(roles []*corpus.Role, channelRole string) []slackapi.AssistantThreadsPrompt {
	var role *corpus.Role
	for _, r := range roles {
		if r.ID == channelRole {
			role = r
		}
	}
	if role == nil && len(roles) == 1 {
		role = roles[0]
	}
	var out []slackapi.AssistantThreadsPrompt
	if role != nil {
		for _, q := range bot.Examples(role, maxPrompts) {
			out = append(out, slackapi.AssistantThreadsPrompt{Title: q, Message: q})
		}
		return out
	}
	for _, r := range roles[:min(len(roles), maxPrompts)] {
		out = append(out, slackapi.AssistantThreadsPrompt{Title: "Summarise the " + r.Title + " role", Message: "Summarise the " + r.Title + " role"})
	}
	if len(out) == 0 {
		out = append(out, slackapi.AssistantThreadsPrompt{Title: "Which roles are open?", Message: "Which roles are open?"})
	}
	return out
}

// inAssistantThread reports whether a message is in a thread of a direct
// message, which is how the assistant pane's messages come (Slack's Bolt
// tells them apart the same way).
func (in incoming) inAssistantThread() bool {
	return strings.HasPrefix(in.channel, "D") && in.thread != ""
}

// showStatus shows "Searching the job description…" in an assistant
// thread until the answer is posted, which clears it. Once, briefly: a
// status that cannot be shown is not worth holding the answer for.
func (a *Adapter) showStatus(ctx context.Context, log *slog.Logger, in incoming) {
	if !in.inAssistantThread() {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, statusTimeout)
	defer cancel()
	err := a.api.SetAssistantThreadsStatusContext(ctx, slackapi.AssistantThreadsSetStatusParameters{
		ChannelID: in.channel, ThreadTS: in.thread, Status: searching,
	})
	if err != nil {
		// E.g. a thread in a direct message outside the assistant pane.
		log.Debug("could not set the status", "err", err)
	}
}
