package discord

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// standIn is Discord as far as the adapter can tell, on 127.0.0.1: the
// REST endpoints the adapter calls, recorded, and a gateway that speaks the
// protocol discordgo expects: Hello, Identify and READY, heartbeats and
// their acks, dispatches with sequence numbers, op 7 Reconnect and op 6
// Resume answered with RESUMED.
type standIn struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever something is recorded
	reqs    []request
	resumes []resume
	conns   []*gwConn
	live    *gwConn // the connection dispatches go to
	ended   int     // gateway connections that have ended
	refuse  bool    // answer gateway connections with 503, as during an outage
	refused int     // gateway connections refused
	// noEmbeds answers messages with embeds 403 Missing Permissions, to
	// drive the adapter's plain-text fallback.
	noEmbeds bool
	seq      int64
	ids      int64
	limits   map[string][]float64 // "METHOD /path" -> retry_after of the 429s still to send
	// replies, when set, receives the referenced message id of every reply
	// posted, as it arrives.
	replies chan string
	// perWindow, when set, limits posts to a channel to that many a
	// window, telling the client with X-RateLimit-* headers as Discord
	// does and answering 429 to a post over the limit.
	perWindow   int
	window      time.Duration
	windowStart map[string]time.Time
	windowUsed  map[string]int
	// faults are answers to give the next posts to a channel instead of
	// creating the message: "500", or "drop" to close the connection.
	faults []string
	// closeWith are close codes to end the next gateway connections with,
	// one each, right after Identify.
	closeWith []int
	// hold, when set, keeps each post to a channel waiting until it is
	// closed or the client gives up.
	hold chan struct{}
	held int // posts that have been held
	// slow makes every post to a channel take this long, as a slow API
	// does.
	slow time.Duration
	// threads are the channel ids that GET /channels/{id} calls public
	// threads; every other channel is a text channel.
	threads map[string]bool
	posted  []string // ids of the messages created, in order
}

// request is one REST call as the stand-in received it.
type request struct {
	Method, Path, Query, Auth string
	Body                      []byte
	Status                    int
	At                        time.Time
}

// resume is an op 6 the client sent.
type resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

type gwConn struct {
	ws       *websocket.Conn
	mu       sync.Mutex // one writer at a time
	identify json.RawMessage
}

func (g *gwConn) send(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return g.ws.WriteJSON(v)
}

const (
	goneChannelID = "100000000000000404" // a channel deleted under the bot's feet
	testUserID    = "100000000000000001"
	testAppID     = "100000000000000002"
	testSessionID = "stand-in-session-1"
)

func newStandIn(t testing.TB) *standIn {
	s := &standIn{t: t, changed: make(chan struct{}), limits: map[string][]float64{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v9/gateway", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, map[string]string{"url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway"})
	})
	mux.HandleFunc("GET /gateway/", s.serveGateway)
	mux.HandleFunc("PUT /api/v9/applications/{app}/commands", s.overwriteCommands)
	mux.HandleFunc("PUT /api/v9/applications/{app}/guilds/{guild}/commands", s.overwriteCommands)
	mux.HandleFunc("POST /api/v9/channels/{channel}/messages", s.createMessage)
	mux.HandleFunc("GET /api/v9/channels/{channel}", s.getChannel)
	mux.HandleFunc("POST /api/v9/interactions/{id}/{token}/callback", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("PATCH /api/v9/webhooks/{app}/{token}/messages/@original", s.webhookMessage)
	mux.HandleFunc("POST /api/v9/webhooks/{app}/{token}", s.webhookMessage)
	s.srv = httptest.NewServer(s.record(mux))
	t.Cleanup(s.close)
	return s
}

// close stops the server and the gateway connections, which
// httptest.Server.Close leaves open because they were hijacked.
func (s *standIn) close() {
	s.srv.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.conns {
		g.ws.Close()
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// record notes every REST call, and answers with a 429 instead where one
// is due.
func (s *standIn) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gateway/") {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		req := request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body, At: time.Now()}
		if r.Method == http.MethodPost && strings.HasPrefix(r.URL.Path, "/api/v9/channels/") {
			if fault := s.takeFault(); fault != "" {
				req.Status = s.inject(w, fault)
				s.add(req)
				return
			}
			if !s.withinLimit(w, r.URL.Path) {
				req.Status = http.StatusTooManyRequests
				s.add(req)
				return
			}
			s.mu.Lock()
			hold, slow := s.hold, s.slow
			if hold != nil {
				s.held++
				s.signal()
			}
			s.mu.Unlock()
			if slow > 0 {
				time.Sleep(slow)
			}
			if hold != nil {
				select {
				case <-hold:
				case <-r.Context().Done():
					req.Status = -1 // the client gave up
					s.add(req)
					return
				}
			}
		}
		if retry, ok := s.takeLimit(r.Method + " " + r.URL.Path); ok {
			secs := strconv.FormatFloat(retry, 'f', -1, 64)
			h := w.Header()
			h.Set("Retry-After", secs)
			h.Set("X-RateLimit-Limit", "5")
			h.Set("X-RateLimit-Remaining", "0")
			h.Set("X-RateLimit-Reset-After", secs)
			h.Set("X-RateLimit-Scope", "user")
			h.Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": retry, "global": false})
			req.Status = http.StatusTooManyRequests
			s.add(req)
			return
		}
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		req.Status = sw.status
		s.add(req)
	})
}

func (s *standIn) takeFault() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.faults) == 0 {
		return ""
	}
	f := s.faults[0]
	s.faults = s.faults[1:]
	return f
}

// inject answers with a fault and returns the status recorded for it; a
// dropped connection is recorded as 0.
func (s *standIn) inject(w http.ResponseWriter, fault string) int {
	if fault == "drop" {
		if conn, _, err := http.NewResponseController(w).Hijack(); err == nil {
			conn.Close()
		}
		return 0
	}
	code, _ := strconv.Atoi(fault)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	io.WriteString(w, `{"message":"Internal Server Error","code":0}`)
	return code
}

// withinLimit applies the per-channel limit, if any, setting Discord's
// rate-limit headers; it answers 429 itself and returns false when the
// post is over the limit.
func (s *standIn) withinLimit(w http.ResponseWriter, path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perWindow == 0 {
		return true
	}
	if s.windowStart == nil {
		s.windowStart, s.windowUsed = map[string]time.Time{}, map[string]int{}
	}
	now := time.Now()
	if now.Sub(s.windowStart[path]) >= s.window {
		s.windowStart[path], s.windowUsed[path] = now, 0
	}
	left := (s.window - now.Sub(s.windowStart[path])).Seconds()
	resetAfter := strconv.FormatFloat(left, 'f', 3, 64)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.perWindow))
	h.Set("X-RateLimit-Reset-After", resetAfter)
	h.Set("X-RateLimit-Bucket", "stand-in-"+path)
	if s.windowUsed[path] >= s.perWindow {
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("Retry-After", resetAfter)
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": left, "global": false})
		return false
	}
	s.windowUsed[path]++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.perWindow-s.windowUsed[path]))
	return true
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (s *standIn) add(r request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.reqs = append(s.reqs, r)
	s.signal()
}

// signal wakes the waiters; s.mu is held.
func (s *standIn) signal() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// rateLimit makes the next call to METHOD /path fail with a 429 asking to
// retry after retryAfter seconds.
func (s *standIn) rateLimit(methodPath string, retryAfter float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[methodPath] = append(s.limits[methodPath], retryAfter)
}

func (s *standIn) takeLimit(methodPath string) (float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.limits[methodPath]
	if len(q) == 0 {
		return 0, false
	}
	s.limits[methodPath] = q[1:]
	return q[0], true
}

func (s *standIn) nextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids++
	return strconv.FormatInt(900000000000000000+s.ids, 10)
}

func (s *standIn) overwriteCommands(w http.ResponseWriter, r *http.Request) {
	var cmds []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
		return
	}
	for _, c := range cmds {
		c["id"], c["application_id"], c["version"] = s.nextID(), r.PathValue("app"), "1"
		if g := r.PathValue("guild"); g != "" {
			c["guild_id"] = g
		}
	}
	writeJSON(w, cmds)
}

func (s *standIn) createMessage(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Embeds []json.RawMessage `json:"embeds"`
		Ref    *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
		return
	}
	if r.PathValue("channel") == goneChannelID {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Unknown Channel","code":10003}`)
		return
	}
	s.mu.Lock()
	noEmbeds := s.noEmbeds
	s.mu.Unlock()
	if noEmbeds && len(body.Embeds) > 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"Missing Permissions","code":50013}`)
		return
	}
	id := s.nextID()
	s.mu.Lock()
	s.posted = append(s.posted, id)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"id": id, "channel_id": r.PathValue("channel"), "type": 0})
	s.mu.Lock()
	replies := s.replies
	s.mu.Unlock()
	if replies != nil && body.Ref != nil {
		select {
		case replies <- body.Ref.MessageID:
		default:
		}
	}
}

func (s *standIn) getChannel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("channel")
	s.mu.Lock()
	thread := s.threads[id]
	s.mu.Unlock()
	if thread {
		writeJSON(w, map[string]any{"id": id, "type": discordgo.ChannelTypeGuildPublicThread, "parent_id": "200000000000000002"})
		return
	}
	writeJSON(w, map[string]any{"id": id, "type": discordgo.ChannelTypeGuildText})
}

func (s *standIn) webhookMessage(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"id": s.nextID(), "channel_id": "1", "type": 0, "flags": 0})
}

// serveGateway is one gateway connection: Hello, then Identify (answered
// with READY) or Resume (answered with RESUMED), then heartbeats acked
// until the connection ends. Dispatches go out through dispatch.
func (s *standIn) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	refuse := s.refuse
	if refuse {
		s.refused++
		s.signal()
	}
	s.mu.Unlock()
	if refuse {
		http.Error(w, "gateway unavailable", http.StatusServiceUnavailable)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	g := &gwConn{ws: ws}
	s.mu.Lock()
	s.conns = append(s.conns, g)
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		s.ended++
		s.signal()
		s.mu.Unlock()
	}()

	if g.send(map[string]any{"op": 10, "d": map[string]any{"heartbeat_interval": 41250}}) != nil {
		return
	}
	var first struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	ws.SetReadDeadline(time.Now().Add(10 * time.Second))
	if err := ws.ReadJSON(&first); err != nil {
		return
	}
	ws.SetReadDeadline(time.Time{})

	s.mu.Lock()
	if len(s.closeWith) > 0 {
		code := s.closeWith[0]
		s.closeWith = s.closeWith[1:]
		s.mu.Unlock()
		g.mu.Lock()
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "stand-in says go away"), time.Now().Add(time.Second))
		g.mu.Unlock()
		return
	}
	switch first.Op {
	case 2:
		g.identify = first.D
		s.seq = 1
		s.live = g
		err = g.send(map[string]any{"op": 0, "t": "READY", "s": s.seq, "d": map[string]any{
			"v":                  9,
			"session_id":         testSessionID,
			"resume_gateway_url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway",
			"user":               map[string]any{"id": testUserID, "username": "recruitbot", "discriminator": "0", "bot": true},
			"application":        map[string]any{"id": testAppID, "flags": 0},
			"guilds":             []any{},
			"private_channels":   []any{},
		}})
	case 6:
		var res resume
		json.Unmarshal(first.D, &res)
		s.resumes = append(s.resumes, res)
		s.seq++
		s.live = g
		err = g.send(map[string]any{"op": 0, "t": "RESUMED", "s": s.seq, "d": map[string]any{}})
	default:
		err = io.ErrUnexpectedEOF
	}
	s.signal()
	s.mu.Unlock()
	if err != nil {
		return
	}

	for {
		var f struct {
			Op int `json:"op"`
		}
		if err := ws.ReadJSON(&f); err != nil {
			return
		}
		if f.Op == 1 {
			if g.send(map[string]any{"op": 11}) != nil {
				return
			}
		}
	}
}

// dispatch sends an event to the client over the live connection.
func (s *standIn) dispatch(event string, d any) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.live == nil {
		s.t.Fatalf("dispatch %s: no gateway connection", event)
	}
	s.seq++
	if err := s.live.send(map[string]any{"op": 0, "t": event, "s": s.seq, "d": d}); err != nil {
		s.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// sendOp sends a bare opcode, such as 7 (Reconnect), on the live connection.
func (s *standIn) sendOp(op int) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.live.send(map[string]any{"op": op, "d": nil}); err != nil {
		s.t.Fatalf("op %d: %v", op, err)
	}
}

// drop cuts the live connection without a close frame, as a network would.
func (s *standIn) drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.live.ws.NetConn().Close()
}

// lastSeq is the sequence number of the last event sent.
func (s *standIn) lastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.seq
}

// waitFor waits until cond, called with s.mu held, holds; it fails the
// test after 15 seconds.
func (s *standIn) waitFor(what string, cond func() bool) {
	s.t.Helper()
	deadline := time.NewTimer(15 * time.Second)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		ok, changed := cond(), s.changed
		s.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-changed:
		case <-deadline.C:
			s.t.Fatalf("timed out waiting for %s", what)
		}
	}
}

// calls returns the recorded requests to METHOD /path (path may end in
// "*" to match a prefix) that got the given status; status 0 matches any.
// s.mu must be held.
func (s *standIn) callsLocked(method, path string, status int) []request {
	var out []request
	for _, r := range s.reqs {
		match := r.Path == path
		if p, ok := strings.CutSuffix(path, "*"); ok {
			match = strings.HasPrefix(r.Path, p)
		}
		if r.Method == method && match && (status == 0 || r.Status == status) {
			out = append(out, r)
		}
	}
	return out
}

func (s *standIn) calls(method, path string, status int) []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.callsLocked(method, path, status)
}

// waitCalls waits until there are at least n such calls and returns them.
func (s *standIn) waitCalls(n int, method, path string, status int) []request {
	s.t.Helper()
	s.waitFor(strconv.Itoa(n)+" "+method+" "+path, func() bool { return len(s.callsLocked(method, path, status)) >= n })
	return s.calls(method, path, status)
}
