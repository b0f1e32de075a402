package bot

import "strings"

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
