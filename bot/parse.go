package bot

import (
	"regexp"
	"slices"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// Parsed is what a message asks, worked out from its words alone: no index
// and no role. Routing and the role's own vocabulary (areas, duty groups)
// refine it later.
type Parsed struct {
	Intent Intent
	// All are the words of the whole message: a role may be named in a
	// clause other than the one that asks ("the data job - is SQL a must?").
	All []string
	// Words are the words of the clause that asks (with the clause before it
	// when that one carries the subject), chat forms rewritten.
	Words []string
	// Focus are the words that say what the question is about: Words without
	// framing, pleasantries and the words the rules consumed.
	Focus []string
	Level corpus.Level // the level the question mentions, if any
	// Which asks for the level ("essential or desirable?") rather than
	// naming one.
	Which  bool
	Duties DutyRef
	Fact   *topic // a recruiter-fact topic, when the question names one
	// Cues the rules found.
	YesNo, Job, Supervision, Count, Requirement, ListCue, CriteriaCue, DutyNoun, Summary bool
	// Label is a short clause opening the message before the question,
	// which may name the role by its field or town: "nursing role - is it
	// permanent?", "Harlow - do they take ECTs?".
	Label []string
	// Self: the asker describes themselves ("I've had students out with
	// me", "never done nights").
	Self bool
	// Setting asks what kind of people, work or place the job is about
	// ("what sort of patients come in?", "what year group is it?"), which
	// the job scope describes.
	Setting bool
	// Overview asks for the role as a whole in words that say so whatever
	// else the message holds: "rundown", "tl;dr", "sum up".
	Overview bool
	// Refers is true for a follow-up that points back ("is that
	// essential?", "and the desirable ones?").
	Refers  bool
	Profile string // what follows "check me:"
	// Counted is what a count question counts: "kids" in "how many kids
	// are in the class?".
	Counted string
	// Task asks whether the post holder must do something ("do we have
	// to log fridge temps?", "would i have to stand up in court?"), which
	// a duty answers, not what they must be or know.
	Task bool
}

// DutyRef is how a question names duties: by number, or by position.
type DutyRef struct {
	Nums  []int
	First int // "the first three duties": 3
	Last  int // "the last duty": 1
	// FromEnd is one duty counted from the end: "the 2nd to last duty",
	// "the penultimate duty": 2.
	FromEnd int
	// Under are the words naming the heading the duties are counted
	// under: "the 2nd duty under the safety heading".
	Under []string
	// Loose: no duty noun names the list ("the first one under radiation
	// protection"), so the reference holds only if Under names a heading
	// of duties.
	Loose bool
}

func (d DutyRef) empty() bool {
	return len(d.Nums) == 0 && d.First == 0 && d.Last == 0 && d.FromEnd == 0
}

// rule is one step of the precedence: the first rule that matches decides
// the intent. The order of this table is the precedence, and the only place
// it is written down.
type rule struct {
	intent Intent
	match  func(m *message) bool
}

// message is a message on its way through parse.
type message struct {
	text    string // cleaned
	all     []string
	clauses []clause
	p       Parsed
}

// firstQuestionRule is where the rules about a question's content start;
// those before it read the message as a whole.
const firstQuestionRule = 7

var rules = []rule{
	{IntentEmpty, func(m *message) bool { return len(m.all) == 0 }},
	{IntentTooLong, func(m *message) bool { return len(m.text) > MaxQuestion }},
	{IntentGreeting, onlyGreeting},
	{IntentThanks, onlyThanks},
	{IntentHelp, isHelp},
	{IntentCheck, isCheck},
	{IntentRoles, func(m *message) bool { return lxRoles.has(m.all) }},
	{IntentDuty, func(m *message) bool { return !m.p.Duties.empty() }},
	{IntentSummary, func(m *message) bool {
		return (m.p.Summary && len(m.p.Focus) == 0 && m.p.Fact == nil || m.p.Overview) &&
			!m.p.DutyNoun && !m.p.CriteriaCue && m.p.Level == ""
	}},
	{IntentList, func(m *message) bool {
		// A level alone asks for a list ("desirable experience?") unless
		// the asker speaks of themselves or of a recruiter fact: "never
		// done nights, dealbreaker?".
		levelOnly := m.p.Level != "" && !m.p.YesNo && !m.p.Self && m.p.Fact == nil
		// "responsibilities?" alone asks for them all.
		dutiesOnly := m.p.DutyNoun && len(m.p.Focus) == 0 && m.p.Fact == nil && !m.p.YesNo
		return (m.p.ListCue || m.p.CriteriaCue || levelOnly || dutiesOnly) && !m.p.Count
	}},
	{IntentFact, func(m *message) bool { return m.p.Fact != nil }},
	{IntentRequirement, func(m *message) bool { return m.p.Requirement || m.p.Level != "" || m.p.Which }},
	{IntentSearch, func(*message) bool { return true }},
}

// Parse reads a message. It is pure: the same text gives the same Parsed.
func Parse(text string) Parsed {
	m := &message{text: clean(text)}
	m.all = words(m.text)
	if strings.Trim(m.text, "? ") == "" && m.text != "" {
		return Parsed{Intent: IntentHelp}
	}
	if len(m.all) > 0 && len(m.text) <= MaxQuestion {
		m.clauses = clauses(m.text)
		m.p.Words = askingClause(m.clauses)
		m.p.Label = label(m.text)
		m.p.All = m.all
		m.read()
	}
	m.decide(rules)
	return m.p
}

func (m *message) decide(rs []rule) {
	for _, r := range rs {
		if r.match(m) {
			m.p.Intent = r.intent
			return
		}
	}
}

// reread parses the asking clause again without the words that named the
// role: in "will the first contact physiotherapist give injections?",
// "contact" names the role, not the recruiter's contact details.
func reread(p Parsed, drop map[string]bool) Parsed {
	if len(drop) == 0 {
		return p
	}
	m := &message{p: Parsed{Words: without(p.Words, drop), All: p.All, Profile: p.Profile}}
	m.all = m.p.Words
	m.read()
	m.decide(rules[firstQuestionRule:])
	return m.p
}

// askingClause picks the words of the clause that asks. People add who they
// are and why they ask; the question is the clause with a question mark or
// a question's first word. When that clause has no subject of its own ("is
// that something they look for?"), the clause before it supplies one.
func askingClause(cs []clause) []string {
	if len(cs) == 1 {
		return cs[0].words
	}
	ask := -1
	for i, c := range cs {
		if c.asks && len(content(c.words)) > 0 {
			ask = i
			break
		}
	}
	if ask < 0 {
		for i, c := range cs {
			if c.asks {
				ask = i
				break
			}
		}
	}
	if ask < 0 {
		// No clause reads as a question: the whole message, short of
		// greetings, is the question.
		var all []string
		for _, c := range cs {
			all = append(all, c.words...)
		}
		return all
	}
	ws := cs[ask].words
	own := uncovered(ws, lxFiller, lxFrame, lxGreeting, lxRequirement)
	if ask > 0 && (len(own) == 0 || pointsBack(ws) && !cs[ask-1].asks && (len(cs[ask-1].words) <= 6 || len(own) <= 1 && len(cs[ask-1].words) <= 12)) {
		// "mis-picks - who investigates them?", "no degree - am I wasting
		// my time?": the clause before names what the question is about,
		// and a longer one when the question names hardly anything ("done
		// loads of fast delivery psrs on court duty, is that exp they
		// actually require?").
		ws = append(append([]string{}, cs[ask-1].words...), ws...)
	}
	if ask+1 < len(cs) && clarifies(cs[ask+1].words) {
		// "what does the wider school bit cover? the duties I mean"
		ws = append(append([]string{}, ws...), cs[ask+1].words...)
	}
	return ws
}

// clarifies reports whether a clause says what the one before meant: "the
// duties I mean", "as in the essential ones".
func clarifies(ws []string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == "i" && (ws[i+1] == "mean" || ws[i+1] == "meant") {
			return true
		}
	}
	return len(ws) > 1 && ws[0] == "as" && ws[1] == "in"
}

// pointsBack reports whether a clause refers to something named before it.
func pointsBack(ws []string) bool {
	for i, w := range ws {
		switch w {
		case "them", "it", "that", "those", "these", "this", "ones":
			if i+1 < len(ws) && jobNouns[ws[i+1]] && ws[i+1] != "one" {
				continue // "this role" is the role, not what was said before
			}
			return true
		}
	}
	return false
}

// content are the words that are not filler.
func content(ws []string) []string { return uncovered(ws, lxFiller, lxFrame, lxGreeting) }

// uncovered are the words of ws that no phrase of the sets covers, taking
// the longest phrase at each place.
func uncovered(ws []string, sets ...*phraseSet) []string {
	var out []string
	for i := 0; i < len(ws); {
		n := 0
		for _, ps := range sets {
			n = max(n, ps.at(ws, i))
		}
		if n > 0 {
			i += n
			continue
		}
		out = append(out, ws[i])
		i++
	}
	return out
}

// read finds the cues in the asking clause and what is left as its focus.
func (m *message) read() {
	p := &m.p
	ws := p.Words
	used := make([]bool, len(ws))
	mark := func(i, n int) {
		for j := i; j < i+n && j < len(used); j++ {
			used[j] = true
		}
	}
	p.YesNo = startsYesNo(ws)
	p.Self = lxSelf.has(p.All) || selfLead(p.All)
	// "transport manager here, ..." says who asks; "... so I can screen
	// CVs" why.
	if n := selfIntro(ws); n > 0 {
		mark(0, n)
	}
	for i := range ws {
		if n := lxPurpose.at(ws, i); n > 0 && i > 0 {
			mark(i, len(ws)-i)
			break
		}
	}
	p.Duties = dutyRef(ws, used)
	ess, des, otherLevel := false, false, false
	essNoun := true        // every essential word is a noun for criteria
	var levelPhrase []bool // the words of desirable phrases of three words or more
	payExtra := true       // every desirable word may say extra pay: "on call paid extra?"
	for i := 0; i < len(ws); i++ {
		if passiveNeed(ws, i) {
			// "how fast do referrals need to be seen?" asks about the job,
			// not for a level.
			i += 2
			continue
		}
		if n := lxDesirable.at(ws, i); n > 0 && !(n == 1 && modifies(ws, i)) {
			des = true
			payExtra = payExtra && n <= 2 && lxFactExtra.has(ws[i+n-1:i+n])
			if n > 2 {
				// "what would be a bonus?" is a level, not the pay; "any
				// bonus?", "is there a bonus?" ask about pay.
				if levelPhrase == nil {
					levelPhrase = make([]bool, len(ws))
				}
				for j := i; j < i+n; j++ {
					levelPhrase[j] = true
				}
			}
			mark(i, n)
		} else if n := lxEssential.at(ws, i); n > 0 && !asksFor(ws, i) {
			ess = true
			// "the preferred requirements" are criteria of a level
			// named beside them.
			essNoun = essNoun && n == 1 && lxCriteria.at(ws, i) == 1
			if mustDo(ws, i) {
				p.Task = true
			} else {
				// "will I have to move between practices? is that a
				// requirement" asks for a level all the same.
				otherLevel = true
			}
			mark(i, n)
		}
	}
	p.Task = p.Task && !otherLevel && !des && !levelAsked(p.All)
	scenario := false
	for i := range ws {
		if n := lxScenario.at(ws, i); n > 0 {
			// "what are you meant to do if a kid discloses something?"
			// asks what the job involves, not for a list or a fact.
			scenario = true
			p.Task = !otherLevel && !des
			mark(i, n)
			break
		}
	}
	if ess && des && essNoun {
		ess = false
	}
	switch {
	case ess && des && !slices.Contains(ws, "or") && (slices.Contains(ws, "and") || slices.Contains(ws, "both")):
		// "what quals do they ask for, essential and desirable?" asks for
		// both levels.
		p.ListCue = true
	case ess && des:
		p.Which = true
	case des:
		p.Level = corpus.Desirable
	case ess:
		p.Level = corpus.Essential
	}
	for i := 0; i < len(ws); i++ {
		if passiveNeed(ws, i) {
			i += 2
			continue
		}
		if n := lxWeight.at(ws, i); n > 0 {
			// "how much do they care about AfL?" asks how much it matters,
			// not for a number.
			p.Requirement = true
			mark(i, n)
			i += n - 1
			continue
		}
		if n := lxCount.at(ws, i); n > 0 {
			p.Count = true
			mark(i, n)
			if p.Counted == "" {
				p.Counted = counted(ws, i+n)
			}
		}
		if n := max(lxSupervision.at(ws, i), lxManages.at(ws, i)); n > 0 {
			p.Supervision = true
		}
		if n := lxKindOf.at(ws, i); n > 0 && i+n < len(ws) && lxSetting.at(ws, i+n) > 0 {
			p.Setting = true
		}
		if n := lxJob.at(ws, i); n > 0 {
			p.Job = true
		}
		if n := lxRequirement.at(ws, i); n > 0 {
			p.Requirement = true
			if n > 1 {
				// "am I wasting my time?" says what is asked, not about what.
				mark(i, n)
			}
		}
		if n := lxOverview.at(ws, i); n > 0 {
			p.Summary, p.Overview = true, true
			mark(i, n)
		} else if n := lxSummary.at(ws, i); n > 0 {
			p.Summary = true
			mark(i, n)
		}
		if n := lxDuty.at(ws, i); n > 0 && !dutyCompound(ws, i) {
			p.DutyNoun = true
			mark(i, n)
		}
		if n := lxCriteria.at(ws, i); n > 0 {
			p.CriteriaCue = true
			mark(i, n)
		}
		if n := lxList.at(ws, i); n > 0 && !scenario {
			if isListVerb(ws, i, n) {
				p.ListCue = true
				if n > 1 {
					// "what falls under the X heading?" asks for a list
					// in words that name nothing in it.
					mark(i, n)
				}
			}
		}
	}
	fws := ws
	if levelPhrase != nil {
		fws = blank(ws, levelPhrase)
	}
	if p.Which {
		// "is X essential or just a bonus?" asks for a level: "bonus" is
		// not pay here.
		fws = blank(ws, used)
	}
	// "can I apply with only a year's experience?" asks whether the
	// asker may, not how to apply.
	if t := factTopic(fws); t != nil && !scenario && !lxSize.has(ws) && !(t.id == "apply" && lxMayApply.has(ws)) && !dutyKind(ws, t) {
		p.Fact = t
		for i := 0; i < len(ws); i++ {
			if n := t.words.at(ws, i); n > 0 {
				mark(i, n)
			}
		}
		if (t.id == "salary" || t.id == "benefits") && des && !ess && payExtra {
			// "is on-call paid extra?" asks about pay, not for a level.
			p.Level = ""
		}
	}
	// "got 8 months in a nursing home, is that enough?" asks whether the
	// asker's experience is what the person specification wants: how long
	// they have done it is not a word the criterion shares.
	long := false
	if p.Self && p.Requirement && p.Fact == nil {
		for _, s := range tenure(ws) {
			mark(s[0], s[1]-s[0])
			long = true
		}
	}
	// What is left, without filler, is what the question is about.
	for i := 0; i < len(ws); {
		if used[i] {
			i++
			continue
		}
		if n := max(lxFiller.at(ws, i), lxFrame.at(ws, i)); n > 0 {
			i += n
			continue
		}
		if n := lxGreeting.at(ws, i); n > 0 && i == 0 {
			i += n
			continue
		}
		p.Focus = append(p.Focus, ws[i])
		i++
	}
	p.Focus = dropListWords(p.Focus)
	if long && !slices.Contains(p.Focus, "experience") {
		p.Focus = append(p.Focus, "experience")
	}
	p.Refers = len(p.Focus) == 0 && refers(ws)
	if len(p.Focus) == 0 && p.Fact == nil && !p.Requirement && p.Level == "" && !p.Which &&
		!p.DutyNoun && !p.CriteriaCue && !p.ListCue && !p.YesNo && namesJob(ws) {
		// "what would my role be?", "what is this vacancy?": a question
		// about the job that asks nothing in particular asks what it is.
		p.Summary = true
	}
}

// namesJob reports whether the words name the job itself: "this role",
// "the vacancy".
func namesJob(ws []string) bool {
	for _, w := range ws {
		if jobNouns[w] && w != "one" && w != "ones" {
			return true
		}
	}
	return false
}

// dutyKind: the topic's words name a kind of duty ("out of hours duties",
// "weekend tasks") or of experience ("do they want paid experience?"), not
// the recruiter's fact.
func dutyKind(ws []string, t *topic) bool {
	kind := false
	for i := 0; i < len(ws); i++ {
		n := t.words.at(ws, i)
		if n == 0 {
			continue
		}
		if i+n >= len(ws) || lxDuty.at(ws, i+n) == 0 && ws[i+n] != "experience" {
			return false
		}
		kind = true
		i += n - 1
	}
	return kind
}

// label is a clause of one or two words that opens a message before a
// dash, colon or comma: "nursing role - ...", "teaching: ...", "Harlow, ...".
func label(text string) []string {
	end := len(text)
	for _, sep := range []string{": ", ",", " - ", " – ", " — "} {
		if i := strings.Index(text, sep); i > 0 && i < end {
			end = i
		}
	}
	if end == len(text) {
		return nil
	}
	// The rest of the message is read only behind a label short enough.
	ws := words(text[:end])
	if len(ws) == 0 || len(ws) > 2 || len(text) > end+1 && len(words(text[end+1:])) == 0 {
		return nil
	}
	return ws
}

// selfIntro is the length of "<who> here" opening a message: "hiring
// manager here", "recruiter here"; 0 when there is none.
// asksFor reports whether "need" at i asks for something the asker wants
// given: "need the desirable knowledge criteria", not "do I need a degree?".
func asksFor(ws []string, i int) bool {
	if ws[i] != "need" || i+2 >= len(ws) || !objectWords[ws[i+1]] {
		return false
	}
	for j := i + 2; j < len(ws) && j <= i+3; j++ {
		if lxDesirable.at(ws, j) > 0 || lxEssential.at(ws, j) > 0 || lxCriteria.at(ws, j) > 0 || lxList.at(ws, j) > 0 {
			return true
		}
	}
	return false
}

// verbOrAdjective are the words of a level that also do or describe
// things: "help out with the club", "the extra xmas temps", "count the
// stock".
var verbOrAdjective = setOf(`extra bonus plus help count`)

// objectWords may follow a verb or adjective of a level where the level
// would not stand: "help out", "count the stock".
var objectWords = setOf(`the a an my our their his her out with people patients staff`)

// modifies reports whether the level word at i does or describes
// something: a word of its own follows it ("extra xmas temps"), not the
// end of the question or "or essential".
func modifies(ws []string, i int) bool {
	if !verbOrAdjective[ws[i]] || i+1 >= len(ws) {
		return false
	}
	next := ws[i+1 : i+2]
	if objectWords[next[0]] {
		return true
	}
	return !lxFiller.has(next) && !lxFrame.has(next) && !lxRequirement.has(next) && !lxEssential.has(next) && !lxDesirable.has(next)
}

// selfLead reports whether the message opens by speaking of the asker
// without "I", after any greeting: "got 8 months in care", "qualified last
// year".
func selfLead(ws []string) bool {
	i := 0
	for i < len(ws) {
		n := lxGreeting.at(ws, i)
		if n == 0 {
			break
		}
		i += n
	}
	return lxSelfLead.at(ws, i) > 0
}

// quantity words that may stand before a unit of time: "a few months",
// "a couple of years".
var quantity = setOf(`a few couple of several like about nearly almost over just`)

// tenure finds how long the asker says they have done something, as spans
// [from, to) of ws: "8 months", "a couple of years ago", "is that enough
// time?".
func tenure(ws []string) [][2]int {
	var out [][2]int
	for i := 0; i < len(ws); i++ {
		if n := lxTenure.at(ws, i); n > 0 {
			out = append(out, [2]int{i, i + n})
			i += n - 1
			continue
		}
		if i == 0 || lxTenureUnit.at(ws, i) == 0 {
			continue
		}
		from := i
		if _, n, ord := numberEnding(ws, i-1); n > 0 && !ord {
			from = i - n
		} else {
			for from > 0 && quantity[ws[from-1]] {
				from--
			}
			if from == i || ws[i-1] == "of" && from == i-1 {
				continue
			}
		}
		to := i + 1
		if to < len(ws) && ws[to] == "ago" {
			to++
		}
		out = append(out, [2]int{from, to})
		i = to - 1
	}
	return out
}

func selfIntro(ws []string) int {
	for i := 1; i < len(ws) && i <= 3; i++ {
		if ws[i] != "here" {
			if lxAsks.has(ws[i : i+1]) {
				return 0
			}
			continue
		}
		if lxAsks.has(ws[:1]) || i+1 >= len(ws) {
			return 0
		}
		return i + 1
	}
	return 0
}

// dutyCompound: "duty" in "playground duty", "a duty system" or "duty of
// care" is a thing the job has, not the job description's list of duties.
func dutyCompound(ws []string, i int) bool {
	if ws[i] != "duty" {
		return false
	}
	if i+1 < len(ws) && lxDutyAfter.has(ws[i+1:i+2]) {
		return true
	}
	if i == 0 {
		return false
	}
	w := ws[i-1]
	if _, n, _ := number(ws, i-1); n > 0 {
		return false
	}
	return len(w) > 2 && !lxFiller.has([]string{w}) && lxLast.at(ws, i-1) == 0 && lxFirst.at(ws, i-1) == 0 && !lxDuty.has([]string{w})
}

// passiveNeed: "need to be", "have to be" after "how" or "when" say what
// happens to something, not what the applicant needs.
func passiveNeed(ws []string, i int) bool {
	if i+2 >= len(ws) || ws[i+1] != "to" || ws[i+2] != "be" {
		return false
	}
	switch ws[i] {
	case "need", "needs", "have", "has":
	default:
		return false
	}
	switch firstWord(ws) {
	case "how", "when":
		return true
	}
	return false
}

// mustDo reports whether "have to", "need to" at i is followed by
// something done ("log them", "go on the residential"), not by what the
// asker must be, know or hold ("be registered", "know NEWS2").
func mustDo(ws []string, i int) bool {
	switch ws[i] {
	case "have", "has", "need", "needs", "got":
	default:
		return false
	}
	if i+2 >= len(ws) || ws[i+1] != "to" {
		return false
	}
	return !notTasks[ws[i+2]]
}

// levelAsked reports whether the message asks for a level in words other
// than "have to": "is that a requirement", "essential?".
func levelAsked(all []string) bool {
	for i := range all {
		if lxDesirable.at(all, i) > 0 || lxCriteria.at(all, i) > 0 || lxEssential.at(all, i) > 0 && !mustDo(all, i) {
			return true
		}
	}
	return false
}

// notTasks are what may follow "have to" without naming a task.
var notTasks = setOf(`be have know understand hold get own possess been already
	do use speak drive pass complete finish show prove demonstrate`)

// counted is the first word after a count cue that is not filler.
func counted(ws []string, i int) string {
	for ; i < len(ws); i++ {
		if n := max(lxFiller.at(ws, i), lxFrame.at(ws, i)); n > 0 {
			i += n - 1
			continue
		}
		return ws[i]
	}
	return ""
}

// blank is ws with the words used by a rule left empty, so that no phrase
// matches across them.
func blank(ws []string, used []bool) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		if !used[i] {
			out[i] = w
		}
	}
	return out
}

// isListVerb: "list", "show me", "what are the ..." ask for several items;
// "what is" does not.
func isListVerb(ws []string, i, n int) bool {
	w := ws[i]
	switch w {
	case "all", "every", "each", "everything", "ones", "others", "the", "any", "name", "tell", "give", "show":
		// Only with a plural noun, or alone as the request: "show me the
		// desirables", "give me all of them".
		if w == "show" || w == "give" || w == "tell" {
			return n > 1 || askedOfBot(ws, i)
		}
		return n > 1
	}
	return true
}

// askedOfBot reports whether the verb at i is a request to the bot: "give me
// the essentials", "can you show the duties", "tell all", not what
// someone in the job does ("can paras give morphine?").
func askedOfBot(ws []string, i int) bool {
	if i+1 < len(ws) && (ws[i+1] == "me" || ws[i+1] == "us") {
		return true
	}
	return i == 0 || ws[i-1] == "you" || ws[i-1] == "please" || ws[i-1] == "just"
}

// dropListWords removes the words of list requests from the focus: "list
// them all", "pls".
func dropListWords(ws []string) []string {
	out := ws[:0]
	for i := 0; i < len(ws); {
		if n := lxList.at(ws, i); n > 0 {
			i += n
			continue
		}
		out = append(out, ws[i])
		i++
	}
	return out
}

var referWords = setOf(`that this it those these them ones one they`)

func refers(ws []string) bool {
	for _, w := range ws {
		if referWords[w] {
			return true
		}
	}
	return len(ws) > 0 && (ws[0] == "and" || ws[0] == "what" && len(ws) > 1 && ws[1] == "about")
}

var yesNoStart = setOf(`do does did will would is are am can could should shall has have must may was were`)

func startsYesNo(ws []string) bool { return yesNoStart[firstWord(ws)] }

// dutyRef reads the duties a clause names: "duty 12", "duties eight and
// nine", "responsibility number 7", "the 2nd duty", "the first three
// duties", "the very last duty", "duties 3-5".
func dutyRef(ws []string, used []bool) DutyRef {
	var d DutyRef
	for i := 0; i < len(ws); i++ {
		n := lxDuty.at(ws, i)
		if n == 0 {
			continue
		}
		noun := i
		// Before the noun: an ordinal or a position, maybe with "key",
		// "main", "very".
		j := i - 1
		for j >= 0 && (ws[j] == "key" || ws[j] == "main" || ws[j] == "very" || ws[j] == "listed" || ws[j] == "the") {
			j--
		}
		// "the sixth one in the key duties list"
		if j >= 1 && (ws[j] == "in" || ws[j] == "of" || ws[j] == "on") {
			for back := j - 1; back >= 0 && back >= j-4; back-- {
				if ws[back] == "one" || ws[back] == "item" || ws[back] == "point" || ws[back] == "bullet" {
					if v, k, ord := number(ws, back-1); back >= 1 && k == 1 && ord && v > 0 {
						d.Nums = append(d.Nums, v)
						markAll(used, back-1, noun+n)
					}
					break
				}
			}
		}
		if j >= 0 {
			if v, k, ord := number(ws, j); k == 1 && ord && v > 0 {
				d.Nums = append(d.Nums, v)
				markAll(used, j, noun+n)
				continue
			}
			// "the first three duties", "last 2 duties"
			if v, k, ord := numberEnding(ws, j); k > 0 && !ord && v > 0 && j-k >= 0 {
				pos := j - k
				if lxFirst.at(ws, pos) > 0 {
					d.First = v
					markAll(used, pos, noun+n)
					continue
				}
				if lxLast.at(ws, pos) > 0 {
					d.Last = v
					markAll(used, pos, noun+n)
					continue
				}
			}
			// "the 2nd to last duty", "the penultimate duty"
			if ws[j] == "penultimate" {
				d.FromEnd = 2
				markAll(used, j, noun+n)
				continue
			}
			if ws[j] == "last" && j >= 2 && ws[j-1] == "to" {
				if v, k, ord := number(ws, j-2); k == 1 && ord && v > 0 {
					d.FromEnd = v
					markAll(used, j-2, noun+n)
					continue
				}
			}
			if lxLast.at(ws, j) > 0 || j > 0 && lxLast.at(ws, j-1) > 0 {
				d.Last = 1
				markAll(used, j, noun+n)
				continue
			}
			if ws[j] == "first" || ws[j] == "top" {
				d.Nums = append(d.Nums, 1)
				markAll(used, j, noun+n)
				continue
			}
		}
		// After the noun: "duty 12", "duties 8 and 9", "duty number 7",
		// "duties 18 to 20".
		k := noun + n
		for k < len(ws) && (ws[k] == "no" || ws[k] == "number" || ws[k] == "numbers" || ws[k] == "nos") {
			k++
		}
		var nums []int
		for k < len(ws) {
			v, c, _ := number(ws, k)
			if c == 0 {
				break
			}
			k += c
			if k+1 < len(ws) && (ws[k] == "to" || ws[k] == "through" || ws[k] == "till" || ws[k] == "until") {
				if hi, c2, _ := number(ws, k+1); c2 > 0 && hi >= v && hi-v < 20 {
					for x := v; x <= hi; x++ {
						nums = append(nums, x)
					}
					k += 1 + c2
				} else {
					nums = append(nums, v)
				}
			} else {
				nums = append(nums, v)
			}
			if k < len(ws) && (ws[k] == "and" || ws[k] == "or" || ws[k] == "&") {
				if _, c3, _ := number(ws, k+1); c3 > 0 {
					k++
				}
			}
		}
		if len(nums) > 0 {
			markAll(used, i, k)
			d.Nums = append(d.Nums, nums...)
		}
	}
	if d.empty() {
		// "whats number 9 about?": a bare number, with nothing else
		// asked, is a duty's, as duties are what is numbered.
		for i := 0; i+1 < len(ws); i++ {
			if ws[i] != "number" && ws[i] != "no" {
				continue
			}
			v, c, ord := number(ws, i+1)
			if c == 0 || ord || v == 0 {
				continue
			}
			rest := slices.Concat(ws[:i], ws[i+1+c:])
			if len(uncovered(rest, lxFiller, lxFrame, lxGreeting)) == 0 {
				d.Nums = []int{v}
				markAll(used, i, i+1+c)
			}
			break
		}
	}
	if len(d.Nums) > 20 {
		d.Nums = d.Nums[:20]
	}
	if !d.empty() {
		d.Under = under(ws, used)
	} else {
		d = oneUnder(ws, used)
	}
	return d
}

// oneUnder reads a position counted under a heading with no duty noun:
// "the first one under radiation protection", "last one under admin".
func oneUnder(ws []string, used []bool) DutyRef {
	for i := 1; i+2 < len(ws); i++ {
		if ws[i] != "one" || ws[i+1] != "under" {
			continue
		}
		var d DutyRef
		if v, k, ord := number(ws, i-1); k == 1 && ord && v > 0 {
			d.Nums = []int{v}
		} else if lxLast.at(ws, i-1) > 0 {
			d.Last = 1
		} else {
			continue
		}
		used[i-1], used[i] = true, true
		if d.Under = under(ws, used); len(d.Under) == 0 {
			used[i-1], used[i] = false, false
			continue
		}
		d.Loose = true
		return d
	}
	return DutyRef{}
}

// under finds the heading a duty is counted under: "the 2nd duty under the
// safety heading", "the last one in the admin section". It returns the
// heading's words, and marks them and their framing used.
func under(ws []string, used []bool) []string {
	for i, w := range ws {
		if w != "under" && w != "in" && w != "from" && w != "of" || i == 0 || !used[i-1] {
			continue
		}
		j := i + 1
		for j < len(ws) && ws[j] == "the" {
			j++
		}
		end := j
		for end < len(ws) && !headingWord[ws[end]] && !used[end] {
			end++
		}
		if end == j || end-j > 6 || end == len(ws) && w != "under" {
			continue
		}
		stop := end
		if end < len(ws) && headingWord[ws[end]] {
			stop = end + 1
		}
		markAll(used, i, stop)
		return ws[j:end]
	}
	return nil
}

// headingWord are the words that name a part of the job description.
var headingWord = setOf(`heading header section bit part list group`)

// numberEnding reads a number that ends at ws[j] ("three", "twenty one").
func numberEnding(ws []string, j int) (v, n int, ord bool) {
	if j >= 1 {
		if v, n, ord := number(ws, j-1); n == 2 {
			return v, n, ord
		}
	}
	return number(ws, j)
}

func markAll(used []bool, from, to int) {
	for i := max(from, 0); i < to && i < len(used); i++ {
		used[i] = true
	}
}

// The rules for a whole message: it is only pleasantries, or only a request
// for help. The empty message is ruled out before them.
func onlyGreeting(m *message) bool { return covered(m.all, lxGreeting) }

func onlyThanks(m *message) bool { return covered(m.all, lxThanks, lxGreeting) }

func isHelp(m *message) bool {
	return lxHelp.has(m.all) && covered(m.all, lxHelp, lxGreeting, lxFiller)
}

var checkRE = regexp.MustCompile(`(?i)^(?:(?:hi|hello|hey)\W+)?(?:please\s+)?(?:check me|check my (?:profile|eligibility|experience|cv)|am i eligible|eligibility check|self[- ]check)\b[\s:,.-]*`)

func isCheck(m *message) bool {
	if !hasFold(m.text, "check") && !hasFold(m.text, "eligib") {
		return false
	}
	loc := checkRE.FindStringIndex(m.text)
	if loc == nil {
		return false
	}
	m.p.Profile = strings.TrimSpace(m.text[loc[1]:])
	return true
}
