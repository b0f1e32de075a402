package slack

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
)

// A stand-in for Slack on 127.0.0.1: enough of the Web API, Socket Mode
// and response_url for the real slack-go client, recording what the
// adapter posts.

const (
	testBotToken = "xoxb-test"
	testAppToken = "xapp-test"
	testSecret   = "8f742231b10e8888abcd99yyyzzz85a5"
	botUserID    = "U0BOT"
	botID        = "B0BOT"
	recruiterID  = "U0RECRUITER"
	applicantID  = "U0APPLICANT"
	roleChannel  = "C0OTJOBS"
	dmChannel    = "D0APPLICANT"
	// waitFor bounds every wait for something the adapter does
	// asynchronously; it is far above how long anything should take.
	waitFor = 10 * time.Second
)

// post is one message the adapter sent, however it sent it.
type post struct {
	Method       string // chat.postMessage, chat.postEphemeral or response_url
	Channel      string
	User         string // chat.postEphemeral's recipient
	ThreadTS     string
	Text         string
	Blocks       []block
	ResponseType string // response_url only
	UnfurlLinks  string
	Prompts      []prompt // assistant.threads.setSuggestedPrompts only
}

// prompt is a suggested prompt in an assistant thread.
type prompt struct {
	Title   string `json:"title"`
	Message string `json:"message"`
}

// block is the part of a Block Kit block the tests look at.
type block struct {
	Type     string    `json:"type"`
	Text     *wireText `json:"text"`
	Elements []wireText
	Fields   []wireText
}

type wireText struct {
	Type     string `json:"type"`
	Text     string `json:"text"`
	Verbatim bool   `json:"verbatim"`
	// A button's: its text is an object, whose text lands in Text.
	ActionID string `json:"action_id"`
	Value    string `json:"value"`
}

func (w *wireText) UnmarshalJSON(b []byte) error {
	type plain wireText
	var v struct {
		plain
		Text json.RawMessage `json:"text"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*w = wireText(v.plain)
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

// texts is every text of type in the post, unescaped as Slack shows it.
func (p post) texts(typ string) []string {
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

type fakeSlack struct {
	t   testing.TB
	srv *httptest.Server

	opens    atomic.Int32 // apps.connections.open calls
	limited  atomic.Int32 // chat.postMessage calls still to answer 429
	attempts atomic.Int32 // chat.postMessage calls, 429s included

	mu        sync.Mutex
	posts     []post
	notMember map[string]bool // channels chat.postMessage refuses
	conns     []*fakeConn
	faults    map[string][]string // method -> faults to inject, in order (see inject)
	// every, when set, limits chat.postMessage to one post per channel
	// every so often after a burst, answering 429 Retry-After: 1 else, as
	// Slack does at about one a second.
	every     time.Duration
	burst     int
	lastPosts map[string][]time.Time
	refusals  int // 429s sent by that limit

	posted chan post      // each post, as it arrives
	conn   chan *fakeConn // each websocket, once hello is sent
	wg     sync.WaitGroup // the websockets' goroutines
}

func newFakeSlack(t testing.TB) *fakeSlack {
	f := &fakeSlack{
		t:         t,
		notMember: map[string]bool{},
		faults:    map[string][]string{},
		lastPosts: map[string][]time.Time{},
		posted:    make(chan post, 1000),
		conn:      make(chan *fakeConn, 10),
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
	t.Cleanup(f.close)
	return f
}

func (f *fakeSlack) close() {
	f.mu.Lock()
	conns := f.conns
	f.mu.Unlock()
	for _, c := range conns {
		c.drop()
	}
	f.srv.Close()
	f.wg.Wait()
}

func (f *fakeSlack) apiURL() string { return f.srv.URL + "/api" } // without the slash: New adds it

func (f *fakeSlack) responseURL(w http.ResponseWriter, r *http.Request) {
	var m struct {
		Text         string  `json:"text"`
		ThreadTS     string  `json:"thread_ts"`
		Blocks       []block `json:"blocks"`
		ResponseType string  `json:"response_type"`
	}
	if err := json.NewDecoder(r.Body).Decode(&m); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.record(post{Method: "response_url", Text: m.Text, ThreadTS: m.ThreadTS, Blocks: m.Blocks, ResponseType: m.ResponseType})
	reply(w, map[string]any{"ok": true})
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

// fail makes the next calls to method fail, one fault a call: "500",
// "502", "403" (that status), "429" (without Retry-After), "429-30"
// (Retry-After: 30), "drop" (the connection closes with no answer), or any
// other word as Slack's ok:false error code, e.g. "internal_error".
func (f *fakeSlack) fail(method string, faults ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[method] = append(f.faults[method], faults...)
}

// inject answers with the next fault due for method, if any.
func (f *fakeSlack) inject(w http.ResponseWriter, method string) bool {
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
func (f *fakeSlack) overLimit(w http.ResponseWriter, channel string) bool {
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

func (f *fakeSlack) authTest(w http.ResponseWriter, r *http.Request) {
	if f.inject(w, "auth.test") {
		return
	}
	if r.FormValue("token") != testBotToken && r.Header.Get("Authorization") != "Bearer "+testBotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	reply(w, map[string]any{"ok": true, "url": "https://recruit.slack.com/", "team": "Recruit",
		"user": "recruitbot", "team_id": "T0TEAM", "user_id": botUserID, "bot_id": botID})
}

func (f *fakeSlack) connectionsOpen(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testAppToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	n := f.opens.Add(1)
	reply(w, map[string]any{"ok": true, "url": fmt.Sprintf("ws%s/socket?n=%d", strings.TrimPrefix(f.srv.URL, "http"), n)})
}

func (f *fakeSlack) chatPost(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("token") != testBotToken {
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
	p := post{Method: method, Channel: r.FormValue("channel"), User: r.FormValue("user"),
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
	f.record(p)
	ts := fmt.Sprintf("1700000100.%06d", f.attempts.Load())
	reply(w, map[string]any{"ok": true, "channel": p.Channel, "ts": ts, "message_ts": ts})
}

// viewsPublish takes a Home tab, JSON as slack-go sends it; the post's User
// is whom it is for.
func (f *fakeSlack) viewsPublish(w http.ResponseWriter, r *http.Request) {
	if r.Header.Get("Authorization") != "Bearer "+testBotToken {
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
			Blocks []block `json:"blocks"`
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
	f.record(post{Method: "views.publish", User: req.UserID, Blocks: req.View.Blocks})
	reply(w, map[string]any{"ok": true, "view": map[string]any{"id": "V0HOME", "type": "home"}})
}

// assistant takes the assistant pane's prompts and statuses: Channel and
// ThreadTS are the thread's, Text the status or the prompts' title.
func (f *fakeSlack) assistant(w http.ResponseWriter, r *http.Request) {
	if r.FormValue("token") != testBotToken {
		reply(w, map[string]any{"ok": false, "error": "invalid_auth"})
		return
	}
	method := strings.TrimPrefix(r.URL.Path, "/api/")
	if f.inject(w, method) {
		return
	}
	p := post{Method: method, Channel: r.FormValue("channel_id"), ThreadTS: r.FormValue("thread_ts"), Text: r.FormValue("status")}
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

func (f *fakeSlack) record(p post) {
	f.mu.Lock()
	f.posts = append(f.posts, p)
	f.mu.Unlock()
	f.posted <- p
}

// all is every post so far.
func (f *fakeSlack) all() []post {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]post(nil), f.posts...)
}

// next waits for the next post.
func (f *fakeSlack) next(t testing.TB) post {
	t.Helper()
	select {
	case p := <-f.posted:
		return p
	case <-time.After(waitFor):
		t.Fatalf("no post within %v", waitFor)
		return post{}
	}
}

// nextConn waits for the adapter to open a websocket.
func (f *fakeSlack) nextConn(t testing.TB) *fakeConn {
	t.Helper()
	select {
	case c := <-f.conn:
		return c
	case <-time.After(waitFor):
		t.Fatalf("no websocket within %v", waitFor)
		return nil
	}
}

// The Socket Mode websocket. Slack dials with Origin https://api.slack.com.
var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

type fakeConn struct {
	ws   *websocket.Conn
	wmu  sync.Mutex // one writer at a time, as gorilla/websocket requires
	acks chan string
	done chan struct{}
	once sync.Once
}

func (f *fakeSlack) socket(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &fakeConn{ws: ws, acks: make(chan string, 100), done: make(chan struct{})}
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
					c.drop()
					return
				}
			}
		}
	})
	c.send(f.t, map[string]any{"type": "hello", "num_connections": 1,
		"debug_info": map[string]any{"host": "fake"}, "connection_info": map[string]any{"app_id": "A0APP"}})
	select {
	case f.conn <- c:
	case <-c.done:
	}
}

// read takes the acknowledgements until the connection ends.
func (c *fakeConn) read() {
	defer c.drop()
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

func (c *fakeConn) send(t testing.TB, v any) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(waitFor))
	if err := c.ws.WriteJSON(v); err != nil {
		t.Errorf("websocket write: %v", err)
	}
}

// drop ends the connection the way a network failure would, without a
// close handshake.
func (c *fakeConn) drop() {
	c.once.Do(func() {
		close(c.done)
		_ = c.ws.Close()
	})
}

// ack waits for the acknowledgement of an envelope.
func (c *fakeConn) ack(t testing.TB, envelopeID string) {
	t.Helper()
	for {
		select {
		case id := <-c.acks:
			if id == envelopeID {
				return
			}
		case <-time.After(waitFor):
			t.Fatalf("envelope %s not acknowledged within %v", envelopeID, waitFor)
		}
	}
}

// Payloads as Slack sends them.

func assistantThreadStarted(user, channel, threadTS, contextChannel string) map[string]any {
	return map[string]any{"type": "assistant_thread_started", "event_ts": threadTS,
		"assistant_thread": map[string]any{"user_id": user, "channel_id": channel, "thread_ts": threadTS,
			"context": map[string]any{"channel_id": contextChannel, "team_id": "T0TEAM"}}}
}

func homeOpened(user, tab string) map[string]any {
	return map[string]any{"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": tab, "event_ts": "1700000300.000100"}
}

func callback(eventID string, inner map[string]any) map[string]any {
	return map[string]any{"token": "legacy", "team_id": "T0TEAM", "api_app_id": "A0APP",
		"type": "event_callback", "event_id": eventID, "event_time": 1700000000,
		"authorizations": []any{map[string]any{"team_id": "T0TEAM", "user_id": botUserID, "is_bot": true}},
		"event":          inner}
}

func mention(channel, user, ts, threadTS, text string) map[string]any {
	e := map[string]any{"type": "app_mention", "user": user, "text": text, "ts": ts,
		"channel": channel, "event_ts": ts}
	if threadTS != "" {
		e["thread_ts"] = threadTS
	}
	return e
}

func directMessage(user, ts, text string) map[string]any {
	return map[string]any{"type": "message", "channel_type": "im", "channel": dmChannel,
		"user": user, "text": text, "ts": ts, "event_ts": ts, "client_msg_id": "m-" + ts}
}

func envelope(id, typ string, payload any) map[string]any {
	return map[string]any{"envelope_id": id, "type": typ, "payload": payload,
		"accepts_response_payload": typ != "events_api", "retry_attempt": 0, "retry_reason": ""}
}

func (f *fakeSlack) slashCommand(user, channel, text, trigger string) map[string]any {
	channelName := "ot-jobs"
	if strings.HasPrefix(channel, "D") {
		channelName = "directmessage"
	}
	return map[string]any{"token": "legacy", "team_id": "T0TEAM", "team_domain": "recruit",
		"channel_id": channel, "channel_name": channelName, "user_id": user, "user_name": "someone",
		"command": "/role", "text": text, "api_app_id": "A0APP", "is_enterprise_install": "false",
		"response_url": f.srv.URL + "/response/" + trigger, "trigger_id": trigger}
}

// slashForm is a slash command as the Events API posts it.
func slashForm(cmd map[string]any) []byte {
	v := url.Values{}
	for k, x := range cmd {
		v.Set(k, fmt.Sprint(x))
	}
	return []byte(v.Encode())
}

// sign computes Slack's v0 request signature.
func sign(secret string, ts time.Time, body []byte) (timestamp, signature string) {
	timestamp = fmt.Sprint(ts.Unix())
	mac := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(mac, "v0:%s:", timestamp)
	mac.Write(body)
	return timestamp, "v0=" + hex.EncodeToString(mac.Sum(nil))
}

// signedRequest is a request as Slack would send it to the Events API.
func signedRequest(t testing.TB, base, path, contentType string, body []byte, ts time.Time) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	timestamp, signature := sign(testSecret, ts, body)
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("X-Slack-Request-Timestamp", timestamp)
	req.Header.Set("X-Slack-Signature", signature)
	return req
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// do sends a request and returns the status and body of the response.
func do(t testing.TB, c *http.Client, req *http.Request) (int, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
