package bot

import (
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/wordnet"
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
	intro := b.String()
	asks := []string{
		"whether something is required: \"Do I need HCPC registration?\", \"Is primary care experience essential?\"",
		"what the job involves: \"Will I work with older adults?\"",
		"for a list: \"List the essential communication criteria\", \"What are the desirable qualifications?\"",
		"for a duty by number: \"What does duty 12 say?\", \"the first three duties\"",
		"for a summary: \"Summarise the role\"",
		"to check yourself against the essentials: \"check me: HCPC registered, BSc OT, 3 years in community mental health\"",
	}
	const facts = "Pay, hours, location and closing dates come from the recruiter, when they have added them."
	b.WriteString("\nYou can ask:\n")
	list := Block{Kind: BlockList, Text: "You can ask:"}
	for _, a := range asks {
		b.WriteString("• " + a + "\n")
		list.Lines = append(list.Lines, Line{Text: a})
	}
	b.WriteString(facts)
	return Answer{Intent: IntentHelp, Answered: true, Text: b.String(), Lead: "I answer questions about job descriptions and quote the part each answer rests on.",
		Body: []Block{lead(intro), list, note(facts)}}
}

func listRoles(roles []*corpus.Role, now time.Time) Answer {
	if len(roles) == 0 {
		return Answer{Intent: IntentRoles, Text: "No roles are loaded right now. Please ask the recruiter."}
	}
	var b strings.Builder
	head := fmt.Sprintf("I know %d %s:", len(roles), plural(len(roles), "role", "roles"))
	b.WriteString(head)
	var cs []Citation
	list := Block{Kind: BlockList}
	for _, r := range roles {
		line := r.Title + " (" + r.ID + ")"
		if c := ClosingNote(r.Facts.ClosingDate, now); c != "" {
			line += ", " + c
		}
		b.WriteString("\n• " + line)
		l := Line{Text: line}
		if sc := r.Of(corpus.Scope); len(sc) > 0 {
			c := cite(r, sc[0])
			cs = append(cs, c)
			l.Cite = &c
		}
		list.Lines = append(list.Lines, l)
	}
	// One line a role is the answer itself, so Lead keeps the list.
	return Answer{Intent: IntentRoles, Answered: true, Text: b.String(), Lead: b.String(), Citations: cs, Body: []Block{lead(head), list}}
}

func noRoles() Answer {
	return Answer{Intent: IntentEmpty, Text: "No roles are loaded right now, so I can't answer. Please ask the recruiter."}
}

func whichRole(roles []*corpus.Role) Answer {
	var b strings.Builder
	b.WriteString("Which role do you mean? Please name it in your question. I know:")
	const show = 6 // a handful; more would bury the question
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
	var body []Block
	for i, it := range found {
		lines[i] = fmt.Sprintf("Key duty %d: “%s”", it.Number, it.Text)
		cs[i] = cite(r, it)
		body = append(body, quote(cs[i], it.Text))
	}
	text := strings.Join(lines, "\n")
	if len(missing) > 0 {
		n := fmt.Sprintf("(There is no duty %s: the duties are numbered 1 to %d.)", strings.Join(miss, " or "), total)
		text += "\n" + n
		body = append(body, note(n))
	}
	return Answer{Intent: IntentDuty, Answered: true, Text: text, Citations: cs, Body: body}
}

func dutyList(r *corpus.Role, group string, items []corpus.Item) Answer {
	what := plural(len(items), "key duty", "key duties")
	if group != "" {
		what = plural(len(items), "duty", "duties") + " under " + group
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s job description has no numbered duties.", r.Title)}
	}
	var b strings.Builder
	head := fmt.Sprintf("The %s role has %d %s:", r.Title, len(items), what)
	b.WriteString(head)
	cs := make([]Citation, len(items))
	list := Block{Kind: BlockList}
	for i, it := range items {
		line := shorten(firstSentence(it.Text), 120)
		fmt.Fprintf(&b, "\n%d. %s", it.Number, line)
		cs[i] = cite(r, it)
		list.Lines = append(list.Lines, Line{Text: line, Cite: &cs[i]})
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs, Body: []Block{lead(head), list}}
}

// criteria lists the criteria of an area and level (either may be empty).
func criteria(r *corpus.Role, area string, level corpus.Level) Answer {
	items := r.Criteria(area, level)
	what := plural(len(items), "criterion", "criteria")
	if level != "" {
		what = strings.ToLower(level.Title()) + " " + what
	}
	if area != "" {
		what = fmt.Sprintf("%s for %s", what, area)
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s person specification has no %s.", r.Title, what)}
	}
	var b strings.Builder
	head := fmt.Sprintf("The %s person specification has %d %s:", r.Title, len(items), what)
	b.WriteString(head)
	lastArea := ""
	cs := make([]Citation, len(items))
	list := Block{Kind: BlockList}
	for i, it := range items {
		cs[i] = cite(r, it)
		line := Line{Text: it.Text, Cite: &cs[i]}
		if area == "" {
			line.Group = it.Area
			if it.Area != lastArea {
				fmt.Fprintf(&b, "\n%s:", it.Area)
				lastArea = it.Area
			}
		}
		if level == "" {
			line.Text = fmt.Sprintf("%s (%s)", it.Text, it.LevelText())
		}
		b.WriteString("\n• " + line.Text)
		list.Lines = append(list.Lines, line)
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs, Body: []Block{lead(head), list}}
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
		Lead: fmt.Sprintf("%s: %s", p.Title, p.Summary), Citations: cs, Posting: p,
		Body: []Block{{Kind: BlockPosting, Posting: p}}}
}

// followUp answers "is that essential?" about the item cited last.
func followUp(r *corpus.Role, it corpus.Item, p Parsed) Answer {
	c := cite(r, it)
	intent := IntentRequirement
	var say string
	switch {
	case it.Kind != corpus.Criterion && (p.Level != "" || p.Which || p.Requirement):
		say = fmt.Sprintf("That was %s, which is part of the job rather than a person-specification criterion, so it has no Essential or Desirable level:", c.Label())
	case it.Kind != corpus.Criterion:
		intent, say = IntentSearch, c.Label()+":"
	case p.Level == "":
		say = fmt.Sprintf("It's %s (%s). The person specification says:", it.LevelText(), it.Area)
	case p.Level == it.Level:
		say = fmt.Sprintf("Yes, it's %s (%s). The person specification says:", it.LevelText(), it.Area)
	case it.Level == corpus.Essential:
		say = fmt.Sprintf("It's more than desirable: it's Essential (%s). The person specification says:", it.Area)
	default:
		say = fmt.Sprintf("No, it's Desirable, not Essential (%s). The person specification says:", it.Area)
	}
	return Answer{Intent: intent, Answered: true, Citations: []Citation{c},
		Text: say + " “" + it.Text + "”", Body: []Block{lead(say), quote(c, it.Text)}}
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
	intent := IntentSearch
	if p.Intent == IntentRequirement {
		intent = IntentRequirement
	}
	switch {
	case p.Count:
		return Answer{Intent: intent, Text: fmt.Sprintf(
			"The %s job description doesn't give a number for that, so I won't guess. Please ask the recruiter.", r.Title)}
	case intent == IntentRequirement:
		return Answer{Intent: intent, Text: fmt.Sprintf(
			"The %s job description doesn't list that as a requirement or mention it elsewhere, so I can't say. Please ask the recruiter.", r.Title)}
	}
	return Answer{Intent: intent, Text: fmt.Sprintf(
		"The %s job description doesn't cover that, so I won't guess. Please ask the recruiter.", r.Title)}
}

// answerFrom writes the answer resting on hit h (and the related hits).
func answerFrom(r *corpus.Role, p Parsed, pol Policy, h Hit, top []Hit) Answer {
	it := h.Item
	asked := p.Intent == IntentRequirement || p.Intent == IntentList || p.Level != "" || p.Which
	if p.Task && it.Kind == corpus.Duty {
		// "do we have to log fridge temps?" asks what the job involves:
		// a duty answers it as it answers any question about the work.
		asked = false
	}
	sure := h.Coverage >= pol.SureCoverage
	direct := sure && len(h.Matched) > 1
	intent := IntentSearch
	if asked {
		intent = IntentRequirement
	}
	c := cite(r, it)
	// say introduces the words quoted from the item.
	var say, words string
	switch {
	case it.Kind == corpus.Criterion && asked:
		switch {
		case !sure:
			say = fmt.Sprintf("The person specification doesn't name exactly that; the closest criterion is %s (%s).", it.LevelText(), it.Area)
		case p.Which:
			say = fmt.Sprintf("It's %s (%s).", it.LevelText(), it.Area)
		case it.Level == corpus.Essential && p.Level == corpus.Desirable:
			say = fmt.Sprintf("It's more than desirable: it's Essential (%s).", it.Area)
		case it.Level == corpus.Essential && direct && !whQuestion(p.Words):
			say = fmt.Sprintf("Yes, it's Essential (%s).", it.Area)
		case it.Level == corpus.Essential:
			say = fmt.Sprintf("It's Essential (%s).", it.Area)
		case p.Level == corpus.Desirable && direct && !whQuestion(p.Words):
			say = fmt.Sprintf("Yes, it's Desirable (%s).", it.Area)
		default:
			say = fmt.Sprintf("It's Desirable, not Essential (%s).", it.Area)
		}
		say += " The person specification says:"
		if !p.Which && sure && (p.Level == "" || p.Level == it.Level) && offersChoice(it.Text) {
			// "Do I need a masters?" of "BSc/MSc in ..." is not a yes: the
			// requirement is one of the options the criterion gives.
			say = fmt.Sprintf("It's %s (%s) to have one of the options the person specification gives:", it.LevelText(), it.Area)
		}
		words = it.Text
	case it.Kind == corpus.Criterion:
		say = fmt.Sprintf("The person specification lists this as %s (%s):", it.LevelText(), it.Area)
		if direct && p.YesNo {
			say = "Yes. " + say
		} else if !sure {
			say = fmt.Sprintf("The closest the person specification comes is %s (%s):", it.LevelText(), it.Area)
		}
		words = it.Text
	case it.Kind == corpus.FAQ:
		// The recruiter's own answer says yes or no itself.
		say = "The recruiter has answered this:"
		words = it.Text
	case p.YesNo && sure && len(h.Matched) == 1:
		// One shared word is a mention, not an answer: "is this a hospital
		// job?" is not answered yes by a duty to prevent hospital admissions.
		// The word is named only when the item has it as written.
		say = what(c) + ":"
		if strings.Contains(strings.ToLower(h.Fragment), strings.ToLower(h.Matched[0])) {
			say = fmt.Sprintf("%s mentions “%s”:", c.Label(), h.Matched[0])
		}
		words = h.Fragment
	default:
		say = what(c) + ":"
		words = h.Fragment
		switch {
		case asked:
			say = "The person specification doesn't list it as a requirement, but " + lowerFirst(what(c)) + " covers it:"
		case !sure:
			say = "The job description doesn't say exactly that; the nearest is " + lowerFirst(what(c)) + ":"
		case direct && p.YesNo && !asksWhatIsOffered(p.Words):
			// "Is there training?" asks what the employer offers; a duty
			// the post holder has quotes, but is not a yes.
			say = "Yes. " + say
		}
	}
	text := say + " “" + words + "”"
	body := []Block{lead(say), quote(c, words)}
	if also, related := seeAlso(r, top); also != "" {
		text += " " + also
		body = append(body, note(also, related...))
	}
	// "Which WMS do they use?" asks for a particular the nearest item does
	// not give: only an item that says it outright answers a wh-question.
	answered := sure || !asksParticular(p.Words) || asksQuantity(p.Words, h.Fragment)
	if !sure && everydayOnly(h.Matched) {
		// "what's the day like?" is not answered by an item that only
		// comes near it through "day": that would stretch a citation.
		answered = false
	}
	// "Is there a staff canteen?" is not answered by the staff bank: when
	// a question whether something exists names a thing the job
	// description never mentions, an item near the rest of it does not
	// answer.
	if !sure && !asked && lxExists.has(p.Words) && namesAbsentThing(h.Unknown, h.Matched) {
		answered = false
	}
	// "Is the team friendly?" asks whether something is so: an item that
	// mentions the team without saying so does not answer.
	if !sure && !asked && asksQuality(p.Words, h.Missing) {
		answered = false
	}
	// "Do I get free meals?" asks what the employer gives or allows: an
	// item near the question ("help patients with meal trays") does not
	// say it.
	if !sure && !asked && lxOffer.has(p.Words) && !lxCount.has(p.Words) && it.Kind != corpus.FAQ {
		answered = false
	}
	// "Is X a dealbreaker?" that no criterion names and a duty only comes
	// near is not a requirement the job description states.
	if asked && it.Kind != corpus.Criterion && !sure {
		answered = false
	}
	// "Which ticketing system do they use?" is answered by an item that
	// names one ("ServiceNow"), "EMIS or SystmOne?" only by one that says
	// which: an item naming the kind of thing ("the clinical system")
	// does not say which.
	if names := productAsked(p.Words, p.All); names != nil && !p.Which {
		// An item near the question that names one says which, though
		// it does not say all of it: "records on SystmOne" answers
		// "which patient record system do they use?".
		answered = names(it.Text) && (answered || p.Fact == nil && namedBeside(it.Text, h.Matched))
	}
	if answered && !sure {
		// What the nearest item shares with the question, never the words.
		slog.Debug("answer: the nearest item", "role", r.ID, "coverage", h.Coverage, "strength", h.strength(), "direct", h.direct(),
			"matched", len(h.Matched), "missing", len(h.Missing), "unknown", len(h.Unknown), "kind", it.Kind)
	}
	if !answered {
		slog.Debug("abstain: the nearest item does not say it", "role", r.ID, "sure", sure, "requirement", asked, "kind", it.Kind)
		return abstain(r, p)
	}
	return Answer{Intent: intent, Answered: true, Text: text, Citations: cites(r, top), Body: body, nearest: !sure}
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

// seeAlso names the other items a answer's search found worth reading.
func seeAlso(r *corpus.Role, top []Hit) (string, []Citation) {
	if len(top) < 2 {
		return "", nil
	}
	var also []string
	var related []Citation
	seen := map[string]bool{cite(r, top[0].Item).Label(): true}
	for _, o := range top[1:] {
		// Another item with the quoted item's label, or two with one
		// label, would read as the same item named twice.
		c := cite(r, o.Item)
		if l := c.Label(); !seen[l] {
			seen[l] = true
			also = append(also, l)
			related = append(related, c)
		}
	}
	if len(also) == 0 {
		return "", nil
	}
	return "See also " + strings.Join(also, " and ") + ".", related
}

func factAnswer(r *corpus.Role, t *topic, value string, now time.Time) Answer {
	c := Citation{RoleID: r.ID, Role: r.Title, Kind: corpus.Fact, Section: "Recruiter notes", Area: t.label, Text: value}
	text := fmt.Sprintf("%s for the %s role: %s.", t.label, r.Title, value)
	if t.id == "closing" {
		if r.Facts.ClosingDate.ClosedBy(now) {
			text = fmt.Sprintf("Applications for the %s role closed on %s.", r.Title, value)
		} else {
			text = fmt.Sprintf("Applications for the %s role close on %s.", r.Title, value)
		}
	}
	return Answer{Intent: IntentFact, Answered: true, Text: text, Lead: text, Citations: []Citation{c},
		Body: []Block{{Kind: BlockFact, Text: text, Cite: &c}}}
}

// factUnknown: neither the recruiter's facts nor the job description say.
func factUnknown(r *corpus.Role, t *topic, value string, rest []string) Answer {
	who := "the recruiter"
	if r.Facts.Contact != "" {
		who = "the recruiter (" + r.Facts.Contact + ")"
	}
	if value != "" && len(rest) > 0 {
		return Answer{Intent: IntentFact, Text: fmt.Sprintf(
			"The %s job description gives %s as %s, but says nothing more about it, so I can't answer the rest. Please ask %s.",
			r.Title, strings.ToLower(t.label), value, who)}
	}
	about := t.name
	return Answer{Intent: IntentFact, Text: fmt.Sprintf(
		"The %s job description doesn't say anything about %s, so I can't answer that. Please ask %s.", r.Title, about, who)}
}

// The bot does not echo a question's words in its replies: a reply may be
// posted in a channel, and the words may be personal ("name jane doe").

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ClosingNote says when applications close, or closed: "closing 15
// December 2026", "closed 31 January 2026"; "" without a closing date.
func ClosingNote(d corpus.Date, now time.Time) string {
	switch {
	case d.IsZero():
		return ""
	case d.ClosedBy(now):
		return "closed " + dateString(d)
	}
	return "closing " + dateString(d)
}

func lowerFirst(s string) string {
	if s == "" || strings.HasPrefix(s, "Key ") {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// whQuestion: "how many years do I need?" is not answered "Yes".
func whQuestion(ws []string) bool {
	switch firstWord(ws) {
	case "how", "what", "whats", "which", "who", "where", "when", "why":
		return true
	}
	return false
}

// asksQuality reports whether a question asks whether something is so
// ("is the team friendly?", "are the hours long?") and the word that says
// what it is, a word for a quality rather than a thing, is missing from the
// item.
func asksQuality(ws, missing []string) bool {
	first := firstWord(ws)
	i := slices.Index(ws, first)
	if first != "is" && first != "are" || i+2 >= len(ws) || ws[i+1] == "there" {
		return false
	}
	last := ws[len(ws)-1]
	if !slices.Contains(missing, last) {
		return false
	}
	n, noun := wordnet.Count(last)
	return n > 0 && noun < 0.5
}

// asksParticular: "which WMS do they use?", "how long are the
// appointments?", "what day is the meeting?" ask for a particular, which an
// item that only comes near the question does not give; "what does it say
// about leisure?", "what if a patient reacts to the contrast?" and "who do
// I ask?" are answered by the nearest item.
func asksParticular(ws []string) bool {
	for i, w := range ws {
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch w {
		case "which":
			return true
		case "how":
			switch next {
			case "long", "quick", "quickly", "fast", "soon", "many", "much", "often", "big", "large", "old":
				return true
			}
			return false
		case "what", "whats":
			if (next == "is" || next == "are") && i+2 < len(ws) && ws[i+2] == "the" {
				// "what's the notice period?" asks what a thing is: an
				// item that does not name it does not say.
				return true
			}
			switch next {
			case "does", "do", "is", "are", "was", "will", "would", "about", "kind", "sort", "type", "happens", "should", "can", "could", "the", "a", "an", "you", "i", "it", "if":
				return false
			}
			return next != ""
		}
	}
	return false
}

// productAsked: for a question asking which product, system or tool is
// used, the test an item must pass to answer it; nil for other questions.
// With options ("EMIS or SystmOne"), the item must name one as written;
// otherwise it must name something in capitals that the question does not
// ("ServiceNow" for "which ticketing system?").
func productAsked(ws, all []string) func(string) bool {
	wh, product, use := false, false, false
	for _, w := range ws {
		wh = wh || w == "which" || w == "what"
		product = product || lxProduct.has([]string{w})
		use = use || w == "use" || w == "using" || w == "uses"
	}
	// "which pumps do they use?", "do they use EMIS or SystmOne?"
	or := slices.Contains(ws, "or")
	product = product || use && (wh || or)
	if !product || !wh && !or {
		return nil
	}
	// The options may be in a clause of their own: "what database is it -
	// SQL server or postgres?"
	opts := optionPhrases(ws)
	if len(opts) == 0 {
		opts = optionPhrases(all)
	}
	if len(opts) > 0 {
		return func(text string) bool {
			t := " " + strings.Join(tokens(text), " ") + " "
			for _, o := range opts {
				if strings.Contains(t, " "+o+" ") {
					return true
				}
			}
			return false
		}
	}
	if !wh {
		return nil
	}
	asked := map[string]bool{}
	for _, w := range all {
		asked[w] = true
	}
	return func(text string) bool {
		for _, sentence := range strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == ':' || r == ';' }) {
			for i, f := range strings.Fields(sentence) {
				f = strings.Trim(f, "()[],'\"")
				if i == 0 || f == "" || !hasUpper(f) || asked[strings.ToLower(f)] || lxFiller.has([]string{strings.ToLower(f)}) {
					continue
				}
				return true
			}
		}
		return false
	}
}

// namedBeside reports whether the text names a product, written in
// mixed case ("SystmOne", "Datix", not an acronym such as "PACS" that
// may name a kind of system), within three words after one of the
// matched words: "records on SystmOne".
func namedBeside(text string, matched []string) bool {
	fs := strings.Fields(text)
	for i, f := range fs {
		f = strings.Trim(f, "()[],.;:'\"")
		if i == 0 || !hasUpper(f) || strings.ToUpper(f) == f {
			continue
		}
		for j := max(0, i-3); j < i; j++ {
			w := strings.ToLower(strings.Trim(fs[j], "()[],.;:'\""))
			for _, m := range matched {
				for _, mw := range strings.Fields(m) {
					if len(mw) >= 3 && strings.HasPrefix(w, mw) {
						return true
					}
				}
			}
		}
	}
	return false
}

// optionPhrases are the choices a question offers around "or": "sql
// server" and "postgres" in "SQL server or postgres?", "paper sheets" and
// "app" in "paper sheets or an app?": up to two words a side, filler
// skipped before them and ending them.
func optionPhrases(ws []string) []string {
	var out []string
	for k, w := range ws {
		if w != "or" || k == 0 || k+1 >= len(ws) {
			continue
		}
		side := func(from, step int) string {
			var got []string
			for i := from; i >= 0 && i < len(ws) && len(got) < 2 && ws[i] != "or"; i += step {
				if lxFiller.has(ws[i : i+1]) {
					if len(got) > 0 {
						break
					}
					continue
				}
				got = append(got, ws[i])
			}
			if step < 0 {
				slices.Reverse(got)
			}
			return strings.Join(got, " ")
		}
		for _, o := range []string{side(k-1, -1), side(k+1, 1)} {
			if len(o) >= 3 {
				out = append(out, o)
			}
		}
	}
	return out
}

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// asksQuantity: "how many stations?" is answered by the nearest item that
// gives a number for it, and "how fast are urgent referrals seen?" by one
// that gives a time ("within two working days").
func asksQuantity(ws []string, fragment string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] != "how" {
			continue
		}
		switch ws[i+1] {
		case "many", "much":
			return hasNumber(fragment)
		case "often":
			return hasTime(fragment, true)
		case "long", "quick", "quickly", "fast", "soon":
			return hasTime(fragment, false)
		}
	}
	return false
}

// hasTime reports whether text gives a time: a number of minutes, hours,
// days, weeks, months or years; with often, a frequency such as "weekly"
// counts too.
func hasTime(text string, often bool) bool {
	ws := tokens(text)
	for i, w := range ws {
		switch w {
		case "daily", "weekly", "fortnightly", "monthly", "annually", "yearly", "termly", "hourly", "once", "twice":
			if often {
				return true
			}
		}
		_, n, _ := number(ws, i)
		if n == 0 {
			continue
		}
		for j := i + n; j < len(ws) && j <= i+n+1; j++ {
			switch strings.TrimSuffix(ws[j], "s") {
			case "minute", "min", "hour", "hr", "day", "week", "month", "year", "term", "session":
				return true
			}
		}
	}
	return false
}

// offersChoice reports whether a criterion offers choices: "BSc/MSc",
// "a degree or equivalent experience".
func offersChoice(text string) bool {
	for i := 1; i+1 < len(text); i++ {
		if text[i] == '/' && isLetter(text[i-1]) && isLetter(text[i+1]) {
			return true
		}
	}
	for _, w := range tokens(text) {
		if w == "or" {
			return true
		}
	}
	return false
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// asksWhatIsOffered: "is there training?", "are there any perks?" ask what
// the employer provides, not what the post holder does.
func asksWhatIsOffered(ws []string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if (ws[i] == "is" || ws[i] == "are") && ws[i+1] == "there" {
			return true
		}
	}
	return false
}

// supervision answers "who would I report to?" with what the job
// description says about supervision, however it words it.
//
// When the question asks whether the post holder manages others, the
// paragraph that speaks of managing comes first: "would I be managing
// anyone?" leads with "The post does not have line management
// responsibility".
func supervision(r *corpus.Role, items []corpus.Item, managesOthers bool) Answer {
	const say = "On supervision and support, the job description says:"
	if managesOthers {
		speaks := func(it corpus.Item) int {
			for _, t := range tokens(it.Text) {
				switch t {
				case "manage", "manages", "managing", "management", "supervise", "supervises", "supervising":
					return 1 // not "manager" or "supervision", which are the post holder's
				}
			}
			return 0
		}
		items = slices.Clone(items)
		slices.SortStableFunc(items, func(a, b corpus.Item) int { return speaks(b) - speaks(a) })
	}
	return paragraphs(r, say, items)
}

// paragraphs answers with what say introduces: the paragraphs of one
// section, one quote under one label.
func paragraphs(r *corpus.Role, say string, items []corpus.Item) Answer {
	var quotes, texts []string
	cs := make([]Citation, len(items))
	for i, it := range items {
		cs[i] = cite(r, it)
		quotes = append(quotes, "“"+it.Text+"”")
		texts = append(texts, it.Text)
	}
	whole := cs[0]
	whole.Text = strings.Join(texts, "\n\n")
	return Answer{Intent: IntentSearch, Answered: true, Text: say + " " + strings.Join(quotes, " "), Citations: cs,
		Body: []Block{lead(say), quote(whole, whole.Text)}}
}

// induction is what the supervision section, or else the job scope, says
// of a new starter's first weeks: the first paragraph with a sentence that
// speaks of an induction, shadowing or the first weeks, or that opens with
// "New" ("New supervisors complete the First Line Leader programme").
func induction(r *corpus.Role) (Answer, bool) {
	for _, k := range []corpus.Kind{corpus.Supervision, corpus.Scope} {
		for _, it := range r.Of(k) {
			if !speaksOfStarting(it.Text) {
				continue
			}
			return paragraphs(r, "On what new starters get, the job description says:", []corpus.Item{it}), true
		}
	}
	return Answer{}, false
}

func speaksOfStarting(text string) bool {
	if lxInducted.has(tokens(text)) {
		return true
	}
	// a sentence opening "New ...": the text's first word, or the first
	// after a full stop
	f := strings.Fields(text)
	for i, w := range f {
		if w == "New" && i+1 < len(f) && (i == 0 || strings.HasSuffix(f[i-1], ".")) {
			return true
		}
	}
	return false
}

// namesAbsentThing: of the words no item has, and no related word of an
// item matched, one names a thing: a noun in most of its uses, or a word
// too rare in English to be counted ("canteen", "preceptorship", "unison").
func namesAbsentThing(unknown, matched []string) bool {
	for _, w := range unknown {
		if strings.Contains(w, " ") || len(w) < 3 || numeric(w) || slices.Contains(matched, w) || strings.HasSuffix(w, "ing") || lxGeneral.has([]string{w}) {
			// a word the search still matched through a related word, an
			// action ("spotting"), or a word for anyone or anything
			continue
		}
		if n, noun := wordnet.Count(w); n == 0 || noun >= 0.5 {
			return true
		}
	}
	return false
}

// everydayOnly reports whether an item matched only one word of the
// question and that word is everyday English ("day", "report", "work"),
// which says nothing in particular. Two such words together ("back to
// work") may.
func everydayOnly(matched []string) bool {
	return len(matched) == 1 && !strings.Contains(matched[0], " ") && wordnet.Everyday(matched[0])
}
