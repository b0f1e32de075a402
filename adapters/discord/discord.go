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
	"slices"
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
	claimer  chat.Claimer  // with no store: events are deduplicated in memory only
	feedback chat.Feedback // nil: answers carry no feedback buttons
	reporter chat.Reporter // nil: /role insights says it is not available
	inbox    chat.Keeper   // with no inbox: a message is not kept until answered

	// threads are the thread channels the bot answered in, and the ids of
	// its answers (a thread started on a message takes the message's id):
	// a message there needs no mention. notThreads are channels looked up
	// and found not to be threads; a channel's type never changes.
	threads    *chat.Threads
	notThreads *recent

	metrics *metrics.Metrics
	grace   time.Duration
	backoff retry.Backoff
	gate    *chat.Gate // the reply deadlines and how many answers at once
	ready   atomic.Bool
}

// New checks cfg and returns an adapter that is ready to Run.
func New(cfg Config, log *slog.Logger, opts ...chat.Option) (*Adapter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	o := chat.NewOptions(opts)
	a := &Adapter{cfg: cfg, metrics: o.Metrics, grace: o.Grace, gate: chat.NewGate(o.Policy),
		threads: chat.NewThreads(chat.ThreadsMax, chat.ThreadsTTL), notThreads: newRecent(dedupeSize)}
	seen := newRecent(dedupeSize)
	a.claimer = chat.Claimer{Platform: "discord", Timeout: claimTimeout, Memory: seen.add}
	a.inbox = chat.Keeper{Platform: "discord", Timeout: claimTimeout}
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
	rn.startReplay(ctx)
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

	mu       sync.Mutex
	closing  bool
	wg       sync.WaitGroup // answers and reconnects under way
	inFlight atomic.Int64   // answers under way

	openMu sync.Mutex // so that stop's Close cannot interleave with a reconnect's Open
}

// spawn runs f on its own goroutine, within the post deadline, unless Run
// is stopping; stop waits for it.
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
		ctx, cancel := rn.a.gate.Reply(rn.ctx)
		defer cancel()
		f(ctx)
	}()
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
	chat.LogAnswered(log, ans, len(msgs))
}
