package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/discord/discordtest"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
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

	sl := slacktest.New(t)
	dc := discordtest.New(t)
	eventsAddr := freeAddr(t)
	env := map[string]string{
		"SLACK_BOT_TOKEN":      slacktest.BotToken,
		"SLACK_SIGNING_SECRET": slacktest.Secret,
		"SLACK_EVENTS_ADDR":    eventsAddr,
		"SLACK_API_URL":        sl.APIURL() + "/",
		"DISCORD_BOT_TOKEN":    "test",
		"DISCORD_API_URL":      dc.URL(),
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
		sl.Hold.Open()
		dc.Hold.Open()
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
	waitUntil(t, done, "Discord to register /role", func() bool {
		return len(dc.Calls("PUT", "/api/v9/applications/"+discordtest.AppID+"/*", http.StatusOK)) > 0
	})
	events := "http://" + eventsAddr
	client := &http.Client{Transport: &http.Transport{}, Timeout: bothWait}
	defer client.CloseIdleConnections()

	// One question on each, answered with the citation.
	const ts1, id1 = "1700000000.000100", "500000000000000001"
	if status := slackMention(t, client, events, "Ev1", ts1); status != http.StatusOK {
		t.Fatalf("Slack event: status %d, want 200", status)
	}
	discordMention(dc, id1)
	checkSlackReply(t, sl.Next(t), ts1)
	checkDiscordReply(t, discordReply(dc, id1), id1)

	// A second question on each, whose reply is still being posted when
	// the signal comes.
	const ts2, id2 = "1700000000.000200", "500000000000000002"
	sl.Hold.Shut()
	dc.Hold.Shut()
	if status := slackMention(t, client, events, "Ev2", ts2); status != http.StatusOK {
		t.Fatalf("Slack event: status %d, want 200", status)
	}
	discordMention(dc, id2)
	waitUntil(t, done, "Slack's second reply to be posted", func() bool { return sl.Hold.Held() > 0 })
	waitUntil(t, done, "Discord's second reply to be posted", func() bool { return dc.Hold.Held() > 0 })

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
	waitUntil(t, done, "the Discord gateway connection to close", func() bool {
		dc.Lock()
		defer dc.Unlock()
		return len(dc.Conns) > 0 && dc.Ended == len(dc.Conns)
	})
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

	sl.Hold.Open()
	dc.Hold.Open()
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
	p := sl.Next(t)
	checkSlackReply(t, p, ts2)
	if p.Abandoned {
		t.Error("Slack's reply under way was abandoned when the signal came")
	}
	m := discordReply(dc, id2)
	checkDiscordReply(t, m, id2)
	if m.Status == -1 {
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
	bothQuestion  = "Do I need HCPC registration?"
	bothHCPCQuote = "Health & Care Professions Council (HCPC) registration"
	bothCitation  = "Qualifications · Essential"
	bothGuild     = "200000000000000001"
	bothChannel   = "200000000000000002"
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

// slackMention posts a signed app_mention event asking the HCPC question
// to the Events API at events.
func slackMention(t *testing.T, c *http.Client, events, eventID, ts string) int {
	t.Helper()
	ev := slacktest.Callback(eventID, slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "",
		"<@"+slacktest.BotUserID+"> "+bothQuestion))
	status, _ := slacktest.Do(t, c, slacktest.SignedRequest(t, events, "/slack/events", "application/json", slacktest.MustJSON(t, ev), time.Now()))
	return status
}

func checkSlackReply(t *testing.T, p slacktest.Post, ts string) {
	t.Helper()
	if p.Channel != slacktest.RoleChannel || p.ThreadTS != ts {
		t.Errorf("Slack reply in %s thread %q, want the mention's thread %s %s", p.Channel, p.ThreadTS, slacktest.RoleChannel, ts)
	}
	if all := p.Shown(); strings.Contains(all, bothCitation) && strings.Contains(all, bothHCPCQuote) {
		return
	}
	t.Errorf("Slack reply does not cite %q with %q: %q", bothCitation, bothHCPCQuote, p.Shown())
}

// discordMention dispatches a MESSAGE_CREATE that mentions the bot with
// the HCPC question.
func discordMention(dc *discordtest.Server, id string) {
	dc.Dispatch("MESSAGE_CREATE", map[string]any{
		"id": id, "channel_id": bothChannel, "guild_id": bothGuild, "type": 0,
		"content":   "<@" + discordtest.UserID + "> " + bothQuestion,
		"timestamp": "2025-01-06T09:00:00.000000+00:00",
		"author":    map[string]any{"id": "200000000000000004", "username": "applicant", "discriminator": "0"},
		"member":    map[string]any{"roles": []string{}},
		"mentions":  []any{map[string]any{"id": discordtest.UserID, "username": "recruitbot", "bot": true}},
	})
}

// discordReply waits for the reply to message id, as Discord received it
// (status -1 if the client gave up on it).
func discordReply(dc *discordtest.Server, id string) discordtest.Request {
	var reply discordtest.Request
	dc.WaitFor("Discord's reply to "+id, func() bool {
		for _, r := range dc.CallsLocked("POST", "/api/v9/channels/"+bothChannel+"/messages", 0) {
			if replyTo(r) == id {
				reply = r
				return true
			}
		}
		return false
	})
	return reply
}

func replyTo(r discordtest.Request) string {
	var body struct {
		Ref *struct {
			MessageID string `json:"message_id"`
		} `json:"message_reference"`
	}
	if json.Unmarshal(r.Body, &body) != nil || body.Ref == nil {
		return ""
	}
	return body.Ref.MessageID
}

func checkDiscordReply(t *testing.T, r discordtest.Request, id string) {
	t.Helper()
	var body struct {
		Embeds []struct {
			Fields []struct{ Name, Value string }
		}
	}
	if err := json.Unmarshal(r.Body, &body); err != nil {
		t.Fatalf("Discord reply: %v", err)
	}
	fields := map[string]string{}
	for _, e := range body.Embeds {
		for _, f := range e.Fields {
			fields[f.Name] += f.Value
		}
	}
	if got := replyTo(r); got != id {
		t.Errorf("Discord reply to message %q, want %s", got, id)
	}
	if v, ok := fields[bothCitation]; !ok || !strings.Contains(v, bothHCPCQuote) {
		t.Errorf("Discord reply has no %q field quoting %q: %q", bothCitation, bothHCPCQuote, fields)
	}
}
