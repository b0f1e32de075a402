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

// Run answers a /role subcommand.
func (b *Bot) Run(ctx context.Context, q Question, c Command) Answer {
	lib := b.lib.Load()
	args := clean(c.Args)
	var a Answer
	switch c.Name {
	case "help":
		a = help(lib.Roles)
	case "list":
		a = listRoles(lib.Roles)
	case "criteria":
		a = b.withRole(lib, args, q.RoleID, func(r *corpus.Role, rest []string) Answer {
			area, _ := findArea(r, rest)
			var level corpus.Level
			for _, w := range rest {
				switch w {
				case "essential":
					level = corpus.Essential
				case "desirable":
					level = corpus.Desirable
				}
			}
			return criteria(r, area, level)
		})
	case "duty":
		a = b.withRole(lib, args, q.RoleID, func(r *corpus.Role, rest []string) Answer {
			var nums []string
			for _, w := range rest {
				if strings.Trim(w, "0123456789") == "" {
					nums = append(nums, w)
				}
			}
			if len(nums) == 0 {
				return Answer{Intent: IntentDuty, Text: fmt.Sprintf("Which duty? Give its number, e.g. /role duty 7 (the duties are numbered 1 to %d).", len(r.Duties()))}
			}
			return answerDuties(r, nums)
		})
	case "summary":
		a = b.withRole(lib, args, q.RoleID, func(r *corpus.Role, _ []string) Answer { return summary(r) })
	case "check":
		a = b.withRole(lib, args, q.RoleID, func(r *corpus.Role, _ []string) Answer { return b.check(ctx, lib, r, args) })
	default:
		return b.Answer(ctx, Question{Text: c.Args, RoleID: q.RoleID})
	}
	return finish(c.Args, a)
}

// withRole routes a command's arguments to a role, as for a question.
func (b *Bot) withRole(lib *state, args, hintID string, f func(*corpus.Role, []string) Answer) Answer {
	ws := words(args)
	r, rest, a, ok := route(lib, ws, hintID)
	if !ok {
		return a
	}
	return f(r, rest)
}
