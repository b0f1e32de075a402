package bot

import (
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// Examples are questions the bot answers about role r, made from the role
// itself (its areas, duties and recruiter facts), for the places that
// show people what to ask before they ask: Slack's App Home and assistant
// prompts, Discord's command hints, the console's greeting. At most n.
func Examples(r *corpus.Role, n int) []string {
	var out []string
	add := func(q string) {
		if len(out) < n {
			out = append(out, q)
		}
	}
	essential, desirable := "", ""
	for _, a := range r.Areas() {
		if essential == "" && len(r.Criteria(a, corpus.Essential)) > 0 {
			essential = a
		} else if desirable == "" && len(r.Criteria(a, corpus.Desirable)) > 0 {
			desirable = a
		}
	}
	if essential != "" {
		add("What are the essential " + strings.ToLower(essential) + " criteria?")
	}
	if len(r.Duties()) > 0 {
		add("What does duty 1 say?")
	}
	if r.Facts.Salary != "" {
		add("What's the salary?")
	}
	add("Summarise the role")
	if !r.Facts.ClosingDate.IsZero() {
		add("When does it close?")
	}
	if desirable != "" {
		add("List the desirable " + strings.ToLower(desirable) + " criteria")
	}
	if r.Facts.Hours != "" {
		add("What are the hours?")
	}
	return out
}
