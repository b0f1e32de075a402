package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// Command is a slash command: /role NAME ARGS.
type Command struct {
	Name string // ask, criteria, duty, summary, list, check or help
	Args string
}

// The /role subcommands.
var commandNames = []string{"ask", "criteria", "duty", "summary", "list", "check", "help"}

// ParseCommand reads the text after "/role". A text that does not start with
// a subcommand is a question: "/role do I need HCPC?" is "ask".
func ParseCommand(text string) Command {
	text = strings.TrimSpace(text)
	if text == "" {
		return Command{Name: "help"}
	}
	head, rest, _ := strings.Cut(text, " ")
	head = strings.ToLower(head)
	for _, n := range commandNames {
		if head == n {
			return Command{Name: n, Args: strings.TrimSpace(rest)}
		}
	}
	return Command{Name: "ask", Args: text}
}

// Run answers a /role subcommand. Each subcommand is the typed intent a
// free-text question would parse to, so both go through the same pipeline.
func (b *Bot) Run(ctx context.Context, q Question, c Command) Answer {
	args := clean(c.Args)
	var p Parsed
	switch c.Name {
	case "help":
		p = Parsed{Intent: IntentHelp}
	case "list":
		p = Parsed{Intent: IntentRoles}
	case "criteria":
		p = Parse(args)
		p.Intent, p.CriteriaCue, p.ListCue = IntentList, true, true
		p.Level, p.Which = "", false
		for _, w := range p.Words {
			switch w {
			case "essential":
				p.Level = corpus.Essential
			case "desirable":
				p.Level = corpus.Desirable
			}
		}
	case "duty":
		p = Parse(args)
		p.Intent = IntentDuty
		if p.Duties.empty() {
			for _, w := range p.Words {
				if v, n, _ := number([]string{w}, 0); n > 0 {
					p.Duties.Nums = append(p.Duties.Nums, v)
				}
			}
		}
		if p.Duties.empty() {
			return b.finish(Question{Text: c.Args}, b.whichDuty(q, p))
		}
	case "summary":
		p = Parse(args)
		p.Intent = IntentSummary
	case "check":
		p = Parsed{Intent: IntentCheck, Profile: args, Words: words(args)}
	default:
		return b.Answer(ctx, Question{Text: c.Args, RoleID: q.RoleID, Conversation: q.Conversation})
	}
	if p.Intent == IntentCheck || p.Intent == IntentSummary || p.Intent == IntentList || p.Intent == IntentDuty {
		// Only a role name may follow these subcommands.
		if p.Intent != IntentCheck {
			p.Words = words(args)
		}
	}
	st := b.lib.Load()
	a := b.respond(ctx, st, Question{Text: c.Args, RoleID: q.RoleID, Conversation: q.Conversation}, p)
	return b.finish(Question{Text: c.Args}, a)
}

// whichDuty asks for a duty number.
func (b *Bot) whichDuty(q Question, p Parsed) Answer {
	st := b.lib.Load()
	rt := route(st, p.Words, nil, "", q.RoleID)
	n := 0
	if rt.role != nil {
		n = len(rt.role.Duties())
	}
	return Answer{Intent: IntentDuty, Text: fmt.Sprintf("Which duty? Give its number, e.g. /role duty 7 (the duties are numbered 1 to %d).", n)}
}
