package slack

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	slackapi "github.com/slack-go/slack"
	"github.com/slack-go/slack/slackevents"
)

// maxBody caps a request from Slack; its events are a few kilobytes.
const maxBody = 1 << 20

// Handler serves the Events API: POST /slack/events for events,
// POST /slack/commands for slash commands and POST /slack/interactions for
// button clicks, all signed with the signing secret. Run serves it on Config.EventsAddr; it answers 503 while Run is
// not running, so that Slack delivers again later.
func (a *Adapter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /slack/events", a.serveEvent)
	mux.HandleFunc("POST /slack/commands", a.serveCommand)
	mux.HandleFunc("POST /slack/interactions", a.serveInteraction)
	return mux
}

func (a *Adapter) serveEvents(ctx context.Context) error {
	if a.cfg.EventsShared && a.cfg.EventsAddr == "" {
		a.log.Info("taking the Events API on the shared listener")
		a.setReady(true)
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", a.cfg.EventsAddr)
	if err != nil {
		return fmt.Errorf("slack: events API: %w", err)
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	a.log.Info("listening for the Events API", "addr", ln.Addr().String())
	if a.listening != nil {
		a.listening(ln.Addr())
	}
	a.setReady(true)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("slack: events API: %w", err)
	case <-ctx.Done():
	}
	// Requests are answered at once, so a few seconds drain them all.
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		a.log.Warn("events API did not shut down cleanly", "err", err)
	}
	<-served
	return nil
}

// verified reads the body of a request and checks that Slack signed it.
func (a *Adapter) verified(w http.ResponseWriter, r *http.Request) ([]byte, bool) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		a.log.Warn("rejected request", "path", r.URL.Path, "status", status, "err", err)
		http.Error(w, http.StatusText(status), status)
		return nil, false
	}
	// NewSecretsVerifier also rejects timestamps more than five minutes
	// off, so a captured request cannot be replayed later.
	sv, err := slackapi.NewSecretsVerifier(r.Header, a.cfg.SigningSecret)
	if err == nil {
		_, _ = sv.Write(body)
		err = sv.Ensure()
	}
	if err != nil {
		a.log.Warn("rejected request", "path", r.URL.Path, "status", http.StatusUnauthorized, "err", err)
		http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
		return nil, false
	}
	return body, true
}

func (a *Adapter) serveEvent(w http.ResponseWriter, r *http.Request) {
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	ev, err := slackevents.ParseEvent(body, slackevents.OptionNoVerifyToken())
	if err != nil {
		// Malformed, or an event type this version of slack-go does not
		// know. Either way a redelivery would fail the same way, so it is
		// acknowledged.
		a.log.Warn("bad event payload", "err", err)
		w.WriteHeader(http.StatusOK)
		return
	}
	switch ev.Type {
	case slackevents.URLVerification:
		// Slack checks the Request URL with this when an admin sets it.
		uv, _ := ev.Data.(*slackevents.EventsAPIURLVerificationEvent)
		if uv == nil {
			w.WriteHeader(http.StatusOK)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": uv.Challenge})
		return
	case slackevents.AppRateLimited:
		a.log.Warn("Slack is dropping events: the app exceeded its event rate limit")
	case slackevents.CallbackEvent:
		retry, _ := strconv.Atoi(r.Header.Get("X-Slack-Retry-Num"))
		s := a.session()
		if s == nil || !a.onEvent(s, ev, "", retry) {
			unavailable(w)
			return
		}
	}
	w.WriteHeader(http.StatusOK)
}

func (a *Adapter) serveCommand(w http.ResponseWriter, r *http.Request) {
	// Slack checks the certificate of a command's URL with ssl_check=1,
	// signed or not; it is not a command and wants an empty 200, which
	// tells nobody anything and does nothing.
	peek, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBody))
	if err != nil {
		status := http.StatusBadRequest
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			status = http.StatusRequestEntityTooLarge
		}
		http.Error(w, http.StatusText(status), status)
		return
	}
	if form, err := url.ParseQuery(string(peek)); err == nil && form.Get("ssl_check") == "1" {
		a.log.Debug("answered ssl_check")
		w.WriteHeader(http.StatusOK)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(peek))
	body, ok := a.verified(w, r)
	if !ok {
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	sc, err := slackapi.SlashCommandParse(r)
	if err != nil {
		a.log.Warn("bad slash command payload", "err", err)
		http.Error(w, http.StatusText(http.StatusBadRequest), http.StatusBadRequest)
		return
	}
	// The answer follows through response_url; an empty 200 acknowledges
	// the command within Slack's three seconds without showing anything.
	if !a.onCommand(sc, "") {
		unavailable(w)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func unavailable(w http.ResponseWriter) {
	w.Header().Set("Retry-After", "10")
	http.Error(w, "shutting down", http.StatusServiceUnavailable)
}
