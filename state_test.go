package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/insights"
	"github.com/recruitbot/recruitbot/internal/metrics"
	"github.com/recruitbot/recruitbot/internal/testkit"
	"github.com/recruitbot/recruitbot/store"
	"github.com/recruitbot/recruitbot/store/storetest"
)

// TestInsightsCommand: `recruitbot insights` reads the store the chat
// adapters write, for one role or all.
func TestInsightsCommand(t *testing.T) {
	dir := t.TempDir()
	getenv := func(string) string { return "" }
	st, err := openStore(context.Background(), Config{Data: dir}, getenv)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	now := time.Now()
	for _, o := range []store.Outcome{
		{ID: "1", RoleID: "practice-nurse", Intent: "requirement", Answered: true, Items: []string{"Key duty 3"}, At: now},
		{ID: "2", RoleID: "practice-nurse", Intent: "search", At: now},
		{ID: "3", RoleID: "first-contact-physiotherapist", Intent: "search", At: now},
	} {
		if err := st.RecordAnswer(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.RecordUnanswered(ctx, "practice-nurse", "Is there parking? ring 07700 900123", now); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var out, errs strings.Builder
	if code := run(ctx, []string{"--data", dir, "insights", "--role", "practice-nurse"}, strings.NewReader(""), &out, &errs, getenv); code != 0 {
		t.Fatalf("exit %d: %s", code, errs.String())
	}
	report := out.String()
	for _, want := range []string{"practice-nurse", "7 days: 1 / 1", "parking", "[phone]", "Key duty 3", "FAQ entries to consider", "- Is there parking"} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if strings.Contains(report, "physiotherapist") || strings.Contains(report, "07700") {
		t.Errorf("report for one role shows another role or a phone number:\n%s", report)
	}
	if code := run(ctx, []string{"--data", dir, "insights", "extra"}, strings.NewReader(""), io.Discard, io.Discard, getenv); code != 2 {
		t.Errorf("insights with a stray argument: exit %d, want 2", code)
	}
}

func TestKeepUnanswered(t *testing.T) {
	zero, week := time.Duration(0), 7*24*time.Hour
	for _, c := range []struct {
		keep *time.Duration
		want time.Duration
	}{{nil, store.Retention}, {&zero, 0}, {&week, week}} {
		if got := (Config{KeepUnanswered: c.keep}).keepUnanswered(); got != c.want {
			t.Errorf("keep_unanswered %v: %v, want %v", c.keep, got, c.want)
		}
	}
}

// TestFollowUpOnAnotherReplica: two bots sharing a store are two replicas;
// a follow-up answered by the second knows what the first answered.
func TestFollowUpOnAnotherReplica(t *testing.T) {
	lib, closeLib, err := testkit.Library(nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(closeLib)
	backends := map[string]func(t *testing.T) (*store.Store, *store.Store){
		"sqlite": func(t *testing.T) (*store.Store, *store.Store) {
			dir := t.TempDir()
			return testStore(t, func() (*store.Store, error) { return store.OpenSQLite(context.Background(), dir+"/r.db") }),
				testStore(t, func() (*store.Store, error) { return store.OpenSQLite(context.Background(), dir+"/r.db") })
		},
		"postgres": func(t *testing.T) (*store.Store, *store.Store) {
			url := storetest.PostgresURL(t)
			return testStore(t, func() (*store.Store, error) { return store.OpenPostgres(context.Background(), url) }),
				testStore(t, func() (*store.Store, error) { return store.OpenPostgres(context.Background(), url) })
		},
	}
	const conv = "slack:C1/1700000000.000100"
	ctx := context.Background()
	for name, open := range backends {
		t.Run(name, func(t *testing.T) {
			st1, st2 := open(t)
			one, two := bot.New(lib, nil), bot.New(lib, nil)
			one.ShareMemory(sharedMemory{st1})
			two.ShareMemory(sharedMemory{st2})
			first := one.Answer(ctx, bot.Question{Text: "List the essential communication criteria", Conversation: conv})
			if !first.Answered || first.Intent != bot.IntentList {
				t.Fatalf("first answer: %v %q", first.Intent, first.Text)
			}
			follow := two.Answer(ctx, bot.Question{Text: "and the desirable ones?", Conversation: conv})
			if !follow.Answered || len(follow.Citations) == 0 {
				t.Fatalf("follow-up on the other replica: %q", follow.Text)
			}
			for _, c := range follow.Citations {
				if c.Area != "Communication" || c.Level != corpus.Desirable {
					t.Errorf("follow-up cites %s, want the desirable communication criteria", c.Label())
				}
			}
			// Without the shared memory the other replica cannot tell
			// which criteria are meant.
			alone := bot.New(lib, nil).Answer(ctx, bot.Question{Text: "and the desirable ones?", Conversation: conv})
			if alone.Answered && len(alone.Citations) == len(follow.Citations) && alone.Citations[0].Area == "Communication" {
				t.Errorf("a bot without the shared memory answers the follow-up the same way; the test proves nothing")
			}
		})
	}
}

func testStore(t *testing.T, open func() (*store.Store, error)) *store.Store {
	t.Helper()
	st, err := open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestRespondersShowTheLibrary: the responder serve hands the adapters (the
// bot inside the insights recorder inside the metrics) still lists the
// loaded roles, which App Home and Discord's autocomplete read.
func TestRespondersShowTheLibrary(t *testing.T) {
	st, err := store.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "recruitbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b := testkit.Bot(t, nil) // the built-in role
	var r bot.Responder = observed{r: insights.Record(b, st, time.Hour, nil), m: metrics.New()}
	l, ok := r.(interface{ Library() bot.Library })
	if !ok || len(l.Library().Roles) != 1 {
		t.Fatalf("the served responder does not show the library")
	}
}
