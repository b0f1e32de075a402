// Package slacktest is Slack as far as a client can tell, on 127.0.0.1:
// enough of the Web API, Socket Mode and response_url for the real
// slack-go client, recording what it posts, and the payloads Slack sends
// an app. The adapter's own tests and the tests of the whole program use
// it alike.
package slacktest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
)

// The workspace the stand-in is: its tokens, the app's bot and the people
// and channels the tests use.
const (
	BotToken    = "xoxb-test"
	AppToken    = "xapp-test"
	Secret      = "8f742231b10e8888abcd99yyyzzz85a5" // the signing secret
	BotUserID   = "U0BOT"
	BotID       = "B0BOT"
	RecruiterID = "U0RECRUITER"
	ApplicantID = "U0APPLICANT"
	RoleChannel = "C0OTJOBS"
	DMChannel   = "D0APPLICANT"
	// Wait bounds every wait for something the client does
	// asynchronously; it is far above how long anything should take.
	Wait = 10 * time.Second
)

// Post is one message the client sent, however it sent it.
type Post struct {
	Method       string // chat.postMessage, chat.postEphemeral or response_url
	Channel      string
	User         string // chat.postEphemeral's recipient
	ThreadTS     string
	Text         string
	Blocks       []Block
	ResponseType string // response_url only
	UnfurlLinks  string
	Prompts      []Prompt // assistant.threads.setSuggestedPrompts only
	Abandoned    bool     // the client gave up on it while it was held
}

// Prompt is a suggested prompt in an assistant thread.
type Prompt struct {
	Title   string `json:"title"`
	Message string `json:"message"`
}

// Block is the part of a Block Kit Block the tests look at.
type Block struct {
	Type     string `json:"type"`
	Text     *Text  `json:"text"`
	Elements []Text
	Fields   []Text
}

type Text struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim"`
	// A button's: its text is an object, whose text lands in Text.
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
}

func (w *Text) UnmarshalJSON(b []byte) error {
	type plain Text
	var v struct {
		plain
		Text json.RawMessage `json:"text"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = Text(v.plain)
	if len(v.Text) > 0 && v.Text[0] == '{' {
		var inner struct {
			Text string `json:"text"`
		}
		err := json.Unmarshal(v.Text, &inner)
		w.Text = inner.Text
		return err
	}
	if len(v.Text) > 0 {
		return json.Unmarshal(v.Text, &w.Text)
	}
	return nil
}

// Texts is every text of type in the post, unescaped as Slack shows it.
func (p Post) Texts(typ string) []string {
	var out []string
	for _, b := range p.Blocks {
		if b.Type != typ {
			continue
		}
		if b.Text != nil {
			out = append(out, html.UnescapeString(b.Text.Text))
		}
		for _, e := range append(b.Elements, b.Fields...) {
			out = append(out, html.UnescapeString(e.Text))
		}
	}
	return out
}

// Shown is everything the post shows, as one string: its text, and its
// sections' and contexts' texts unescaped.
func (p Post) Shown() string {
	return p.Text + "\n" + strings.Join(append(p.Texts("section"), p.Texts("context")...), "\n")
}

// Server is the stand-in for Slack.
type Server struct {
	// Hold, while shut, keeps each chat.postMessage waiting until it
	// opens or the client gives up.
	Hold chattest.Hold

	t   testing.TB
	srv *httptest.Server

	opens    atomic.Int32 // apps.connections.open calls
	limited  atomic.Int32 // chat.postMessage calls still to answer 429
	attempts atomic.Int32 // chat.postMessage calls, 429s included

	mu        sync.Mutex
	posts     []Post
	notMember map[string]bool // channels chat.postMessage refuses
	conns     []*Conn
	faults    map[string][]string // method -> faults to inject, in order (see inject)
	// every, when set, limits chat.postMessage to one post per channel
	// every so often after a burst, answering 429 Retry-After: 1 else, as
	// Slack does at about one a second.
	every     time.Duration
	burst     int
	lastPosts map[string][]time.Time
	refusals  int // 429s sent by that limit

	posted chan Post      // each post, as it arrives
	conn   chan *Conn     // each websocket, once hello is sent
	wg     sync.WaitGroup // the websockets' goroutines
}

// New serves a Server until the test ends.
func New(t testing.TB) *Server {
	f := &Server{
		t:         t,
		notMember: map[string]bool{},
		faults:    map[string][]string{},
		lastPosts: map[string][]time.Time{},
		posted:    make(chan Post, 1000),
		conn:      make(chan *Conn, 10),
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/auth.test", f.authTest)
	mux.HandleFunc("POST /api/apps.connections.open", f.connectionsOpen)
	mux.HandleFunc("POST /api/chat.postMessage", f.chatPost)
	mux.HandleFunc("POST /api/chat.postEphemeral", f.chatPost)
	mux.HandleFunc("POST /api/views.publish", f.viewsPublish)
	mux.HandleFunc("POST /api/assistant.threads.setSuggestedPrompts", f.assistant)
	mux.HandleFunc("POST /api/assistant.threads.setStatus", f.assistant)
	mux.HandleFunc("POST /response/{id}", f.responseURL)
	mux.HandleFunc("GET /socket", f.socket)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

// Close stops the server and its websockets.
func (f *Server) Close() {
	f.Hold.Open()
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, c := range conns {
		c.Drop()
	}
	f.srv.Close()
	f.wg.Wait()
}

// APIURL is the Web API's base URL, without the slash the adapter adds.
func (f *Server) APIURL() string { return f.srv.URL + "/api" }

// URL is where the stand-in listens.
func (f *Server) URL() string { return f.srv.URL }

// SetMember makes chat.postMessage to channel succeed (true) or refuse
// with not_in_channel (false).
func (f *Server) SetMember(channel string, member bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.notMember[channel] = !member
}

// Pace limits chat.postMessage to one post per channel every so often
// after a burst, answering 429 Retry-After: 1 else, as Slack does at
// about one a second.
func (f *Server) Pace(every time.Duration, burst int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.every, f.burst = every, burst
}

// Refusals is how many 429s Pace's limit has sent.
func (f *Server) Refusals() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.refusals
}

// Limit makes the next n calls to chat.postMessage answer 429
// Retry-After: 1.
func (f *Server) Limit(n int) { f.limited.Store(int32(n)) }

// Attempts is how many calls to chat.postMessage came, 429s included.
func (f *Server) Attempts() int32 { return f.attempts.Load() }

// Opens is how many Socket Mode connections were asked for.
func (f *Server) Opens() int32 { return f.opens.Load() }

func (f *Server) responseURL(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Text         string  `json:"text"`
		ThreadTS     string  `json:"thread_ts"`
		Blocks       []Block `json:"blocks"`
		ResponseType string  `json:"response_type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.record(Post{Method: "response_url", Text: m.Text, ThreadTS: m.ThreadTS, Blocks: m.Blocks, ResponseType: m.ResponseType})
	reply(w, map[string]any{"ok": true})
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// Fail makes the next calls to method fail, one fault a call: "500",
// "502", "403" (that status), "429" (without Retry-After), "429-30"
// (Retry-After: 30), "drop" (the connection closes with no answer), or any
// other word as Slack's ok:false error code, e.g. "internal_error".
func (f *Server) Fail(method string, faults ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[method] = append(f.faults[method], faults...)
}

// inject answers with the next fault due for method, if any.
func (f *Server) inject(w http.ResponseWriter, method string) bool {
	f.mu.Lock()
	q := f.faults[method]
	if len(q) == 0 {
		f.mu.Unlock()
		return false
	}
	fault := q[0]
	f.faults[method] = q[1:]
	f.mu.Unlock()
	switch fault {
	case "500", "502", "403", "429":
		code, _ := strconv.Atoi(fault)
		w.WriteHeader(code)
	case "429-30":
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(http.StatusTooManyRequests)
	case "drop":
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	default:
		reply(w, map[string]any{"ok": false, "error": fault})
	}
	return true
}

// overLimit applies the per-channel rate limit, if one is set.
func (f *Server) overLimit(w http.ResponseWriter, channel string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.every == 0 {
		return false
	}
	now := time.Now()
	recent := f.lastPosts[channel][:0]
	for _, t := range f.lastPosts[channel] {
		if now.Sub(t) < f.every*time.Duration(max(f.burst, 1)) {
			recent = append(recent, t)
		}
	}
	f.lastPosts[channel] = recent
	if len(recent) >= max(f.burst, 1) || len(recent) > 0 && now.Sub(recent[len(recent)-1]) < f.every {
		f.refusals++
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
		return true
	}
	f.lastPosts[channel] = append(recent, now)
	return false
}

func (f *Server) authTest(w http.ResponseWriter, r *http.Request) {
	if f.inject(w, "auth.test") {
		return
	}
	if r.FormValue("token") != BotToken && r.Header.Get("Authorization") != "Bearer "+BotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	reply(w, map[string]any{"ok": true, "url": "https://recruit.slack.com/", "team": "Recruit",
		"user": "recruitbot", "team_id": "T0TEAM", "user_id": BotUserID, "bot_id": BotID})
}

func (f *Server) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+AppToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	n := f.opens.Add(1)
	reply(w, map[string]any{"ok": true, "url": fmt.Sprintf("ws%s/socket?n=%d", strings.TrimPrefix(f.srv.URL, "http"), n)})
}

func (f *Server) chatPost(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("token") != BotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if method == "chat.postMessage" {
		f.attempts.Add(1)
		if f.limited.Add(-1) >= 0 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		if f.inject(w, method) || f.overLimit(w, r.FormValue("channel")) {
			return
		}
	}
	p := Post{Method: method, Channel: r.FormValue("channel"), User: r.FormValue("user"),
		ThreadTS: r.FormValue("thread_ts"), Text: r.FormValue("text"), UnfurlLinks: r.FormValue("unfurl_links")}
	if err := json.Unmarshal([]byte(r.FormValue("blocks")), &p.Blocks); err != nil {
		reply(w, map[string]any{"ok": false, "error": "invalid_blocks"})
		return
	}
	f.mu.Lock()
	refused := f.notMember[p.Channel]
	f.mu.Unlock()
	if refused {
		reply(w, map[string]any{"ok": false, "error": "not_in_channel"})
		return
	}
	if method == "chat.postMessage" {
		p.Abandoned = f.Hold.Wait(r)
	}
	f.record(p)
	ts := fmt.Sprintf("1700000100.%06d", f.attempts.Load())
	reply(w, map[string]any{"ok": true, "channel": p.Channel, "ts": ts, "message_ts": ts})
}

// viewsPublish takes a Home tab, JSON as slack-go sends it; the post's User
// is whom it is for.
func (f *Server) viewsPublish(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+BotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	if f.inject(w, "views.publish") {
		return
	}
	var req struct {
		UserID string `json:"user_id"`
		View   struct {
			Type   string  `json:"type"`
			Blocks []Block `json:"blocks"`
		} `json:"view"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil || req.UserID == "" {
		reply(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	if req.View.Type != "home" || len(req.View.Blocks) > 100 {
		reply(w, map[string]any{"ok": false, "error": "invalid_blocks"})
		return
	}
	f.record(Post{Method: "views.publish", User: req.UserID, Blocks: req.View.Blocks})
	reply(w, map[string]any{"ok": true, "view": map[string]any{"id": "V0HOME", "type": "home"}})
}

// assistant takes the assistant pane's prompts and statuses: Channel and
// ThreadTS are the thread's, Text the status or the prompts' title.
func (f *Server) assistant(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("token") != BotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if f.inject(w, method) {
		return
	}
	p := Post{Method: method, Channel: r.FormValue("channel_id"), ThreadTS: r.FormValue("thread_ts"), Text: r.FormValue("status")}
	if method == "assistant.threads.setSuggestedPrompts" {
		p.Text = r.FormValue("title")
		if err := json.Unmarshal([]byte(r.FormValue("prompts")), &p.Prompts); err != nil || len(p.Prompts) == 0 || len(p.Prompts) > 4 {
			reply(w, map[string]any{"ok": false, "error": "invalid_arguments"})
			return
		}
	}
	if p.Channel == "" || p.ThreadTS == "" {
		reply(w, map[string]any{"ok": false, "error": "invalid_arguments"})
		return
	}
	f.record(p)
	reply(w, map[string]any{"ok": true})
}

func (f *Server) record(p Post) {
	f.mu.Lock()
	f.posts = append(f.posts, p)
	f.mu.Unlock()
	f.posted <- p
}

// All is every post so far.
func (f *Server) All() []Post {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Post(nil), f.posts...)
}

// Next waits for the next post.
func (f *Server) Next(t testing.TB) Post {
	t.Helper()
	select {
	case p := <-f.posted:
		return p
	case <-time.After(Wait):
		t.Fatalf("no Post within %v", Wait)
		return Post{}
	}
}

// NextConn waits for the client to open a websocket.
func (f *Server) NextConn(t testing.TB) *Conn {
	t.Helper()
	select {
	case c := <-f.conn:
		return c
	case <-time.After(Wait):
		t.Fatalf("no websocket within %v", Wait)
		return nil
	}
}

// The Socket Mode websocket. Slack dials with Origin https://api.slack.com.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// Conn is a Socket Mode websocket.
type Conn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex // one writer at a time, as gorilla/websocket requires
	acks chan string
	done chan struct{}
	once sync.Once
}

func (f *Server) socket(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &Conn{ws: ws, acks: make(chan string, 100), done: make(chan struct{})}
	f.mu.Lock()
	f.conns = append(f.conns, c)
	f.mu.Unlock()
	f.wg.Go(c.read)
	// socketmode reconnects when Slack's pings stop, so ping like Slack.
	f.wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-c.done:
				return
			case <-tick.C:
				if ws.WriteControl(websocket.PingMessage, []byte("ping"), time.Now().Add(time.Second)) != nil {
					c.Drop()
					return
				}
			}
		}
	})
	c.Send(f.t, map[string]any{"type": "hello", "num_connections": 1,
		"debug_info": map[string]any{"host": "fake"}, "connection_info": map[string]any{"app_id": "A0APP"}})
	select {
	case f.conn <- c:
	case <-c.done:
	}
}

// read takes the acknowledgements until the connection ends.
func (c *Conn) read() {
	defer c.Drop()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			return
		}
		var ack struct {
			EnvelopeID string `json:"envelope_id"`
		}
		if json.Unmarshal(data, &ack) == nil && ack.EnvelopeID != "" {
			c.acks <- ack.EnvelopeID
		}
	}
}

// Send writes v to the client as JSON.
func (c *Conn) Send(t testing.TB, v any) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(Wait))
	if err := c.ws.WriteJSON(v); err != nil {
		t.Errorf("websocket write: %v", err)
	}
}

// Drop ends the connection the way a network failure would, without a
// close handshake.
func (c *Conn) Drop() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

// Ack waits for the acknowledgement of an envelope.
func (c *Conn) Ack(t testing.TB, envelopeID string) {
	t.Helper()
	for {
		select {
		case id := <-c.acks:
			if id == envelopeID {
				return
			}
		case <-time.After(Wait):
			t.Fatalf("envelope %s not acknowledged within %v", envelopeID, Wait)
		}
	}
}

// Payloads as Slack sends them.

// AssistantThreadStarted is the event of a new assistant thread.
func AssistantThreadStarted(user, channel, threadTS, contextChannel string) map[string]any {
	return map[string]any{"type": "assistant_thread_started", "event_ts": threadTS,
		"assistant_thread": map[string]any{"user_id": user, "channel_id": channel, "thread_ts": threadTS,
			"context": map[string]any{"channel_id": contextChannel, "team_id": "T0TEAM"}}}
}

// HomeOpened is the event of a user opening a tab of the app.
func HomeOpened(user, tab string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": tab, "event_ts": "1700000300.000100"}
}

// Callback wraps an inner event as the Events API delivers it.
func Callback(eventID string, inner map[string]any) map[string]any {
	return map[string]any{"token": "legacy", "team_id": "T0TEAM", "api_app_id": "A0APP",
		"type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"authorizations": []any{map[string]any{"team_id": "T0TEAM", "user_id": BotUserID, "is_bot": true}},
		"event":          inner}
}

// Mention is an app_mention; threadTS "" for one at top level.
func Mention(channel, user, ts, threadTS, text string) map[string]any {
	e := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts,
		"channel": channel, "event_ts": ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

// DirectMessage is a message in the app's DM with user.
func DirectMessage(user, ts, text string) map[string]any {
	return map[string]any{"type": "message", "channel_type": "im", "channel": DMChannel,
		"user": user, "text": text, "ts": ts, "event_ts": ts, "client_msg_id": "m-" + ts}
}

// Envelope wraps a payload as Socket Mode delivers it.
func Envelope(id, typ string, payload any) map[string]any {
	return map[string]any{"envelope_id": id, "type": typ, "payload": payload,
		"accepts_response_payload": typ != "events_api", "retry_attempt": 0, "retry_reason": ""}
}

// SlashCommand is /role text, with a response_url on this stand-in.
func (f *Server) SlashCommand(user, channel, text, trigger string) map[string]any {
	channelName := "ot-jobs"
	if strings.HasPrefix(channel, "D") {
		channelName = "directmessage"
	}
	return map[string]any{"token": "legacy", "team_id": "T0TEAM", "team_domain": "recruit",
		"channel_id": channel, "channel_name": channelName, "user_id": user, "user_name": "someone",
		"command": "/role", "text": text, "api_app_id": "A0APP", "is_enterprise_install": "false",
		"response_url": f.srv.URL + "/response/" + trigger, "trigger_id": trigger}
}

// SlashForm is a slash command as the Events API posts it.
func SlashForm(cmd map[string]any) []byte {
	v := url.Values{}
	for k, x := range cmd {
		v.Set(k, fmt.Sprint(x))
	}
	return []byte(v.Encode())
}

// Sign computes Slack's v0 request signature.
func Sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = fmt.Sprint(ts.Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// SignedRequest is a request as Slack would send it to the Events API.
func SignedRequest(t testing.TB, base, path, contentType string, body []byte, ts time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	timestamp, signature := Sign(Secret, ts, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", timestamp)
	req.Header.Set("X-Slack-Signature", signature)
	return req
}

// MustJSON is v as JSON.
func MustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Do sends a request and returns the status and body of the response.
func Do(t testing.TB, c *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
