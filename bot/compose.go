package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// Every sentence a user reads is written here, from an intent, a role and
// the evidence; nothing here searches or decides what was asked.

func hint(roles []*corpus.Role) string {
	about := "a role"
	if len(roles) == 1 {
		about = "the " + roles[0].Title + " role"
	}
	return fmt.Sprintf(`Ask me about %s, e.g. "Do I need HCPC registration?", "What does duty 12 say?", "List the essential communication criteria" or "Summarise the role".`, about)
}

func emptyAnswer(roles []*corpus.Role) Answer {
	return Answer{Intent: IntentEmpty, Text: "I didn't catch a question there. " + hint(roles)}
}

func tooLong(roles []*corpus.Role, n int) Answer {
	return Answer{Intent: IntentEmpty, Text: fmt.Sprintf(
		"That message is %d characters long; I answer one question at a time, up to %d characters. %s", n, MaxQuestion, hint(roles))}
}

func greeting(roles []*corpus.Role) Answer {
	return Answer{Intent: IntentGreeting, Answered: true, Text: "Hello! " + hint(roles)}
}

func thanks(roles []*corpus.Role) Answer {
	return Answer{Intent: IntentThanks, Answered: true, Text: "You're welcome! Ask me anything else about the job description whenever you like."}
}

func help(roles []*corpus.Role) Answer {
	var b strings.Builder
	b.WriteString("I answer questions about job descriptions and quote the part each answer rests on.")
	if len(roles) == 1 {
		fmt.Fprintf(&b, " I know the %s role.", roles[0].Title)
	} else if len(roles) > 1 {
		fmt.Fprintf(&b, " I know %d roles; say \"which roles are open?\" to see them, and name the role in your question.", len(roles))
	}
	b.WriteString("\nYou can ask:\n")
	b.WriteString("• whether something is required: \"Do I need HCPC registration?\", \"Is primary care experience essential?\"\n")
	b.WriteString("• what the job involves: \"Will I work with older adults?\"\n")
	b.WriteString("• for a list: \"List the essential communication criteria\", \"What are the desirable qualifications?\"\n")
	b.WriteString("• for a duty by number: \"What does duty 12 say?\", \"the first three duties\"\n")
	b.WriteString("• for a summary: \"Summarise the role\"\n")
	b.WriteString("• to check yourself against the essentials: \"check me: HCPC registered, BSc OT, 3 years in community mental health\"\n")
	b.WriteString("Pay, hours, location and closing dates come from the recruiter, when they have added them.")
	return Answer{Intent: IntentHelp, Answered: true, Text: b.String(), Lead: "I answer questions about job descriptions and quote the part each answer rests on."}
}

func listRoles(roles []*corpus.Role) Answer {
	if len(roles) == 0 {
		return Answer{Intent: IntentRoles, Text: "No roles are loaded right now. Please ask the recruiter."}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "I know %d role", len(roles))
	if len(roles) > 1 {
		b.WriteString("s")
	}
	b.WriteString(":")
	var cs []Citation
	for _, r := range roles {
		line := "\n• " + r.Title + " (" + r.ID + ")"
		if !r.Facts.ClosingDate.IsZero() {
			line += ", closing " + r.Facts.ClosingDate.Format("2 January 2006")
		}
		b.WriteString(line)
		if sc := r.Of(corpus.Scope); len(sc) > 0 {
			cs = append(cs, cite(r, sc[0]))
		}
	}
	// One line a role is the answer itself, so Lead keeps the list.
	return Answer{Intent: IntentRoles, Answered: true, Text: b.String(), Lead: b.String(), Citations: cs}
}

func noRoles() Answer {
	return Answer{Intent: IntentEmpty, Text: "No roles are loaded right now, so I can't answer. Please ask the recruiter."}
}

func whichRole(roles []*corpus.Role) Answer {
	var b strings.Builder
	b.WriteString("Which role do you mean? Please name it in your question. I know:")
	const show = 15
	for i, r := range roles {
		if i == show {
			fmt.Fprintf(&b, "\n… and %d more; ask \"which roles are open?\" to see them all.", len(roles)-show)
			break
		}
		b.WriteString("\n• " + r.Title)
	}
	return Answer{Intent: IntentRoles, Text: b.String()}
}

func cannotSearch() Answer {
	return Answer{Intent: IntentError, Text: "Sorry, I can't search the job description right now. Please try again in a minute."}
}

func dutyAnswer(r *corpus.Role, found []corpus.Item, missing []int, total int) Answer {
	miss := make([]string, len(missing))
	for i, n := range missing {
		miss[i] = fmt.Sprint(n)
	}
	if len(found) == 0 {
		if total == 0 {
			return Answer{Intent: IntentDuty, Text: fmt.Sprintf("The %s job description has no numbered duties.", r.Title)}
		}
		return Answer{Intent: IntentDuty, Text: fmt.Sprintf("The %s job description has no duty %s: its key duties are numbered 1 to %d.",
			r.Title, strings.Join(miss, " or "), total)}
	}
	lines := make([]string, len(found))
	cs := make([]Citation, len(found))
	for i, it := range found {
		lines[i] = fmt.Sprintf("Key duty %d: “%s”", it.Number, it.Text)
		cs[i] = cite(r, it)
	}
	text := strings.Join(lines, "\n")
	if len(missing) > 0 {
		text += fmt.Sprintf("\n(There is no duty %s: the duties are numbered 1 to %d.)", strings.Join(miss, " or "), total)
	}
	return Answer{Intent: IntentDuty, Answered: true, Text: text, Citations: cs}
}

func dutyList(r *corpus.Role, group string, items []corpus.Item) Answer {
	what := "key duties"
	if group != "" {
		what = "duties under " + group
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s job description has no numbered duties.", r.Title)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s role has %d %s:", r.Title, len(items), what)
	cs := make([]Citation, len(items))
	for i, it := range items {
		fmt.Fprintf(&b, "\n%d. %s", it.Number, shorten(firstSentence(it.Text), 120))
		cs[i] = cite(r, it)
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs}
}

// criteria lists the criteria of an area and level (either may be empty).
func criteria(r *corpus.Role, area string, level corpus.Level) Answer {
	items := r.Criteria(area, level)
	what := "criteria"
	if level != "" {
		what = strings.ToLower(level.Title()) + " criteria"
	}
	if area != "" {
		what = fmt.Sprintf("%s for %s", what, area)
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s person specification has no %s.", r.Title, what)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s person specification has %d %s:", r.Title, len(items), what)
	lastArea := ""
	for _, it := range items {
		if area == "" && it.Area != lastArea {
			fmt.Fprintf(&b, "\n%s:", it.Area)
			lastArea = it.Area
		}
		if level == "" {
			fmt.Fprintf(&b, "\n• %s (%s)", it.Text, it.LevelText())
		} else {
			fmt.Fprintf(&b, "\n• %s", it.Text)
		}
	}
	cs := make([]Citation, len(items))
	for i, it := range items {
		cs[i] = cite(r, it)
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs}
}

// summary is the role posting as an answer.
func summary(r *corpus.Role) Answer {
	p := posting(r)
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%s", p.Title, p.Summary)
	b.WriteString("\n\nWhat you'll do:")
	for _, g := range p.Duties {
		fmt.Fprintf(&b, "\n%s:", g.Name)
		for _, l := range g.Lines {
			b.WriteString("\n• " + l)
		}
	}
	b.WriteString("\n\nEssential criteria:")
	for _, g := range p.Essential {
		fmt.Fprintf(&b, "\n%s:", g.Name)
		for _, l := range g.Lines {
			b.WriteString("\n• " + l)
		}
	}
	if len(p.Facts) > 0 {
		b.WriteString("\n")
		for _, f := range p.Facts {
			fmt.Fprintf(&b, "\n%s: %s", f.Label, f.Value)
		}
	}
	var cs []Citation
	for _, it := range r.Items {
		if it.Kind == corpus.Scope || it.Kind == corpus.Duty || it.Kind == corpus.Criterion && it.Level == corpus.Essential {
			cs = append(cs, cite(r, it))
		}
	}
	return Answer{Intent: IntentSummary, Answered: true, Text: b.String(),
		Lead: fmt.Sprintf("%s: %s", p.Title, p.Summary), Citations: cs, Posting: p}
}

// followUp answers "is that essential?" about the item cited last.
func followUp(r *corpus.Role, it corpus.Item, p Parsed) Answer {
	c := cite(r, it)
	if it.Kind != corpus.Criterion {
		if p.Level != "" || p.Which || p.Requirement {
			return Answer{Intent: IntentRequirement, Answered: true, Citations: []Citation{c}, Text: fmt.Sprintf(
				"That was %s, which is part of the job rather than a person-specification criterion, so it has no Essential or Desirable level: “%s”", c.Label(), it.Text)}
		}
		return Answer{Intent: IntentSearch, Answered: true, Citations: []Citation{c}, Text: fmt.Sprintf("%s: “%s”", c.Label(), it.Text)}
	}
	var lead string
	switch {
	case p.Level == "" || p.Level == it.Level:
		lead = fmt.Sprintf("Yes, it's %s (%s).", it.LevelText(), it.Area)
		if p.Level == "" {
			lead = fmt.Sprintf("It's %s (%s).", it.LevelText(), it.Area)
		}
	case it.Level == corpus.Essential:
		lead = fmt.Sprintf("It's more than desirable: it's Essential (%s).", it.Area)
	default:
		lead = fmt.Sprintf("No, it's Desirable, not Essential (%s).", it.Area)
	}
	return Answer{Intent: IntentRequirement, Answered: true, Citations: []Citation{c},
		Text: fmt.Sprintf("%s The person specification says: “%s”", lead, it.Text)}
}

// unclear: the message asks something, but names nothing to look for.
func unclear(r *corpus.Role, p Parsed) Answer {
	if p.Intent == IntentRequirement || p.Intent == IntentList {
		return Answer{Intent: IntentRequirement, Text: "Which requirement do you mean? Name it, e.g. \"Do I need HCPC registration?\", or ask me to \"list the essential criteria\"."}
	}
	return Answer{Intent: IntentSearch, Text: "I'm not sure what you're asking. " + hint([]*corpus.Role{r})}
}

// abstain: the job description does not answer the question.
func abstain(r *corpus.Role, p Parsed) Answer {
	topic := quoteTopic(strings.Join(p.Focus, " "))
	intent := IntentSearch
	if p.Intent == IntentRequirement {
		intent = IntentRequirement
	}
	switch {
	case p.Count:
		return Answer{Intent: intent, Text: fmt.Sprintf(
			"The %s job description doesn't give a number for %s, so I won't guess. Please ask the recruiter.", r.Title, topic)}
	case intent == IntentRequirement:
		return Answer{Intent: intent, Text: fmt.Sprintf(
			"The %s job description doesn't list %s as a requirement or mention it elsewhere, so I can't say. Please ask the recruiter.", r.Title, topic)}
	}
	return Answer{Intent: intent, Text: fmt.Sprintf(
		"The %s job description doesn't cover %s, so I won't guess. Please ask the recruiter.", r.Title, topic)}
}

// answerFrom writes the answer resting on hit h (and the related hits).
func answerFrom(r *corpus.Role, p Parsed, pol Policy, h Hit, top []Hit) Answer {
	it := h.Item
	asked := p.Intent == IntentRequirement || p.Intent == IntentList || p.Level != "" || p.Which
	sure := h.Coverage >= pol.SureCoverage
	direct := sure && len(h.Matched) > 1
	intent := IntentSearch
	if asked {
		intent = IntentRequirement
	}
	c := cite(r, it)
	var lead string
	switch {
	case it.Kind == corpus.Criterion && asked:
		switch {
		case !sure:
			lead = fmt.Sprintf("The person specification doesn't name exactly that; the closest criterion is %s (%s).", it.LevelText(), it.Area)
		case p.Which:
			lead = fmt.Sprintf("It's %s (%s).", it.LevelText(), it.Area)
		case it.Level == corpus.Essential && p.Level == corpus.Desirable:
			lead = fmt.Sprintf("It's more than desirable: it's Essential (%s).", it.Area)
		case it.Level == corpus.Essential && direct:
			lead = fmt.Sprintf("Yes, it's Essential (%s).", it.Area)
		case it.Level == corpus.Essential:
			lead = fmt.Sprintf("The person specification lists it as Essential (%s).", it.Area)
		case p.Level == corpus.Desirable && direct:
			lead = fmt.Sprintf("Yes, it's Desirable (%s).", it.Area)
		default:
			lead = fmt.Sprintf("It's Desirable, not Essential (%s).", it.Area)
		}
		lead += fmt.Sprintf(" The person specification says: “%s”", it.Text)
	case it.Kind == corpus.Criterion:
		lead = fmt.Sprintf("The person specification lists this as %s (%s): “%s”", it.LevelText(), it.Area, it.Text)
		if direct && p.YesNo {
			lead = "Yes. " + lead
		} else if !sure {
			lead = fmt.Sprintf("The closest the person specification comes is %s (%s): “%s”", it.LevelText(), it.Area, it.Text)
		}
	case p.YesNo && sure && len(h.Matched) == 1:
		// One shared word is a mention, not an answer: "is this a hospital
		// job?" is not answered yes by a duty to prevent hospital admissions.
		lead = fmt.Sprintf("%s mentions “%s”: “%s”", c.Label(), h.Matched[0], h.Fragment)
	default:
		lead = fmt.Sprintf("%s: “%s”", what(c), h.Fragment)
		switch {
		case asked:
			lead = "The person specification doesn't list it as a requirement, but " + lowerFirst(what(c)) + " covers it: “" + h.Fragment + "”"
		case !sure:
			lead = "The job description doesn't say exactly that; the nearest is " + lowerFirst(what(c)) + ": “" + h.Fragment + "”"
		case direct && p.YesNo:
			lead = "Yes. " + lead
		}
	}
	return Answer{Intent: intent, Answered: true, Text: withAlso(lead, r, top), Citations: cites(r, top)}
}

// what names an item in a sentence: "Key duty 7", "The job scope".
func what(c Citation) string {
	switch c.Kind {
	case corpus.Duty:
		return fmt.Sprintf("Key duty %d", c.Number)
	case corpus.Supervision:
		return "On supervision and support, the job description"
	case corpus.Scope:
		return "The job scope"
	}
	return c.Label()
}

func withAlso(lead string, r *corpus.Role, top []Hit) string {
	if len(top) < 2 {
		return lead
	}
	var also []string
	for _, o := range top[1:] {
		also = append(also, cite(r, o.Item).Label())
	}
	return lead + " See also " + strings.Join(also, " and ") + "."
}

func factAnswer(r *corpus.Role, t *topic, value string, now time.Time) Answer {
	c := Citation{RoleID: r.ID, Role: r.Title, Kind: corpus.Fact, Section: "Recruiter notes", Area: t.label, Text: value}
	text := fmt.Sprintf("%s for the %s role: %s.", t.label, r.Title, value)
	if t.id == "closing" {
		closes := r.Facts.ClosingDate.Time
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if closes.Before(today) {
			text = fmt.Sprintf("Applications for the %s role closed on %s.", r.Title, value)
		} else {
			text = fmt.Sprintf("Applications for the %s role close on %s.", r.Title, value)
		}
	}
	return Answer{Intent: IntentFact, Answered: true, Text: text, Lead: text, Citations: []Citation{c}}
}

// factUnknown: neither the recruiter's facts nor the job description say.
func factUnknown(r *corpus.Role, t *topic, value string, rest []string) Answer {
	who := "the recruiter"
	if r.Facts.Contact != "" {
		who = "the recruiter (" + r.Facts.Contact + ")"
	}
	if value != "" && len(rest) > 0 {
		return Answer{Intent: IntentFact, Text: fmt.Sprintf(
			"The %s job description gives %s as %s, but doesn't say anything about %s, so I can't answer that. Please ask %s.",
			r.Title, strings.ToLower(t.label), value, quoteTopic(strings.Join(rest, " ")), who)}
	}
	about := t.name
	if len(rest) > 0 && t.fact == nil {
		about = quoteTopic(strings.Join(rest, " "))
	}
	return Answer{Intent: IntentFact, Text: fmt.Sprintf(
		"The %s job description doesn't say anything about %s, so I can't answer that. Please ask %s.", r.Title, about, who)}
}

func quoteTopic(topic string) string { return "“" + shorten(topic, 60) + "”" }

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "Key ") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}
