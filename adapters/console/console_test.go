package console_test

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/adapters/console"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func newBot(t *testing.T) *bot.Bot { return testkit.Bot(t, nil) }

func TestSessionEndsAtEOF(t *testing.T) {
	var out bytes.Buffer
	in := strings.NewReader("Do I need HCPC registration?\n\n/role duty 7\n/role\nsummarise the role\n")
	if err := console.New(in, &out, true, "hint line").Run(context.Background(), newBot(t)); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"hint line\n> ", "Yes, it's Essential", "[Qualifications · Essential]", "Key duty 7:", "[Key duty 7]",
		"You can ask:", "Essential criteria:", "items cited from the Primary care occupational therapist job description"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if !strings.HasSuffix(got, "> \n") {
		t.Errorf("EOF should end the session on a clean line: %q", got[max(0, len(got)-20):])
	}
}

func TestWithoutPromptOnlyAnswers(t *testing.T) {
	var out bytes.Buffer
	console.New(strings.NewReader("hello\n"), &out, false, "hint line").Run(context.Background(), newBot(t))
	if strings.Contains(out.String(), "hint line") || strings.Contains(out.String(), "> ") {
		t.Errorf("no prompt expected: %q", out.String())
	}
}

func TestCancelStopsWaitingForInput(t *testing.T) {
	r, w := io.Pipe()
	defer w.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- console.New(r, io.Discard, true, "").Run(ctx, newBot(t)) }()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
}

func TestFormatQuotesSourcesOnce(t *testing.T) {
	a := bot.Answer{Text: "Key duty 7: “Complete assessments.”", Answered: true, Intent: bot.IntentDuty,
		Citations: []bot.Citation{{Kind: corpus.Duty, Number: 7, Text: "Complete assessments."}}}
	if got := console.Format(a); strings.Count(got, "Complete assessments.") != 1 {
		t.Errorf("quote repeated: %q", got)
	}
}

func TestFormatCountAgrees(t *testing.T) {
	a := bot.Answer{Text: "I know 1 role:\n• OT", Answered: true,
		Body:      []bot.Block{{Kind: bot.BlockLead, Text: "I know 1 role:"}},
		Citations: []bot.Citation{{Kind: corpus.Scope, Role: "OT", Text: "scope"}}}
	if got := console.Format(a); !strings.Contains(got, "(1 item cited from the OT job description)") {
		t.Errorf("got %q, want 1 item", got)
	}
}
