package slack

import (
	"context"
	"encoding/json"
	"fmt"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
	"github.com/slack-go/slack/socketmode"
)

// runSocket receives events over Socket Mode until ctx ends.
//
// socketmode.Client.RunContext reconnects by itself, through a fresh
// apps.connections.open, whenever Slack asks it to (a "disconnect"
// message), the websocket drops or Slack's pings stop; it returns only when
// ctx ends or Slack rejects the app token. Meanwhile its events must be
// read without pause: it blocks until they are.
func (a *Adapter) runSocket(ctx context.Context) error {
	sm := socketmode.New(a.api)
	done := make(chan error, 1)
	go func() { done <- sm.RunContext(ctx) }()
	for {
		select {
		case err := <-done:
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("slack: socket mode: %w", err)
		case evt := <-sm.Events:
			a.onSocketEvent(ctx, sm, evt)
		}
	}
}

func (a *Adapter) onSocketEvent(ctx context.Context, sm *socketmode.Client, evt socketmode.Event) {
	switch evt.Type {
	case socketmode.EventTypeConnecting:
		a.setReady(false)
		a.log.Debug("socket mode connecting")
	case socketmode.EventTypeConnected:
		a.setReady(true)
		if c, ok := evt.Data.(*socketmode.ConnectedEvent); ok {
			a.log.Info("socket mode connected", "connection", c.ConnectionCount)
		}
	case socketmode.EventTypeConnectionError:
		a.setReady(false)
		if e, ok := evt.Data.(*slackapi.ConnectionErrorEvent); ok {
			a.log.Warn("socket mode connection failed; retrying", "attempt", e.Attempt, "backoff", e.Backoff, "err", e.ErrorObj)
		}
	case socketmode.EventTypeInvalidAuth:
		a.log.Error("socket mode: Slack rejected the app-level token")
	case socketmode.EventTypeIncomingError, socketmode.EventTypeErrorWriteFailed:
		a.log.Warn("socket mode connection error", "type", evt.Type, "err", fmt.Sprint(evt.Data))
	case socketmode.EventTypeErrorBadMessage:
		// socketmode could not parse the envelope, so it did not pass it
		// on; acknowledge it anyway, or Slack would deliver it again.
		var env struct {
			EnvelopeID string `json:"envelope_id"`
			Type       string `json:"type"`
		}
		var cause error
		if bad, ok := evt.Data.(*socketmode.ErrorBadMessage); ok {
			cause = bad.Cause
			_ = json.Unmarshal(bad.Message, &env)
		}
		a.log.Warn("bad socket mode payload", "envelope_id", env.EnvelopeID, "envelope_type", env.Type, "err", cause)
		a.ack(ctx, sm, env.EnvelopeID)
	case socketmode.EventTypeEventsAPI:
		// Claimed and kept in the inbox before the ack (onEvent returns at
		// once), so that an acknowledged event is never lost.
		if ev, ok := evt.Data.(slackevents.EventsAPIEvent); ok {
			if s := a.session(); s != nil {
				a.onEvent(s, ev, evt.Request.EnvelopeID, evt.Request.RetryAttempt)
			}
		}
		a.ack(ctx, sm, evt.Request.EnvelopeID)
	case socketmode.EventTypeSlashCommand:
		a.ack(ctx, sm, evt.Request.EnvelopeID)
		if sc, ok := evt.Data.(slackapi.SlashCommand); ok {
			a.onCommand(sc, evt.Request.EnvelopeID)
		}
	case socketmode.EventTypeInteractive:
		a.ack(ctx, sm, evt.Request.EnvelopeID)
		if cb, ok := evt.Data.(slackapi.InteractionCallback); ok && a.session() != nil {
			a.onInteraction(cb)
		}
	}
}

// ack tells Slack an envelope arrived. It is queued for the connection's
// writer, which is missing while a connection is replaced, so the wait is
// bounded; an envelope whose ack is lost is redelivered and deduplicated.
func (a *Adapter) ack(ctx context.Context, sm *socketmode.Client, envelopeID string) {
	if envelopeID == "" {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, ackTimeout)
	defer cancel()
	if err := sm.AckCtx(ctx, envelopeID, nil); err != nil {
		a.log.Warn("could not acknowledge envelope", "envelope_id", envelopeID, "err", err)
	}
}
