package slack

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func TestBurstInOneChannelIsDeliveredInFull(t *testing.T) {
	m := metrics.New()
	h := startAdapter(t, realBot(t), true, chat.WithMetrics(m))
	// Slack's limit of about a post a second per channel, after a burst of
	// three; the adapter's clock runs a hundred times faster to match.
	h.fake.Pace(10*time.Millisecond, 3)

	const n = 20
	for i := range n {
		ts := fmt.Sprintf("1700000010.%06d", i)
		h.event(t, slacktest.Callback(fmt.Sprintf("EvBurst%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	}
	threads := map[string]bool{}
	for range n {
		p := h.fake.Next(t)
		checkHCPC(t, p)
		threads[p.ThreadTS] = true
	}
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	if len(threads) != n || len(h.fake.All()) != n {
		t.Errorf("%d posts in %d threads, want one in each of %d", len(h.fake.All()), len(threads), n)
	}
	refusals := h.fake.Refusals()
	if refusals == 0 {
		t.Error("the stand-in never rate-limited the burst; the test tests nothing")
	}
	// After the first 429 the channel's posts are spaced, not each refused.
	if refusals > n/4 {
		t.Errorf("%d 429s for %d replies: the posts after the first 429 should be paced", refusals, n)
	}
	logs := h.logs.String()
	if strings.Count(logs, "msg=answered") != n || !strings.Contains(logs, "queued=") || !strings.Contains(logs, "rate_limited=") {
		t.Errorf("each answer should be logged with how long it queued and waited out rate limits:\n%s", logs)
	}
	out := chattest.Scrape(t, m)
	for _, want := range []string{`recruitbot_replies_total{adapter="slack"} 20`, `recruitbot_events_received_total{adapter="slack"} 20`, `recruitbot_rate_limit_waits_total{adapter="slack"}`} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(out, "recruitbot_replies_given_up_total{") {
		t.Error("a reply was given up")
	}
}

func TestTransientFailuresAreRetried(t *testing.T) {
	faults := []string{"500", "502", "internal_error", "drop", "429", "service_unavailable"}
	m := metrics.New()
	h := startAdapter(t, realBot(t), true, chat.WithMetrics(m))
	for i, fault := range faults {
		t.Run(fault, func(t *testing.T) {
			before := h.fake.Attempts()
			h.fake.Fail("chat.postMessage", fault)
			ts := fmt.Sprintf("1700000011.%06d", i)
			h.event(t, slacktest.Callback("EvFault"+fault, slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
			p := h.fake.Next(t)
			checkHCPC(t, p)
			if p.ThreadTS != ts {
				t.Errorf("reply in thread %s, want %s", p.ThreadTS, ts)
			}
			if tries := h.fake.Attempts() - before; tries != 2 {
				t.Errorf("%d attempts, want 2: the failure, then the reply", tries)
			}
		})
	}
	h.stop(t)
	if n := len(h.fake.All()); n != len(faults) {
		t.Errorf("%d posts, want %d: each reply exactly once", n, len(faults))
	}
	out := chattest.Scrape(t, m)
	if want := fmt.Sprintf(`recruitbot_reply_retries_total{adapter="slack"} %d`, len(faults)); !strings.Contains(out, want) {
		t.Errorf("metrics lack %s", want)
	}
}

func TestPermanentFailuresAreGivenUpAndCounted(t *testing.T) {
	faults := []string{"channel_not_found", "not_in_channel", "403"}
	m := metrics.New()
	h := startAdapter(t, realBot(t), true, chat.WithMetrics(m))
	h.fake.Fail("chat.postMessage", faults...)
	for i := range faults {
		ts := fmt.Sprintf("1700000012.%06d", i)
		h.event(t, slacktest.Callback(fmt.Sprintf("EvPerm%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	}
	want := fmt.Sprintf(`recruitbot_replies_given_up_total{adapter="slack",reason="permanent"} %d`, len(faults))
	deadline := time.Now().Add(slacktest.Wait)
	for !strings.Contains(chattest.Scrape(t, m), want) {
		if time.Now().After(deadline) {
			t.Fatalf("metrics lack %s:\n%s", want, h.logs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	h.stop(t)
	if n, tries := len(h.fake.All()), h.fake.Attempts(); n != 0 || tries != int32(len(faults)) {
		t.Errorf("%d posts after %d attempts; want none, one attempt each", n, tries)
	}
	if logs := h.logs.String(); strings.Count(logs, "gave_up=permanent") != len(faults) {
		t.Errorf("each give-up should be logged:\n%s", logs)
	}
}

func TestStartUpSurvivesBlips(t *testing.T) {
	// The faults must be due before auth.test, so this test starts the
	// adapter itself rather than with startAdapter.
	fake := slacktest.New(t)
	fake.Fail("auth.test", "500", "drop", "internal_error")
	logs := &testkit.SyncBuffer{}
	a, err := New(Config{BotToken: slacktest.BotToken, AppToken: slacktest.AppToken, APIURL: fake.APIURL()},
		slog.New(slog.NewTextHandler(logs, nil)))
	if err != nil {
		t.Fatal(err)
	}
	a.backoff = testBackoff
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx, realBot(t)) }()
	c := fake.NextConn(t)
	c.Send(t, slacktest.Envelope("env-blip", "events_api", slacktest.Callback("EvBlip", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000013.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))))
	c.Ack(t, "env-blip")
	checkHCPC(t, fake.Next(t))
	if !a.Ready() {
		t.Error("connected but not ready")
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run: %v", err)
		}
	case <-time.After(slacktest.Wait):
		t.Fatal("Run did not return")
	}
	if a.Ready() {
		t.Error("stopped but still ready")
	}
	if n := strings.Count(logs.String(), "Slack call failed; retrying"); n != 3 {
		t.Errorf("%d retries logged, want 3:\n%s", n, logs)
	}
}

func TestShutdownIsBoundedByTheGracePeriod(t *testing.T) {
	m := metrics.New()
	h := startAdapter(t, realBot(t), true, chat.WithMetrics(m), chat.WithGrace(50*time.Millisecond))
	// Slack keeps answering 429 Retry-After: 30.
	faults := make([]string, 100)
	for i := range faults {
		faults[i] = "429-30"
	}
	h.fake.Fail("chat.postMessage", faults...)
	for i := range 5 {
		ts := fmt.Sprintf("1700000014.%06d", i)
		h.event(t, slacktest.Callback(fmt.Sprintf("EvGrace%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	}
	// Wait until the first post has been refused, so the replies are under way.
	deadline := time.Now().Add(slacktest.Wait)
	for h.fake.Attempts() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	logs := h.logs.String()
	if !strings.Contains(logs, "abandoning the replies still under way") || !strings.Contains(logs, "replies=5") {
		t.Errorf("the shutdown should say how many replies it left:\n%s", logs)
	}
	chattest.WantMetric(t, m, `recruitbot_replies_given_up_total{adapter="slack",reason="shutdown"} 5`)
}

func TestSSLCheckIsOnlyAcknowledged(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	req, _ := http.NewRequest(http.MethodPost, h.base+"/slack/commands", strings.NewReader("ssl_check=1&token=legacy"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if status, body := slacktest.Do(t, h.client, req); status != http.StatusOK || body != "" {
		t.Errorf("ssl_check: %d %q, want an empty 200", status, body)
	}
	h.stop(t)
	if n := len(h.fake.All()); n != 0 {
		t.Errorf("%d posts after an ssl_check, want none", n)
	}
}

func TestSummaryByMentionFollowsTheRecruiterRule(t *testing.T) {
	h := startAdapter(t, realBot(t), true)
	h.event(t, slacktest.Callback("EvSum1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000015.000100", "", "<@"+slacktest.BotUserID+"> summarise the role")))
	if p := h.fake.Next(t); !strings.Contains(p.Text, "Only recruiters") || len(p.Blocks) > 0 && p.Blocks[0].Type == "header" {
		t.Errorf("an applicant's summary in a channel: %q, want the refusal", p.Text)
	}
	h.event(t, slacktest.Callback("EvSum2", slacktest.Mention(slacktest.RoleChannel, slacktest.RecruiterID, "1700000015.000200", "", "<@"+slacktest.BotUserID+"> summarise the role")))
	if p := h.fake.Next(t); len(p.Blocks) == 0 || p.Blocks[0].Type != "header" {
		t.Errorf("a recruiter's summary should be the posting: %+v", p.Blocks)
	}
	h.event(t, slacktest.Callback("EvSum3", slacktest.DirectMessage(slacktest.ApplicantID, "1700000015.000300", "summarise the role")))
	if p := h.fake.Next(t); len(p.Blocks) == 0 || p.Blocks[0].Type != "header" {
		t.Errorf("a summary in a DM should be the posting: %+v", p.Blocks)
	}
}
