package slack

import (
	"context"
	"log/slog"
	"strings"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
)

// ReportFrom enables /role insights [ROLE] for recruiters. Call it before
// Run.
func (a *Adapter) ReportFrom(r chat.Reporter) { a.reporter = r }

// insightsCommand reports whether a /role text asks for insights, and for
// which role.
func insightsCommand(text string) (role string, ok bool) {
	head, rest, _ := strings.Cut(strings.TrimSpace(text), " ")
	if !strings.EqualFold(head, "insights") {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// insights shows a recruiter the report on the role named, else the
// channel's role, else every role, privately. The report holds what
// applicants asked, so nobody else sees it.
func (a *Adapter) insights(ctx context.Context, log *slog.Logger, sc slackapi.SlashCommand, role string) {
	if !a.recruiters[sc.UserID] {
		a.ephemeral(ctx, log, sc, render(bot.Answer{Text: "Only recruiters can see insights."}))
		log.Info("refused", "reason", "not a recruiter")
		return
	}
	if role == "" {
		role = a.cfg.Channels[sc.ChannelID]
	}
	report, err := a.reporter.Report(ctx, role)
	if err != nil {
		log.Error("could not read the insights", "err", err)
		report = "I can't read the insights right now. Please try again later."
	}
	if a.ephemeral(ctx, log, sc, render(bot.Answer{Text: report})) {
		log.Info("showed insights", "role", role)
	}
}
