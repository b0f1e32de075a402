package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/store/storetest"
)

// The contract: every test here runs against both backends.

func TestClaim(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		ok, err := s.Claim(ctx, []string{"event:E1", "message:C1/1.0"}, time.Hour)
		if err != nil || !ok {
			t.Fatalf("first claim: %v, %v", ok, err)
		}
		for _, keys := range [][]string{{"event:E1"}, {"message:C1/1.0"}, {"event:E2", "message:C1/1.0"}} {
			if ok, err := s.Claim(ctx, keys, time.Hour); err != nil || ok {
				t.Errorf("claim %v again: %v, %v; want false", keys, ok, err)
			}
		}
		// A refused claim records none of its keys.
		if ok, err := s.Claim(ctx, []string{"event:E2"}, time.Hour); err != nil || !ok {
			t.Errorf("event:E2 after a refused claim: %v, %v; want true", ok, err)
		}
		if ok, _ := s.Claim(ctx, []string{"", ""}, time.Hour); !ok {
			t.Error("no keys: nothing to tell apart, always claimed")
		}
		if err := s.Release(ctx, []string{"event:E1", "message:C1/1.0"}); err != nil {
			t.Fatal(err)
		}
		if ok, err := s.Claim(ctx, []string{"message:C1/1.0", "event:E1"}, time.Hour); err != nil || !ok {
			t.Errorf("claim after release: %v, %v; want true", ok, err)
		}
	})
}

func TestClaimExpires(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0)
		s.now = func() time.Time { return now }
		if ok, _ := s.Claim(ctx, []string{"k"}, ClaimTTL); !ok {
			t.Fatal("first claim refused")
		}
		now = now.Add(ClaimTTL - time.Second)
		if ok, _ := s.Claim(ctx, []string{"k"}, ClaimTTL); ok {
			t.Fatal("claimed again before the claim expired")
		}
		now = now.Add(time.Second)
		if ok, _ := s.Claim(ctx, []string{"k"}, ClaimTTL); !ok {
			t.Fatal("an expired claim is not taken over")
		}
		if ok, _ := s.Claim(ctx, []string{"k"}, ClaimTTL); ok {
			t.Fatal("a taken-over claim is claimed again")
		}
		if err := s.Expire(ctx, now.Add(ClaimTTL), Retention); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "claims"); n != 0 {
			t.Errorf("%d claims left after they expired", n)
		}
	})
}

// TestClaimConcurrent: of many claimants of one event, through separate
// handles on one database as replicas would be, exactly one wins.
func TestClaimConcurrent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		other := reopen(t, s)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 16 {
			st := s
			if i%2 == 1 {
				st = other
			}
			wg.Go(func() {
				// Keys in different orders must not deadlock.
				keys := []string{"event:E9", "message:C/9"}
				if i%3 == 0 {
					keys = []string{"message:C/9", "event:E9"}
				}
				ok, err := st.Claim(context.Background(), keys, time.Hour)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		if wins.Load() != 1 {
			t.Errorf("%d claimants won, want 1", wins.Load())
		}
	})
}

func TestInbox(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0).UTC()
		s.now = func() time.Time { return now }
		old := Event{ID: "slack:E0", Adapter: "slack", Channel: "C1", Text: "stale", ReceivedAt: now.Add(-time.Hour)}
		a := Event{ID: "slack:E1", Adapter: "slack", Channel: "C1", Thread: "1.0", Text: "Do I need HCPC?", ReceivedAt: now.Add(-2 * time.Minute)}
		b := Event{ID: "discord:M2", Adapter: "discord", Channel: "D2", Text: "parking?", ReceivedAt: now.Add(-time.Minute)}
		for _, ev := range []Event{b, old, a, a} {
			if err := s.Enqueue(ctx, ev); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.Pending(ctx, InboxMaxAge)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, []Event{a, b}) {
			t.Errorf("pending = %+v, want the two recent events oldest first", got)
		}
		if err := s.Done(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Pending(ctx, InboxMaxAge)
		if !slices.Equal(got, []Event{b}) {
			t.Errorf("after Done, pending = %+v", got)
		}
		if err := s.Expire(ctx, now.Add(ClaimTTL-30*time.Minute), Retention); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "inbox"); n != 1 {
			t.Errorf("%d inbox rows after expiry, want 1 (the recent one)", n)
		}
	})
}

// TestTake: an event is taken over only once its receiver's lease has run
// out, by one taker, and not while the new lease lasts.
func TestTake(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0).UTC()
		s.now = func() time.Time { return now }
		other := reopen(t, s)
		other.now = s.now
		for _, st := range []*Store{s, other} {
			// At start a SQLite store takes everything (TestTakeAtStart).
			if _, err := st.Take(ctx, "slack", InboxMaxAge); err != nil {
				t.Fatal(err)
			}
		}
		ev := Event{ID: "slack:E1", Adapter: "slack", Channel: "C1", Text: "parking?", ReceivedAt: now}
		if err := s.Enqueue(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if err := s.Enqueue(ctx, Event{ID: "discord:M1", Adapter: "discord", Channel: "D1", ReceivedAt: now}); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.Take(ctx, "slack", InboxMaxAge); len(got) != 0 {
			t.Fatalf("took %+v while its receiver's lease lasts", got)
		}
		now = now.Add(InboxLease)
		var wg sync.WaitGroup
		var taken atomic.Int32
		for _, st := range []*Store{s, other, s, other} {
			wg.Go(func() {
				got, err := st.Take(ctx, "slack", InboxMaxAge)
				if err != nil {
					t.Error(err)
				}
				for _, e := range got {
					if e != ev {
						t.Errorf("took %+v, want %+v", e, ev)
					}
				}
				taken.Add(int32(len(got)))
			})
		}
		wg.Wait()
		if taken.Load() != 1 {
			t.Errorf("the event was taken %d times, want 1", taken.Load())
		}
		now = now.Add(InboxLease - time.Second)
		if got, _ := s.Take(ctx, "slack", InboxMaxAge); len(got) != 0 {
			t.Errorf("taken again while the taker's lease lasts")
		}
		now = now.Add(time.Second)
		if got, _ := s.Take(ctx, "slack", InboxMaxAge); len(got) != 1 {
			t.Errorf("not taken again after the taker's lease ran out: %+v", got)
		}
		if err := s.Done(ctx, ev.ID); err != nil {
			t.Fatal(err)
		}
		now = now.Add(InboxLease)
		if got, _ := s.Take(ctx, "slack", time.Hour); len(got) != 0 {
			t.Errorf("an answered event was taken: %+v", got)
		}
		if got, _ := s.Take(ctx, "slack", time.Minute); len(got) != 0 {
			t.Errorf("a stale event was taken: %+v", got)
		}
	})
}

// TestTakeAtStart: a process starting on SQLite is its only user, so it
// takes at once what a dead process left, lease or not; on PostgreSQL a
// replica may still be answering it, so the lease holds.
func TestTakeAtStart(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		// Received a second before the processes below started: left by
		// one that died (in the same millisecond as a start, it would be
		// the starting process's own).
		ev := Event{ID: "slack:E1", Adapter: "slack", Channel: "C1", Text: "parking?", ReceivedAt: time.Now().UTC().Add(-time.Second).Truncate(time.Millisecond)}
		if err := s.Enqueue(ctx, ev); err != nil {
			t.Fatal(err)
		}
		a, b := reopen(t, s), reopen(t, s)
		got, err := a.Take(ctx, "slack", InboxMaxAge)
		if err != nil {
			t.Fatal(err)
		}
		again, _ := b.Take(ctx, "slack", InboxMaxAge)
		want := 0
		if s.Backend() == "sqlite" {
			want = 1
		}
		if len(got)+len(again) != want {
			t.Errorf("taken %d and %d times at start, want %d in all", len(got), len(again), want)
		}
		if later, _ := a.Take(ctx, "slack", InboxMaxAge); len(later) != 0 {
			t.Errorf("taken again while leased: %+v", later)
		}
	})
}

func TestConversation(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0).UTC()
		s.now = func() time.Time { return now }
		if _, ok, err := s.Conversation(ctx, "slack:C1/1.0"); ok || err != nil {
			t.Fatalf("unknown conversation: %v, %v", ok, err)
		}
		t1 := Turn{RoleID: "ot", Intent: "list", Area: "Communication", Level: "essential", Item: -1, At: now}
		t2 := Turn{RoleID: "ot", Intent: "requirement", Item: 7, At: now}
		for _, tn := range []Turn{t1, t2} {
			if err := s.SetConversation(ctx, "slack:C1/1.0", tn); err != nil {
				t.Fatal(err)
			}
		}
		got, ok, err := s.Conversation(ctx, "slack:C1/1.0")
		if err != nil || !ok || got != t2 {
			t.Errorf("conversation = %+v, %v, %v; want the last turn %+v", got, ok, err, t2)
		}
		now = now.Add(conversationTTL + time.Second)
		if _, ok, _ := s.Conversation(ctx, "slack:C1/1.0"); ok {
			t.Error("a quiet conversation is remembered for ever")
		}
	})
}

func TestFeedbackLastClickWins(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		meta := Outcome{RoleID: "ot", Intent: "requirement", Answered: true, Items: []string{"Key duty 7", "Qualifications · Essential"}}
		clicks := []struct {
			answer, user string
			helpful      bool
		}{
			{"a1", "u1", true}, {"a1", "u1", false}, {"a1", "u2", false}, {"a1", "u2", true}, {"a1", "u3", false}, {"a2", "u1", false},
		}
		for _, c := range clicks {
			if err := s.RecordFeedback(ctx, c.answer, c.user, c.helpful, meta); err != nil {
				t.Fatal(err)
			}
		}
		if n := count(t, s, "feedback"); n != 4 {
			t.Errorf("%d feedback rows, want 4: one per person and answer", n)
		}
		in, err := s.Insights(ctx, "ot")
		if err != nil {
			t.Fatal(err)
		}
		want := []Count{{RoleID: "ot", Key: "Key duty 7; Qualifications · Essential", Count: 3}}
		if !slices.Equal(in.NotHelpful, want) {
			t.Errorf("not helpful = %+v, want %+v (u1's last click, u3, and u1 on a2)", in.NotHelpful, want)
		}
	})
}

func TestAnswerAndSalt(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		at := time.UnixMilli(1_800_000_000_000).UTC()
		o := Outcome{ID: "a1", RoleID: "ot", Intent: "requirement", Answered: true, Items: []string{"Key duty 7", "Job scope"}, At: at}
		if err := s.RecordAnswer(ctx, o); err != nil {
			t.Fatal(err)
		}
		got, ok, err := s.Answer(ctx, "a1")
		slices.Sort(got.Items)
		slices.Sort(o.Items)
		if err != nil || !ok || got.RoleID != o.RoleID || got.Intent != o.Intent || !got.Answered || !got.At.Equal(at) || !slices.Equal(got.Items, o.Items) {
			t.Errorf("Answer(a1) = %+v, %v, %v; want %+v", got, ok, err, o)
		}
		if _, ok, err := s.Answer(ctx, "nope"); ok || err != nil {
			t.Errorf("Answer(nope): %v, %v", ok, err)
		}
		salt, err := s.Salt(ctx)
		if err != nil || len(salt) < 16 {
			t.Fatalf("salt %q, %v", salt, err)
		}
		again, _ := reopen(t, s).Salt(ctx)
		if again != salt {
			t.Errorf("the salt changed: %q then %q", salt, again)
		}
	})
}

func TestUnanswered(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0).UTC()
		s.now = func() time.Time { return now }
		qs := []struct {
			role, text string
			age        time.Duration
		}{
			{"ot", "Is there parking? mail me at jo.bloggs@example.org", time.Hour},
			{"ot", "parking??", 2 * time.Hour},
			{"ot", "Do you sponsor visas? call 07700 900123", 3 * time.Hour},
			{"nurse", "Is there parking?", time.Hour},
			{"ot", "is there a gym", 40 * 24 * time.Hour},
		}
		for _, q := range qs {
			if err := s.RecordUnanswered(ctx, q.role, q.text, now.Add(-q.age)); err != nil {
				t.Fatal(err)
			}
		}
		in, err := s.Insights(ctx, "ot")
		if err != nil {
			t.Fatal(err)
		}
		want := []Count{
			{RoleID: "ot", Key: "parking", Count: 2, Example: "parking??"},
			{RoleID: "ot", Key: "sponsor visas", Count: 1, Example: "Do you sponsor visas? call [phone]"},
		}
		if !slices.Equal(in.Unanswered, want) {
			t.Errorf("unanswered = %+v\nwant %+v", in.Unanswered, want)
		}
		var texts []string
		rows, err := s.db.query(ctx, `SELECT text FROM unanswered ORDER BY text`)
		if err != nil {
			t.Fatal(err)
		}
		_ = scanAll(rows, func() error {
			var s string
			texts = append(texts, s)
			return rows.Scan(&texts[len(texts)-1])
		})
		for _, text := range texts {
			if text != Redact(text) {
				t.Errorf("stored unredacted: %q", text)
			}
		}
		if err := s.Expire(ctx, now, Retention); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "unanswered"); n != 4 {
			t.Errorf("%d unanswered after expiry, want 4: the 40-day-old one goes", n)
		}
		if err := s.Expire(ctx, now, 0); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "unanswered"); n != 0 {
			t.Errorf("%d unanswered kept with retention 0", n)
		}
	})
}

func TestInsights(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		ctx := context.Background()
		now := time.Unix(1_800_000_000, 0).UTC()
		s.now = func() time.Time { return now }
		day := 24 * time.Hour
		outcomes := []Outcome{
			{ID: "1", RoleID: "ot", Intent: "requirement", Answered: true, Items: []string{"Key duty 7"}, At: now.Add(-day)},
			{ID: "2", RoleID: "ot", Intent: "search", Answered: true, Items: []string{"Key duty 7", "Job scope"}, At: now.Add(-2 * day)},
			{ID: "3", RoleID: "ot", Intent: "search", Answered: false, At: now.Add(-3 * day)},
			{ID: "4", RoleID: "ot", Intent: "search", Answered: false, At: now.Add(-10 * day)},
			{ID: "5", RoleID: "ot", Intent: "duty", Answered: true, Items: []string{"Key duty 3"}, At: now.Add(-20 * day)},
			{ID: "6", RoleID: "ot", Intent: "duty", Answered: true, Items: []string{"Key duty 3"}, At: now.Add(-40 * day)},
			{ID: "7", RoleID: "nurse", Intent: "fact", Answered: true, Items: []string{"Recruiter note · Salary"}, At: now.Add(-day)},
			{ID: "8", Intent: "greeting", Answered: false, At: now.Add(-day)},
		}
		for _, o := range outcomes {
			if err := s.RecordAnswer(ctx, o); err != nil {
				t.Fatal(err)
			}
		}
		in, err := s.Insights(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		wantRoles := []RoleStats{
			{RoleID: "nurse", Answered7: 1, Answered30: 1},
			{RoleID: "ot", Answered7: 2, Abstained7: 1, Answered30: 3, Abstained30: 2},
		}
		if !slices.Equal(in.Roles, wantRoles) {
			t.Errorf("roles = %+v\nwant %+v", in.Roles, wantRoles)
		}
		in, err = s.Insights(ctx, "ot")
		if err != nil {
			t.Fatal(err)
		}
		wantCited := []Count{{RoleID: "ot", Key: "Key duty 7", Count: 2}, {RoleID: "ot", Key: "Job scope", Count: 1}, {RoleID: "ot", Key: "Key duty 3", Count: 1}}
		if !slices.Equal(in.MostCited, wantCited) {
			t.Errorf("most cited = %+v\nwant %+v", in.MostCited, wantCited)
		}
		if len(in.Roles) != 1 || in.Roles[0].RoleID != "ot" {
			t.Errorf("insights for ot show %+v", in.Roles)
		}
		if err := s.Expire(ctx, now, Retention); err != nil {
			t.Fatal(err)
		}
		if n := count(t, s, "answers"); n != 7 {
			t.Errorf("%d answers after expiry, want 7", n)
		}
	})
}

// TestMigrateTwice: opening a migrated database again, as a restart or a
// second replica does, changes nothing.
func TestMigrateTwice(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *Store) {
		if ok, _ := s.Claim(context.Background(), []string{"k"}, time.Hour); !ok {
			t.Fatal("claim refused")
		}
		other := reopen(t, s)
		if ok, _ := other.Claim(context.Background(), []string{"k"}, time.Hour); ok {
			t.Error("a reopened store forgot a claim")
		}
		if n := count(t, other, "schema_migrations"); n != len(migrations)-1 {
			t.Errorf("%d versions recorded, want %d", n, len(migrations)-1)
		}
	})
}

// TestMigrateFromVersion1: a database made by the first release is brought
// up to date at open, its rows kept.
func TestMigrateFromVersion1(t *testing.T) {
	all := migrations
	t.Cleanup(func() { migrations = all })
	migrations = all[:2]
	forEachBackend(t, func(t *testing.T, s *Store) {
		migrations = all[:2]
		ctx := context.Background()
		if _, err := s.db.exec(ctx, `INSERT INTO inbox (id, adapter, channel, thread, text, received_at) VALUES ('slack:E1', 'slack', 'C1', '', 'hi', $1)`, ms(s.now())); err != nil {
			t.Fatal(err)
		}
		migrations = all
		s2 := reopen(t, s)
		if n := count(t, s2, "schema_migrations"); n != len(all)-1 {
			t.Errorf("%d versions after the upgrade, want %d", n, len(all)-1)
		}
		if got, err := s2.Pending(ctx, time.Hour); err != nil || len(got) != 1 {
			t.Errorf("the version 1 inbox row after the upgrade: %+v, %v", got, err)
		}
		if _, err := s2.Salt(ctx); err != nil {
			t.Errorf("version 3's table: %v", err)
		}
	})
}

func TestRedact(t *testing.T) {
	for in, want := range map[string]string{
		"email me: jo.bloggs+jobs@nhs.example.co.uk please": "email me: [email] please",
		"call +44 (0)20 7946 0958 or 07700-900-123":         "call [phone] or [phone]",
		"Is it band 7? 37.5 hours? closing 2026-01-31?":     "Is it band 7? 37.5 hours? closing 2026-01-31?",
		"ref 123456": "ref 123456",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTopic(t *testing.T) {
	for in, want := range map[string]string{
		"Is there parking?": "parking",
		"parking??":         "parking",
		"Do you offer free staff parking on site?": "free parking site",
		"hi":                            "(other)",
		"What's the on-call allowance?": "allowance call",
	} {
		if got := Topic(in); got != want {
			t.Errorf("Topic(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkClaim(b *testing.B) {
	forEachBackend(b, func(b *testing.B, s *Store) {
		ctx := context.Background()
		b.ResetTimer()
		for i := range b.N {
			keys := []string{fmt.Sprintf("event:E%d", i), fmt.Sprintf("message:C1/%d.0", i)}
			if ok, err := s.Claim(ctx, keys, ClaimTTL); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
	})
}

func count(t testing.TB, s *Store, table string) int {
	t.Helper()
	rows, err := s.db.query(context.Background(), `SELECT COUNT(*) FROM `+table)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := scanAll(rows, func() error { return rows.Scan(&n) }); err != nil {
		t.Fatal(err)
	}
	return n
}

// forEachBackend runs f on a fresh SQLite file and on a fresh schema of
// the PostgreSQL test server.
func forEachBackend[T testing.TB](t T, f func(T, *Store)) {
	run := func(name string, f func(T)) {
		switch tt := any(t).(type) {
		case *testing.T:
			tt.Run(name, func(t *testing.T) { f(any(t).(T)) })
		case *testing.B:
			tt.Run(name, func(b *testing.B) { f(any(b).(T)) })
		}
	}
	run("sqlite", func(t T) { f(t, testSQLite(t)) })
	run("postgres", func(t T) { f(t, testPostgres(t)) })
}

func testSQLite(t testing.TB) *Store {
	s, err := OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "recruitbot.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func testPostgres(t testing.TB) *Store {
	url := storetest.PostgresURL(t)
	s, err := OpenPostgres(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// reopen opens a second handle on s's database, as a restarted process or
// a second replica would.
func reopen(t testing.TB, s *Store) *Store {
	t.Helper()
	var other *Store
	var err error
	switch d := s.db.(type) {
	case sqliteDB:
		var path string
		rows, qerr := d.query(context.Background(), `SELECT file FROM pragma_database_list WHERE name = 'main'`)
		if qerr != nil {
			t.Fatal(qerr)
		}
		_ = scanAll(rows, func() error { return rows.Scan(&path) })
		other, err = OpenSQLite(context.Background(), path)
	case pgDB:
		other, err = OpenPostgres(context.Background(), d.pool.Config().ConnString())
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}
