package discord

import (
	"context"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/recruitbot/recruitbot/adapters/chat"
)

// ReportFrom enables /role insights for members with a recruiter role.
// Call it before Run.
func (a *Adapter) ReportFrom(r chat.Reporter) { a.reporter = r }

// insights shows a recruiter the report on the role named, else the
// channel's role, else every role, privately: it holds what applicants
// asked. In a DM nobody has a server role, so nobody is a recruiter.
func (rn *runner) insights(ctx context.Context, log *slog.Logger, i *discordgo.Interaction, role string) {
	text := "Only recruiters can see insights."
	switch {
	case rn.a.reporter == nil:
		text = "Insights are not available: this bot keeps no records."
	case i.Member == nil || !rn.isRecruiter(i.Member.Roles):
		log.Info("refused", "reason", "not a recruiter")
	default:
		if role == "" {
			role = rn.a.cfg.Channels[i.ChannelID]
		}
		report, err := rn.a.reporter.Report(ctx, role)
		if err != nil {
			log.Error("could not read the insights", errAttr(err))
			report = "I can't read the insights right now. Please try again later."
		}
		// A code block keeps the columns; applicants' words cannot close it.
		report = strings.ReplaceAll(report, "```", "'''")
		if r := []rune(report); len(r) > maxContent-8 {
			report = string(r[:maxContent-9]) + "…"
		}
		text = "```\n" + report + "\n```"
		log.Info("showed insights", "role", role)
	}
	err := rn.dg.InteractionRespond(i, &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: text, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
	}, discordgo.WithContext(ctx))
	if err != nil {
		log.Error("could not answer /role insights", errAttr(err))
	}
}
