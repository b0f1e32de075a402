package discord

import (
	"context"
	"log/slog"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/recruitbot/recruitbot/adapters/chat"
)

// A button's custom_id is feedbackPrefix, then "1:" or "0:", then the
// answer's id; Discord allows 100 characters.
const feedbackPrefix = "feedback:"

// FeedbackTo puts "Helpful" / "Not helpful" buttons under every answer to
// a message that has an id, and records clicks in f. Call it before Run.
func (a *Adapter) FeedbackTo(f chat.Feedback) { a.feedback = f }

// withFeedback adds the buttons to the last message of an answer.
func (rn *runner) withFeedback(msgs []message, answerID string) []message {
	if rn.a.feedback == nil || answerID == "" || len(msgs) == 0 || len(feedbackPrefix)+2+len(answerID) > 100 {
		return msgs
	}
	out := append([]message(nil), msgs...)
	out[len(out)-1].Components = []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "Helpful", Style: discordgo.SuccessButton, CustomID: feedbackPrefix + "1:" + answerID},
		discordgo.Button{Label: "Not helpful", Style: discordgo.SecondaryButton, CustomID: feedbackPrefix + "0:" + answerID},
	}}}
	return out
}

// onComponent records a click on a feedback button and thanks the clicker
// privately.
func (rn *runner) onComponent(i *discordgo.Interaction) {
	data := i.MessageComponentData()
	rest, ok := strings.CutPrefix(data.CustomID, feedbackPrefix)
	vote, answerID, ok2 := strings.Cut(rest, ":")
	if !ok || !ok2 || rn.a.feedback == nil {
		return
	}
	helpful := vote == "1"
	user := i.User
	if i.Member != nil && i.Member.User != nil {
		user = i.Member.User
	}
	if user == nil {
		return
	}
	log := rn.log.With("guild_id", i.GuildID, "channel_id", i.ChannelID, "interaction_id", i.ID, "answer_id", answerID)
	rn.spawn(log, func(ctx context.Context) {
		thanks := "Thanks, noted: not helpful. A recruiter will see which answers missed the mark."
		if helpful {
			thanks = "Thanks, noted: helpful."
		}
		if err := rn.a.feedback.Feedback(ctx, answerID, "discord:"+user.ID, helpful); err != nil {
			log.Error("could not record feedback", errAttr(err))
			thanks = "Sorry, I could not record that. Please try again later."
		} else {
			log.Info("feedback", slog.Bool("helpful", helpful))
		}
		err := rn.dg.InteractionRespond(i, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: thanks, Flags: discordgo.MessageFlagsEphemeral, AllowedMentions: noMentions()},
		}, discordgo.WithContext(ctx))
		if err != nil {
			log.Error("could not acknowledge feedback", errAttr(err))
		}
	})
}
