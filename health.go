package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/metrics"
)

// readier is what an adapter offers to say whether it is connected.
type readier interface{ Ready() bool }

// ops is the operator's HTTP side: /healthz (the process is alive),
// /readyz (the corpus is loaded and every configured adapter is
// connected), /metrics for Prometheus, and the Slack Events API when it
// shares the address.
type ops struct {
	b        *bot.Bot
	m        *metrics.Metrics
	adapters map[string]bot.Adapter
	stopping atomic.Bool
}

func (o *ops) handler(slackEvents http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", o.readyz)
	mux.Handle("GET /metrics", o.m.Handler())
	if slackEvents != nil {
		mux.Handle("/slack/", slackEvents)
	}
	return mux
}

// notReady lists why the service should not get traffic, if it should not.
func (o *ops) notReady() []string {
	var why []string
	if o.stopping.Load() {
		why = append(why, "shutting down")
	}
	if len(o.b.Library().Roles) == 0 {
		why = append(why, "corpus: no role loaded")
	}
	for name, a := range o.adapters {
		if r, ok := a.(readier); ok && !r.Ready() {
			why = append(why, name+": not connected")
		}
	}
	return why
}

func (o *ops) readyz(w http.ResponseWriter, r *http.Request) {
	why := o.notReady()
	w.Header().Set("Content-Type", "application/json")
	status := map[string]any{"ready": len(why) == 0, "roles": len(o.b.Library().Roles)}
	if len(why) > 0 {
		status["problems"] = why
		w.WriteHeader(http.StatusServiceUnavailable)
	}
	json.NewEncoder(w).Encode(status)
}

// serve listens on addr until ctx ends. It returns at once with an error
// if it cannot listen.
func (o *ops) serve(ctx context.Context, addr string, slackEvents http.Handler, log *slog.Logger) (wait func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{
		Handler:           o.handler(slackEvents),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("serving /healthz, /readyz and /metrics", "addr", ln.Addr().String(), "slack_events", slackEvents != nil)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("operator HTTP server stopped", "err", err)
		}
	}()
	return func() {
		<-ctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdownCtx)
		<-done
	}, nil
}

// observed counts every answer the adapters get: by intent and outcome,
// and how long the bot took.
type observed struct {
	r bot.Responder
	m *metrics.Metrics
}

// Library is the observed responder's library, so that adapters which list
// roles (App Home, autocomplete) see through the metrics; empty if it has
// none.
func (o observed) Library() bot.Library {
	if l, ok := o.r.(interface{ Library() bot.Library }); ok {
		return l.Library()
	}
	return bot.Library{}
}

func (o observed) Answer(ctx context.Context, q bot.Question) bot.Answer {
	start := time.Now()
	a := o.r.Answer(ctx, q)
	o.record(a, time.Since(start))
	return a
}

func (o observed) Run(ctx context.Context, q bot.Question, c bot.Command) bot.Answer {
	start := time.Now()
	a := o.r.Run(ctx, q, c)
	o.record(a, time.Since(start))
	return a
}

func (o observed) record(a bot.Answer, took time.Duration) {
	outcome := "abstained"
	switch {
	case a.Intent == bot.IntentError:
		outcome = "error"
	case a.Answered:
		outcome = "answered"
	}
	intent := string(a.Intent)
	if intent == "" {
		intent = "none"
	}
	o.m.Question(intent, outcome, took)
}

// healthcheck probes the /healthz of a service on this host.
func healthcheck(o options, stdout, stderr io.Writer, getenv env) int {
	addr := o.http
	if addr == "" {
		addr = strings.TrimSpace(getenv("RECRUITBOT_HTTP_ADDR"))
	}
	if addr == "" {
		fmt.Fprintln(stderr, "recruitbot healthcheck: set --http-addr or RECRUITBOT_HTTP_ADDR")
		return exitUsage
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintf(stderr, "recruitbot healthcheck: %q is not host:port: %v\n", addr, err)
		return exitUsage
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	c := &http.Client{Timeout: 3 * time.Second}
	resp, err := c.Get("http://" + net.JoinHostPort(host, port) + "/healthz")
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot healthcheck:", err)
		return exitFailed
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintln(stderr, "recruitbot healthcheck:", resp.Status)
		return exitFailed
	}
	fmt.Fprintln(stdout, "ok")
	return exitOK
}
