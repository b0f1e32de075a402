// Package discord connects the bot to Discord. It answers a message that
// mentions the bot in a server channel, any message in a thread the bot
// has answered in or whose thread was started on its answer, any direct
// message to it, and the /role slash command, and renders each answer as embeds whose fields quote
// the parts of the job description the answer rests on.
//
// Events arrive over the gateway websocket and replies go out over the REST
// API, both through discordgo, which waits out rate limits and resumes the
// gateway session when the adapter reconnects after a dropped connection.
// Replies never ping anyone: every message disables mention parsing, so an
// answer that quotes a user cannot reach @everyone. Logs carry ids, never
// what people wrote.
package discord

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/internal/retry"
)

var _ bot.Adapter = (*Adapter)(nil)

// intents are the gateway events the bot subscribes to. Message content is
// privileged and must be enabled in the developer portal; Discord closes
// the gateway with 4014 otherwise. Without it a follow-up in a thread,
// which does not mention the bot, would arrive with no text.
const intents = discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentsMessageContent

const (
	// replyTimeout bounds working out one answer. Posting it has a
	// deadline of its own (deliverTimeout), so that a wait in a busy
	// channel's queue does not eat the time to answer, nor the reverse.
	replyTimeout = 30 * time.Second
	// defaultGrace bounds a shutdown when no Option says otherwise: it fits
	// in Kubernetes' default 30 s between SIGTERM and SIGKILL.
	defaultGrace = 25 * time.Second
	// maxThinking is how many answers are computed at once; a burst of
	// messages queues instead of taking every core.
	maxThinking = 8
	// dedupeSize is how many recent message and interaction ids are
	// remembered, so that an event Discord delivers twice (it replays
	// events after a resume) is answered once.
	dedupeSize = 4096
	// maxReconnectDelay caps the backoff between attempts to reach the
	// gateway again.
	maxReconnectDelay = 2 * time.Minute
)

// Adapter connects a Responder to Discord.
type Adapter struct {
	cfg      Config
	base     *url.URL // where REST calls go instead of discord.com; nil for Discord itself
	log      *slog.Logger
	claims   Claims   // nil: events are deduplicated in memory only
	feedback Feedback // nil: answers carry no feedback buttons
	reporter Reporter // nil: /role insights says it is not available
	inbox    Inbox    // nil: a message is not kept until answered

	// threads are the thread channels the bot answered in, and the ids of
	// its answers (a thread started on a message takes the message's id):
	// a message there needs no mention. notThreads are channels looked up
	// and found not to be threads; a channel's type never changes.
	threads    *chat.Threads
	notThreads *recent

	inboxMaxAge time.Duration

	metrics      *metrics.Metrics
	grace        time.Duration
	backoff      retry.Backoff
	replyTimeout time.Duration
	ready        atomic.Bool
}

// Option changes how an adapter runs.
type Option func(*Adapter)

// WithMetrics counts events, replies and rate-limit waits in m.
func WithMetrics(m *metrics.Metrics) Option { return func(a *Adapter) { a.metrics = m } }

// WithGrace bounds how long Run waits for answers under way once its
// context ends (default 25 s); answers left then are abandoned and logged.
func WithGrace(d time.Duration) Option {
	return func(a *Adapter) {
		if d > 0 {
			a.grace = d
		}
	}
}

// New checks cfg and returns an adapter that is ready to Run.
func New(cfg Config, log *slog.Logger, opts ...Option) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a := &Adapter{cfg: cfg, grace: defaultGrace, replyTimeout: replyTimeout,
		threads: chat.NewThreads(chat.ThreadsMax, chat.ThreadsTTL), notThreads: newRecent(dedupeSize)}
	a.cfg.GuildIDs = slices.Clone(cfg.GuildIDs)
	a.cfg.RecruiterRoles = slices.Clone(cfg.RecruiterRoles)
	a.cfg.Channels = maps.Clone(cfg.Channels)
	if cfg.APIURL != "" {
		a.base, _ = apiBase(cfg.APIURL) // Validate has parsed it already
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	a.log = log.With("adapter", "discord")
	for _, o := range opts {
		o(a)
	}
	return a, nil
}

// Ready reports whether the gateway connection is up.
func (a *Adapter) Ready() bool { return a.ready.Load() }

func (a *Adapter) setReady(up bool) {
	a.ready.Store(up)
	a.metrics.Connected("discord", up)
}

// Run connects to Discord, registers /role and answers until ctx ends. It
// then disconnects, lets the answers under way finish, and returns nil.
func (a *Adapter) Run(ctx context.Context, r bot.Responder) error {
	if r == nil {
		return errors.New("discord: no responder")
	}
	// A transport of our own, so that stopping leaves no idle connections
	// behind and the API base can be rewritten without touching
	// discordgo's package-level endpoints.
	transport := http.DefaultTransport.(*http.Transport).Clone()
	defer transport.CloseIdleConnections()
	var rt http.RoundTripper = transport
	if a.base != nil {
		rt = &rewriter{base: a.base, next: transport}
	}

	dg, err := discordgo.New(a.cfg.botToken())
	if err != nil {
		return fmt.Errorf("discord: %w", err)
	}
	dg.Client = &http.Client{Transport: rt, Timeout: 20 * time.Second}
	dg.Dialer = &websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 15 * time.Second}
	dg.Identify.Intents = intents
	if a.cfg.ShardCount > 1 {
		dg.ShardID, dg.ShardCount = a.cfg.ShardID, a.cfg.ShardCount
	}
	dg.StateEnabled = false // nothing here reads the cache; it would only grow
	// discordgo's reconnect loop cannot be stopped: a heartbeat failing
	// while Close is under way starts it, and it then reopens the session
	// after Run has returned, or retries for ever. The runner reconnects
	// instead (see onDisconnect); discordgo still resumes the session.
	dg.ShouldReconnectOnError = false
	dg.ShouldReconnectVoiceOnSessionError = false
	// Handlers run on the gateway reader, in order; they only sort events
	// and start answers, which run on their own goroutines under rn.wg.
	dg.SyncEvents = true

	drain, abandon := context.WithCancelCause(context.WithoutCancel(ctx))
	defer abandon(nil)
	rn := &runner{
		a:       a,
		dg:      dg,
		r:       r,
		log:     a.log,
		ctx:     drain,
		abandon: abandon,
		done:    make(chan struct{}),
		seen:    newRecent(dedupeSize),
		sem:     make(chan struct{}, maxThinking),
	}
	dg.AddHandler(rn.onReady)
	dg.AddHandler(rn.onResumed)
	dg.AddHandler(rn.onDisconnect)
	dg.AddHandler(rn.onRateLimit)
	dg.AddHandler(rn.onMessage)
	dg.AddHandler(rn.onInteraction)

	if err := rn.open(ctx); err != nil {
		if ctx.Err() != nil {
			return nil
		}
		return fmt.Errorf("discord: connect to the gateway: %w", explain(err))
	}
	if err := rn.register(ctx); err != nil {
		rn.stop()
		if ctx.Err() != nil {
			return nil
		}
		return err
	}
	rn.startReplay()
	<-ctx.Done()
	rn.stop()
	a.log.Info("disconnected from Discord")
	return nil
}

// runner is one Run: a gateway session and the answers under way.
type runner struct {
	a   *Adapter
	dg  *discordgo.Session
	r   bot.Responder
	log *slog.Logger
	// ctx outlives Run's context, so that stopping lets answers under way
	// finish, until the grace period ends it with errShutdown.
	ctx     context.Context
	abandon context.CancelCauseFunc
	done    chan struct{} // closed when Run stops
	me      atomic.Pointer[identity]
	seen    *recent
	sem     chan struct{}

	mu       sync.Mutex
	closing  bool
	wg       sync.WaitGroup // answers and reconnects under way
	inFlight atomic.Int64   // answers under way

	openMu sync.Mutex // so that stop's Close cannot interleave with a reconnect's Open
}

// identity is who the bot is, learnt from READY.
type identity struct{ userID, appID string }

// register installs /role, replacing whatever commands the application had
// in that scope: per guild when guilds are configured, where a change shows
// at once, or globally.
func (rn *runner) register(ctx context.Context) error {
	me := rn.me.Load()
	if me == nil {
		return errors.New("discord: the gateway did not say who the bot is (no READY)")
	}
	opt := discordgo.WithContext(ctx)
	guilds := rn.a.cfg.GuildIDs
	overwrite := func(guild string, cmds []*discordgo.ApplicationCommand) error {
		return rn.retrying(ctx, rn.log, func() error {
			_, err := rn.dg.ApplicationCommandBulkOverwrite(me.appID, guild, cmds, opt)
			return err
		})
	}
	if len(guilds) == 0 {
		cmds := []*discordgo.ApplicationCommand{roleCommand(true)}
		if err := overwrite("", cmds); err != nil {
			return fmt.Errorf("discord: register /role: %w", explain(err))
		}
		rn.log.Info("registered /role globally; Discord can take a while to show it everywhere")
		return nil
	}
	cmds := []*discordgo.ApplicationCommand{roleCommand(false)}
	for _, g := range guilds {
		if err := overwrite(g, cmds); err != nil {
			return fmt.Errorf("discord: register /role in guild %s: %w", g, explain(err))
		}
	}
	rn.log.Info("registered /role", "guilds", len(guilds))
	return nil
}

// stop closes the gateway, so no new events arrive, and waits for the
// answers under way for the grace period at most; then it abandons the
// rest, saying how many.
func (rn *runner) stop() {
	start := time.Now()
	rn.a.setReady(false)
	rn.mu.Lock()
	rn.closing = true
	rn.mu.Unlock()
	close(rn.done)
	rn.openMu.Lock()
	err := rn.dg.Close()
	rn.openMu.Unlock()
	if err != nil {
		rn.log.Warn("closing the gateway connection", "err", err)
	}
	done := make(chan struct{})
	go func() { rn.wg.Wait(); close(done) }()
	t := time.NewTimer(max(rn.a.grace-time.Since(start), 0))
	select {
	case <-done:
		t.Stop()
	case <-t.C:
		rn.log.Warn("shutdown grace period over; abandoning the answers still under way", "grace", rn.a.grace, "answers", rn.inFlight.Load())
		rn.abandon(errShutdown)
		<-done
	}
}

func (rn *runner) onReady(_ *discordgo.Session, r *discordgo.Ready) {
	if r.User == nil {
		rn.log.Error("READY without the bot user")
		return
	}
	id := identity{userID: r.User.ID, appID: r.User.ID}
	if r.Application != nil && r.Application.ID != "" {
		id.appID = r.Application.ID
	}
	rn.me.Store(&id)
	rn.a.setReady(true)
	rn.log.Info("connected to Discord", "user_id", id.userID, "application_id", id.appID, "guilds", len(r.Guilds))
}

func (rn *runner) onResumed(*discordgo.Session, *discordgo.Resumed) {
	rn.a.setReady(true)
	rn.log.Info("gateway session resumed")
}

// onDisconnect follows every close of the gateway connection: op 7
// Reconnect, a read error, missed heartbeat acks, or stop.
func (rn *runner) onDisconnect(*discordgo.Session, *discordgo.Disconnect) {
	rn.mu.Lock()
	defer rn.mu.Unlock()
	if rn.closing {
		return
	}
	rn.a.setReady(false)
	rn.log.Warn("gateway connection lost; reconnecting")
	rn.wg.Add(1)
	go rn.reconnect()
}

// reconnect opens the gateway again until it succeeds or Run stops. Open
// resumes the session: with a session id and sequence number from before,
// discordgo sends op 6 Resume instead of identifying, and Discord replays
// the events missed meanwhile. Two reconnects racing are harmless: the
// second finds the connection open.
func (rn *runner) reconnect() {
	defer rn.wg.Done()
	delay := time.Second
	for {
		rn.openMu.Lock()
		rn.mu.Lock()
		closing := rn.closing
		rn.mu.Unlock()
		var err error
		if !closing {
			err = rn.dg.Open()
		}
		rn.openMu.Unlock()
		switch {
		case closing || errors.Is(err, discordgo.ErrWSAlreadyOpen):
			return
		case err == nil:
			rn.log.Info("reconnected to the gateway")
			return
		}
		rn.log.Warn("could not reconnect to the gateway; retrying", errAttr(explain(err)), "delay", delay)
		select {
		case <-rn.done:
			return
		case <-time.After(delay):
		}
		delay = min(2*delay, maxReconnectDelay)
	}
}

// onRateLimit only reports: discordgo waits retry_after and retries by
// itself. The URL is left out because webhook URLs hold interaction tokens.
func (rn *runner) onRateLimit(_ *discordgo.Session, rl *discordgo.RateLimit) {
	if rl.TooManyRequests != nil {
		rn.a.metrics.RateLimited("discord", rl.RetryAfter)
		rn.log.Warn("rate limited by Discord; retrying", "retry_after", rl.RetryAfter, "bucket", rl.Bucket)
	}
}

// onMessage answers a message addressed to the bot: one that mentions it
// in a server channel, any message in a thread it answered in (a
// follow-up), or any direct message. Bots, the bot itself included, are
// never answered, so two bots cannot talk in a loop.
func (rn *runner) onMessage(_ *discordgo.Session, ev *discordgo.MessageCreate) {
	m := ev.Message
	me := rn.me.Load()
	if m == nil || me == nil || m.Author == nil || m.Author.Bot || m.WebhookID != "" || m.Author.ID == me.userID {
		return
	}
	if m.Type != discordgo.MessageTypeDefault && m.Type != discordgo.MessageTypeReply {
		return // joins, pins and other system messages
	}
	roleID := rn.a.cfg.Channels[m.ChannelID]
	followUp := m.GuildID != "" && !mentions(m, me.userID)
	if followUp {
		threadRole, ok := rn.a.threads.About(m.ChannelID)
		if !ok {
			return
		}
		if roleID == "" {
			roleID = threadRole
		}
	}
	log := rn.log.With("guild_id", m.GuildID, "channel_id", m.ChannelID, "message_id", m.ID)
	if followUp {
		log = log.With("follow_up", true)
	}
	claim := "message:" + m.ID
	if !rn.claim(log, claim) {
		log.Debug("message already answered")
		rn.a.metrics.Deduplicated("discord")
		return
	}
	rn.a.metrics.Received("discord")
	inboxID := rn.enqueue(log, m)
	// A channel or thread is one conversation for follow-ups.
	q := bot.Question{Text: stripMention(m.Content, me.userID), RoleID: roleID, Conversation: "discord:" + m.ChannelID}
	// A mention in a server is public; a direct message is not.
	to := bot.Audience{Public: m.GuildID != "", Recruiter: m.Member != nil && rn.isRecruiter(m.Member.Roles)}
	rn.spawn(log, func(ctx context.Context) {
		ans := rn.think(ctx, log, func(ctx context.Context) bot.Answer { return rn.r.Answer(ctx, q) })
		ans, refused := bot.ForAudience(ans, to)
		if refused {
			log.Info("refused", "reason", "not a recruiter")
		}
		if m.GuildID != "" {
			// Known before the answer shows, so that a reply typed the
			// moment it does is taken as a follow-up.
			rn.noteThread(ctx, log, m.ChannelID)
		}
		reply := rn.replier(ctx, m, ans.RoleID)
		var sent int
		var err error
		rn.deliver(ans, log, func(msgs []message) (int, error) {
			sent, err = reply(rn.withFeedback(msgs, ans.ID))
			return sent, err
		})
		if err != nil && sent == 0 {
			rn.release(log, claim) // nothing posted: the inbox replays it
		} else {
			rn.markDone(log, inboxID)
		}
	})
}

// replier posts messages as replies to m, an answer about the role roleID
// ("" for none). The reply survives m being deleted meanwhile, as a plain
// message.
func (rn *runner) replier(ctx context.Context, m *discordgo.Message, roleID string) func([]message) (int, error) {
	ref := &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: new(bool)}
	return func(msgs []message) (int, error) {
		for n, msg := range msgs {
			err := rn.retrying(ctx, rn.log.With("channel_id", m.ChannelID), func() error {
				posted, err := rn.dg.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
					Content:         msg.Content,
					Embeds:          msg.Embeds,
					Components:      msg.Components,
					AllowedMentions: noMentions(),
					Reference:       ref,
				}, discordgo.WithContext(ctx))
				if err == nil && posted != nil && m.GuildID != "" {
					// A thread started on the answer takes its id, and
					// follow-ups there are about the same role.
					rn.a.threads.AddAbout(posted.ID, roleID)
				}
				return err
			})
			if err != nil {
				return n, err
			}
		}
		return len(msgs), nil
	}
}

// noteThread remembers channel id if it is a thread, so that the next
// message there needs no mention. Only a channel not known either way is
// looked up; one that cannot be is left unknown, so that the bot answers
// there only when mentioned.
func (rn *runner) noteThread(ctx context.Context, log *slog.Logger, id string) {
	if rn.a.threads.Has(id) {
		rn.a.threads.Add(id) // answered again: remembered for longer
		return
	}
	if rn.a.notThreads.has(id) {
		return
	}
	ch, err := rn.dg.Channel(id, discordgo.WithContext(ctx))
	switch {
	case err != nil:
		log.Warn("could not tell whether the channel is a thread", errAttr(err))
	case ch != nil && ch.IsThread():
		rn.a.threads.Add(id)
	default:
		rn.a.notThreads.add(id)
	}
}

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
	ans := rn.think(ctx, log, func(ctx context.Context) bot.Answer { return rn.r.Run(ctx, q, cmd) })
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

// spawn runs f on its own goroutine unless Run is stopping; stop waits for
// it.
func (rn *runner) spawn(log *slog.Logger, f func(context.Context)) {
	rn.mu.Lock()
	if rn.closing {
		rn.mu.Unlock()
		log.Warn("not answered: shutting down")
		return
	}
	rn.wg.Add(1)
	rn.inFlight.Add(1)
	rn.mu.Unlock()
	go func() {
		defer rn.wg.Done()
		defer rn.inFlight.Add(-1)
		ctx, cancel := context.WithTimeout(rn.ctx, deliverTimeout)
		defer cancel()
		f(ctx)
	}()
}

// think asks the bot, a few questions at a time. A question the bot fails
// on still gets a reply saying so: the asker is never left with silence.
func (rn *runner) think(ctx context.Context, log *slog.Logger, ask func(context.Context) bot.Answer) (ans bot.Answer) {
	ctx, cancel := context.WithTimeout(ctx, rn.a.replyTimeout)
	defer cancel()
	select {
	case rn.sem <- struct{}{}:
	case <-ctx.Done():
		log.Error("no time left to answer")
		return bot.Answer{Text: "Sorry, I'm too busy to answer right now. Please try again in a minute."}
	}
	defer func() { <-rn.sem }()
	defer func() {
		if p := recover(); p != nil {
			log.Error("the bot failed on a question", "panic", fmt.Sprint(p))
			ans = bot.Answer{Text: "Sorry, something went wrong while answering that. Please try again."}
		}
	}()
	return ask(ctx)
}

// deliver renders ans and posts it with send, which reports how many
// messages went out. When Discord refuses the first message (400 for an
// embed it will not take, 403 for a permission the bot lacks in that
// channel) the answer goes out once more as plain text, so the asker still
// gets it where plain text is allowed.
func (rn *runner) deliver(ans bot.Answer, log *slog.Logger, send func([]message) (int, error)) {
	msgs := renderAnswer(ans)
	sent, err := send(msgs)
	if err != nil && sent == 0 && refused(err) {
		log.Warn("embeds refused; answering in plain text", errAttr(err))
		msgs = renderPlain(ans)
		sent, err = send(msgs)
	}
	if err != nil {
		reason := "permanent"
		var g *gaveUp
		if errors.As(err, &g) {
			reason = g.reason
		}
		rn.a.metrics.GaveUp("discord", reason)
		log.Error("could not post the answer", "gave_up", reason, "posted", sent, "messages", len(msgs), errAttr(err))
		return
	}
	rn.a.metrics.Replied("discord")
	log.Info("answered", "intent", string(ans.Intent), "answered", ans.Answered,
		"citations", len(ans.Citations), "messages", len(msgs))
}

// refused reports whether Discord turned the request down for what it
// held or for a missing permission, as opposed to being unreachable.
func refused(err error) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response == nil {
		return false
	}
	return re.Response.StatusCode == http.StatusBadRequest || re.Response.StatusCode == http.StatusForbidden
}

// noMentions lets Discord parse no mention at all in a reply, not even of
// the user replied to.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// mentions reports whether m mentions the user id, by Discord's own
// reckoning or by the raw mention syntax in its text.
func mentions(m *discordgo.Message, id string) bool {
	for _, u := range m.Mentions {
		if u != nil && u.ID == id {
			return true
		}
	}
	return strings.Contains(m.Content, "<@"+id+">") || strings.Contains(m.Content, "<@!"+id+">")
}

var spaceRun = regexp.MustCompile(`[ \t]{2,}`)

// stripMention removes the bot's mention from a message, so that
// "@recruitbot, do I need HCPC?" asks "do I need HCPC?".
func stripMention(content, id string) string {
	s := strings.NewReplacer("<@"+id+">", " ", "<@!"+id+">", " ").Replace(content)
	s = spaceRun.ReplaceAllString(strings.TrimSpace(s), " ")
	return strings.TrimSpace(strings.TrimLeft(s, ",:; "))
}

// rewriter sends requests for discord.com to the configured API base
// instead, keeping their paths, for one session only.
type rewriter struct {
	base *url.URL
	next http.RoundTripper
}

func (t *rewriter) RoundTrip(req *http.Request) (*http.Response, error) {
	if !strings.EqualFold(req.URL.Hostname(), "discord.com") {
		return t.next.RoundTrip(req)
	}
	out := req.Clone(req.Context())
	out.URL.Scheme, out.URL.Host = t.base.Scheme, t.base.Host
	out.URL.Path = t.base.Path + req.URL.Path
	if req.URL.RawPath != "" {
		out.URL.RawPath = t.base.EscapedPath() + req.URL.RawPath
	}
	out.Host = ""
	return t.next.RoundTrip(out)
}

// explain adds what to do to the errors an operator can fix.
func explain(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		switch ce.Code {
		case 4004:
			return fmt.Errorf("%w (Discord rejected the token: check DISCORD_BOT_TOKEN)", err)
		case 4014:
			return fmt.Errorf("%w (turn on MESSAGE CONTENT INTENT on the Bot page of the developer portal)", err)
		}
	}
	var re *discordgo.RESTError
	if errors.As(err, &re) && re.Response != nil {
		switch re.Response.StatusCode {
		case http.StatusUnauthorized:
			return fmt.Errorf("%w (Discord rejected the token: check DISCORD_BOT_TOKEN)", err)
		case http.StatusForbidden:
			return fmt.Errorf("%w (is the bot in that server, invited with the applications.commands scope?)", err)
		}
	}
	return err
}

var secretInURL = regexp.MustCompile(`/(webhooks|interactions)/(\d+)/[^/\s"?]+`)

// errAttr logs an error without the interaction token that a failed
// request's URL carries.
func errAttr(err error) slog.Attr {
	return slog.String("err", secretInURL.ReplaceAllString(err.Error(), "/$1/$2/…"))
}

// recent is a bounded set of the most recently seen ids.
type recent struct {
	mu   sync.Mutex
	set  map[string]struct{}
	ring []string
	next int
}

func newRecent(n int) *recent {
	return &recent{set: make(map[string]struct{}, n), ring: make([]string, n)}
}

// has reports whether id was recorded and not yet pushed out.
func (r *recent) has(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	_, ok := r.set[id]
	return ok
}

// add records id and reports whether it is new.
func (r *recent) add(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.set[id]; ok {
		return false
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.set, old)
	}
	r.ring[r.next] = id
	r.set[id] = struct{}{}
	r.next = (r.next + 1) % len(r.ring)
	return true
}
