// Package console is a chat on a terminal: questions on stdin, answers with
// their citations on stdout. It is what `go run .` starts when no chat
// platform is configured, and the simplest adapter for tests to drive.
package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/recruitbot/recruitbot/adapters/chat"
	"github.com/recruitbot/recruitbot/bot"
)

// Console reads one message a line and writes each answer.
type Console struct {
	in     io.Reader
	out    io.Writer
	prompt bool
	intro  string
}

var _ bot.Adapter = (*Console)(nil)

// New returns a console chat. With prompt set it shows a prompt and a
// one-line hint, as for a person at a terminal.
func New(in io.Reader, out io.Writer, prompt bool, intro string) *Console {
	return &Console{in: in, out: out, prompt: prompt, intro: intro}
}

// maxLine bounds one message; longer lines are answered as too long.
const maxLine = 1 << 20

// Run answers until the input ends (EOF, Ctrl-D) or ctx is cancelled.
// "/role ..." lines are run as slash commands.
func (c *Console) Run(ctx context.Context, r bot.Responder) error {
	lines := make(chan string)
	errc := make(chan error, 1)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(c.in)
		sc.Buffer(make([]byte, 64*1024), maxLine)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			case <-ctx.Done():
				return
			}
		}
		errc <- sc.Err()
	}()
	if c.prompt {
		fmt.Fprintln(c.out, c.intro)
		fmt.Fprint(c.out, "> ")
	}
	for {
		select {
		case <-ctx.Done():
			if c.prompt {
				fmt.Fprintln(c.out)
			}
			return nil
		case line, ok := <-lines:
			if !ok {
				if c.prompt {
					fmt.Fprintln(c.out)
				}
				select {
				case err := <-errc:
					if err != nil {
						return fmt.Errorf("read input: %w", err)
					}
				default:
				}
				return nil
			}
			if strings.TrimSpace(line) == "" && c.prompt {
				fmt.Fprint(c.out, "> ")
				continue
			}
			var a bot.Answer
			if rest, ok := strings.CutPrefix(strings.TrimSpace(line), "/role"); ok && (rest == "" || rest[0] == ' ') {
				a = r.Run(ctx, bot.Question{}, bot.ParseCommand(rest))
			} else {
				a = r.Answer(ctx, bot.Question{Text: line, Conversation: "console"})
			}
			fmt.Fprintln(c.out, Format(a))
			if c.prompt {
				fmt.Fprint(c.out, "\n> ")
			}
		}
	}
}

// Format renders an answer as plain text: the reply, then its sources.
func Format(a bot.Answer) string {
	var b strings.Builder
	b.WriteString(a.Text)
	// An answer that quotes items lists them as its sources; one that lists
	// many (a list, a posting, a self-check) says how many it drew on.
	quotes := false
	for _, bl := range a.Body {
		quotes = quotes || bl.Kind == bot.BlockQuote || bl.Kind == bot.BlockFact
	}
	if len(a.Citations) > 0 && quotes {
		b.WriteString("\nSources:")
		for _, c := range a.Citations {
			if strings.Contains(a.Text, c.Text) {
				fmt.Fprintf(&b, "\n  [%s]", c.Label()) // already quoted in full
			} else {
				fmt.Fprintf(&b, "\n  [%s] %s", c.Label(), c.Text)
			}
		}
	} else if len(a.Citations) > 0 {
		fmt.Fprintf(&b, "\n(%s cited from the %s job description)", chat.Count(len(a.Citations), "item", "items"), a.Citations[0].Role)
	}
	return b.String()
}
