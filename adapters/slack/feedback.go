package slack

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/recruitbot/recruitbot/adapters/chat"
	slackapi "github.com/slack-go/slack"
)

// The buttons' action ids; their value is the answer's id.
const (
	actionHelpful    = "feedback_helpful"
	actionNotHelpful = "feedback_not_helpful"
)

// FeedbackTo puts "Helpful" / "Not helpful" buttons under every answer that
// has an id, and records clicks in f. Call it before Run. The app needs
// interactivity turned on (see manifest.yaml); with the Events API its
// Request URL is /slack/interactions.
func (a *Adapter) FeedbackTo(f chat.Feedback) { a.feedback = f }

// withFeedback adds the buttons to the last message of an answer.
func (a *Adapter) withFeedback(msgs []message, answerID string) []message {
	if a.feedback == nil || answerID == "" || len(msgs) == 0 {
		return msgs
	}
	last := &msgs[len(msgs)-1]
	if len(last.Blocks) >= maxBlocks {
		return msgs
	}
	last.Blocks = append(last.Blocks, slackapi.NewActionBlock("feedback",
		slackapi.NewButtonBlockElement(actionHelpful, answerID, slackapi.NewTextBlockObject(slackapi.PlainTextType, "Helpful", false, false)),
		slackapi.NewButtonBlockElement(actionNotHelpful, answerID, slackapi.NewTextBlockObject(slackapi.PlainTextType, "Not helpful", false, false)),
	))
	return msgs
}

// onInteraction records a click on a feedback button and thanks the
// clicker privately. It reports false only if the adapter is stopping.
func (a *Adapter) onInteraction(cb slackapi.InteractionCallback) bool {
	if cb.Type != slackapi.InteractionTypeBlockActions || a.feedback == nil {
		return true
	}
	for _, act := range cb.ActionCallback.BlockActions {
		if act == nil || (act.ActionID != actionHelpful && act.ActionID != actionNotHelpful) {
			continue
		}
		helpful := act.ActionID == actionHelpful
		answerID := act.Value
		log := a.log.With("channel", cb.Channel.ID, "user", cb.User.ID, "answer_id", answerID)
		return a.spawn(func(s *session) {
			ctx, cancel := a.gate.Reply(s.ctx)
			defer cancel()
			thanks := "Thanks, noted: not helpful. A recruiter will see which answers missed the mark."
			if helpful {
				thanks = "Thanks, noted: helpful."
			}
			if err := a.feedback.Feedback(ctx, answerID, "slack:"+cb.Team.ID+"/"+cb.User.ID, helpful); err != nil {
				log.Error("could not record feedback", "err", err)
				thanks = "Sorry, I could not record that. Please try again later."
			} else {
				log.Info("feedback", "helpful", helpful)
			}
			if cb.ResponseURL == "" {
				return
			}
			_, err := a.send(ctx, log, "", func() error {
				_, _, err := a.api.PostMessageContext(ctx, cb.Channel.ID, slackapi.MsgOptionText(thanks, false),
					slackapi.MsgOptionResponseURL(cb.ResponseURL, slackapi.ResponseTypeEphemeral))
				return err
			})
			if err != nil {
				log.Error("could not acknowledge feedback", "err", err)
			}
		})
	}
	return true
}

// serveInteraction is POST /slack/interactions: button clicks over the
// Events API, a signed form with the payload as JSON.
func (a *Adapter) serveInteraction(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	form, err := url.ParseQuery(string(body))
	var cb slackapi.InteractionCallback
	if err == nil {
		err = json.Unmarshal([]byte(form.Get("payload")), &cb)
	}
	if err != nil {
		a.log.Warn("bad interaction payload", "err", err)
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	if a.session() == nil || !a.onInteraction(cb) {
		unavailable(w)
		return
	}
	w.WriteHeader(http.StatusOK)
}
