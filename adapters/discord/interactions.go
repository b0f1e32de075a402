package discord

import (
	"context"
	"log/slog"
	"slices"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/bot"
)

// onInteraction answers /role and records clicks on the feedback buttons.
func (rn *runner) onInteraction(_ *discordgo.Session, ev *discordgo.InteractionCreate) {
	i := ev.Interaction
	if i != nil && i.Type == discordgo.InteractionApplicationCommandAutocomplete {
		rn.spawn(rn.log, func(ctx context.Context) { rn.autocomplete(ctx, i) })
		return
	}
	if i != nil && i.Type == discordgo.InteractionMessageComponent {
		rn.onComponent(i)
		return
	}
	if i == nil || i.Type != discordgo.InteractionApplicationCommand {
		return
	}
	data, ok := i.Data.(discordgo.ApplicationCommandInteractionData)
	if !ok || data.Name != commandName {
		return
	}
	cmd := commandFrom(data)
	log := rn.log.With("guild_id", i.GuildID, "channel_id", i.ChannelID, "interaction_id", i.ID, "command", cmd.Name)
	if !rn.claim(log, "interaction:"+i.ID) {
		log.Debug("interaction already answered")
		rn.a.metrics.Deduplicated("discord")
		return
	}
	rn.a.metrics.Received("discord")
	rn.spawn(log, func(ctx context.Context) { rn.answerCommand(ctx, log, i, cmd) })
}

// answerCommand acknowledges the interaction at once, because Discord
// drops one left unacknowledged for three seconds, then edits the answer
// in. Answers are private to the asker, except a summary asked for by a
// recruiter in a server: that is meant to be posted for everyone.
func (rn *runner) answerCommand(ctx context.Context, log *slog.Logger, i *discordgo.Interaction, cmd bot.Command) {
	if cmd.Name == "insights" {
		rn.insights(ctx, log, i, cmd.Args)
		return
	}
	opt := discordgo.WithContext(ctx)
	flags := discordgo.MessageFlagsEphemeral
	if cmd.Name == "summary" && i.Member != nil {
		// Discord must hear within three seconds whether the answer will
		// be public, so the bot's rule is asked about the summary this
		// command asks for before it is worked out.
		refusal, refused := bot.ForAudience(bot.Answer{Intent: bot.IntentSummary}, bot.Audience{Public: true, Recruiter: rn.isRecruiter(i.Member.Roles)})
		if refused {
			log.Info("refused", "reason", "not a recruiter")
			err := rn.retrying(ctx, log, func() error {
				return rn.dg.InteractionRespond(i, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{Content: refusal.Text, Flags: flags, AllowedMentions: noMentions()},
				}, opt)
			})
			if err != nil {
				log.Error("could not refuse the summary", errAttr(err))
			}
			return
		}
		flags = 0
	}
	err := rn.retrying(ctx, log, func() error {
		return rn.dg.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Flags: flags, AllowedMentions: noMentions()},
		}, opt)
	})
	if err != nil {
		log.Error("could not acknowledge the command", errAttr(err))
		return
	}
	q := bot.Question{Text: cmd.Args, RoleID: rn.a.cfg.Channels[i.ChannelID]}
	ans := rn.a.gate.Think(ctx, log, func(ctx context.Context) bot.Answer { return rn.r.Run(ctx, q, cmd) })
	rn.deliver(ans, log, func(msgs []message) (int, error) {
		msgs = rn.withFeedback(msgs, ans.ID) // on the last message, as under mentions
		for n, msg := range msgs {
			err := rn.retrying(ctx, log, func() (err error) {
				if n == 0 {
					content, embeds := msg.Content, msg.Embeds
					if embeds == nil {
						embeds = []*discordgo.MessageEmbed{}
					}
					edit := &discordgo.WebhookEdit{Content: &content, Embeds: &embeds, AllowedMentions: noMentions()}
					if msg.Components != nil {
						edit.Components = &msg.Components
					}
					_, err = rn.dg.InteractionResponseEdit(i, edit, opt)
				} else {
					_, err = rn.dg.FollowupMessageCreate(i, true, &discordgo.WebhookParams{Content: msg.Content, Embeds: msg.Embeds,
						Components: msg.Components, AllowedMentions: noMentions(), Flags: flags}, opt)
				}
				return err
			})
			if err != nil {
				return n, err
			}
		}
		return len(msgs), nil
	})
}

func (rn *runner) isRecruiter(roles []string) bool {
	for _, r := range roles {
		if slices.Contains(rn.a.cfg.RecruiterRoles, r) {
			return true
		}
	}
	return false
}
