package bot

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// Confidence thresholds for answering from search hits. Coverage is the
// share of the question's terms (weighted by rarity) that the item matches;
// Strength is their summed weight, so that one common word ("work") cannot
// carry an answer on its own.
const (
	minCoverage = 0.5
	minStrength = 1.8
	sureCover   = 0.85 // above this a yes/no question gets a plain "Yes"
)

// Bot answers questions from the current Library.
type Bot struct {
	lib atomic.Pointer[state]
	log *slog.Logger
	now func() time.Time
}

// New returns a bot answering from lib.
func New(lib Library, log *slog.Logger) *Bot {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{log: log, now: time.Now}
	b.Swap(lib)
	return b
}

// SetClock replaces the clock used to tell whether a closing date has passed.
func (b *Bot) SetClock(now func() time.Time) { b.now = now }

// Swap replaces the library atomically: questions under way finish on the
// old one, the next ones see the new one.
func (b *Bot) Swap(lib Library) { b.lib.Store(newState(lib)) }

// Library returns the library in use.
func (b *Bot) Library() Library { return b.lib.Load().Library }

// state is a library with what routing needs worked out once per swap, not
// once per question: with 1,000 roles that is the difference between
// microseconds and milliseconds.
type state struct {
	Library
	byID    map[string]*corpus.Role
	byFirst map[string][]namedRole // first word of a name -> the names starting with it
}

type namedRole struct {
	role *corpus.Role
	name roleName
}

func newState(lib Library) *state {
	st := &state{Library: lib, byID: map[string]*corpus.Role{}, byFirst: map[string][]namedRole{}}
	for _, r := range lib.Roles {
		st.byID[r.ID] = r
		for _, n := range roleNames(r) {
			st.byFirst[n.words[0]] = append(st.byFirst[n.words[0]], namedRole{r, n})
		}
	}
	return st
}

var _ Responder = (*Bot)(nil)

// Answer answers a free-text message.
func (b *Bot) Answer(ctx context.Context, q Question) Answer {
	lib := b.lib.Load()
	a := b.answer(ctx, lib, clean(q.Text), q.RoleID)
	return finish(q.Text, a)
}

func finish(question string, a Answer) Answer {
	a.Question = question
	if !a.Answered {
		a.Citations = nil
	}
	if a.Lead == "" {
		a.Lead, _, _ = strings.Cut(a.Text, "\n")
	}
	return a
}

// request is a question on its way through the pipeline.
type request struct {
	text  string   // cleaned
	lower string   // lower case
	words []string // lower-case words, role names removed
	role  *corpus.Role
	lib   *state
}

func (b *Bot) answer(ctx context.Context, lib *state, text, roleHint string) Answer {
	ws := words(text)
	switch {
	case strings.Trim(text, "? ") == "" && text != "":
		return help(lib.Roles)
	case len(ws) == 0:
		return Answer{Intent: IntentEmpty, Text: "I didn't catch a question there. " + hint(lib.Roles)}
	case len(text) > MaxQuestion:
		return Answer{Intent: IntentEmpty, Text: fmt.Sprintf(
			"That message is %d characters long; I answer one question at a time, up to %d characters. %s",
			len(text), MaxQuestion, hint(lib.Roles))}
	}
	lower := strings.ToLower(text)
	if isGreeting(ws) {
		return Answer{Intent: IntentGreeting, Answered: true, Text: "Hello! " + hint(lib.Roles)}
	}
	if isHelp(lower) {
		return help(lib.Roles)
	}
	if rolesQuestion.MatchString(lower) {
		return listRoles(lib.Roles)
	}
	if m := checkRE.FindStringIndex(lower); m != nil {
		return b.Run(ctx, Question{Text: text, RoleID: roleHint}, Command{Name: "check", Args: strings.TrimSpace(text[m[1]:])})
	}
	role, rest, a, ok := route(lib, ws, roleHint)
	if !ok {
		return a
	}
	r := &request{text: text, lower: lower, words: rest, role: role, lib: lib}
	if nums := dutyNumbers(lower); len(nums) > 0 {
		return answerDuties(role, nums)
	}
	if isSummary(lower, r.words) {
		return summary(role)
	}
	if t, ok := factTopic(lower); ok {
		if t.fact == nil {
			// Visas, benefits, travel: no recruiter field, but a job
			// description may still say ("Full UK driving licence").
			if hits := b.find(ctx, r, topicText(r.words, nil), nil); len(hits) > 0 && confident(hits[0]) && hits[0].Coverage >= sureCover {
				if isRequirement(lower) {
					return b.requirement(ctx, r)
				}
				return b.search(ctx, r)
			}
		}
		return answerFact(text, t, role, b.now())
	}
	if a, ok := b.list(r); ok {
		return a
	}
	if isRequirement(lower) {
		return b.requirement(ctx, r)
	}
	return b.search(ctx, r)
}

var greetings = set(`hi hello hey hiya howdy yo morning afternoon evening good thanks thank you cheers ta there bot all everyone folks`)

func isGreeting(ws []string) bool {
	for _, w := range ws {
		if !greetings[w] {
			return false
		}
	}
	return true
}

var helpRE = regexp.MustCompile(`^\W*(help|usage|commands|\?+)\W*$|\bwhat can (you|i) (do|ask)\b|\bhow (do|does) (this|you|it) work\b|\bwho are you\b|\bwhat are you\b`)

func isHelp(lower string) bool { return helpRE.MatchString(lower) }

func hint(roles []*corpus.Role) string {
	about := "a role"
	if len(roles) == 1 {
		about = "the " + roles[0].Title + " role"
	}
	return fmt.Sprintf(`Ask me about %s, e.g. "Do I need HCPC registration?", "What does duty 12 say?", "List the essential communication criteria" or "Summarise the role".`, about)
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
	b.WriteString("• for a duty by number: \"What does duty 12 say?\"\n")
	b.WriteString("• for a summary: \"Summarise the role\"\n")
	b.WriteString("• to check yourself against the essentials: \"check me: HCPC registered, BSc OT, 3 years in community mental health\"\n")
	b.WriteString("Pay, hours, location and closing dates come from the recruiter, when they have added them.")
	return Answer{Intent: IntentHelp, Answered: true, Text: b.String(), Lead: "I answer questions about job descriptions and quote the part each answer rests on."}
}

var rolesQuestion = regexp.MustCompile(`\b(which|what) (roles|jobs|posts|positions|vacancies)\b|\b(list|show)( me)?( all)?( the)? (roles|jobs|vacancies|positions)\b|\b(roles|jobs|vacancies|positions) (are|do you have) (open|available|there)\b`)

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
	var cites []Citation
	for _, r := range roles {
		line := "\n• " + r.Title + " (" + r.ID + ")"
		if !r.Facts.ClosingDate.IsZero() {
			line += ", closing " + r.Facts.ClosingDate.Format("2 January 2006")
		}
		b.WriteString(line)
		if sc := r.Of(corpus.Scope); len(sc) > 0 {
			cites = append(cites, cite(r, sc[0]))
		}
	}
	// One line a role is the answer itself, so Lead keeps the list.
	return Answer{Intent: IntentRoles, Answered: true, Text: b.String(), Lead: b.String(), Citations: cites}
}

// route picks the role a question is about: the one it names, else the
// conversation's, else the only one. It returns the question's words with
// the role's name removed.
func route(st *state, ws []string, hintID string) (*corpus.Role, []string, Answer, bool) {
	roles := st.Roles
	if len(roles) == 0 {
		return nil, nil, Answer{Intent: IntentEmpty, Text: "No roles are loaded right now, so I can't answer. Please ask the recruiter."}, false
	}
	var named []*corpus.Role
	drop := map[string]bool{}
	best := map[*corpus.Role]roleName{} // the longest name of each role found
	at := map[*corpus.Role]int{}
	for i, w := range ws {
		for _, c := range st.byFirst[w] {
			if !hasPhrase(ws[i:], c.name.words) {
				continue
			}
			prev, seen := best[c.role]
			if !seen {
				named = append(named, c.role)
			}
			if !seen || len(c.name.words) > len(prev.words) {
				best[c.role], at[c.role] = c.name, i
			}
		}
	}
	for _, r := range named {
		n, i := best[r], at[r]
		// "the practice nurse" names the role; "OT experience" names it and
		// asks about OT.
		if n.title || i > 0 && determiners[ws[i-1]] {
			for _, w := range n.words {
				drop[w] = true
			}
		}
	}
	rest := make([]string, 0, len(ws))
	for _, w := range ws {
		if !drop[w] {
			rest = append(rest, w)
		}
	}
	switch {
	case len(named) == 1:
		return named[0], rest, Answer{}, true
	case len(named) > 1:
		return nil, nil, whichRole(named), false
	}
	if r, ok := st.byID[hintID]; ok {
		return r, ws, Answer{}, true
	}
	if len(roles) == 1 {
		return roles[0], ws, Answer{}, true
	}
	return nil, nil, whichRole(roles), false
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

type roleName struct {
	words []string
	title bool // from the title, rather than an alias
}

// roleNames are the word sequences that name a role: its title, its
// aliases, and the title's last word ("therapist"), singular or plural.
func roleNames(r *corpus.Role) []roleName {
	var names []roleName
	add := func(s string, title bool) {
		if ws := words(s); len(ws) > 0 {
			names = append(names, roleName{ws, title})
			last := ws[len(ws)-1]
			plural := append(append([]string{}, ws[:len(ws)-1]...), last+"s")
			names = append(names, roleName{plural, title})
		}
	}
	add(r.Title, true)
	for _, a := range r.Aliases {
		add(a, false)
	}
	if ws := words(r.Title); len(ws) > 1 {
		add(ws[len(ws)-1], true)
	}
	sort.SliceStable(names, func(i, j int) bool { return len(names[i].words) > len(names[j].words) })
	return names
}

var determiners = set(`the a an this that your our an`)

// hasPhrase reports whether ws starts with phrase.
func hasPhrase(ws, phrase []string) bool {
	if len(phrase) > len(ws) {
		return false
	}
	for j, p := range phrase {
		if ws[j] != p {
			return false
		}
	}
	return true
}

var (
	dutyRE  = regexp.MustCompile(`\b(?:duty|duties|responsibility|responsibilities)\s*(?:no\.?|number|#)?\s*(\d+(?:\s*(?:,|and|&|to|-)\s*\d+)*)\b`)
	ordinal = regexp.MustCompile(`\b(\d+)(?:st|nd|rd|th)\s+(?:key\s+)?(?:duty|responsibility)\b`)
	numRE   = regexp.MustCompile(`\d+`)
	rangeRE = regexp.MustCompile(`^(\d+)\s*(?:to|-)\s*(\d+)$`)
)

// dutyNumbers are the duty numbers a message asks for: "duty 12",
// "duties 3 and 4", "the 5th duty".
func dutyNumbers(lower string) []string {
	var nums []string
	add := func(s string) {
		if len(nums) < 20 {
			nums = append(nums, s)
		}
	}
	for _, m := range dutyRE.FindAllStringSubmatch(lower, -1) {
		// "duties 3 to 5" and "duties 3-5" are ranges; "3, 4 and 7" a list.
		if r := rangeRE.FindStringSubmatch(m[1]); r != nil {
			lo, err1 := strconv.Atoi(r[1])
			hi, err2 := strconv.Atoi(r[2])
			if err1 == nil && err2 == nil && lo <= hi && hi-lo < 20 {
				for n := lo; n <= hi; n++ {
					add(strconv.Itoa(n))
				}
				continue
			}
		}
		for _, n := range numRE.FindAllString(m[1], -1) {
			add(n)
		}
	}
	for _, m := range ordinal.FindAllStringSubmatch(lower, -1) {
		add(m[1])
	}
	return nums
}

func answerDuties(r *corpus.Role, nums []string) Answer {
	var lines, missing []string
	var cites []Citation
	for _, s := range nums {
		n, err := strconv.Atoi(s)
		it, ok := r.Duty(n)
		if err != nil || !ok {
			missing = append(missing, s)
			continue
		}
		cites = append(cites, cite(r, it))
		lines = append(lines, fmt.Sprintf("Key duty %d: “%s”", n, it.Text))
	}
	total := len(r.Duties())
	if len(cites) == 0 {
		return Answer{Intent: IntentDuty, Text: fmt.Sprintf("The %s job description has no duty %s: its key duties are numbered 1 to %d.",
			r.Title, strings.Join(missing, " or "), total)}
	}
	text := strings.Join(lines, "\n")
	if len(missing) > 0 {
		text += fmt.Sprintf("\n(There is no duty %s: the duties are numbered 1 to %d.)", strings.Join(missing, " or "), total)
	}
	return Answer{Intent: IntentDuty, Answered: true, Text: text, Citations: cites}
}

func cite(r *corpus.Role, it corpus.Item) Citation {
	return Citation{RoleID: r.ID, Role: r.Title, Kind: it.Kind, Section: it.Section, Number: it.Number,
		Area: it.Area, Level: it.Level, Text: it.Text}
}
