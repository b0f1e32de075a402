package slack

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/internal/retry"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func TestMain(m *testing.M) {
	code := m.Run()
	closeBot()
	if code == 0 {
		// Run must leave nothing behind: no websocket reader, no reply, no
		// idle HTTP connection.
		if err := goleak.Find(bleveWorkers); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// bleveWorkers are the index library's process-wide analysis goroutines,
// started when the package loads.
var bleveWorkers = goleak.IgnoreTopFunction("github.com/blevesearch/bleve_index_api.AnalysisWorker")

// harness runs an adapter against the Slack stand-in.
type harness struct {
	fake   *slacktest.Server
	a      *Adapter
	base   string // the Events API's URL; "" in Socket Mode
	client *http.Client
	logs   *testkit.SyncBuffer
	cancel context.CancelFunc
	done   chan error
	once   sync.Once
	err    error
}

// testBackoff makes a second of Slack's Retry-After, or of backoff, last
// ten milliseconds.
var testBackoff = retry.Backoff{Scale: 0.01}

func startAdapter(t testing.TB, r bot.Responder, eventsAPI bool, opts ...chat.Option) *harness {
	t.Helper()
	return startTweaked(t, r, eventsAPI, func(*Adapter) {}, opts...)
}

// startTweaked is startAdapter, with tweak applied to the adapter before
// it runs.
func startTweaked(t testing.TB, r bot.Responder, eventsAPI bool, tweak func(*Adapter), opts ...chat.Option) *harness {
	t.Helper()
	// Registered first, so it runs last: after Run has returned and the
	// stand-in has closed, nothing either started may still be running.
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	return launch(t, slacktest.New(t), r, eventsAPI, func(a *Adapter) {
		a.backoff = testBackoff
		tweak(a)
	}, opts...)
}

// launch runs an adapter against fake, over the Events API or Socket
// Mode, until the test ends.
func launch(t testing.TB, fake *slacktest.Server, r bot.Responder, eventsAPI bool, tweak func(*Adapter), opts ...chat.Option) *harness {
	t.Helper()
	cfg := Config{
		BotToken:   slacktest.BotToken,
		APIURL:     fake.APIURL(),
		Recruiters: []string{slacktest.RecruiterID},
		Channels:   map[string]string{slacktest.RoleChannel: roleID},
	}
	if eventsAPI {
		cfg.SigningSecret, cfg.EventsAddr = slacktest.Secret, "127.0.0.1:0"
	} else {
		cfg.AppToken = slacktest.AppToken
	}
	h := &harness{fake: fake, logs: &testkit.SyncBuffer{}, done: make(chan error, 1),
		client: &http.Client{Transport: &http.Transport{}, Timeout: slacktest.Wait}}
	a, err := New(cfg, slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})), opts...)
	if err != nil {
		t.Fatal(err)
	}
	tweak(a)
	h.a = a
	addr := make(chan net.Addr, 1)
	a.listening = func(x net.Addr) { addr <- x }
	ctx, cancel := context.WithCancel(context.Background())
	h.cancel = cancel
	go func() { h.done <- a.Run(ctx, r) }()
	t.Cleanup(func() {
		h.stop(t)
		h.client.CloseIdleConnections()
		if t.Failed() {
			t.Logf("adapter log:\n%s", h.logs)
		}
	})
	if eventsAPI {
		select {
		case x := <-addr:
			h.base = "http://" + x.String()
		case err := <-h.done:
			t.Fatalf("Run returned early: %v", err)
		case <-time.After(slacktest.Wait):
			t.Fatal("the Events API did not start listening")
		}
	}
	return h
}

// stop ends Run and returns its error; replies under way finish first.
func (h *harness) stop(t testing.TB) error {
	t.Helper()
	h.once.Do(func() {
		h.cancel()
		select {
		case h.err = <-h.done:
		case <-time.After(slacktest.Wait):
			t.Fatal("Run did not return after its context ended")
		}
	})
	return h.err
}

// event posts a signed event and returns the response's status and body.
func (h *harness) event(t testing.TB, payload any, header ...string) (int, string) {
	t.Helper()
	req := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", slacktest.MustJSON(t, payload), time.Now())
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return slacktest.Do(t, h.client, req)
}

func (h *harness) command(t testing.TB, cmd map[string]any) (int, string) {
	t.Helper()
	return slacktest.Do(t, h.client, slacktest.SignedRequest(t, h.base, "/slack/commands", "application/x-www-form-urlencoded", slacktest.SlashForm(cmd), time.Now()))
}

// checkHCPC checks the answer to "Do I need HCPC registration?".
func checkHCPC(t testing.TB, p slacktest.Post) {
	t.Helper()
	if len(p.Texts("section")) == 0 || p.Text == "" {
		t.Errorf("the answer has no text: %+v", p)
	}
	cites := p.Texts("context")
	if len(cites) == 0 {
		t.Fatalf("the answer cites nothing: %+v", p)
	}
	if !strings.HasPrefix(cites[0], "*Qualifications · Essential*") ||
		!strings.Contains(strings.Join(p.Texts("section"), "\n"), "> Health & Care Professions Council (HCPC) registration") {
		t.Errorf("first citation %q, want the essential HCPC registration criterion", cites[0])
	}
	if p.UnfurlLinks != "false" {
		t.Errorf("link unfurling not disabled: unfurl_links=%q", p.UnfurlLinks)
	}
}

func count(posts []slacktest.Post, method string) int {
	n := 0
	for _, p := range posts {
		if p.Method == method {
			n++
		}
	}
	return n
}

const hcpcQuestion = "Do I need HCPC registration?"

func TestEventsMentionAnsweredOnceInItsThread(t *testing.T) {
	h := startAdapter(t, realBot(t), true)

	status, body := h.event(t, map[string]any{"token": "legacy", "type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"})
	if status != http.StatusOK || !strings.Contains(body, `"challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"`) {
		t.Errorf("url_verification: %d %s", status, body)
	}

	ev := slacktest.Callback("Ev01", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))
	if status, body := h.event(t, ev); status != http.StatusOK || body != "" {
		t.Fatalf("event: %d %q, want an empty 200", status, body)
	}
	p := h.fake.Next(t)
	if p.Method != "chat.postMessage" || p.Channel != slacktest.RoleChannel || p.ThreadTS != "1700000000.000100" {
		t.Errorf("answer posted with %s to %s thread %q; want chat.postMessage in the mention's thread", p.Method, p.Channel, p.ThreadTS)
	}
	checkHCPC(t, p)

	// Slack retries when it thinks the first delivery failed.
	if status, _ := h.event(t, ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"); status != http.StatusOK {
		t.Errorf("retry: %d", status)
	}
	// The same message under another event id is still the same message.
	if status, _ := h.event(t, slacktest.Callback("Ev01-again", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))); status != http.StatusOK {
		t.Errorf("redelivery: %d", status)
	}

	// A mention inside a thread is answered in that thread.
	h.event(t, slacktest.Callback("Ev02", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000300", "1700000000.000200", "<@"+slacktest.BotUserID+"|recruitbot> "+hcpcQuestion)))
	if p := h.fake.Next(t); p.ThreadTS != "1700000000.000200" {
		t.Errorf("reply in thread %q, want the thread's root 1700000000.000200", p.ThreadTS)
	} else {
		checkHCPC(t, p)
	}

	// An empty mention still gets an answer.
	h.event(t, slacktest.Callback("Ev03", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000400", "", "<@"+slacktest.BotUserID+">")))
	if p := h.fake.Next(t); len(p.Texts("section")) == 0 || p.ThreadTS != "1700000000.000400" {
		t.Errorf("an empty mention should be answered in its thread: %+v", p)
	}

	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if n := len(h.fake.All()); n != 3 {
		t.Errorf("%d posts, want 3: redeliveries must not be answered", n)
	}
	if logs := h.logs.String(); strings.Contains(logs, "HCPC") {
		t.Errorf("message text in the log:\n%s", logs)
	}
}

func TestEventsIgnoresBotsEditsAndChannelChatter(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	fromBot := slacktest.DirectMessage("", "1700000001.000100", hcpcQuestion)
	fromBot["bot_id"], fromBot["subtype"] = "B0OTHER", "bot_message"
	botNoSubtype := slacktest.DirectMessage("U0OTHERBOT", "1700000001.000200", hcpcQuestion)
	botNoSubtype["bot_id"] = "B0OTHER"
	own := slacktest.DirectMessage(slacktest.BotUserID, "1700000001.000300", "Here is what I found")
	edited := map[string]any{"type": "message", "subtype": "message_changed", "channel": slacktest.DMChannel, "channel_type": "im",
		"hidden": true, "ts": "1700000001.000400", "event_ts": "1700000001.000400",
		"message": map[string]any{"type": "message", "user": slacktest.ApplicantID, "text": hcpcQuestion, "ts": "1700000000.000900",
			"edited": map[string]any{"user": slacktest.ApplicantID, "ts": "1700000001.000400"}},
		"previous_message": map[string]any{"type": "message", "user": slacktest.ApplicantID, "text": "Do I need HPC?", "ts": "1700000000.000900"}}
	deleted := map[string]any{"type": "message", "subtype": "message_deleted", "channel": slacktest.DMChannel, "channel_type": "im",
		"hidden": true, "ts": "1700000001.000500", "deleted_ts": "1700000000.000900", "event_ts": "1700000001.000500"}
	inChannel := slacktest.DirectMessage(slacktest.ApplicantID, "1700000001.000600", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)
	inChannel["channel"], inChannel["channel_type"] = slacktest.RoleChannel, "channel"
	botMention := slacktest.Mention(slacktest.RoleChannel, "U0OTHERBOT", "1700000001.000700", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)
	botMention["bot_id"] = "B0OTHER"
	for i, e := range []map[string]any{fromBot, botNoSubtype, own, edited, deleted, inChannel, botMention} {
		if status, _ := h.event(t, slacktest.Callback(fmt.Sprintf("EvIgnored%d", i), e)); status != http.StatusOK {
			t.Errorf("event %d: status %d", i, status)
		}
	}

	h.event(t, slacktest.Callback("EvDM", slacktest.DirectMessage(slacktest.ApplicantID, "1700000001.000800", hcpcQuestion)))
	p := h.fake.Next(t)
	if p.Channel != slacktest.DMChannel || p.ThreadTS != "" {
		t.Errorf("DM answered in %s thread %q, want the DM itself", p.Channel, p.ThreadTS)
	}
	checkHCPC(t, p)

	h.stop(t)
	if n := len(h.fake.All()); n != 1 {
		t.Errorf("%d posts, want only the answer to the DM", n)
	}
}

func TestEventsRejectsWhatSlackDidNotSend(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	body := slacktest.MustJSON(t, slacktest.Callback("EvForged", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000002.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))

	forged := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", body, time.Now())
	_, sig := slacktest.Sign("not-the-secret", time.Now(), body)
	forged.Header.Set("X-Slack-Signature", sig)
	stale := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", body, time.Now().Add(-6*time.Minute))
	unsigned := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", body, time.Now())
	unsigned.Header.Del("X-Slack-Signature")
	tampered := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", body, time.Now())
	tampered.Body = http.NoBody
	huge := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", bytes.Repeat([]byte(" "), maxBody+1), time.Now())
	command := slacktest.SignedRequest(t, h.base, "/slack/commands", "application/x-www-form-urlencoded",
		slacktest.SlashForm(h.fake.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "duty 7", "trig-forged")), time.Now())
	command.Header.Set("X-Slack-Signature", sig)
	get, _ := http.NewRequest(http.MethodGet, h.base+"/slack/events", nil)

	for _, tc := range []struct {
		name string
		req  *http.Request
		want int
	}{
		{"forged signature", forged, http.StatusUnauthorized},
		{"stale timestamp", stale, http.StatusUnauthorized},
		{"no signature", unsigned, http.StatusUnauthorized},
		{"body not the one signed", tampered, http.StatusUnauthorized},
		{"too large", huge, http.StatusRequestEntityTooLarge},
		{"forged command", command, http.StatusUnauthorized},
		{"wrong method", get, http.StatusMethodNotAllowed},
	} {
		if status, _ := slacktest.Do(t, h.client, tc.req); status != tc.want {
			t.Errorf("%s: status %d, want %d", tc.name, status, tc.want)
		}
	}

	// Bad payloads are acknowledged, so Slack does not retry them, and
	// do not stop the adapter.
	for _, payload := range []string{`{"type":"event_callback","event_id":"EvBad",`, `{"type":"event_callback","event_id":"EvOdd","event":{"type":"no_such_event"}}`, `[]`} {
		req := slacktest.SignedRequest(t, h.base, "/slack/events", "application/json", []byte(payload), time.Now())
		if status, _ := slacktest.Do(t, h.client, req); status != http.StatusOK {
			t.Errorf("bad payload %s: status %d, want 200", payload, status)
		}
	}
	h.event(t, slacktest.Callback("EvGood", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000002.000200", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	checkHCPC(t, h.fake.Next(t))

	h.stop(t)
	if n := len(h.fake.All()); n != 1 {
		t.Errorf("%d posts, want only the answer to the signed event", n)
	}
}

func TestEventsSlashCommands(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	f := h.fake

	ack := func(cmd map[string]any) {
		t.Helper()
		if status, body := h.command(t, cmd); status != http.StatusOK || body != "" {
			t.Fatalf("command: %d %q, want an empty 200", status, body)
		}
	}

	ack(f.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "summary", "trig1"))
	p := f.Next(t)
	if p.Method != "response_url" || p.ResponseType != "ephemeral" || !strings.Contains(p.Text, "Only recruiters can post the role summary") {
		t.Errorf("a non-recruiter's summary: %s %s %q; want an ephemeral refusal", p.Method, p.ResponseType, p.Text)
	}

	ack(f.SlashCommand(slacktest.RecruiterID, slacktest.RoleChannel, "summary", "trig2"))
	p = f.Next(t)
	if p.Method != "chat.postMessage" || p.Channel != slacktest.RoleChannel || p.ThreadTS != "" {
		t.Errorf("a recruiter's summary: %s to %s; want chat.postMessage to the channel", p.Method, p.Channel)
	}
	if len(p.Blocks) == 0 || p.Blocks[0].Type != "header" || !strings.Contains(strings.ToLower(p.Blocks[0].Text.Text), "occupational therapist") {
		t.Errorf("the summary should open with the role's title as a header: %+v", p.Blocks)
	}

	ack(f.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "duty 7", "trig3"))
	p = f.Next(t)
	if p.Method != "response_url" || p.ResponseType != "ephemeral" {
		t.Errorf("/role duty 7 answered with %s %s, want ephemeral", p.Method, p.ResponseType)
	}
	if cites := p.Texts("context"); len(cites) == 0 || !strings.HasPrefix(cites[0], "*Key duty 7*") ||
		!strings.Contains(strings.Join(p.Texts("section"), "\n"), "> Complete assessments of environmental and behavioral risk factors") {
		t.Errorf("/role duty 7 should cite duty 7: %q", cites)
	}

	// Where the bot is not a member, the recruiter is told so.
	f.SetMember("C0ELSEWHERE", false)
	ack(f.SlashCommand(slacktest.RecruiterID, "C0ELSEWHERE", "summary", "trig4"))
	p = f.Next(t)
	if p.Method != "response_url" || !strings.Contains(p.Text, "/invite") {
		t.Errorf("summary where the bot is not a member: %s %q; want an ephemeral hint to invite it", p.Method, p.Text)
	}

	// In a direct message, anyone may read the summary; it stays private.
	ack(f.SlashCommand(slacktest.ApplicantID, slacktest.DMChannel, "summary", "trig5"))
	p = f.Next(t)
	if p.Method != "response_url" || p.ResponseType != "ephemeral" || len(p.Blocks) == 0 || p.Blocks[0].Type != "header" {
		t.Errorf("summary in a DM: %s %s; want it shown privately", p.Method, p.ResponseType)
	}

	h.stop(t)
	if n := len(f.All()); n != 5 {
		t.Errorf("%d posts, want 5", n)
	}
}

func TestEventsRateLimitedPostIsRetried(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	h.fake.Limit(1)
	h.event(t, slacktest.Callback("EvLimited", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000003.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	checkHCPC(t, h.fake.Next(t))
	h.stop(t)
	if n, tries := len(h.fake.All()), h.fake.Attempts(); n != 1 || tries != 2 {
		t.Errorf("%d posts after %d attempts; want the reply once, after one 429", n, tries)
	}
	if !strings.Contains(h.logs.String(), "rate limited") {
		t.Error("the 429 was not logged")
	}
}

func TestSocketMode(t *testing.T) {
	h := startAdapter(t, realBot(t), false)
	f := h.fake
	c := f.NextConn(t)

	e1 := slacktest.Envelope("env-1", "events_api", slacktest.Callback("EvS1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000004.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	c.Send(t, e1)
	c.Ack(t, "env-1")
	p := f.Next(t)
	if p.Channel != slacktest.RoleChannel || p.ThreadTS != "1700000004.000100" {
		t.Errorf("answer in %s thread %q, want the mention's thread", p.Channel, p.ThreadTS)
	}
	checkHCPC(t, p)

	// Redelivered: the same envelope, and Slack's retry in a new envelope.
	c.Send(t, e1)
	c.Ack(t, "env-1")
	retry := slacktest.Envelope("env-1-retry", "events_api", slacktest.Callback("EvS1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000004.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	retry["retry_attempt"], retry["retry_reason"] = 1, "timeout"
	c.Send(t, retry)
	c.Ack(t, "env-1-retry")

	// Payloads socketmode cannot parse are acknowledged all the same.
	c.Send(t, slacktest.Envelope("env-bad", "events_api", map[string]any{"type": "event_callback", "event_id": "EvS-bad", "event": map[string]any{"type": "no_such_event"}}))
	c.Ack(t, "env-bad")
	c.Send(t, slacktest.Envelope("env-worse", "events_api", 42))
	c.Ack(t, "env-worse")

	c.Send(t, slacktest.Envelope("env-cmd", "slash_commands", f.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "duty 7", "trig-s1")))
	c.Ack(t, "env-cmd")
	if p := f.Next(t); p.Method != "response_url" || p.ResponseType != "ephemeral" {
		t.Errorf("/role duty 7 over Socket Mode: %s %s, want ephemeral", p.Method, p.ResponseType)
	}

	// Still answering after all that; and envelopes are handled in order, so
	// the redeliveries above have been decided by now.
	c.Send(t, slacktest.Envelope("env-dm", "events_api", slacktest.Callback("EvS2", slacktest.DirectMessage(slacktest.ApplicantID, "1700000004.000200", hcpcQuestion))))
	c.Ack(t, "env-dm")
	if p := f.Next(t); p.Channel != slacktest.DMChannel {
		t.Errorf("DM answered in %s", p.Channel)
	}

	// The websocket drops: the adapter reconnects and answers again.
	c.Drop()
	c = f.NextConn(t)
	c.Send(t, slacktest.Envelope("env-3", "events_api", slacktest.Callback("EvS3", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000004.000300", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))))
	c.Ack(t, "env-3")
	checkHCPC(t, f.Next(t))

	// Slack asks for a reconnection, as it does every few hours.
	c.Send(t, map[string]any{"type": "disconnect", "reason": "refresh_requested", "debug_info": map[string]any{"host": "fake"}})
	c = f.NextConn(t)
	c.Send(t, slacktest.Envelope("env-4", "events_api", slacktest.Callback("EvS4", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000004.000400", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))))
	c.Ack(t, "env-4")
	checkHCPC(t, f.Next(t))

	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	posts := f.All()
	if n, r := count(posts, "chat.postMessage"), count(posts, "response_url"); n != 4 || r != 1 {
		t.Errorf("%d messages and %d private answers, want 4 and 1: each event answered once", n, r)
	}
	if n := f.Opens(); n != 3 {
		t.Errorf("%d apps.connections.open calls, want 3", n)
	}
}

// slowBot answers once it is released, to catch the adapter mid-reply.
type slowBot struct {
	started chan struct{}
	release chan struct{}
}

func (b slowBot) Answer(ctx context.Context, q bot.Question) bot.Answer {
	close(b.started)
	<-b.release
	return bot.Answer{Intent: bot.IntentHelp, Text: "Thanks for waiting."}
}

func (b slowBot) Run(ctx context.Context, q bot.Question, c bot.Command) bot.Answer {
	return b.Answer(ctx, q)
}

func TestShutdownFinishesRepliesUnderWay(t *testing.T) {
	b := slowBot{started: make(chan struct{}), release: make(chan struct{})}
	h := startAdapter(t, b, true)
	h.event(t, slacktest.Callback("EvSlow", slacktest.DirectMessage(slacktest.ApplicantID, "1700000005.000100", "hello?")))
	select {
	case <-b.started:
	case <-time.After(slacktest.Wait):
		t.Fatal("the bot was not asked")
	}
	h.cancel()
	close(b.release)
	if err := h.stop(t); err != nil {
		t.Errorf("Run: %v", err)
	}
	if posts := h.fake.All(); len(posts) != 1 || !strings.Contains(posts[0].Text, "Thanks for waiting") {
		t.Errorf("the reply under way at shutdown was not posted: %+v", posts)
	}
}

type panicBot struct{}

func (panicBot) Answer(context.Context, bot.Question) bot.Answer { panic("boom") }
func (panicBot) Run(context.Context, bot.Question, bot.Command) bot.Answer {
	panic("boom")
}

func TestFailingBotStillAnswers(t *testing.T) {
	h := startAdapter(t, panicBot{}, true)
	h.event(t, slacktest.Callback("EvPanic", slacktest.DirectMessage(slacktest.ApplicantID, "1700000006.000100", "hello?")))
	if p := h.fake.Next(t); !strings.Contains(p.Text, "something went wrong") {
		t.Errorf("want an apology, got %q", p.Text)
	}
	h.command(t, h.fake.SlashCommand(slacktest.ApplicantID, slacktest.RoleChannel, "duty 7", "trig-panic"))
	if p := h.fake.Next(t); p.Method != "response_url" || !strings.Contains(p.Text, "something went wrong") {
		t.Errorf("want a private apology, got %s %q", p.Method, p.Text)
	}
}

func TestRunRejectsBadTokens(t *testing.T) {
	fake := slacktest.New(t)
	for _, cfg := range []Config{
		{BotToken: "xoxb-revoked", AppToken: slacktest.AppToken, APIURL: fake.APIURL()},
		{BotToken: slacktest.BotToken, AppToken: "xapp-revoked", APIURL: fake.APIURL()},
	} {
		a, err := New(cfg, nil)
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), slacktest.Wait)
		if err := a.Run(ctx, realBot(t)); err == nil || !strings.Contains(err.Error(), "invalid_auth") {
			t.Errorf("Run = %v, want invalid_auth", err)
		}
		cancel()
	}
}

func TestHandlerUnavailableUntilRunning(t *testing.T) {
	a, err := New(Config{BotToken: slacktest.BotToken, SigningSecret: slacktest.Secret, EventsAddr: "127.0.0.1:0"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	ev := slacktest.Callback("EvEarly", slacktest.DirectMessage(slacktest.ApplicantID, "1700000007.000100", "hi"))
	if status, _ := slacktest.Do(t, c, slacktest.SignedRequest(t, srv.URL, "/slack/events", "application/json", slacktest.MustJSON(t, ev), time.Now())); status != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503 so that Slack delivers again", status)
	}
}

func TestPlain(t *testing.T) {
	s := &session{botUserID: slacktest.BotUserID}
	for in, want := range map[string]string{
		"<@U0BOT> Do I need HCPC?":                   "Do I need HCPC?",
		"<@U0BOT|recruitbot>   what about\n duty 7?": "what about duty 7?",
		"<@U0BOT>":                     "",
		"ask <@U0OTHER> &amp; me":      "ask @U0OTHER & me",
		"see <https://nhs.uk|the NHS>": "see the NHS",
		"see <https://nhs.uk>":         "see https://nhs.uk",
		"in <#C0JOBS|ot-jobs> <!here>": "in ot-jobs @here",
		"salary &lt; 40k &gt; 30k?":    "salary < 40k > 30k?",
		"<@U0BOT> <@U0BOT> twice":      "twice",
	} {
		if got := s.plain(in); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}
