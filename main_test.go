package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	adapterchat "github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

func noEnv(string) string { return "" }

func runMain(t *testing.T, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, noEnv)
	return out.String(), errb.String(), code
}

// TestAskJSONContract checks `ask --json` against the contract in the
// README: one object a line, in order, with exactly the documented fields.
func TestAskJSONContract(t *testing.T) {
	qs := []string{"Do I need to be HCPC registered?", "What is the salary?", "list the desirable qualifications", "", "what does duty 9 say?"}
	out, stderr, code := runMain(t, strings.Join(qs, "\n")+"\n", "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != len(qs) {
		t.Fatalf("%d lines for %d questions:\n%s", len(lines), len(qs), out)
	}
	for i, line := range lines {
		var raw map[string]json.RawMessage
		if err := json.Unmarshal([]byte(line), &raw); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		for _, k := range []string{"question", "answered", "answer", "citations"} {
			if _, ok := raw[k]; !ok {
				t.Errorf("line %d lacks %q", i, k)
			}
		}
		var a jsonAnswer
		json.Unmarshal([]byte(line), &a)
		if a.Question != qs[i] {
			t.Errorf("line %d answers %q, want %q (order)", i, a.Question, qs[i])
		}
		if a.Answer == "" {
			t.Errorf("line %d: empty answer", i)
		}
		if !a.Answered && len(a.Citations) != 0 {
			t.Errorf("line %d: abstained with citations", i)
		}
		if string(raw["citations"]) == "null" {
			t.Errorf("line %d: citations must be a list, not null", i)
		}
		for _, c := range a.Citations {
			if c.Role == "" || c.Text == "" || c.Section == "" {
				t.Errorf("line %d: incomplete citation %+v", i, c)
			}
			if c.Level != "" && c.Level != "essential" && c.Level != "desirable" {
				t.Errorf("line %d: level %q", i, c.Level)
			}
		}
	}
	var first jsonAnswer
	json.Unmarshal([]byte(lines[0]), &first)
	if !first.Answered || first.Citations[0].Level != "essential" || first.Citations[0].Number != 0 {
		t.Errorf("HCPC: %+v", first)
	}
	var duty jsonAnswer
	json.Unmarshal([]byte(lines[4]), &duty)
	if len(duty.Citations) != 1 || duty.Citations[0].Number != 9 || duty.Citations[0].Level != "" {
		t.Errorf("duty 9: %+v", duty.Citations)
	}
}

func TestAskArgsAndPlainText(t *testing.T) {
	out, _, code := runMain(t, "", "ask", "Do I need HCPC registration?", "What does duty 7 say?")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out, "Essential") || !strings.Contains(out, "[Key duty 7]") || !strings.Contains(out, "[Qualifications · Essential]") {
		t.Errorf("plain answers should show the answer and labelled sources:\n%s", out)
	}
	if _, stderr, code := runMain(t, "", "ask", "--role", "nope", "hi"); code != 2 || !strings.Contains(stderr, "no role") {
		t.Errorf("unknown role: exit %d, %q", code, stderr)
	}
}

// TestAskLongLine: a line far longer than a buffer is answered (as too
// long), and the lines after it still are.
func TestAskLongLine(t *testing.T) {
	in := strings.Repeat("x", 300_000) + "\nDo I need HCPC registration?\n"
	out, _, code := runMain(t, in, "ask", "--json")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	n := 0
	for sc.Scan() {
		n++
	}
	if n != 2 {
		t.Errorf("%d answers for 2 lines", n)
	}
}

func TestConsoleSession(t *testing.T) {
	out, errs, code := runMain(t, "hello\nDo I need HCPC registration?\n/role duty 3\n", "console")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	// Nothing but real problems between the prompt and the answers.
	if errs != "" {
		t.Errorf("the terminal chat logged %q", errs)
	}
	for _, want := range []string{"> ", "Ctrl-D", "HCPC", "Qualifications · Essential", "third sector"} {
		if !strings.Contains(out, want) {
			t.Errorf("console output lacks %q:\n%s", want, out)
		}
	}
}

func TestCorpusFlagReportsBadFiles(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("corpus/default/primary-care-occupational-therapist.md")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "ot.md"), good, 0o644)
	os.WriteFile(filepath.Join(dir, "broken.md"), []byte("# Broken\n\n## Key duties\n\n2. Starts at two.\n"), 0o644)
	out, stderr, code := runMain(t, "", "--corpus", dir, "ask", "--json", "Do I need HCPC registration?")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "broken.md:5") {
		t.Errorf("the bad file should be reported with file and line: %q", stderr)
	}
	if !strings.Contains(out, `"answered":true`) {
		t.Errorf("the good file should still answer: %s", out)
	}
	if _, stderr, code := runMain(t, "", "--corpus", filepath.Join(dir, "missing"), "ask", "hi"); code != 1 || !strings.Contains(stderr, "missing") {
		t.Errorf("missing corpus: exit %d %q", code, stderr)
	}
}

func TestIndexFlagPersists(t *testing.T) {
	dir := t.TempDir()
	for i := 0; i < 2; i++ {
		_, stderr, code := runMain(t, "", "--index", dir, "--log-level", "info", "--log-format", "text", "ask", "hi")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		want := map[int]string{0: "index_rebuilt=true", 1: "index_rebuilt=false"}[i]
		if !strings.Contains(stderr, want) {
			t.Errorf("run %d: want %s in %q", i, want, stderr)
		}
	}
}

func TestConfigErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "c.yaml")
	os.WriteFile(p, []byte("corpus: x\nbogus: 1\n"), 0o644)
	if _, stderr, code := runMain(t, "", "--config", p, "ask", "hi"); code != 1 || !strings.Contains(stderr, "bogus") {
		t.Errorf("unknown key: exit %d %q", code, stderr)
	}
	if _, _, code := runMain(t, "", "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
}

func copyDir(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644)
	}
	return dir
}

// TestLiveReload: an edit to a role file shows in the running bot's next
// answers, and a broken edit keeps the old version.
func TestLiveReload(t *testing.T) {
	dir := copyDir(t, "testdata/roles")
	nurse := filepath.Join(dir, "practice-nurse.md")
	orig, _ := os.ReadFile(nurse)
	inR, inW := io.Pipe()
	var out, errb testkit.SyncBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(context.Background(), []string{"console", "--corpus", dir}, inR, &out, &errb, noEnv)
	}()
	defer func() {
		inW.Close()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("run did not exit after stdin closed")
		}
	}()
	const q = "What is the salary for the practice nurse?\n"
	// askUntil asks q every 100 ms, at most 10 s, until the output has want.
	askUntil := func(want string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if _, err := io.WriteString(inW, q); err != nil {
				t.Fatal(err)
			}
			time.Sleep(100 * time.Millisecond)
			if strings.Contains(out.String(), want) {
				return
			}
		}
		t.Fatalf("no answer with %q within 10s; stderr:\n%s", want, errb.String())
	}
	askUntil("Band 5")
	os.WriteFile(nurse, bytes.Replace(orig, []byte("Band 5"), []byte("Band 6"), 1), 0o644)
	askUntil("Band 6")
	os.WriteFile(nurse, []byte("# Practice nurse\n\n## Key duties\n\n7. Out of order.\n"), 0o644)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errb.String(), "practice-nurse.md:5") {
		if time.Now().After(deadline) {
			t.Fatalf("broken edit not reported with file and line:\n%s", errb.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	before := strings.Count(out.String(), "Band 6")
	io.WriteString(inW, q)
	deadline = time.Now().Add(5 * time.Second)
	for strings.Count(out.String(), "Band 6") == before {
		if time.Now().After(deadline) {
			t.Fatalf("after a broken edit the last good version should still answer:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestExampleConfig: the documented example is a valid config file.
func TestExampleConfig(t *testing.T) {
	cfg, err := loadConfig("config.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.LogLevel != "info" || cfg.Slack.Enabled() || cfg.Discord.Enabled() {
		t.Errorf("example config: %+v", cfg)
	}
	// The example documents the defaults of the reply policy.
	if got := cfg.Replies; got != got.OrDefaults() || got == (adapterchat.Policy{}) {
		t.Errorf("example replies: %+v, want the defaults %+v", got, got.OrDefaults())
	}
}

// TestRepliesPolicyFromConfig: the replies section is read, and a
// negative value refused before anything starts.
func TestRepliesPolicyFromConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte("replies:\n  reply_deadline: 5s\n  concurrency: 1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := loadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := (adapterchat.Policy{ReplyDeadline: 5 * time.Second, Concurrency: 1}); cfg.Replies != want {
		t.Errorf("replies = %+v, want %+v", cfg.Replies, want)
	}
	cfg.Replies.PostDeadline = -time.Second
	if err := cfg.apply(options{}, noEnv); err == nil || !strings.Contains(err.Error(), "post_deadline") {
		t.Errorf("apply with a negative post_deadline: %v, want it refused", err)
	}
}

// TestREADMETranscript keeps the README's terminal session true: its
// questions are asked of the real console over the embedded role, and the
// block must read exactly as the console answers them. After a change to
// the answers, refresh it with
//
//	RECRUITBOT_UPDATE_README=1 go test -run TestREADMETranscript .
func TestREADMETranscript(t *testing.T) {
	raw, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(raw)
	const marker = "A session in the terminal"
	at := strings.Index(readme, marker)
	if at < 0 {
		t.Fatalf("README has no %q", marker)
	}
	start := strings.Index(readme[at:], "```text\n")
	if start < 0 {
		t.Fatal("README's session has no ```text block")
	}
	start += at + len("```text\n")
	end := strings.Index(readme[start:], "```")
	if end < 0 {
		t.Fatal("README's session block is not closed")
	}
	end += start
	block := readme[start:end]
	var questions []string
	for _, line := range strings.Split(block, "\n") {
		if q, ok := strings.CutPrefix(line, "> "); ok && strings.TrimSpace(q) != "" {
			questions = append(questions, q)
		}
	}
	if len(questions) < 3 {
		t.Fatalf("README's session asks %d questions", len(questions))
	}
	out, _, code := runMain(t, strings.Join(questions, "\n")+"\n", "console")
	if code != 0 {
		t.Fatalf("console exit %d", code)
	}
	// The terminal shows what was typed after each prompt; a pipe does not.
	var b strings.Builder
	rest := out
	for _, q := range questions {
		i := strings.Index(rest, "> ")
		if i < 0 {
			t.Fatalf("console printed no prompt for %q:\n%s", q, out)
		}
		b.WriteString(rest[:i] + "> " + q + "\n")
		rest = rest[i+2:]
	}
	b.WriteString(strings.TrimSuffix(strings.TrimRight(rest, " \n"), ">"))
	got := strings.TrimRight(b.String(), " \n") + "\n"
	if got == block {
		return
	}
	if os.Getenv("RECRUITBOT_UPDATE_README") != "" {
		if err := os.WriteFile("README.md", []byte(readme[:start]+got+readme[end:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("README's terminal session no longer matches the console; refresh it with RECRUITBOT_UPDATE_README=1 go test -run TestREADMETranscript .\n--- README\n%s--- console\n%s", block, got)
}
