// Package slack connects the bot to a Slack workspace.
//
// People reach the bot by mentioning it in a channel (it answers in the
// message's thread, and from then on answers replies there without a
// mention), by direct message, or with the /role slash command
// (answered privately, except a recruiter's /role summary, which is posted
// to the channel). The app's Home tab shows each person the roles loaded
// now, with questions to try; the assistant pane, when the app has it,
// suggests questions too. Events arrive over Socket Mode by default, which
// needs no public address, or over the Events API when a signing secret
// and a listening address are configured.
//
// Slack delivers an event again when it is not acknowledged in time, so
// every event is acknowledged at once, answered in the background, and
// remembered for a while so that a redelivery is not answered twice.
package slack

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/internal/retry"
)

const (
	// Slack redelivers an unacknowledged event for a few minutes at most.
	dedupeTTL  = time.Hour
	dedupeSize = 10_000
	// ackTimeout bounds waiting for a Socket Mode acknowledgement to be
	// queued; it can only stall while the connection is being replaced.
	ackTimeout = 5 * time.Second
)

// Adapter is the Slack side of the bot.
type Adapter struct {
	cfg        Config
	log        *slog.Logger
	api        *slackapi.Client
	transport  *http.Transport
	recruiters map[string]bool
	seen       *dedupe
	threads    *chat.Threads // the threads answered in, whose replies need no mention
	claimer    chat.Claimer  // with no store: events are deduplicated in memory only
	inbox      chat.Keeper   // with no inbox: an event is not kept until answered
	feedback   chat.Feedback // nil: answers carry no feedback buttons
	reporter   chat.Reporter // nil: /role insights is not offered

	metrics *metrics.Metrics
	backoff retry.Backoff
	grace   time.Duration
	lanes   lanes
	gate    *chat.Gate // the reply deadlines and how many answers at once

	mu       sync.Mutex
	running  *session // nil unless Run is serving
	replies  sync.WaitGroup
	inFlight atomic.Int64
	ready    atomic.Bool

	// listening, when set, is told the Events API address once it is
	// listening; tests use it to listen on a free port.
	listening func(net.Addr)
}

var _ bot.Adapter = (*Adapter)(nil)

// session is what answering needs from one run of the adapter.
type session struct {
	// ctx outlives Run's context, so replies under way when Run is asked
	// to stop still finish, until the grace period ends it with
	// errShutdown.
	ctx       context.Context
	r         bot.Responder
	botUserID string
	botID     string
}

// errShutdown ends the replies still under way when the grace period is
// over.
var errShutdown = errors.New("shutdown grace period over")

// New checks cfg and prepares an adapter; it does not contact Slack.
func New(cfg Config, log *slog.Logger, opts ...chat.Option) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	// An own transport, so that Run can close its idle connections on the
	// way out instead of leaving them to the process.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	apiOpts := []slackapi.Option{
		slackapi.OptionHTTPClient(&http.Client{Transport: transport, Timeout: 30 * time.Second}),
	}
	if u := cfg.apiURL(); u != "" {
		apiOpts = append(apiOpts, slackapi.OptionAPIURL(u))
	}
	if cfg.AppToken != "" {
		apiOpts = append(apiOpts, slackapi.OptionAppLevelToken(cfg.AppToken))
	}
	o := chat.NewOptions(opts)
	recruiters := make(map[string]bool, len(cfg.Recruiters))
	for _, id := range cfg.Recruiters {
		recruiters[id] = true
	}
	a := &Adapter{
		cfg:        cfg,
		log:        log.With("adapter", "slack"),
		api:        slackapi.New(cfg.BotToken, apiOpts...),
		transport:  transport,
		recruiters: recruiters,
		seen:       newDedupe(dedupeTTL, dedupeSize),
		threads:    chat.NewThreads(chat.ThreadsMax, chat.ThreadsTTL),
		metrics:    o.Metrics,
		grace:      o.Grace,
		gate:       chat.NewGate(o.Policy),
	}
	a.claimer = chat.Claimer{Platform: "slack", Timeout: claimTimeout, Memory: a.seen.first}
	a.inbox = chat.Keeper{Platform: "slack", Timeout: claimTimeout}
	return a, nil
}

// Ready reports whether the adapter is taking events: signed in and, in
// Socket Mode, connected.
func (a *Adapter) Ready() bool { return a.ready.Load() }

func (a *Adapter) setReady(up bool) {
	a.ready.Store(up)
	a.metrics.Connected("slack", up)
}

// Run answers Slack messages with r until ctx ends. It then stops taking
// events, lets the replies under way finish and returns nil. It returns an
// error if Slack rejects the tokens or the Events API cannot listen.
func (a *Adapter) Run(ctx context.Context, r bot.Responder) error {
	auth, err := a.authTest(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("slack: auth.test: %w", err)
	}
	drain, abandon := context.WithCancelCause(context.WithoutCancel(ctx))
	defer abandon(nil)
	s := &session{ctx: drain, r: r, botUserID: auth.UserID, botID: auth.BotID}
	a.mu.Lock()
	if a.running != nil {
		a.mu.Unlock()
		return errors.New("slack: adapter is already running")
	}
	a.running = s
	a.mu.Unlock()
	defer a.stop(abandon)
	replayCtx, stopReplay := context.WithCancel(ctx)
	defer stopReplay() // before stop, which waits for the replay to end
	a.replies.Go(func() { a.replay(replayCtx, s) })

	mode := "socket"
	if a.cfg.eventsAPI() {
		mode = "events_api"
	}
	a.log.Info("signed in", "team_id", auth.TeamID, "bot_user_id", auth.UserID, "mode", mode)
	if a.cfg.eventsAPI() {
		return a.serveEvents(ctx)
	}
	return a.runSocket(ctx)
}

// authTest signs in, retrying what may be a blip (a 500, a reset
// connection) with backoff until ctx ends; a rejected token is final.
func (a *Adapter) authTest(ctx context.Context) (*slackapi.AuthTestResponse, error) {
	var auth *slackapi.AuthTestResponse
	_, err := a.send(ctx, a.log, "", func() (err error) {
		auth, err = a.api.AuthTestContext(ctx)
		return err
	})
	return auth, err
}

// stop refuses new replies and waits for those under way, for the grace
// period at most; then it abandons the rest, saying how many.
func (a *Adapter) stop(abandon context.CancelCauseFunc) {
	a.setReady(false)
	a.mu.Lock()
	a.running = nil
	a.mu.Unlock()
	done := make(chan struct{})
	go func() { a.replies.Wait(); close(done) }()
	t := time.NewTimer(a.grace)
	select {
	case <-done:
		t.Stop()
	case <-t.C:
		a.log.Warn("shutdown grace period over; abandoning the replies still under way", "grace", a.grace, "replies", a.inFlight.Load())
		abandon(errShutdown)
		<-done
	}
	a.transport.CloseIdleConnections()
	a.log.Info("stopped")
}

func (a *Adapter) session() *session {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.running
}

// spawn runs f in the background unless the adapter is stopping; the
// caller then tells Slack to deliver again later.
func (a *Adapter) spawn(f func(s *session)) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	s := a.running
	if s == nil {
		return false
	}
	a.inFlight.Add(1)
	a.replies.Go(func() {
		defer a.inFlight.Add(-1)
		f(s)
	})
	return true
}

// once does an event's work in the background, within the post deadline,
// unless another delivery of the event has: the event is claimed first,
// and its claim released when do reports failure or the adapter is
// stopping, so that a redelivery tries again. It reports false only if
// the adapter is stopping.
func (a *Adapter) once(log *slog.Logger, eventID string, do func(ctx context.Context, s *session) bool) bool {
	claim := key("event", eventID)
	if !a.claim(log, claim) {
		log.Debug("ignored", "reason", "delivered before")
		a.metrics.Deduplicated("slack")
		return true
	}
	spawned := a.spawn(func(s *session) {
		ctx, cancel := a.gate.Reply(s.ctx)
		defer cancel()
		if !do(ctx, s) {
			a.release(log, claim)
		}
	})
	if !spawned {
		a.release(log, claim)
	}
	return spawned
}

// incoming is a message addressed to the bot.
type incoming struct {
	channel, user, ts string
	thread            string // the thread to answer in; "" for top level
	text              string // the user's words, without the bot's mention
	// followUp marks a reply in a channel thread without a mention: it is
	// addressed to the bot only if the bot has answered in that thread.
	followUp bool
}

// threadKey names the thread of a message in a channel, "" for a direct
// message, whose every message is answered anyway.
func (in incoming) threadKey() string {
	if in.thread == "" || strings.HasPrefix(in.channel, "D") {
		return ""
	}
	return in.channel + "/" + in.thread
}

// onEvent handles one Events API event, whichever way it came. It returns
// at once; the answer is posted in the background. It reports false only
// if the adapter is stopping and the event should be delivered again.
func (a *Adapter) onEvent(s *session, ev slackevents.EventsAPIEvent, envelopeID string, retry int) bool {
	var eventID string
	if cb, ok := ev.Data.(*slackevents.EventsAPICallbackEvent); ok {
		eventID = cb.EventID
	}
	log := a.log.With("event_id", eventID, "event_type", ev.InnerEvent.Type)
	if envelopeID != "" {
		log = log.With("envelope_id", envelopeID)
	}
	if retry > 0 {
		log = log.With("retry", retry)
	}
	if !a.seen.first(key("envelope", envelopeID)) {
		log.Debug("ignored", "reason", "delivered before")
		a.metrics.Deduplicated("slack")
		return true
	}
	switch e := ev.InnerEvent.Data.(type) {
	case *slackevents.AppHomeOpenedEvent:
		return a.onHomeOpened(s, log, eventID, e)
	case *slackevents.AssistantThreadStartedEvent:
		return a.onAssistantThread(s, log, eventID, e)
	}
	in, why := s.incoming(ev.InnerEvent)
	if why != "" {
		log.Debug("ignored", "reason", why)
		return true
	}
	if in.followUp && !a.threads.Has(in.threadKey()) {
		log.Debug("ignored", "reason", "not a thread the bot answered in")
		return true
	}
	log = log.With("channel", in.channel, "user", in.user)
	if in.followUp {
		log = log.With("follow_up", true)
	}
	// A redelivery has the same event id; the same message can also
	// arrive as several events, e.g. an app_mention and a message.im or
	// message.channels. It
	// is answered once, by whichever process claims it first.
	claim := []string{key("event", eventID), key("message", in.channel+"/"+in.ts)}
	if !a.claim(log, claim...) {
		log.Debug("ignored", "reason", "delivered before")
		a.metrics.Deduplicated("slack")
		return true
	}
	a.metrics.Received("slack")
	inboxID := a.enqueue(log, ev, in)
	spawned := a.spawn(func(s *session) {
		ctx, cancel := a.gate.Reply(s.ctx)
		defer cancel()
		start := time.Now()
		a.showStatus(ctx, log, in)
		ans := a.gate.Think(ctx, log, func(ctx context.Context) bot.Answer {
			// A thread (or a DM channel) is one conversation: follow-ups
			// there refer back to the bot's last answer.
			return s.r.Answer(ctx, bot.Question{Text: in.text, RoleID: a.cfg.Channels[in.channel], Conversation: "slack:" + in.channel + "/" + in.thread})
		})
		// A mention in a channel is public; a direct message is not.
		ans, refused := bot.ForAudience(ans, bot.Audience{Public: !strings.HasPrefix(in.channel, "D"), Recruiter: a.recruiters[in.user]})
		if refused {
			log.Info("refused", "reason", "not a recruiter")
		}
		msgs := a.withFeedback(render(ans), ans.ID)
		// Known before the answer shows, so that a reply typed the moment
		// it does is taken as a follow-up.
		a.threads.Add(in.threadKey())
		d, err := a.postAll(ctx, log, in.channel, in.thread, msgs)
		if err != nil {
			a.failed(log, "could not post answer", d, err)
			a.release(log, claim...)
			return
		}
		a.inbox.Done(context.Background(), log, inboxID)
		a.metrics.Replied("slack")
		chat.LogAnswered(log, ans, len(msgs), append([]any{"took", time.Since(start).Round(time.Millisecond)}, d.attrs()...)...)
	})
	if !spawned {
		a.release(log, claim...) // Slack delivers it again, perhaps elsewhere
	}
	return spawned
}

func key(kind, id string) string {
	if id == "" {
		return ""
	}
	return kind + ":" + id
}

// incoming picks out the messages meant for the bot, or says why an event
// is not one. A channel message is one only as a reply in a thread (a
// follow-up, see incoming.followUp); one that mentions the bot is not,
// because it also comes as an app_mention, which answers it.
func (s *session) incoming(ev slackevents.EventsAPIInnerEvent) (incoming, string) {
	switch e := ev.Data.(type) {
	case *slackevents.AppMentionEvent:
		if e.BotID != "" || e.User == "" || e.User == s.botUserID {
			return incoming{}, "from a bot"
		}
		thread := e.ThreadTimeStamp
		if thread == "" {
			thread = e.TimeStamp
		}
		return incoming{channel: e.Channel, user: e.User, ts: e.TimeStamp, thread: thread, text: s.plain(e.Text)}, ""
	case *slackevents.MessageEvent:
		switch {
		case e.SubType != "" && e.SubType != "file_share" && e.SubType != "thread_broadcast":
			// Edits, deletions, joins and the like; a message with a file,
			// or a reply also sent to the channel, still carries the
			// user's words.
			return incoming{}, "subtype " + e.SubType
		case e.BotID != "" || e.User == "" || e.User == s.botUserID:
			return incoming{}, "from a bot"
		}
		in := incoming{channel: e.Channel, user: e.User, ts: e.TimeStamp, thread: e.ThreadTimeStamp, text: s.plain(e.Text)}
		if e.ChannelType == slackevents.ChannelTypeIM {
			return in, ""
		}
		switch {
		case e.ThreadTimeStamp == "" || e.ThreadTimeStamp == e.TimeStamp:
			return incoming{}, "not in a thread"
		case s.mentioned(e.Text):
			return incoming{}, "a mention, answered as app_mention"
		}
		in.followUp = true
		return in, ""
	}
	return incoming{}, "not handled"
}

// mentioned reports whether text, as Slack sent it, mentions the bot.
func (s *session) mentioned(text string) bool {
	return strings.Contains(text, "<@"+s.botUserID+">") || strings.Contains(text, "<@"+s.botUserID+"|")
}

var controlSequence = regexp.MustCompile(`<[^<>]*>`)

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// plain turns a message's mrkdwn into the words a user typed: the bot's own
// mention goes, other mentions and links keep their visible text.
func (s *session) plain(text string) string {
	text = controlSequence.ReplaceAllStringFunc(text, func(seq string) string {
		target, label, _ := strings.Cut(seq[1:len(seq)-1], "|")
		switch {
		case target == "@"+s.botUserID:
			return " "
		case label != "":
			return label
		case strings.HasPrefix(target, "!"):
			return "@" + target[1:] // <!here>
		}
		return target
	})
	return strings.Join(strings.Fields(unescaper.Replace(text)), " ")
}

// onCommand handles one /role command, whichever way it came.
func (a *Adapter) onCommand(sc slackapi.SlashCommand, envelopeID string) bool {
	log := a.log.With("channel", sc.ChannelID, "user", sc.UserID, "command", sc.Command)
	if envelopeID != "" {
		log = log.With("envelope_id", envelopeID)
	}
	if !a.seen.first(key("envelope", envelopeID)) || !a.claim(log, key("trigger", sc.TriggerID)) {
		log.Debug("ignored", "reason", "delivered before")
		a.metrics.Deduplicated("slack")
		return true
	}
	a.metrics.Received("slack")
	return a.spawn(func(s *session) {
		ctx, cancel := a.gate.Reply(s.ctx)
		defer cancel()
		a.command(ctx, log, s, sc)
	})
}

func (a *Adapter) command(ctx context.Context, log *slog.Logger, s *session, sc slackapi.SlashCommand) {
	if role, ok := insightsCommand(sc.Text); ok && a.reporter != nil {
		a.insights(ctx, log.With("subcommand", "insights"), sc, role)
		return
	}
	cmd := bot.ParseCommand(sc.Text)
	log = log.With("subcommand", cmd.Name)
	// A summary is for posting where applicants or hiring managers read
	// it; in a direct message it is private anyway.
	public := cmd.Name == "summary" && !strings.HasPrefix(sc.ChannelID, "D") && sc.ChannelName != "directmessage"
	ans := a.gate.Think(ctx, log, func(ctx context.Context) bot.Answer {
		return s.r.Run(ctx, bot.Question{Text: cmd.Args, RoleID: a.cfg.Channels[sc.ChannelID]}, cmd)
	})
	ans, refused := bot.ForAudience(ans, bot.Audience{Public: public, Recruiter: a.recruiters[sc.UserID]})
	if refused {
		if a.ephemeral(ctx, log, sc, render(ans)) {
			a.metrics.Replied("slack")
		}
		log.Info("refused", "reason", "not a recruiter")
		return
	}
	msgs := a.withFeedback(render(ans), ans.ID)
	if !public {
		if a.ephemeral(ctx, log, sc, msgs) {
			a.metrics.Replied("slack")
			chat.LogAnswered(log, ans, len(msgs))
		}
		return
	}
	if d, err := a.postAll(ctx, log, sc.ChannelID, "", msgs); err != nil {
		a.failed(log, "could not post summary", d, err)
		why := "Please try again later."
		switch code := slackError(err); code {
		case "not_in_channel", "channel_not_found":
			why = "I am not a member of this channel; invite me with /invite and try again."
		case "":
		default:
			why = "Slack said: " + code + "."
		}
		a.ephemeral(ctx, log, sc, render(bot.Answer{Text: "I could not post the summary to this channel. " + why}))
		return
	}
	a.metrics.Replied("slack")
	log.Info("posted summary", "messages", len(msgs))
}

// postAll posts the messages of one answer in order, in thread if set,
// taking the channel's turn for each.
func (a *Adapter) postAll(ctx context.Context, log *slog.Logger, channel, thread string, msgs []message) (delivery, error) {
	var total delivery
	for i, m := range msgs {
		opts := messageOptions(m)
		if thread != "" {
			opts = append(opts, slackapi.MsgOptionTS(thread))
		}
		d, err := a.send(ctx, log, channel, func() error {
			_, _, err := a.api.PostMessageContext(ctx, channel, opts...)
			return err
		})
		total.add(d)
		if err != nil {
			return total, fmt.Errorf("message %d of %d: %w", i+1, len(msgs), err)
		}
	}
	return total, nil
}

// failed logs and counts a reply given up on.
func (a *Adapter) failed(log *slog.Logger, msg string, d delivery, err error) {
	reason := "permanent"
	var g *gaveUp
	if errors.As(err, &g) {
		reason = g.reason
	}
	a.metrics.GaveUp("slack", reason)
	log.Error(msg, append([]any{"gave_up", reason, "err", err}, d.attrs()...)...)
}

// ephemeral shows messages to the user of a slash command only, through the
// command's response_url, which works even where the bot is not a member.
func (a *Adapter) ephemeral(ctx context.Context, log *slog.Logger, sc slackapi.SlashCommand, msgs []message) bool {
	for i, m := range msgs {
		opts := messageOptions(m)
		d, err := a.send(ctx, log, "", func() error {
			if sc.ResponseURL == "" {
				_, err := a.api.PostEphemeralContext(ctx, sc.ChannelID, sc.UserID, opts...)
				return err
			}
			_, _, err := a.api.PostMessageContext(ctx, sc.ChannelID,
				append(opts, slackapi.MsgOptionResponseURL(sc.ResponseURL, slackapi.ResponseTypeEphemeral))...)
			return err
		})
		if err != nil {
			a.failed(log.With("message", i+1, "messages", len(msgs)), "could not post private answer", d, err)
			return false
		}
	}
	return true
}

func messageOptions(m message) []slackapi.MsgOption {
	return []slackapi.MsgOption{
		slackapi.MsgOptionText(m.Text, false), // render escaped it
		slackapi.MsgOptionBlocks(m.Blocks...),
		slackapi.MsgOptionDisableLinkUnfurl(),
		slackapi.MsgOptionDisableMediaUnfurl(),
	}
}

// slackError is the error code Slack answered with, e.g. "not_in_channel",
// or "" if the error did not come from Slack.
func slackError(err error) string {
	var se slackapi.SlackErrorResponse
	if errors.As(err, &se) {
		return se.Err
	}
	return ""
}
