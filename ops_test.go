package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// get fetches url and returns the status and body.
func get(t *testing.T, c *http.Client, url string) (int, string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// serveOps runs the service with env until the test ends, returning its
// operator URL, its log, and a stop that returns its exit code.
func serveOps(t *testing.T, env map[string]string) (base string, logs *testkit.SyncBuffer, done chan int, stop func() int) {
	t.Helper()
	addr := freeAddr(t)
	env["RECRUITBOT_HTTP_ADDR"] = addr
	if env["XDG_STATE_HOME"] == "" {
		env["XDG_STATE_HOME"] = t.TempDir() // the store's SQLite file, this test's own
	}
	logs = &testkit.SyncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done = make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"--log-format", "text", "--shutdown-grace", "5s"}, strings.NewReader(""), io.Discard, logs, func(k string) string { return env[k] })
	}()
	code, returned := 0, false
	stop = func() int {
		cancel()
		if !returned {
			select {
			case code = <-done:
				returned = true
			case <-time.After(bothStopWait):
				t.Errorf("run did not return within %v of its context ending", bothStopWait)
			}
		}
		return code
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			t.Logf("log:\n%s", logs)
		}
	})
	return "http://" + addr, logs, done, stop
}

func TestOperatorEndpoints(t *testing.T) {
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	sl := slacktest.New(t)
	// No SLACK_EVENTS_ADDR: the Events API shares the operator address.
	base, _, done, stop := serveOps(t, map[string]string{
		"SLACK_BOT_TOKEN":      slacktest.BotToken,
		"SLACK_SIGNING_SECRET": slacktest.Secret,
		"SLACK_API_URL":        sl.APIURL() + "/",
	})
	client := &http.Client{Transport: &http.Transport{}, Timeout: bothWait}
	defer client.CloseIdleConnections()

	waitUntil(t, done, "/readyz to say ready", func() bool {
		status, _ := get(t, client, base+"/readyz")
		return status == http.StatusOK
	})
	if status, body := get(t, client, base+"/healthz"); status != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz: %d %q", status, body)
	}
	if out, stderr, code := runMain(t, "", "healthcheck", "--http-addr", strings.TrimPrefix(base, "http://")); code != 0 || out != "ok\n" {
		t.Errorf("healthcheck: exit %d %q %q", code, out, stderr)
	}
	if status := slackMention(t, client, base, "EvOps1", "1700000020.000100"); status != http.StatusOK {
		t.Fatalf("Slack event on the shared address: status %d", status)
	}
	checkSlackReply(t, sl.Next(t), "1700000020.000100")

	var metrics string
	waitUntil(t, done, "the reply to be counted", func() bool {
		_, metrics = get(t, client, base+"/metrics")
		return strings.Contains(metrics, `recruitbot_replies_total{adapter="slack"} 1`)
	})
	for _, want := range []string{
		`recruitbot_questions_total{intent="requirement",outcome="answered"} 1`,
		`recruitbot_answer_seconds_bucket{le="+Inf"} 1`,
		`recruitbot_events_received_total{adapter="slack"} 1`,
		`recruitbot_roles_loaded 1`,
		`recruitbot_index_build_seconds_count 1`,
		`recruitbot_adapter_connected{adapter="slack"} 1`,
		`recruitbot_build_info{`,
		`recruitbot_corpus_reloads_total 0`,
		`recruitbot_corpus_reload_errors_total 0`,
		`recruitbot_rate_limit_waits_total`,
		`go_goroutines`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if code := stop(); code != 0 {
		t.Errorf("exit %d after a clean shutdown", code)
	}
}

func TestAnAdapterThatCannotStartDoesNotStopTheOther(t *testing.T) {
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	sl := slacktest.New(t)
	// Discord rejects the token: a mistake no retry fixes.
	rejecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"message":"401: Unauthorized","code":0}`)
	}))
	t.Cleanup(rejecting.Close)
	events := freeAddr(t)
	base, logs, done, stop := serveOps(t, map[string]string{
		"SLACK_BOT_TOKEN":      slacktest.BotToken,
		"SLACK_SIGNING_SECRET": slacktest.Secret,
		"SLACK_EVENTS_ADDR":    events,
		"SLACK_API_URL":        sl.APIURL() + "/",
		"DISCORD_BOT_TOKEN":    "revoked",
		"DISCORD_API_URL":      rejecting.URL,
	})
	client := &http.Client{Transport: &http.Transport{}, Timeout: bothWait}
	defer client.CloseIdleConnections()
	waitUntil(t, done, "Discord to fail", func() bool {
		return strings.Contains(logs.String(), "adapter failed; the others keep answering")
	})
	waitUntil(t, done, "the Slack Events API to listen", func() bool {
		return strings.Contains(logs.String(), "listening for the Events API")
	})
	if status := slackMention(t, client, "http://"+events, "EvOps2", "1700000021.000100"); status != http.StatusOK {
		t.Fatalf("Slack event: status %d", status)
	}
	checkSlackReply(t, sl.Next(t), "1700000021.000100")

	status, body := get(t, client, base+"/readyz")
	var r struct {
		Ready    bool
		Problems []string
	}
	json.Unmarshal([]byte(body), &r)
	if status != http.StatusServiceUnavailable || r.Ready || len(r.Problems) != 1 || r.Problems[0] != "discord: not connected" {
		t.Errorf("/readyz: %d %s, want 503 naming Discord", status, body)
	}
	if code := stop(); code != exitFailed {
		t.Errorf("exit %d, want %d: an adapter failed", code, exitFailed)
	}
}
