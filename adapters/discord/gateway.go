package discord

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bwmarrin/discordgo"
)

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
