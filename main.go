// Command recruitbot answers recruitment questions about job descriptions in
// Slack, Discord or a terminal, quoting the duty or criterion each answer
// rests on.
//
//	recruitbot [--config FILE] [--corpus DIR] [--index DIR]        serve chat
//	recruitbot ask [--json] [--role ID] [QUESTION ...]              answer and exit
//	recruitbot insights [--role ID]                                 what applicants asked
//
// main only wires things together: read config, load the corpus, build the
// index, start the adapters, wait for a signal.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
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
// decides an exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv env) int {
	fs := flag.NewFlagSet("recruitbot", flag.ContinueOnError)
	fs.SetOutput(stderr)
	configPath := fs.String("config", getenv("RECRUITBOT_CONFIG"), "YAML config file (see config.example.yaml)")
	corpusDir := fs.String("corpus", "", "folder of role files to load instead of the built-in corpus")
	indexDir := fs.String("index", "", "keep the search index in this folder, so a restart does not rebuild it")
	logLevel := fs.String("log-level", "", "debug, info, warn or error")
	dataDir := fs.String("data", "", "folder of the SQLite store (default: recruitbot in the user's state directory); DATABASE_URL selects PostgreSQL instead")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	cfg, err := loadConfig(*configPath)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return 1
	}
	if *corpusDir != "" {
		cfg.Corpus = *corpusDir
	}
	if *indexDir != "" {
		cfg.Index = *indexDir
	}
	if *logLevel != "" {
		cfg.LogLevel = *logLevel
	}
	if *dataDir != "" {
		cfg.Data = *dataDir
	}
	rest := fs.Args()
	asking := len(rest) > 0 && rest[0] == "ask"
	if asking && cfg.LogLevel == "" {
		cfg.LogLevel = "warn" // keep a scripted run's stderr for real problems
	}
	log, err := newLogger(stderr, cfg.LogLevel)
	if err != nil {
		fmt.Fprintln(stderr, "recruitbot:", err)
		return 2
	}
	if len(rest) > 0 && rest[0] == "insights" {
		return showInsights(ctx, cfg, rest[1:], stdout, stderr, getenv)
	}
	if len(rest) > 0 && !asking {
		fmt.Fprintf(stderr, "recruitbot: unknown command %q\n", rest[0])
		fs.Usage()
		return 2
	}

	l, lib, err := openLibrary(cfg.Corpus, cfg.Index, log)
	if err != nil {
		log.Error("cannot start", "err", err)
		return 1
	}
	defer l.Close()
	b := bot.New(lib, log)

	if asking {
		return ask(ctx, b, rest[1:], stdin, stdout, stderr)
	}
	return serve(ctx, cfg, b, l, stdin, stdout, getenv, log)
}

const usage = `recruitbot answers recruitment questions about job descriptions.

Usage:
  recruitbot [flags]                                 chat: Slack and/or Discord when their tokens are set, else the terminal
  recruitbot [flags] ask [--json] [--role ID] [QUESTION ...]
                                                     answer each QUESTION, or each line of stdin, and exit
  recruitbot [flags] insights [--role ID]            questions answered and not, unanswered topics, most-cited items

Flags:
`

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

func ask(ctx context.Context, b *bot.Bot, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ask", flag.ContinueOnError)
	fs.SetOutput(stderr)
	asJSON := fs.Bool("json", false, "write one JSON object a line")
	role := fs.String("role", "", "answer for this role id")
	if err := fs.Parse(args); err != nil {
		return 2
	}
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
	if qs := fs.Args(); len(qs) > 0 {
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
