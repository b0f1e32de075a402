package chat

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
)

func TestGuard(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	if a := Guard(log, func() bot.Answer { return bot.Answer{Text: "fine"} }); a.Text != "fine" {
		t.Errorf("an answer should pass through: %q", a.Text)
	}
	a := Guard(log, func() bot.Answer { panic("boom") })
	if a.Text != Apology || a.Intent != bot.IntentError {
		t.Errorf("a panic should give the apology: %+v", a)
	}
	if !strings.Contains(logs.String(), "boom") || !strings.Contains(logs.String(), "level=ERROR") {
		t.Errorf("the panic should be logged at error: %s", logs.String())
	}
}

func TestLogAnswered(t *testing.T) {
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, nil))
	LogAnswered(log, bot.Answer{Question: "do I need HCPC?", Intent: bot.IntentRequirement, Answered: true, Citations: make([]bot.Citation, 2)}, 1, "took", "3ms")
	line := logs.String()
	for _, want := range []string{"msg=answered", "intent=requirement", "answered=true", "citations=2", "messages=1", "took=3ms"} {
		if !strings.Contains(line, want) {
			t.Errorf("log line lacks %s: %s", want, line)
		}
	}
	if strings.Contains(line, "HCPC") {
		t.Errorf("the question's text is logged: %s", line)
	}
}
