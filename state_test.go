package main

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/store"
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
	for _, want := range []string{"practice-nurse", "7 days: 1 / 1", "parking", "[phone]", "Key duty 3"} {
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
