// Package discordtest is Discord as far as a client can tell, on
// 127.0.0.1: the REST endpoints the recruitbot adapter calls, recorded,
// and a gateway that speaks the protocol discordgo expects. The adapter's
// own tests and the tests of the whole program use it alike.
package discordtest

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

	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
)

// Server is Discord as far as the adapter can tell, on 127.0.0.1: the
// REST endpoints the adapter calls, recorded, and a gateway that speaks the
// protocol discordgo expects: Hello, Identify and READY, heartbeats and
// their acks, dispatches with sequence numbers, op 7 Reconnect and op 6
// Resume answered with RESUMED.
//
// Its exported fields are set before the client runs, or read and set
// under Lock while it runs (WaitFor's condition holds the lock already).
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	changed chan struct{} // closed and replaced whenever something is recorded
	Reqs    []Request
	Resumes []Resume
	Conns   []*Conn
	Live    *Conn // the connection dispatches go to
	Ended   int   // gateway connections that have ended
	Refuse  bool  // answer gateway connections with 503, as during an outage
	Refused int   // gateway connections refused
	// NoEmbeds answers messages with embeds 403 Missing Permissions, to
	// drive the adapter's plain-text fallback.
	NoEmbeds bool
	Seq      int64 // of the last event sent
	ids      int64
	limits   map[string][]float64 // "METHOD /path" -> retry_after of the 429s still to send
	// Replies, when set, receives the referenced message id of every reply
	// posted, as it arrives.
	Replies chan string
	// PerWindow, when set, limits posts to a channel to that many a
	// Window, telling the client with X-RateLimit-* headers as Discord
	// does and answering 429 to a post over the limit.
	PerWindow   int
	Window      time.Duration
	windowStart map[string]time.Time
	windowUsed  map[string]int
	// Faults are answers to give the next posts to a channel instead of
	// creating the message: "500", or "drop" to close the connection.
	Faults []string
	// CloseWith are close codes to end the next gateway connections with,
	// one each, right after Identify.
	CloseWith []int
	// Hold, while shut, keeps each post to a channel waiting until it
	// opens or the client gives up (recorded with status -1). It needs
	// no lock.
	Hold chattest.Hold
	// Slow makes every post to a channel take this long, as a slow API
	// does.
	Slow time.Duration
	// Threads are the channel ids that GET /channels/{id} calls public
	// threads; every other channel is a text channel.
	Threads map[string]bool
	Posted  []string // ids of the messages created, in order
}

// Request is one REST call as the stand-in received it.
type Request struct {
	Method, Path, Query, Auth string
	Body                      []byte
	Status                    int
	At                        time.Time
}

// Resume is an op 6 the client sent.
type Resume struct {
	Token     string `json:"token"`
	SessionID string `json:"session_id"`
	Seq       int64  `json:"seq"`
}

// Conn is one gateway connection.
type Conn struct {
	ws       *websocket.Conn
	mu       sync.Mutex      // one writer at a time
	Identify json.RawMessage // the client's op 2, if it identified
}

func (g *Conn) send(v any) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
	return g.ws.WriteJSON(v)
}

// The ids the stand-in answers with.
const (
	GoneChannelID = "100000000000000404" // a channel deleted under the bot's feet
	UserID        = "100000000000000001"
	AppID         = "100000000000000002"
	SessionID     = "stand-in-session-1"
)

// New serves a Server until the test ends.
func New(t testing.TB) *Server {
	s := &Server{t: t, changed: make(chan struct{}), limits: map[string][]float64{}}
	s.Hold.OnHold = func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.signal()
	}
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
	t.Cleanup(s.Close)
	return s
}

// Close stops the server and the gateway connections, which
// httptest.Server.Close leaves open because they were hijacked.
func (s *Server) Close() {
	s.srv.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, g := range s.Conns {
		g.ws.Close()
	}
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// record notes every REST call, and answers with a 429 instead where one
// is due.
func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/gateway/") {
			next.ServeHTTP(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		req := Request{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Auth: r.Header.Get("Authorization"), Body: body, At: time.Now()}
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
			slow := s.Slow
			s.mu.Unlock()
			if slow > 0 {
				time.Sleep(slow)
			}
			if s.Hold.Wait(r) {
				req.Status = -1 // the client gave up
				s.add(req)
				return
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

func (s *Server) takeFault() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.Faults) == 0 {
		return ""
	}
	f := s.Faults[0]
	s.Faults = s.Faults[1:]
	return f
}

// inject answers with a fault and returns the status recorded for it; a
// dropped connection is recorded as 0.
func (s *Server) inject(w http.ResponseWriter, fault string) int {
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
func (s *Server) withinLimit(w http.ResponseWriter, path string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.PerWindow == 0 {
		return true
	}
	if s.windowStart == nil {
		s.windowStart, s.windowUsed = map[string]time.Time{}, map[string]int{}
	}
	now := time.Now()
	if now.Sub(s.windowStart[path]) >= s.Window {
		s.windowStart[path], s.windowUsed[path] = now, 0
	}
	left := (s.Window - now.Sub(s.windowStart[path])).Seconds()
	resetAfter := strconv.FormatFloat(left, 'f', 3, 64)
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.PerWindow))
	h.Set("X-RateLimit-Reset-After", resetAfter)
	h.Set("X-RateLimit-Bucket", "stand-in-"+path)
	if s.windowUsed[path] >= s.PerWindow {
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("Retry-After", resetAfter)
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		json.NewEncoder(w).Encode(map[string]any{"message": "You are being rate limited.", "retry_after": left, "global": false})
		return false
	}
	s.windowUsed[path]++
	h.Set("X-RateLimit-Remaining", strconv.Itoa(s.PerWindow-s.windowUsed[path]))
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

func (s *Server) add(r Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Reqs = append(s.Reqs, r)
	s.signal()
}

// signal wakes the waiters; s.mu is held.
func (s *Server) signal() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// RateLimit makes the next call to METHOD /path fail with a 429 asking to
// retry after retryAfter seconds.
func (s *Server) RateLimit(methodPath string, retryAfter float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits[methodPath] = append(s.limits[methodPath], retryAfter)
}

func (s *Server) takeLimit(methodPath string) (float64, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	q := s.limits[methodPath]
	if len(q) == 0 {
		return 0, false
	}
	s.limits[methodPath] = q[1:]
	return q[0], true
}

// NextID is a new snowflake for something the stand-in creates.
func (s *Server) NextID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ids++
	return strconv.FormatInt(900000000000000000+s.ids, 10)
}

func (s *Server) overwriteCommands(w http.ResponseWriter, r *http.Request) {
	var cmds []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&cmds); err != nil {
		http.Error(w, `{"message":"Invalid Form Body","code":50035}`, http.StatusBadRequest)
		return
	}
	for _, c := range cmds {
		c["id"], c["application_id"], c["version"] = s.NextID(), r.PathValue("app"), "1"
		if g := r.PathValue("guild"); g != "" {
			c["guild_id"] = g
		}
	}
	writeJSON(w, cmds)
}

func (s *Server) createMessage(w http.ResponseWriter, r *http.Request) {
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
	if r.PathValue("channel") == GoneChannelID {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Unknown Channel","code":10003}`)
		return
	}
	s.mu.Lock()
	noEmbeds := s.NoEmbeds
	s.mu.Unlock()
	if noEmbeds && len(body.Embeds) > 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"Missing Permissions","code":50013}`)
		return
	}
	id := s.NextID()
	s.mu.Lock()
	s.Posted = append(s.Posted, id)
	s.mu.Unlock()
	writeJSON(w, map[string]any{"id": id, "channel_id": r.PathValue("channel"), "type": 0})
	s.mu.Lock()
	replies := s.Replies
	s.mu.Unlock()
	if replies != nil && body.Ref != nil {
		select {
		case replies <- body.Ref.MessageID:
		default:
		}
	}
}

func (s *Server) getChannel(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("channel")
	s.mu.Lock()
	thread := s.Threads[id]
	s.mu.Unlock()
	if thread {
		writeJSON(w, map[string]any{"id": id, "type": discordgo.ChannelTypeGuildPublicThread, "parent_id": "200000000000000002"})
		return
	}
	writeJSON(w, map[string]any{"id": id, "type": discordgo.ChannelTypeGuildText})
}

func (s *Server) webhookMessage(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, map[string]any{"id": s.NextID(), "channel_id": "1", "type": 0, "flags": 0})
}

// serveGateway is one gateway connection: Hello, then Identify (answered
// with READY) or Resume (answered with RESUMED), then heartbeats acked
// until the connection ends. Dispatches go out through dispatch.
func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	refuse := s.Refuse
	if refuse {
		s.Refused++
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
	g := &Conn{ws: ws}
	s.mu.Lock()
	s.Conns = append(s.Conns, g)
	s.mu.Unlock()
	defer func() {
		ws.Close()
		s.mu.Lock()
		s.Ended++
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
	if len(s.CloseWith) > 0 {
		code := s.CloseWith[0]
		s.CloseWith = s.CloseWith[1:]
		s.mu.Unlock()
		g.mu.Lock()
		ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, "stand-in says go away"), time.Now().Add(time.Second))
		g.mu.Unlock()
		return
	}
	switch first.Op {
	case 2:
		g.Identify = first.D
		s.Seq = 1
		s.Live = g
		err = g.send(map[string]any{"op": 0, "t": "READY", "s": s.Seq, "d": map[string]any{
			"v":                  9,
			"session_id":         SessionID,
			"resume_gateway_url": "ws" + strings.TrimPrefix(s.srv.URL, "http") + "/gateway",
			"user":               map[string]any{"id": UserID, "username": "recruitbot", "discriminator": "0", "bot": true},
			"application":        map[string]any{"id": AppID, "flags": 0},
			"guilds":             []any{},
			"private_channels":   []any{},
		}})
	case 6:
		var res Resume
		json.Unmarshal(first.D, &res)
		s.Resumes = append(s.Resumes, res)
		s.Seq++
		s.Live = g
		err = g.send(map[string]any{"op": 0, "t": "RESUMED", "s": s.Seq, "d": map[string]any{}})
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

// URL is where the stand-in listens, for the adapter's API URL.
func (s *Server) URL() string { return s.srv.URL }

// Lock guards the exported fields while the client runs.
func (s *Server) Lock() { s.mu.Lock() }

// Unlock releases Lock.
func (s *Server) Unlock() { s.mu.Unlock() }

// Dispatch sends an event to the client over the live connection.
func (s *Server) Dispatch(event string, d any) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Live == nil {
		s.t.Fatalf("dispatch %s: no gateway connection", event)
	}
	s.Seq++
	if err := s.Live.send(map[string]any{"op": 0, "t": event, "s": s.Seq, "d": d}); err != nil {
		s.t.Fatalf("dispatch %s: %v", event, err)
	}
}

// SendOp sends a bare opcode, such as 7 (Reconnect), on the live connection.
func (s *Server) SendOp(op int) {
	s.t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.Live.send(map[string]any{"op": op, "d": nil}); err != nil {
		s.t.Fatalf("op %d: %v", op, err)
	}
}

// Drop cuts the live connection without a close frame, as a network would.
func (s *Server) Drop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Live.ws.NetConn().Close()
}

// LastSeq is the sequence number of the last event sent.
func (s *Server) LastSeq() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.Seq
}

// WaitFor waits until cond, called with s.mu held, holds; it fails the
// test after 15 seconds.
func (s *Server) WaitFor(what string, cond func() bool) {
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

// CallsLocked returns the recorded requests to METHOD /path (path may end in
// "*" to match a prefix) that got the given status; status 0 matches any.
// s.mu must be held.
func (s *Server) CallsLocked(method, path string, status int) []Request {
	var out []Request
	for _, r := range s.Reqs {
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

// Calls is CallsLocked, taking the lock.
func (s *Server) Calls(method, path string, status int) []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.CallsLocked(method, path, status)
}

// WaitCalls waits until there are at least n such calls and returns them.
func (s *Server) WaitCalls(n int, method, path string, status int) []Request {
	s.t.Helper()
	s.WaitFor(strconv.Itoa(n)+" "+method+" "+path, func() bool { return len(s.CallsLocked(method, path, status)) >= n })
	return s.Calls(method, path, status)
}
