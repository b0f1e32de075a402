package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/internal/testkit"
)

// TestBothSlackAndDiscord is the requirement end to end: with both
// sets of tokens, run serves Slack (Events API) and Discord from one
// process, and when its context ends (what SIGINT/SIGTERM do in main) it
// stops taking messages, finishes the replies under way on both, and
// returns 0.
func TestBothSlackAndDiscord(t *testing.T) {
	// Registered first, so it runs last: once run has returned and the
	// stand-ins have closed, nothing either started may still be running.
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })

	sl := newBothSlack(t)
	dc := newBothDiscord(t)
	eventsAddr := freeAddr(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN":      bothSlackToken,
		"SLACK_SIGNING_SECRET": bothSlackSecret,
		"SLACK_EVENTS_ADDR":    eventsAddr,
		"SLACK_API_URL":        sl.srv.URL + "/api/",
		"DISCORD_BOT_TOKEN":    "test",
		"DISCORD_API_URL":      dc.srv.URL,
		"XDG_STATE_HOME":       t.TempDir(), // the store's SQLite file
	}
	getenv := func(k string) string { return env[k] }

	logs := &testkit.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, []string{"--log-format", "text"}, strings.NewReader(""), io.Discard, logs, getenv)
	}()
	var code int
	returned := false
	// Runs before the stand-ins close: whatever happened, let every held
	// reply go and wait for run, so nothing outlives the test.
	t.Cleanup(func() {
		sl.hold.open()
		dc.hold.open()
		cancel()
		if !returned {
			select {
			case code = <-done:
				returned = true
			case <-time.After(bothStopWait):
				t.Errorf("run did not return within %v of its context ending", bothStopWait)
			}
		}
		if t.Failed() {
			t.Logf("log:\n%s", logs)
		}
	})

	// Both adapters are up: Slack listens for events, Discord has had
	// READY and registered /role.
	waitUntil(t, done, "the Slack Events API to listen", func() bool {
		return strings.Contains(logs.String(), "listening for the Events API")
	})
	waitUntil(t, done, "Discord to register /role", func() bool { return dc.registered() })
	events := "http://" + eventsAddr + "/slack/events"
	client := &http.Client{Transport: &http.Transport{}, Timeout: bothWait}
	defer client.CloseIdleConnections()

	// One question on each, answered with the citation.
	const ts1, id1 = "1700000000.000100", "500000000000000001"
	if status := sl.mention(t, client, events, "Ev1", ts1); status != http.StatusOK {
		t.Fatalf("Slack event: status %d, want 200", status)
	}
	dc.mention(t, id1)
	checkSlackReply(t, sl.next(t, done), ts1)
	checkDiscordReply(t, dc.next(t, done), id1)

	// A second question on each, whose reply is still being posted when
	// the signal comes.
	const ts2, id2 = "1700000000.000200", "500000000000000002"
	sl.hold.set(ts2)
	dc.hold.set(id2)
	if status := sl.mention(t, client, events, "Ev2", ts2); status != http.StatusOK {
		t.Fatalf("Slack event: status %d, want 200", status)
	}
	dc.mention(t, id2)
	sl.hold.waitEntered(t, "Slack's second reply to be posted")
	dc.hold.waitEntered(t, "Discord's second reply to be posted")

	cancel() // what signal.NotifyContext does on SIGINT or SIGTERM
	stopAt := time.Now()
	client.CloseIdleConnections()

	// Both stop taking messages while the replies are held: the Events
	// API stops listening and the gateway connection closes.
	waitUntil(t, done, "the Events API to stop listening", func() bool {
		c, err := net.DialTimeout("tcp", eventsAddr, time.Second)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
	waitUntil(t, done, "the Discord gateway connection to close", func() bool { return dc.gatewayClosed() })
	// Hold the replies past the time in which an adapter that did not wait
	// for them would have stopped: discordgo's Close alone takes 1 s.
	time.Sleep(time.Until(stopAt.Add(1500 * time.Millisecond)))
	if n := countLines(logs.String(), `msg="adapter stopped"`); n != 0 {
		t.Errorf("%d adapter(s) stopped with a reply under way", n)
	}
	select {
	case code = <-done:
		returned = true
		t.Fatalf("run returned %d with replies still under way", code)
	default:
	}

	sl.hold.open()
	dc.hold.open()
	select {
	case code = <-done:
		returned = true
	case <-time.After(bothStopWait):
		t.Fatalf("run did not return within %v of its context ending", bothStopWait)
	}
	if code != 0 {
		t.Errorf("run returned %d after a signal, want 0", code)
	}
	t.Logf("served both and answered 4 questions; run returned %v after the signal, %v after it started",
		time.Since(stopAt).Round(time.Millisecond), time.Since(start).Round(time.Millisecond))

	// The replies under way were posted, and not abandoned on the way.
	p := sl.next(t, nil)
	checkSlackReply(t, p, ts2)
	if p.abandoned {
		t.Error("Slack's reply under way was abandoned when the signal came")
	}
	m := dc.next(t, nil)
	checkDiscordReply(t, m, id2)
	if m.abandoned {
		t.Error("Discord's reply under way was abandoned when the signal came")
	}

	log := logs.String()
	for _, a := range []struct{ name, last string }{{"slack", "event_id=Ev2"}, {"discord", "message_id=" + id2}} {
		if n := countLines(log, "msg=answered", "adapter="+a.name); n != 2 {
			t.Errorf("%s logged %d answers, want 2", a.name, n)
		}
		answered := lineIndex(log, "msg=answered", "adapter="+a.name, a.last)
		stopped := lineIndex(log, `msg="adapter stopped"`, "adapter="+a.name)
		if answered < 0 || stopped < 0 || stopped < answered {
			t.Errorf("%s: the reply under way (log line %d) should be answered before the adapter stops (line %d)", a.name, answered, stopped)
		}
	}
	if strings.Contains(log, "level=ERROR") {
		t.Error("errors logged")
	}
	// Privacy: ids and outcomes only, never what people wrote.
	if strings.Contains(log, bothQuestion) || strings.Contains(log, "HCPC") {
		t.Error("the log holds what the user wrote")
	}
}

const (
	bothQuestion    = "Do I need HCPC registration?"
	bothHCPCQuote   = "Health & Care Professions Council (HCPC) registration"
	bothCitation    = "Qualifications · Essential"
	bothSlackToken  = "xoxb-test"
	bothSlackSecret = "8f742231b10e8888abcd99yyyzzz85a5"
	bothSlackBot    = "U0BOT"
	bothSlackChan   = "C0OTJOBS"
	bothDiscordUser = "100000000000000001"
	bothDiscordApp  = "100000000000000002"
	bothGuild       = "200000000000000001"
	bothChannel     = "200000000000000002"
	// bothWait bounds every wait for something asynchronous; it is far
	// above how long anything should take.
	bothWait = 10 * time.Second
	// bothStopWait bounds shutdown: discordgo's Close alone sleeps 1 s.
	bothStopWait = 15 * time.Second
)

// waitUntil polls cond until it holds, failing after bothWait, or at once
// if run has returned (done may be nil).
func waitUntil(t *testing.T, done <-chan int, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(bothWait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", bothWait, what)
		}
		select {
		case code := <-done:
			t.Fatalf("run returned %d while waiting for %s", code, what)
		case <-time.After(10 * time.Millisecond):
		}
	}
}

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// lineIndex is the number of the first line of log holding every one of
// subs, or -1.
func lineIndex(log string, subs ...string) int {
	for i, line := range strings.Split(log, "\n") {
		if hasAll(line, subs) {
			return i
		}
	}
	return -1
}

func hasAll(line string, subs []string) bool {
	for _, s := range subs {
		if !strings.Contains(line, s) {
			return false
		}
	}
	return true
}

func countLines(log string, subs ...string) int {
	n := 0
	for line := range strings.SplitSeq(log, "\n") {
		if hasAll(line, subs) {
			n++
		}
	}
	return n
}

func writeJSONBoth(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// hold keeps the reply to one message (key) waiting in the stand-in's
// handler until open, to catch run mid-reply.
type hold struct {
	mu       sync.Mutex
	key      string
	entered  chan struct{}
	released chan struct{}
	enterO   sync.Once
	openO    sync.Once
}

func newHold() *hold {
	return &hold{entered: make(chan struct{}), released: make(chan struct{})}
}

// wait holds the request if it is the one to hold; it reports whether the
// client gave up on it meanwhile.
func (h *hold) wait(r *http.Request, key string) (abandoned bool) {
	h.mu.Lock()
	held := h.key
	h.mu.Unlock()
	if held == "" || key != held {
		return false
	}
	h.enterO.Do(func() { close(h.entered) })
	select {
	case <-h.released:
	case <-r.Context().Done():
	}
	return r.Context().Err() != nil
}

func (h *hold) set(key string) {
	h.mu.Lock()
	h.key = key
	h.mu.Unlock()
}

func (h *hold) open() { h.openO.Do(func() { close(h.released) }) }

func (h *hold) waitEntered(t *testing.T, what string) {
	t.Helper()
	select {
	case <-h.entered:
	case <-time.After(bothWait):
		t.Fatalf("timed out after %v waiting for %s", bothWait, what)
	}
}

// Slack: auth.test and chat.postMessage, recorded.

type slackPost struct {
	channel, thread, text string
	texts                 []string // every text in the blocks, unescaped
	abandoned             bool
}

type bothSlack struct {
	srv   *httptest.Server
	hold  *hold
	posts chan slackPost
}

func newBothSlack(t *testing.T) *bothSlack {
	s := &bothSlack{hold: newHold(), posts: make(chan slackPost, 100)}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/auth.test", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("token") != bothSlackToken && r.Header.Get("Authorization") != "Bearer "+bothSlackToken {
			writeJSONBoth(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		writeJSONBoth(w, map[string]any{"ok": true, "url": "https://recruit.slack.com/", "team": "Recruit",
			"user": "recruitbot", "team_id": "T0TEAM", "user_id": bothSlackBot, "bot_id": "B0BOT"})
	})
	mux.HandleFunc("POST /api/chat.postMessage", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("token") != bothSlackToken && r.Header.Get("Authorization") != "Bearer "+bothSlackToken {
			writeJSONBoth(w, map[string]any{"ok": false, "error": "invalid_auth"})
			return
		}
		p := slackPost{channel: r.FormValue("channel"), thread: r.FormValue("thread_ts"), text: r.FormValue("text")}
		var blocks any
		if err := json.Unmarshal([]byte(r.FormValue("blocks")), &blocks); err != nil {
			writeJSONBoth(w, map[string]any{"ok": false, "error": "invalid_blocks"})
			return
		}
		p.texts = jsonTexts(blocks, nil)
		p.abandoned = s.hold.wait(r, p.thread)
		s.posts <- p
		writeJSONBoth(w, map[string]any{"ok": true, "channel": p.channel, "ts": "1700000100.000001"})
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		s.hold.open()
		s.srv.Close()
	})
	return s
}

// jsonTexts collects every "text" string in a decoded JSON value.
func jsonTexts(v any, out []string) []string {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok && k == "text" {
				out = append(out, html.UnescapeString(s))
			} else {
				out = jsonTexts(e, out)
			}
		}
	case []any:
		for _, e := range x {
			out = jsonTexts(e, out)
		}
	}
	return out
}

// mention posts a signed app_mention event asking the HCPC question.
func (s *bothSlack) mention(t *testing.T, c *http.Client, url, eventID, ts string) int {
	t.Helper()
	body, err := json.Marshal(map[string]any{"token": "legacy", "team_id": "T0TEAM", "api_app_id": "A0APP",
		"type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"authorizations": []any{map[string]any{"team_id": "T0TEAM", "user_id": bothSlackBot, "is_bot": true}},
		"event": map[string]any{"type": "app_mention", "user": "U0APPLICANT", "text": "<@" + bothSlackBot + "> " + bothQuestion,
			"ts": ts, "channel": bothSlackChan, "event_ts": ts}})
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	timestamp := strconv.FormatInt(time.Now().Unix(), 10)
	mac := hmac.New(sha256.New, []byte(bothSlackSecret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Slack-Request-Timestamp", timestamp)
	req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// next waits for the next chat.postMessage, failing if run returns first
// (done may be nil).
func (s *bothSlack) next(t *testing.T, done <-chan int) slackPost {
	t.Helper()
	return nextPost(t, s.posts, done, "Slack")
}

// nextPost waits for a platform's next reply, failing if run returns first
// or none comes within bothWait.
func nextPost[P any](t *testing.T, posts <-chan P, done <-chan int, platform string) P {
	t.Helper()
	select {
	case p := <-posts:
		return p
	case code := <-done:
		t.Fatalf("run returned %d before %s's reply", code, platform)
	case <-time.After(bothWait):
		t.Fatalf("no %s reply within %v", platform, bothWait)
	}
	var zero P
	return zero
}

func checkSlackReply(t *testing.T, p slackPost, ts string) {
	t.Helper()
	if p.channel != bothSlackChan || p.thread != ts {
		t.Errorf("Slack reply in %s thread %q, want the mention's thread %s %s", p.channel, p.thread, bothSlackChan, ts)
	}
	if all := strings.Join(p.texts, "\n"); strings.Contains(all, bothCitation) && strings.Contains(all, bothHCPCQuote) {
		return
	}
	t.Errorf("Slack reply does not cite %q with %q: %q", bothCitation, bothHCPCQuote, p.texts)
}

// Discord: the gateway (Hello, Identify, READY, heartbeats), /role
// registration and channel messages, recorded.

type discordPost struct {
	ref       string // the message replied to
	fields    map[string]string
	abandoned bool
}

type bothDiscord struct {
	srv   *httptest.Server
	hold  *hold
	posts chan discordPost
	wg    sync.WaitGroup // gateway connections

	mu     sync.Mutex
	live   *websocket.Conn
	wmu    sync.Mutex // one writer at a time on live
	seq    int64
	conns  []*websocket.Conn
	closed bool
	ended  int
	puts   int
	nextID int64
}

func newBothDiscord(t *testing.T) *bothDiscord {
	d := &bothDiscord{hold: newHold(), posts: make(chan discordPost, 100)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		writeJSONBoth(w, map[string]string{"url": "ws" + strings.TrimPrefix(d.srv.URL, "http") + "/gateway"})
	})
	mux.HandleFunc("GET /gateway/", d.gateway)
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", func(w http.ResponseWriter, r *http.Request) {
		var cmds []map[string]any
		if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
			http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
			return
		}
		for _, c := range cmds {
			c["id"], c["application_id"], c["version"] = d.id(), r.PathValue("app"), "1"
		}
		writeJSONBoth(w, cmds)
		d.mu.Lock()
		d.puts++
		d.mu.Unlock()
	})
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", func(w http.ResponseWriter, r *http.Request) {
		var body struct {
			Embeds []struct {
				Fields []struct{ Name, Value string }
			}
			Ref *struct {
				MessageID string `json:"message_id"`
			} `json:"message_reference"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
			return
		}
		p := discordPost{fields: map[string]string{}}
		if body.Ref != nil {
			p.ref = body.Ref.MessageID
		}
		for _, e := range body.Embeds {
			for _, f := range e.Fields {
				p.fields[f.Name] += f.Value
			}
		}
		p.abandoned = d.hold.wait(r, p.ref)
		d.posts <- p
		writeJSONBoth(w, map[string]any{"id": d.id(), "channel_id": r.PathValue("channel"), "type": 0})
	})
	d.srv = httptest.NewServer(mux)
	t.Cleanup(d.close)
	return d
}

// close stops the server and the gateway connections, which
// httptest.Server.Close leaves open because they were hijacked.
func (d *bothDiscord) close() {
	d.hold.open()
	d.srv.Close()
	d.mu.Lock()
	d.closed = true
	for _, c := range d.conns {
		c.Close()
	}
	d.mu.Unlock()
	d.wg.Wait()
}

func (d *bothDiscord) id() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.nextID++
	return strconv.FormatInt(900000000000000000+d.nextID, 10)
}

func (d *bothDiscord) registered() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.puts > 0
}

func (d *bothDiscord) gatewayClosed() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.conns) > 0 && d.ended == len(d.conns)
}

func (d *bothDiscord) send(ws *websocket.Conn, v any) error {
	d.wmu.Lock()
	defer d.wmu.Unlock()
	_ = ws.SetWriteDeadline(time.Now().Add(bothWait))
	return ws.WriteJSON(v)
}

func (d *bothDiscord) gateway(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		ws.Close()
		return
	}
	d.wg.Add(1)
	d.conns = append(d.conns, ws)
	d.mu.Unlock()
	defer d.wg.Done()
	defer func() {
		ws.Close()
		d.mu.Lock()
		d.ended++
		d.mu.Unlock()
	}()

	if d.send(ws, map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	var identify struct {
		Op int `json:"op"`
	}
	_ = ws.SetReadDeadline(time.Now().Add(bothWait))
	if err := ws.ReadJSON(&identify); err != nil || identify.Op != 2 {
		return
	}
	_ = ws.SetReadDeadline(time.Time{})
	d.mu.Lock()
	d.live, d.seq = ws, 1
	d.mu.Unlock()
	if d.send(ws, map[string]any{"op": 0, "t": "READY", "s": 1, "d": map[string]any{
		"v":                  9,
		"session_id":         "both-session",
		"resume_gateway_url": "ws" + strings.TrimPrefix(d.srv.URL, "http") + "/gateway",
		"user":               map[string]any{"id": bothDiscordUser, "username": "recruitbot", "discriminator": "0", "bot": true},
		"application":        map[string]any{"id": bothDiscordApp, "flags": 0},
		"guilds":             []any{},
		"private_channels":   []any{},
	}}) != nil {
		return
	}
	for {
		var f struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		if f.Op == 1 && d.send(ws, map[string]any{"op": 11}) != nil {
			return
		}
	}
}

// mention dispatches a MESSAGE_CREATE that mentions the bot with the HCPC
// question.
func (d *bothDiscord) mention(t *testing.T, id string) {
	t.Helper()
	d.mu.Lock()
	ws := d.live
	d.seq++
	seq := d.seq
	d.mu.Unlock()
	if ws == nil {
		t.Fatal("no gateway connection")
	}
	err := d.send(ws, map[string]any{"op": 0, "t": "MESSAGE_CREATE", "s": seq, "d": map[string]any{
		"id": id, "channel_id": bothChannel, "guild_id": bothGuild, "type": 0,
		"content":   "<@" + bothDiscordUser + "> " + bothQuestion,
		"timestamp": "2025-01-06T09:00:00.000000+00:00",
		"author":    map[string]any{"id": "200000000000000004", "username": "applicant", "discriminator": "0"},
		"member":    map[string]any{"roles": []string{}},
		"mentions":  []any{map[string]any{"id": bothDiscordUser, "username": "recruitbot", "bot": true}},
	}})
	if err != nil {
		t.Fatalf("dispatch MESSAGE_CREATE: %v", err)
	}
}

func (d *bothDiscord) next(t *testing.T, done <-chan int) discordPost {
	t.Helper()
	return nextPost(t, d.posts, done, "Discord")
}

func checkDiscordReply(t *testing.T, p discordPost, id string) {
	t.Helper()
	if p.ref != id {
		t.Errorf("Discord reply to message %q, want %s", p.ref, id)
	}
	if v, ok := p.fields[bothCitation]; !ok || !strings.Contains(v, bothHCPCQuote) {
		t.Errorf("Discord reply has no %q field quoting %q: %q", bothCitation, bothHCPCQuote, p.fields)
	}
}
