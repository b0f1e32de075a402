package slack

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

const (
	// maxHomeBlocks is Slack's limit on the blocks of a Home tab.
	maxHomeBlocks = 100
	// homeExamples is how many example questions the Home tab shows a role.
	homeExamples = 3
	// maxHomeTitle bounds a role's title on the Home tab, so that a title
	// gone wrong cannot crowd out its examples.
	maxHomeTitle = 200
)

// librarian is a Responder that can say what it answers from; *bot.Bot
// can. The Home tab lists the roles of the library loaded when it is
// opened, so a reload shows on the next open.
type librarian interface {
	Library() bot.Library
}

// onHomeOpened publishes the Home tab for the user who opened it. Like a
// message, it returns at once and publishes in the background; it reports
// false only if the adapter is stopping.
func (a *Adapter) onHomeOpened(s *session, log *slog.Logger, eventID string, e *slackevents.AppHomeOpenedEvent) bool {
	// The Messages tab opens with the same event; it needs nothing.
	if e.Tab != "home" || e.User == "" {
		log.Debug("ignored", "reason", "not the home tab")
		return true
	}
	log = log.With("user", e.User)
	return a.once(log, eventID, func(ctx context.Context, s *session) bool {
		return a.publishHome(ctx, log, s, e.User)
	})
}

// publishHome shows user the Home tab as it is now: the roles of the
// loaded library, and for a recruiter where the insights are.
func (a *Adapter) publishHome(ctx context.Context, log *slog.Logger, s *session, user string) bool {
	h := home{botUserID: s.botUserID, recruiter: a.recruiters[user] && a.reporter != nil, now: time.Now()}
	var roles []*corpus.Role
	if l, ok := s.r.(librarian); ok {
		roles = l.Library().Roles
	} else {
		h.rolesUnknown = true
	}
	view := homeView(roles, h)
	d, err := a.send(ctx, log, "", func() error {
		_, err := a.api.PublishViewContext(ctx, slackapi.PublishViewContextRequest{UserID: user, View: view})
		return err
	})
	if err != nil {
		a.failed(log, "could not publish the home tab", d, err)
		return false
	}
	log.Info("published home", append([]any{"roles", len(roles), "recruiter", h.recruiter, "blocks", len(view.Blocks.BlockSet)}, d.attrs()...)...)
	return true
}

// home is what the Home tab depends on besides the roles.
type home struct {
	botUserID string
	recruiter bool      // show where the insights are
	now       time.Time // to tell a closed role from an open one
	// rolesUnknown: the Responder cannot say what it answers from, so the
	// tab points to "which roles are open?" instead of listing them.
	rolesUnknown bool
}

// homeView is the Home tab: how to ask, then each role with its closing
// date and a few questions the bot answers about it, within Slack's
// 100 blocks. Text from the roles is escaped as in answers.
func homeView(roles []*corpus.Role, h home) slackapi.HomeTabViewRequest {
	how := "Ask me about a role and I answer from its job description, quoting the part my answer rests on. "
	if h.botUserID != "" {
		how += "Mention <@" + h.botUserID + "> in a channel, "
	} else {
		how += "Mention me in a channel, "
	}
	how += "send me a direct message (the Messages tab), or use `/role`, e.g. `/role help`."
	blocks := []slackapi.Block{
		slackapi.NewHeaderBlock(slackapi.NewTextBlockObject(slackapi.PlainTextType, "Ask about our roles", false, false)),
		slackapi.NewSectionBlock(textObject(how), nil, nil),
	}
	if h.recruiter {
		blocks = append(blocks, slackapi.NewContextBlock("", textObject(
			"*Recruiters:* `/role insights` (or `/role insights ROLE`) shows you, privately, what applicants asked and which answers did not help.")))
	}
	if h.rolesUnknown {
		return slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: append(blocks, slackapi.NewDividerBlock(),
			slackapi.NewSectionBlock(textObject("Ask me \"which roles are open?\" to see the roles I know."), nil, nil))}}
	}
	if len(roles) == 0 {
		blocks = append(blocks, slackapi.NewDividerBlock(),
			slackapi.NewSectionBlock(textObject("No roles are loaded right now. Please ask the recruiter."), nil, nil))
		return slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: blocks}}
	}
	// Each role takes a divider and a section; if they do not all fit, the
	// last block says how many are left out.
	shown := len(roles)
	if len(blocks)+2*shown > maxHomeBlocks {
		shown = (maxHomeBlocks - len(blocks) - 1) / 2
	}
	for _, r := range roles[:shown] {
		blocks = append(blocks, slackapi.NewDividerBlock(), slackapi.NewSectionBlock(textObject(homeRole(r, h.now)), nil, nil))
	}
	if more := len(roles) - shown; more > 0 {
		blocks = append(blocks, slackapi.NewContextBlock("", textObject(fmt.Sprintf(
			"… and %s. Ask me \"which roles are open?\" to see them all.", chat.Count(more, "more role", "more roles")))))
	}
	return slackapi.HomeTabViewRequest{Type: slackapi.VTHomeTab, Blocks: slackapi.Blocks{BlockSet: blocks}}
}

// homeRole is one role on the Home tab, as mrkdwn: its title and closing
// date, then the example questions.
func homeRole(r *corpus.Role, now time.Time) string {
	var b strings.Builder
	b.WriteString("*" + escape(truncate(r.Title, maxHomeTitle)) + "*")
	if c := bot.ClosingNote(r.Facts.ClosingDate, now); c != "" {
		b.WriteString(" · " + c)
	}
	if examples := bot.Examples(r, homeExamples); len(examples) > 0 {
		b.WriteString("\nYou could ask:")
		for _, q := range examples {
			b.WriteString("\n• “" + escape(q) + "”")
		}
	}
	return truncateEscaped(b.String(), maxSectionText)
}
