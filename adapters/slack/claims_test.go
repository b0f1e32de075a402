package slack

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/adapters/chat/chattest"
	"github.com/recruitbot/recruitbot/adapters/slack/slacktest"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/store"
	"github.com/recruitbot/recruitbot/store/storetest"
)

// startOn runs an Events API adapter that claims events in c against an
// existing stand-in, as a restarted process or a second replica would.
func startOn(t testing.TB, fake *slacktest.Server, r bot.Responder, c chat.Claims) *harness {
	return startWith(t, fake, r, c, true)
}

// startWith is startOn over the Events API or Socket Mode.
func startWith(t testing.TB, fake *slacktest.Server, r bot.Responder, c chat.Claims, eventsAPI bool) *harness {
	t.Helper()
	before := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, before) })
	return launch(t, fake, r, eventsAPI, func(a *Adapter) {
		a.ClaimWith(c)
		if in, ok := c.(chat.Inbox); ok {
			a.KeepInbox(in, store.InboxMaxAge)
		}
		if f, ok := r.(chat.Feedback); ok {
			a.FeedbackTo(f)
		}
		if rp, ok := r.(chat.Reporter); ok {
			a.ReportFrom(rp)
		}
	})
}

// TestRedeliveryAfterRestartAnsweredOnce: the process answers, dies, and
// Slack's retry reaches the next one, which shares only the SQLite file.
func TestRedeliveryAfterRestartAnsweredOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recruitbot.db")
	fake := slacktest.New(t)
	ev := slacktest.Callback("EvR1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))

	first := chattest.OpenSQLite(t, path)
	h := startOn(t, fake, realBot(t), first)
	if status, _ := h.event(t, ev); status != http.StatusOK {
		t.Fatalf("event: %d", status)
	}
	checkHCPC(t, fake.Next(t))
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	if left, err := first.Pending(context.Background(), time.Hour); err != nil || len(left) != 0 {
		t.Errorf("inbox after the answer: %+v, %v; want it empty", left, err)
	}
	first.Close()

	h = startOn(t, fake, realBot(t), chattest.OpenSQLite(t, path))
	if status, _ := h.event(t, ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"); status != http.StatusOK {
		t.Errorf("retry: %d", status)
	}
	// A new message is still answered, so the process is working.
	h.event(t, slacktest.Callback("EvR2", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000200", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	if p := fake.Next(t); p.ThreadTS != "1700000000.000200" {
		t.Errorf("answered thread %q, want the new message's", p.ThreadTS)
	}
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.All()); n != 2 {
		t.Errorf("%d posts, want 2: the retry after the restart must not be answered", n)
	}
}

// TestReplicasAnswerOnce: two processes sharing one store receive the
// same event, its retry and the same message under another event id, at
// once; one answer is posted.
func TestReplicasAnswerOnce(t *testing.T) {
	backends := map[string]func(t *testing.T) (chat.Claims, chat.Claims){
		"sqlite": func(t *testing.T) (chat.Claims, chat.Claims) {
			path := filepath.Join(t.TempDir(), "recruitbot.db")
			return chattest.OpenSQLite(t, path), chattest.OpenSQLite(t, path)
		},
		"postgres": func(t *testing.T) (chat.Claims, chat.Claims) {
			url := storetest.PostgresURL(t)
			open := func() chat.Claims {
				s, err := store.OpenPostgres(context.Background(), url)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { s.Close() })
				return s
			}
			return open(), open()
		},
	}
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			c1, c2 := open(t)
			fake := slacktest.New(t)
			b := realBot(t)
			h1, h2 := startOn(t, fake, b, c1), startOn(t, fake, b, c2)
			text := "<@" + slacktest.BotUserID + "> " + hcpcQuestion
			deliveries := []struct {
				h  *harness
				ev map[string]any
			}{
				{h1, slacktest.Callback("EvX1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000500", "", text))},
				{h2, slacktest.Callback("EvX1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000500", "", text))},
				{h2, slacktest.Callback("EvX1-im", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000500", "", text))},
				{h1, slacktest.Callback("EvX1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000500", "", text))},
			}
			var wg sync.WaitGroup
			for _, d := range deliveries {
				wg.Go(func() {
					if status, _ := d.h.event(t, d.ev); status != http.StatusOK {
						t.Errorf("event: %d", status)
					}
				})
			}
			wg.Wait()
			checkHCPC(t, fake.Next(t))
			if err := errorsOf(h1.stop(t), h2.stop(t)); err != nil {
				t.Fatal(err)
			}
			if n := len(fake.All()); n != 1 {
				t.Errorf("%d posts, want 1", n)
			}
		})
	}
}

// TestFailedReplyReleasesItsClaim: an answer that could not be posted
// leaves the event to be answered when it comes again.
func TestFailedReplyReleasesItsClaim(t *testing.T) {
	fake := slacktest.New(t)
	fake.SetMember(slacktest.RoleChannel, false)
	h := startOn(t, fake, realBot(t), chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db")))
	ev := slacktest.Callback("EvF1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.000600", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))
	h.event(t, ev)
	// The failed post is not recorded; wait until the adapter has given up
	// and released its claim.
	deadline := time.Now().Add(slacktest.Wait)
	for fake.Attempts() == 0 || !containsLog(h, "claim released") {
		if time.Now().After(deadline) {
			t.Fatal("the adapter did not try to post")
		}
		time.Sleep(10 * time.Millisecond)
	}
	fake.SetMember(slacktest.RoleChannel, true)
	h.event(t, ev, "X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_error")
	checkHCPC(t, fake.Next(t))
}

func containsLog(h *harness, s string) bool {
	return strings.Contains(h.logs.String(), s)
}

func errorsOf(errs ...error) error { return errors.Join(errs...) }

// TestAbandonedEventAnsweredAfterRestart: a process acknowledged an event,
// claimed it and kept it in the inbox, then died (kill -9) before
// answering, a second ago. The next processes on the SQLite file - two
// starting at once - answer it at start, once, in its thread, and empty the
// inbox. (Discord's test covers a lease that ran out.)
func TestAbandonedEventAnsweredAfterRestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "recruitbot.db")
	ctx := context.Background()
	const ts = "1700000000.000700"
	dead := chattest.OpenSQLite(t, path)
	raw := slacktest.MustJSON(t, slacktest.Callback("EvK1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
	if ok, err := dead.Claim(ctx, []string{"slack:event:EvK1", "slack:message:" + slacktest.RoleChannel + "/" + ts}, chat.ClaimTTL); !ok || err != nil {
		t.Fatal(ok, err)
	}
	err := dead.Enqueue(ctx, store.Event{ID: "slack:EvK1", Adapter: "slack", Channel: slacktest.RoleChannel, Thread: ts,
		Text: string(raw), ReceivedAt: time.Now().Add(-time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	dead.Close()

	fake := slacktest.New(t)
	st := chattest.OpenSQLite(t, path)
	h1, h2 := startOn(t, fake, realBot(t), st), startOn(t, fake, realBot(t), chattest.OpenSQLite(t, path))
	p := fake.Next(t)
	if p.ThreadTS != ts {
		t.Errorf("answered in thread %q, want %s", p.ThreadTS, ts)
	}
	checkHCPC(t, p)
	// Slack's own retry, late, is not answered again.
	h2.event(t, slacktest.Callback("EvK1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)), "X-Slack-Retry-Num", "2")
	if err := errorsOf(h1.stop(t), h2.stop(t)); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.All()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	if left, err := st.Pending(ctx, time.Hour); err != nil || len(left) != 0 {
		t.Errorf("inbox after the replay: %+v, %v; want it empty", left, err)
	}
}

// BenchmarkEventToReplyWithStore is BenchmarkEventToReply with every event
// claimed and kept in the inbox of a SQLite store, as in production: the
// difference is what the store adds to an answer.
func BenchmarkEventToReplyWithStore(b *testing.B) {
	st := chattest.OpenSQLite(b, filepath.Join(b.TempDir(), "recruitbot.db"))
	fake := slacktest.New(b)
	h := startOn(b, fake, realBot(b), st)
	i := 0
	for b.Loop() {
		i++
		ts := fmt.Sprintf("1800000000.%06d", i)
		h.event(b, slacktest.Callback(fmt.Sprintf("EvBench%d", i), slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, ts, "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion)))
		if p := fake.Next(b); p.ThreadTS != ts {
			b.Fatalf("reply in thread %q, want %q", p.ThreadTS, ts)
		}
	}
}

// TestStoreDownStillAnswersOnce: with the database unreachable the bot
// still answers, deduplicating in memory, and logs why.
func TestStoreDownStillAnswersOnce(t *testing.T) {
	st := chattest.OpenSQLite(t, filepath.Join(t.TempDir(), "recruitbot.db"))
	st.Close()
	fake := slacktest.New(t)
	h := startOn(t, fake, realBot(t), st)
	ev := slacktest.Callback("EvD1", slacktest.Mention(slacktest.RoleChannel, slacktest.ApplicantID, "1700000000.001100", "", "<@"+slacktest.BotUserID+"> "+hcpcQuestion))
	h.event(t, ev)
	checkHCPC(t, fake.Next(t))
	h.event(t, ev, "X-Slack-Retry-Num", "1")
	if err := h.stop(t); err != nil {
		t.Fatal(err)
	}
	if n := len(fake.All()); n != 1 {
		t.Errorf("%d posts, want 1", n)
	}
	if !containsLog(h, "deduplicating in this process only") {
		t.Error("the store's failure was not logged")
	}
}
