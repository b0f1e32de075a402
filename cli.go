package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/recruitbot/recruitbot/internal/metrics"
)

// Exit codes, the same for every command and listed in --help.
const (
	exitOK       = 0  // done, or stopped by a signal after a clean shutdown
	exitFailed   = 1  // could not start, an adapter failed, validate found problems
	exitUsage    = 2  // a bad flag, argument or command
	exitNoConfig = 78 // nothing to serve: no chat token set and stdin is not a terminal (EX_CONFIG)
)

// options are the flags every command takes, before or after its name.
type options struct {
	config, corpus, index     string
	data                      string
	logLevel, logFormat, http string
	grace                     time.Duration
	version                   bool
}

func (o *options) register(fs *flag.FlagSet, getenv env) {
	fs.StringVar(&o.config, "config", getenv("RECRUITBOT_CONFIG"), "YAML config `file` (see config.example.yaml); env RECRUITBOT_CONFIG")
	fs.StringVar(&o.corpus, "corpus", "", "`folder` of role files to load instead of the built-in corpus")
	fs.StringVar(&o.index, "index", "", "keep the search index in this `folder`, so a restart does not rebuild it")
	fs.StringVar(&o.logLevel, "log-level", "", "debug, info, warn or error (default info; warn for ask)")
	fs.StringVar(&o.logFormat, "log-format", "", "json or text (default json when stderr is not a terminal)")
	fs.StringVar(&o.http, "http-addr", "", "serve /healthz, /readyz and /metrics on this `host:port`; env RECRUITBOT_HTTP_ADDR")
	fs.DurationVar(&o.grace, "shutdown-grace", 0, "how long a shutdown waits for replies under way (default 25s); env RECRUITBOT_SHUTDOWN_GRACE")
	fs.StringVar(&o.data, "data", "", "`folder` of the SQLite store (default: recruitbot in the user's state directory); DATABASE_URL selects PostgreSQL instead")
	fs.BoolVar(&o.version, "version", false, "print the version and exit")
}

// command is one subcommand.
type command struct {
	name, args, summary, help string
	flags                     func(fs *flag.FlagSet, sub *subFlags)
}

// subFlags are the flags of particular commands.
type subFlags struct {
	json bool
	role string
}

var commands = []command{
	{name: "serve", summary: "chat on Slack and/or Discord (the default command)",
		help: `Answers on Slack when SLACK_BOT_TOKEN is set and on Discord when
DISCORD_BOT_TOKEN is set, both at once if both are. With neither set it chats
on the terminal if stdin is one, and otherwise exits 78 naming the variables
to set, so that a service whose environment file failed to load does not
look healthy. An adapter that cannot start is logged and does not stop the
other. SIGINT or SIGTERM stops taking messages and waits for the replies
under way, at most --shutdown-grace.`},
	{name: "console", summary: "chat on the terminal, whatever tokens are set",
		help: `Reads one question a line from stdin and writes each answer with its
citations; "/role ..." lines run slash commands. Ctrl-D ends it.`},
	{name: "ask", args: "[--json] [--role ID] [QUESTION ...]", summary: "answer each QUESTION, or each line of stdin, and exit",
		help: `With --json, writes one object a line: question, answered, answer,
citations (role, section, number, area, level, text).`,
		flags: func(fs *flag.FlagSet, sub *subFlags) {
			fs.BoolVar(&sub.json, "json", false, "write one JSON object a line")
			fs.StringVar(&sub.role, "role", "", "answer for this role `id`")
		}},
	{name: "validate", summary: "check the config file and every role file, reporting every problem",
		help: `Loads the config file (--config) and the corpus (--corpus, or the one the
config names, or the built-in one) and prints every problem found, one a
line: unknown keys, bad channel or user ids, channels mapped to roles that do
not exist, and every role file that does not parse, with file and line.
Exits 1 if there is any problem, 0 if there is none.`},
	{name: "healthcheck", summary: "probe a running service's /healthz and exit 0 if it is alive",
		help: `Gets http://127.0.0.1:PORT/healthz, PORT taken from --http-addr or
RECRUITBOT_HTTP_ADDR, and exits 0 on 200, 1 otherwise: a container
HEALTHCHECK that needs no shell or curl in the image.`},
	{name: "insights", args: "[--role ID]", summary: "what applicants asked: answered and not, unanswered topics, most-cited items",
		help: `Reads the store (--data, or DATABASE_URL) and prints, per role, the
questions answered and declined over 7 and 30 days, the unanswered questions
grouped by topic, the answers marked not helpful and the items cited most.`,
		flags: func(fs *flag.FlagSet, sub *subFlags) {
			fs.StringVar(&sub.role, "role", "", "report on this role `id` only")
		}},
	{name: "import", args: "[-o DIR] [-force] FILE...", summary: "turn job descriptions (.txt, .md, .html, .docx, .pdf) into role files",
		help: `Writes each role file to stdout (one FILE, no -o) or to DIR/<id>.md, and
each file's import report (every repair, everything it could not place) to
stderr. Its flags come after its name.`},
	{name: "show", args: "[--json] FILE...", summary: "print role files or job descriptions as the bot reads them",
		help: `With --json, one object a file: id, title, facts, items in document order
(section, number, area, level, level_label, text). Its flags come after its
name.`},
	{name: "version", summary: "print the version and exit", help: "Prints the version, VCS revision and Go version the binary was built with."},
	{name: "help", args: "[COMMAND]", summary: "show this help, or a command's", help: "Shows the help of recruitbot or of one command."},
}

func findCommand(name string) (command, bool) {
	i := slices.IndexFunc(commands, func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands[i], true
}

// invocation is a parsed command line.
type invocation struct {
	cmd  string
	opts options
	sub  subFlags
	args []string // what follows the flags: questions for ask
}

// parseArgs reads the flags before the command's name and after it. It
// returns done with an exit code when there is nothing more to do: help was
// asked for, or the command line is wrong.
func parseArgs(args []string, stdout, stderr io.Writer, getenv env) (inv invocation, code int, done bool) {
	top := flag.NewFlagSet("recruitbot", flag.ContinueOnError)
	top.SetOutput(stderr)
	top.Usage = func() {}
	inv.opts.register(top, getenv)
	if err := top.Parse(args); err != nil {
		code, done := usageError(err, "", stdout, stderr)
		return inv, code, done
	}
	rest := top.Args()
	inv.cmd = "serve"
	if len(rest) > 0 {
		inv.cmd, rest = rest[0], rest[1:]
	}
	cmd, ok := findCommand(inv.cmd)
	if !ok {
		fmt.Fprintf(stderr, "recruitbot: unknown command %q; see recruitbot --help\n", inv.cmd)
		return inv, exitUsage, true
	}
	sub := flag.NewFlagSet("recruitbot "+cmd.name, flag.ContinueOnError)
	sub.SetOutput(stderr)
	sub.Usage = func() {}
	// The same variables again, keeping what the first pass set.
	top.VisitAll(func(f *flag.Flag) { sub.Var(f.Value, f.Name, f.Usage) })
	if cmd.flags != nil {
		cmd.flags(sub, &inv.sub)
	}
	if err := sub.Parse(rest); err != nil {
		code, done := usageError(err, cmd.name, stdout, stderr)
		return inv, code, done
	}
	inv.args = sub.Args()
	if inv.opts.version {
		inv.cmd = "version"
	}
	switch inv.cmd {
	case "help":
		name := ""
		if len(inv.args) > 0 {
			name = inv.args[0]
		}
		if _, ok := findCommand(name); name != "" && !ok {
			fmt.Fprintf(stderr, "recruitbot: unknown command %q; see recruitbot --help\n", name)
			return inv, exitUsage, true
		}
		printHelp(stdout, name, getenv)
		return inv, exitOK, true
	case "version":
		printVersion(stdout)
		return inv, exitOK, true
	case "serve", "console", "validate", "healthcheck", "insights":
		if len(inv.args) > 0 {
			fmt.Fprintf(stderr, "recruitbot %s: unexpected argument %q; see recruitbot %s --help\n", cmd.name, inv.args[0], cmd.name)
			return inv, exitUsage, true
		}
	}
	if f := inv.opts.logFormat; f != "" && f != "json" && f != "text" {
		fmt.Fprintf(stderr, "recruitbot: --log-format %q: want json or text\n", f)
		return inv, exitUsage, true
	}
	return inv, 0, false
}

func usageError(err error, cmd string, stdout, stderr io.Writer) (int, bool) {
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, cmd, nil)
		return exitOK, true
	}
	// flag has printed the error already.
	see := "recruitbot --help"
	if cmd != "" {
		see = "recruitbot " + cmd + " --help"
	}
	fmt.Fprintf(stderr, "see %s\n", see)
	return exitUsage, true
}

// printHelp writes the help of recruitbot, or of one command.
func printHelp(w io.Writer, name string, getenv env) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	var o options
	fs := flag.NewFlagSet("recruitbot", flag.ContinueOnError)
	fs.SetOutput(w)
	o.register(fs, getenv)
	if cmd, ok := findCommand(name); ok {
		fmt.Fprintf(w, "Usage: recruitbot [flags] %s %s\n\n%s\n%s\n\n", cmd.name, cmd.args, cmd.summary, cmd.help)
		if cmd.flags != nil {
			fmt.Fprintln(w, "Flags of", cmd.name+":")
			own := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
			own.SetOutput(w)
			cmd.flags(own, &subFlags{})
			own.PrintDefaults()
			fmt.Fprintln(w)
		}
		fmt.Fprintln(w, "Flags of every command (before or after its name):")
		fs.PrintDefaults()
		fmt.Fprint(w, exitCodes)
		return
	}
	fmt.Fprint(w, "recruitbot answers recruitment questions about job descriptions, quoting\nthe duty or criterion each answer rests on.\n\nUsage: recruitbot [flags] [COMMAND] [flags] [ARGS]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, "\nFlags (before or after the command):\n")
	fs.PrintDefaults()
	fmt.Fprint(w, environment, exitCodes)
}

const environment = `
Environment:
  SLACK_BOT_TOKEN, SLACK_APP_TOKEN           Slack over Socket Mode
  SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET      Slack over the Events API, on
    SLACK_EVENTS_ADDR or, when that is unset, on RECRUITBOT_HTTP_ADDR
  DISCORD_BOT_TOKEN                          Discord
  RECRUITBOT_HTTP_ADDR                       /healthz, /readyz, /metrics
  RECRUITBOT_CONFIG, RECRUITBOT_SHUTDOWN_GRACE
`

const exitCodes = `
Exit codes:
  0   done, or stopped by SIGINT/SIGTERM after a clean shutdown
  1   could not start, an adapter failed, or validate found problems
  2   bad flag, argument or command
  78  nothing to serve: no chat token set and stdin is not a terminal
`

func printVersion(w io.Writer) {
	v := metrics.ReadVersion()
	rev := v.Revision
	if rev == "" {
		rev = "unknown revision"
	} else if v.Modified {
		rev += " (modified)"
	}
	fmt.Fprintf(w, "recruitbot %s, %s, %s\n", v.Version, rev, v.GoVersion)
}

// isTerminal reports whether x is a terminal. /dev/null, which systemd
// gives a service as stdin, is a character device but not a terminal.
func isTerminal(x any) bool {
	f, ok := x.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// notConfigured says what to set when serve has nothing to serve.
func notConfigured(w io.Writer) {
	fmt.Fprint(w, strings.TrimLeft(`
recruitbot: no chat platform is configured and stdin is not a terminal, so
there is nothing to serve. Set, in the environment:
  SLACK_BOT_TOKEN and SLACK_APP_TOKEN              for Slack over Socket Mode
  SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET         for Slack over the Events API
    (with SLACK_EVENTS_ADDR or RECRUITBOT_HTTP_ADDR)
  DISCORD_BOT_TOKEN                                for Discord
or run "recruitbot console" to chat on the terminal.
`, "\n"))
}
