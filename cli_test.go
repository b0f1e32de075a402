package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestHelpOnEveryCommandGoesToStdoutAndExitsZero(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}, {"ask", "--help"}, {"--help", "ask"}, {"help", "ask"},
		{"serve", "--help"}, {"console", "-h"}, {"validate", "--help"}, {"version", "--help"}} {
		out, stderr, code := runMain(t, "", args...)
		if code != 0 || stderr != "" || !strings.Contains(out, "Usage: recruitbot") || !strings.Contains(out, "Exit codes:") {
			t.Errorf("%q: exit %d, stderr %q, stdout:\n%s", args, code, stderr, out)
		}
	}
	out, _, _ := runMain(t, "", "ask", "--help")
	if !strings.Contains(out, "-json") || !strings.Contains(out, "-corpus") {
		t.Errorf("ask --help should list its own flags and the common ones:\n%s", out)
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"--bogus"}, {"ask", "--bogus"}, {"frobnicate"}, {"help", "frobnicate"}, {"--log-format", "xml", "ask", "hi"}, {"validate", "extra"}} {
		out, stderr, code := runMain(t, "", args...)
		if code != exitUsage || stderr == "" || out != "" {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want 2 and the problem on stderr", args, code, out, stderr)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"version"}, {"ask", "--version"}} {
		out, _, code := runMain(t, "", args...)
		if code != 0 || !strings.HasPrefix(out, "recruitbot ") || !strings.Contains(out, "go1.") {
			t.Errorf("%q: exit %d %q", args, code, out)
		}
	}
}

func TestFlagsBeforeOrAfterTheCommand(t *testing.T) {
	for _, args := range [][]string{
		{"--corpus", "corpus/default", "ask", "--json", "Do I need HCPC registration?"},
		{"ask", "--corpus", "corpus/default", "--json", "Do I need HCPC registration?"},
		{"ask", "--json", "--corpus=corpus/default", "Do I need HCPC registration?"},
	} {
		out, stderr, code := runMain(t, "", args...)
		var a jsonAnswer
		if code != 0 || json.Unmarshal([]byte(out), &a) != nil || !a.Answered {
			t.Errorf("%q: exit %d, %q %q", args, code, out, stderr)
		}
	}
}

func TestServeWithNothingToServe(t *testing.T) {
	out, stderr, code := runMain(t, "")
	if code != exitNoConfig || out != "" {
		t.Errorf("exit %d, stdout %q; want %d", code, out, exitNoConfig)
	}
	for _, want := range []string{"SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "DISCORD_BOT_TOKEN", "recruitbot console"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the message should name %s:\n%s", want, stderr)
		}
	}
}

func TestLogFormat(t *testing.T) {
	_, stderr, code := runMain(t, "", "--log-level", "info", "ask", "hi")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for line := range strings.Lines(stderr) {
		if !json.Valid([]byte(line)) {
			t.Errorf("stderr is not a terminal, so logs should be JSON: %q", line)
		}
	}
	_, stderr, _ = runMain(t, "", "--log-level", "info", "--log-format", "text", "ask", "hi")
	if !strings.Contains(stderr, `level=INFO msg="corpus loaded"`) {
		t.Errorf("--log-format text: %q", stderr)
	}
}

func TestValidate(t *testing.T) {
	out, stderr, code := runMain(t, "", "validate")
	if code != 0 || !strings.HasPrefix(out, "ok:") {
		t.Errorf("the built-in corpus with no config: exit %d %q %q", code, out, stderr)
	}

	dir := t.TempDir()
	good, err := os.ReadFile("corpus/default/primary-care-occupational-therapist.md")
	if err != nil {
		t.Fatal(err)
	}
	roles := filepath.Join(dir, "roles")
	os.Mkdir(roles, 0o755)
	os.WriteFile(filepath.Join(roles, "ot.md"), good, 0o644)
	os.WriteFile(filepath.Join(roles, "ot-copy.md"), good, 0o644)
	os.WriteFile(filepath.Join(roles, "broken.md"), []byte("# Broken\n\n## Key duties\n\n2. Starts at two.\n"), 0o644)
	os.WriteFile(filepath.Join(roles, "also-broken.md"), []byte("# Also broken\n\n## Key duties\n\n3. Starts at three.\n"), 0o644)
	cfg := filepath.Join(dir, "c.yaml")
	os.WriteFile(cfg, []byte("corpus: "+roles+"\nslack:\n  recruiters: [nobody]\n  channels:\n    C0JOBS: no-such-role\n"), 0o644)

	out, stderr, code = runMain(t, "", "validate", "--config", cfg)
	if code != exitFailed {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{"broken.md:5", "also-broken.md:5", "ot.md", "ot-copy.md", `"nobody"`, "no-such-role"} {
		if !strings.Contains(out, want) {
			t.Errorf("validate should report %s; got:\n%s", want, out)
		}
	}
	if n := strings.Count(strings.TrimSpace(out), "\n") + 1; n != 5 {
		t.Errorf("%d problems reported, want 5, one a line:\n%s", n, out)
	}
	if !strings.Contains(stderr, "5 problem(s)") {
		t.Errorf("stderr %q", stderr)
	}
}
