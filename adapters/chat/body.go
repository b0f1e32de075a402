package chat

import (
	"fmt"
	"slices"
	"strings"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// NoAnswer is said when an answer has nothing to say, so that the asker is
// never left without a reply.
const NoAnswer = "Sorry, I have no answer to that."

// Body is what an adapter renders of a: its blocks, or its text as one
// lead for an answer built without a body (an adapter's own notices), or
// NoAnswer when it has neither.
func Body(a bot.Answer) []bot.Block {
	if len(a.Body) > 0 {
		return a.Body
	}
	text := strings.TrimSpace(a.Text)
	if text == "" {
		text = NoAnswer
	}
	return []bot.Block{{Kind: bot.BlockLead, Text: text}}
}

// Citations are the items body rests on, in reading order, each once.
func Citations(body []bot.Block) []bot.Citation {
	var cs []bot.Citation
	add := func(c *bot.Citation) {
		if c != nil && !slices.Contains(cs, *c) {
			cs = append(cs, *c)
		}
	}
	for _, b := range body {
		add(b.Cite)
		for _, l := range b.Lines {
			add(l.Cite)
		}
		for i := range b.Related {
			add(&b.Related[i])
		}
	}
	return cs
}

// Roles are the titles of the roles body cites, in order, each once. An
// answer that cites several names the role beside each citation; one that
// cites a single role names it once.
func Roles(body []bot.Block) []string {
	var roles []string
	for _, c := range Citations(body) {
		if c.Role != "" && !slices.Contains(roles, c.Role) {
			roles = append(roles, c.Role)
		}
	}
	return roles
}

// Name is how a citation is named beside what it says: its label, and its
// role's title when the answer cites several roles.
func Name(c bot.Citation, roles []string) string {
	if len(roles) > 1 && c.Role != "" {
		return c.Label() + " · " + c.Role
	}
	return c.Label()
}

// Section is a run of a list's or self-check's lines under one title.
type Section struct {
	Title string // "" for lines under no title of their own
	Rows  []Row
}

// Row is one line of a section: its mark ("•", a duty's number "7.", or a
// self-check's "✓" or "✗") and its plain text, for the adapter to escape.
type Row struct {
	Mark string
	Text string
}

// Sections lays a list or self-check block out as titled runs of rows, the
// same on every platform. Consecutive lines that share a criterion's label
// ("Communication · Essential") or a group sit under it as their title, so
// a criterion's area and level are said once, not on every line; a duty is
// numbered as in the job description; a self-check row is marked met (✓)
// or not (✗) and says what the applicant wrote that meets it. Rows are
// plain text: the adapter escapes them.
func Sections(b bot.Block) []Section {
	var out []Section
	for _, l := range b.Lines {
		title := l.Group
		if c := l.Cite; c != nil && c.Kind == corpus.Criterion {
			title = c.Label()
		}
		if len(out) == 0 || out[len(out)-1].Title != title {
			out = append(out, Section{Title: title})
		}
		s := &out[len(out)-1]
		s.Rows = append(s.Rows, row(b.Kind, l))
	}
	return out
}

func row(kind bot.BlockKind, l bot.Line) Row {
	r := Row{Mark: "•", Text: strings.TrimSpace(l.Text)}
	c := l.Cite
	switch {
	case c != nil && c.Kind == corpus.Criterion:
		// The title says the level: "… (Essential)" would say it twice.
		r.Text = strings.TrimSuffix(r.Text, " ("+c.Level.Title()+")")
	case c != nil && c.Kind == corpus.Duty && c.Number > 0:
		r.Mark = fmt.Sprintf("%d.", c.Number)
	}
	if kind != bot.BlockCheck {
		return r
	}
	if !l.Met {
		r.Mark, r.Text = "✗", r.Text+" (not mentioned)"
	} else if said := strings.TrimSpace(l.Said); said != "" {
		r.Mark, r.Text = "✓", r.Text+" (you said: “"+said+"”)"
	} else {
		r.Mark = "✓"
	}
	return r
}

// Note is a note's text, followed by the labels of the items it points to
// that its text does not already name, each once, so that no label is
// shown twice.
func Note(b bot.Block) string {
	var labels []string
	for _, c := range b.Related {
		if l := c.Label(); !strings.Contains(b.Text, l) && !slices.Contains(labels, l) {
			labels = append(labels, l)
		}
	}
	text := strings.TrimSpace(b.Text)
	if len(labels) > 0 {
		text = strings.TrimSpace(text + " Also: " + strings.Join(labels, "; ") + ".")
	}
	return text
}

// Count says n things with the noun agreeing: "1 item", "3 items".
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
