// Command recruitbot answers recruitment questions about job descriptions in
// Slack, Discord or a terminal, quoting the duty or criterion each answer
// rests on.
//
//	recruitbot [flags] [serve]                              chat on Slack and/or Discord
//	recruitbot [flags] console                              chat on the terminal
//	recruitbot [flags] ask [--json] [--role ID] [QUESTION ...]  answer and exit
//	recruitbot [flags] validate                             check config and corpus
//	recruitbot import [-o DIR] [-force] FILE...             job descriptions to role files
//	recruitbot show [--json] FILE...                        print roles as the bot reads them
//	recruitbot [flags] insights [--role ID]                 what applicants asked
//	recruitbot version | help [COMMAND]
//
// Flags go before or after the command; `recruitbot --help` lists them,
// the environment and the exit codes.
//
// main only wires things together: read config, load the corpus, build the
// index, start the adapters, wait for a signal.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/recruitbot/recruitbot/adapters/console"
	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

type env func(string) string

// run is main without the process: testable, and the only place that
// decides an exit code (see exitCodes).
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int {
	// import and show read files, not the corpus: they take their own
	// flags, after their name.
	if len(args) > 0 {
		switch args[0] {
		case "import":
			return importCmd(args[1:], stdout, stderr)
		case "show":
			return showCmd(args[1:], stdout, stderr)
		}
	}
	inv, code, done := parseArgs(args, stdout, stderr, getenv)
	if done {
		return code
	}
	switch inv.cmd {
	case "validate":
		return validate(inv.opts, stdout, stderr, getenv)
	case "healthcheck":
		return healthcheck(inv.opts, stdout, stderr, getenv)
	}
	cfg, err := loadConfig(inv.opts.config)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return exitFailed
	}
	if err := cfg.apply(inv.opts, getenv); err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return exitUsage
	}
	// A scripted run's stderr, and a terminal chat's screen, are for real
	// problems only: info lines would land between the prompt and the
	// answers.
	terminal := inv.cmd == "console" || inv.cmd == "serve" && !cfg.Slack.Enabled() && !cfg.Discord.Enabled()
	if (inv.cmd == "ask" || terminal) && cfg.LogLevel == "" {
		cfg.LogLevel = "warn"
	}
	log, err := newLogger(stderr, cfg.LogLevel, cfg.LogFormat)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return exitUsage
	}
	if inv.cmd == "insights" {
		return showInsights(ctx, cfg, inv.sub.role, stdout, stderr, getenv)
	}
	if inv.cmd == "serve" && !cfg.Slack.Enabled() && !cfg.Discord.Enabled() && !isTerminal(stdin) {
		notConfigured(stderr)
		return exitNoConfig
	}

	l, lib, err := openLibrary(ctx, cfg.Corpus, cfg.Index, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return exitFailed
	}
	defer l.Close()
	b := bot.New(lib, log)

	switch inv.cmd {
	case "ask":
		return ask(ctx, b, inv.sub, inv.args, stdin, stdout, stderr)
	case "console":
		return chat(ctx, b, l, stdin, stdout, log)
	}
	return serve(ctx, cfg, b, l, stdin, stdout, getenv, log)
}

// jsonAnswer is one line of `ask --json`.
type jsonAnswer struct {
	Question  string         `json:"question"`
	Answered  bool           `json:"answered"`
	Answer    string         `json:"answer"`
	Citations []jsonCitation `json:"citations"`
}

type jsonCitation struct {
	Role    string `json:"role"`
	Section string `json:"section"`
	Number  int    `json:"number"`
	Area    string `json:"area"`
	Level   string `json:"level"`
	Text    string `json:"text"`
}

func ask(ctx context.Context, b *bot.Bot, flags subFlags, questions []string, stdin io.Reader, stdout, stderr io.Writer) int {
	asJSON, role := &flags.json, &flags.role
	if *role != "" {
		if _, ok := findRole(b.Library().Roles, *role); !ok {
			fmt.Fprintf(stderr, "recruitbot: no role %q; loaded: %s\n", *role, roleIDs(b.Library().Roles))
			return 2
		}
	}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	answer := func(q string) error {
		a := b.Answer(ctx, bot.Question{Text: q, RoleID: *role})
		if !*asJSON {
			_, err := fmt.Fprintf(stdout, "%s\n\n", console.Format(a))
			return err
		}
		out := jsonAnswer{Question: q, Answered: a.Answered, Answer: a.Text, Citations: []jsonCitation{}}
		for _, c := range a.Citations {
			out.Citations = append(out.Citations, jsonCitation{Role: c.Role, Section: c.Section, Number: c.Number,
				Area: c.Area, Level: string(c.Level), Text: c.Text})
		}
		return enc.Encode(out)
	}
	if qs := questions; len(qs) > 0 {
		for _, q := range qs {
			if err := answer(q); err != nil {
				fmt.Fprintln(stderr, "recruitbot:", err)
				return 1
			}
		}
		return 0
	}
	return readLines(stdin, func(line string) error {
		return answer(line)
	}, stderr)
}

func findRole(roles []*corpus.Role, id string) (*corpus.Role, bool) {
	for _, r := range roles {
		if r.ID == id {
			return r, true
		}
	}
	return nil, false
}

func roleIDs(roles []*corpus.Role) string {
	ids := make([]string, len(roles))
	for i, r := range roles {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}
