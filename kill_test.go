package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// childEnv marks the test binary run as the bot by TestKilledBetweenAckAndReply.
const childEnv = "RECRUITBOT_TEST_CHILD"

// TestMain lets the test binary run as recruitbot itself, so that a test
// can start the bot as a process and kill it.
func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// TestKilledBetweenAckAndReply: the bot acknowledges a Slack event, then
// dies (kill -9) while its reply is being posted. Slack will not deliver the
// event again, so the reply must come from the event the bot kept: the
// next process to start on the same store answers it.
func TestKilledBetweenAckAndReply(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	sl := slacktest.New(t)
	const ts = "1700000031.000100"
	sl.Hold.Shut() // the first process's reply never gets an answer
	state := t.TempDir()
	events := freeAddr(t)
	start := func(name string) (*exec.Cmd, *testkit.SyncBuffer) {
		logs := &testkit.SyncBuffer{}
		cmd := exec.Command(exe, "--log-format", "text")
		cmd.Env = append(os.Environ(), childEnv+"=1",
			"SLACK_BOT_TOKEN="+slacktest.BotToken, "SLACK_SIGNING_SECRET="+slacktest.Secret,
			"SLACK_EVENTS_ADDR="+events, "SLACK_API_URL="+sl.APIURL()+"/",
			"XDG_STATE_HOME="+state, "DATABASE_URL=", "DISCORD_BOT_TOKEN=", "SLACK_APP_TOKEN=", "RECRUITBOT_HTTP_ADDR=")
		cmd.Stdout, cmd.Stderr = io.Discard, logs
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if cmd.ProcessState == nil {
				_ = cmd.Process.Kill()
				_ = cmd.Wait()
			}
			if t.Failed() {
				t.Logf("%s log:\n%s", name, logs)
			}
		})
		return cmd, logs
	}
	listening := func(logs *testkit.SyncBuffer) {
		t.Helper()
		deadline := time.Now().Add(bothWait)
		for !strings.Contains(logs.String(), "listening for the Events API") {
			if time.Now().After(deadline) {
				t.Fatalf("the bot did not listen within %v", bothWait)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}

	first, logs := start("first process")
	listening(logs)
	client := &http.Client{Transport: &http.Transport{}, Timeout: bothWait}
	defer client.CloseIdleConnections()
	if status := slackMention(t, client, "http://"+events, "EvKill1", ts); status != http.StatusOK {
		t.Fatalf("event not acknowledged: %d", status)
	}
	waitUntil(t, nil, "the first process to post its reply", func() bool { return sl.Hold.Held() > 0 })
	if err := first.Process.Kill(); err != nil { // kill -9
		t.Fatal(err)
	}
	_ = first.Wait()
	// The hold stays shut until the stand-in has seen the connection die:
	// opened at once, it could let the dead process's request through
	// before the server notices the process is gone.
	if p := sl.Next(t); !p.Abandoned {
		t.Fatalf("the first process's post should have died with it: %+v", p)
	}
	sl.Hold.Open()

	second, logs2 := start("second process")
	listening(logs2)
	checkSlackReply(t, sl.Next(t), ts)
	_ = second.Process.Signal(syscall.SIGTERM)
	exited := make(chan error, 1)
	go func() { exited <- second.Wait() }()
	select {
	case <-exited:
	case <-time.After(bothStopWait):
		t.Errorf("the second process did not stop within %v of SIGTERM", bothStopWait)
	}
}
