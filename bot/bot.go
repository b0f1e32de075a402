package bot

import (
	"context"
	"log/slog"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// Bot answers questions from the current Library. A message goes through
// parse (Parse: words to a typed intent), route (which role), evidence (the
// only search) and compose (every sentence a user reads).
type Bot struct {
	lib    atomic.Pointer[state]
	log    *slog.Logger
	now    func() time.Time
	policy Policy
	mem    *memory
	shared SharedMemory // nil: conversations are remembered in mem
	// searchErrors counts searches that failed; each was answered "I can't
	// search right now", never as an abstention.
	searchErrors atomic.Int64
}

// New returns a bot answering from lib.
func New(lib Library, log *slog.Logger) *Bot {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &Bot{log: log, now: time.Now, policy: DefaultPolicy, mem: newMemory(MemoryKeys, MemoryTTL)}
	b.Swap(lib)
	return b
}

// SetClock replaces the clock used to tell whether a closing date has passed
// and when a conversation was last active.
func (b *Bot) SetClock(now func() time.Time) { b.now = now }

// SetPolicy replaces the thresholds; for calibration and tests.
func (b *Bot) SetPolicy(p Policy) { b.policy = p }

// Swap replaces the library atomically: questions under way finish on the
// old one, the next ones see the new one.
func (b *Bot) Swap(lib Library) { b.lib.Store(newState(lib)) }

// Library returns the library in use.
func (b *Bot) Library() Library { return b.lib.Load().Library }

// SearchErrors is the number of questions that could not be answered
// because the search failed.
func (b *Bot) SearchErrors() int64 { return b.searchErrors.Load() }

var _ Responder = (*Bot)(nil)

// Answer answers a free-text message.
func (b *Bot) Answer(ctx context.Context, q Question) Answer {
	st := b.lib.Load()
	p := Parse(q.Text)
	a := b.respond(ctx, st, q, p)
	return b.finish(q, a)
}

func (b *Bot) finish(q Question, a Answer) Answer {
	a.Question = q.Text
	if !a.Answered {
		// An abstention rests on nothing: it says why in words alone.
		a.Citations, a.Body = nil, nil
	}
	a = withBody(a)
	if a.Lead == "" {
		a.Lead, _, _ = strings.Cut(a.Text, "\n")
	}
	return a
}

// respond is the pipeline for one parsed message.
func (b *Bot) respond(ctx context.Context, st *state, q Question, p Parsed) Answer {
	switch p.Intent {
	case IntentEmpty:
		return emptyAnswer(st.Roles)
	case IntentTooLong:
		return tooLong(st.Roles, len(clean(q.Text)))
	case IntentGreeting:
		return greeting(st.Roles)
	case IntentThanks:
		return thanks(st.Roles)
	case IntentHelp:
		return help(st.Roles)
	case IntentRoles:
		return listRoles(st.Roles, b.now())
	}
	now := b.now()
	last, haveLast := b.recall(ctx, q.Conversation, now)
	remembered := ""
	if haveLast {
		remembered = last.RoleID
	}
	ws := p.All
	if p.Intent == IntentCheck {
		ws = words(p.Profile)
	}
	rt := route(st, ws, p.Label, remembered, q.RoleID)
	if rt.role == nil && len(rt.choices) == 0 {
		return noRoles()
	}
	if rt.role == nil {
		return whichRole(rt.choices)
	}
	r := rt.role
	if p.Intent != IntentCheck {
		p = reread(p, rt.dropped)
	}
	if haveLast && last.RoleID != r.ID {
		haveLast = false // a follow-up refers to the same role
	}
	a, t := b.answerFor(ctx, st, r, p, last, haveLast)
	if !a.Answered && a.Intent != IntentError && p.Intent != IntentCheck {
		// "first job after uni, is there a preceptorship?": when the whole
		// sentence finds nothing to trust, the clause after the comma that
		// asks may.
		if text, ok := commaSplit(q.Text); ok {
			if alt, altTurn := b.answerFor(ctx, st, r, reread(Parse(text), rt.dropped), last, haveLast); alt.Answered && !alt.nearest {
				a, t = alt, altTurn
			}
		}
	}
	if a.Intent == IntentError {
		return a
	}
	t.RoleID = r.ID
	b.remember(ctx, q.Conversation, t, now)
	a.RoleID = r.ID
	return a
}

// answerFor answers a routed question about role r, and says what to
// remember of it.
func (b *Bot) answerFor(ctx context.Context, st *state, r *corpus.Role, p Parsed, last turn, haveLast bool) (Answer, turn) {
	if p.Intent == IntentRequirement && namesAreaOnly(r, p) {
		// "what quals do they ask for?" asks for the qualifications, not
		// for the one criterion nearest the word.
		p.Intent = IntentList
	}
	t := turn{Intent: p.Intent, Item: -1}
	switch p.Intent {
	case IntentCheck:
		return b.check(ctx, st, r, p.Profile), t
	case IntentDuty:
		if p.Duties.Loose {
			if g, _ := findDutyGroup(r, p.Duties.Under); g == nil {
				// "the first one under X" counts duties only when X is a
				// heading of them.
				p.Duties = DutyRef{}
				p.Intent, t.Intent = IntentSearch, IntentSearch
				break
			}
		}
		a := duties(r, p.Duties)
		if len(a.Citations) > 0 {
			t.Item = itemIndex(r, a.Citations[0])
		}
		return a, t
	case IntentSummary:
		return summary(r), t
	case IntentList:
		if a, area, level, ok := b.list(r, p, last, haveLast); ok {
			t.Intent, t.Area, t.Level = IntentList, area, level
			return a, t
		}
	}
	// "admin and professional responsibilities?" names a group of duties.
	if p.DutyNoun && p.Fact == nil && len(p.Focus) > 0 && p.Intent != IntentList {
		if g := groupNamed(r, p.Focus); g != nil {
			return listDuties(r, g), t
		}
	}
	// "is there any training when you start or are u straight on the
	// phones?": what the job description says of a new starter's first
	// weeks, not the duty to induct others.
	if p.Fact == nil && lxInduction.has(p.Words) {
		// "how long is the induction?" needs a length of time.
		if a, ok := induction(r); ok && (!p.Count || saysHowLong(a.Citations[0].Text)) {
			return a, t
		}
	}
	// "Who would I report to?" asks only about supervision: whatever the
	// job description says of it answers, in whatever words.
	if p.Supervision && p.Fact == nil && covered(p.Words, lxSupervision, lxManages, lxFiller, lxFrame, lxGreeting) {
		if sup := r.Of(corpus.Supervision); len(sup) > 0 {
			return supervision(r, sup, lxManages.has(p.Words)), t
		}
	}
	// A follow-up with no subject of its own: "is that essential?"
	if len(p.Focus) == 0 && p.Refers && haveLast && last.Item >= 0 && last.Item < len(r.Items) {
		it := r.Items[last.Item]
		t.Item = last.Item
		return followUp(r, it, p), t
	}
	if p.Fact == nil && placeAsked(r, p) {
		// "where abouts is ravensbrook academy?", "which store is it,
		// wakefield?": the place the recruiter gives, named in its own
		// words.
		p.Fact = topicLocation
		p.Focus = nil
	}
	if p.Fact != nil {
		// "never done nights, is that a problem?" asks about the applicant,
		// which the person specification answers before the hours do.
		if ws := content(p.Words); p.Requirement && p.Self && len(ws) > 0 {
			ev, err := b.evidence(ctx, st, r, ws)
			if err != nil {
				return b.searchFailed(r, err), t
			}
			if h, ok := ev.bestOf(b.policy, 0, corpus.Criterion); ok && h.Coverage >= b.policy.SureCoverage {
				a := answerFrom(r, p, b.policy, h, ev.related(b.policy, h))
				t.Item = itemIndex(r, a.Citations[0])
				return a, t
			}
		}
		a := b.fact(ctx, st, r, p)
		if !a.Answered && p.Fact.said != nil && len(p.Focus) > 0 {
			// "do i need my own spanners or do they provide kit?": the
			// criterion the search finds answers when it speaks of
			// providing ("Own a comprehensive set of hand tools").
			q := p
			q.Fact, q.Intent = nil, IntentSearch
			if q.Requirement {
				q.Intent = IntentRequirement
			}
			s, err := b.searched(ctx, st, r, q)
			if err != nil {
				return b.searchFailed(r, err), t
			}
			if s.Answered && len(s.Citations) > 0 && p.Fact.said.has(tokens(s.Citations[0].Text)) {
				a = s
			}
		}
		if !a.Answered && lxDoing.has(p.Words) && len(p.Focus) > 0 {
			// "would i run the toolbox talk at the start of the shift?"
			// asks what the job involves, in words that name a fact.
			s, err := b.searched(ctx, st, r, p)
			if err != nil {
				return b.searchFailed(r, err), t
			}
			if s.Answered {
				a = s
			}
		}
		if len(a.Citations) > 0 {
			t.Item = itemIndex(r, a.Citations[0])
		}
		return a, t
	}
	if len(p.Focus) == 0 {
		if p.Summary {
			return summary(r), t
		}
		return unclear(r, p), t
	}
	a, err := b.searched(ctx, st, r, p)
	if err != nil {
		return b.searchFailed(r, err), t
	}
	if p.Setting && p.Intent == IntentSearch && (!a.Answered || len(a.Citations) == 0 || a.Citations[0].Kind != corpus.Scope) {
		// "what sort of patients come in?": the job scope paragraph that
		// speaks of them describes them, when the search found no other.
		s, err := b.setting(ctx, st, r, p)
		if err != nil {
			return b.searchFailed(r, err), t
		}
		if s.Answered {
			a = s
		}
	}
	if !a.Answered {
		// "any forecasting involved or is it all backward-looking KPIs?"
		// offers choices: the job description may answer one of them.
		for _, side := range choices(p) {
			q := p
			q.Focus = side
			c, err := b.searched(ctx, st, r, q)
			if err != nil {
				return b.searchFailed(r, err), t
			}
			if c.Answered {
				a = c
				break
			}
		}
	}
	if a.Answered && len(a.Citations) > 0 {
		t.Item = itemIndex(r, a.Citations[0])
		t.Intent = a.Intent
	}
	return a, t
}

// searched answers p from what a search of its focus finds.
func (b *Bot) searched(ctx context.Context, st *state, r *corpus.Role, p Parsed) (Answer, error) {
	ev, err := b.evidence(ctx, st, r, p.Focus)
	if err != nil {
		return Answer{}, err
	}
	return b.fromEvidence(r, p, ev), nil
}

// setting answers from the first job scope paragraph that speaks of what
// the question asks the kind of: a job scope opens with the place and the
// people it serves.
func (b *Bot) setting(ctx context.Context, st *state, r *corpus.Role, p Parsed) (Answer, error) {
	ev, err := b.evidence(ctx, st, r, p.Focus, corpus.Scope)
	if err != nil {
		return Answer{}, err
	}
	var h Hit
	first := len(r.Items)
	for _, o := range ev.Hits {
		if i := itemIndex(r, cite(r, o.Item)); i >= 0 && i < first && len(o.Matched) > 0 {
			h, first = o, i
		}
	}
	if first == len(r.Items) {
		return Answer{}, nil
	}
	h.Coverage = max(h.Coverage, b.policy.SureCoverage)
	a := answerFrom(r, p, b.policy, h, []Hit{h})
	if len(a.Citations) == 0 {
		a.Answered = false
	}
	return a, nil
}

// fromEvidence answers a requirement or any other question from the items
// the search found, or abstains.
func (b *Bot) fromEvidence(r *corpus.Role, p Parsed, ev Evidence) Answer {
	pol := b.policy
	// "would I have to stand up in court?" asks what the job involves.
	asksRequirement := (p.Intent == IntentRequirement || p.Intent == IntentList) && !p.Task
	var h Hit
	var ok bool
	switch {
	case p.Supervision && !slices.Contains(p.Words, "experience"):
		// "Who supervises me?" is answered by the supervision section;
		// "staff supervision experience?" asks what the applicant needs.
		if h, ok = ev.bestOf(pol, 0, corpus.Supervision); !ok {
			h, ok = ev.best(pol)
		}
	case asksRequirement:
		// "Do I need X?" is answered by the person specification when a
		// criterion answers nearly as well as anything else.
		if h, ok = ev.bestOf(pol, pol.CriterionShare, corpus.Criterion); !ok {
			if p.DutyNoun || p.Job {
				h, ok = ev.best(pol)
			} else if h, ok = ev.covering(pol, corpus.Criterion); !ok {
				h, ok = ev.best(pol)
			}
		}
		if ok && p.Self && h.Item.Kind != corpus.Criterion && h.Coverage < pol.SureCoverage {
			// "do they want banqueting experience, ive only done a la
			// carte": a duty near what the asker has done does not say
			// what is required of them, and is not quoted as if it did;
			// the criterion on the thing asked about is nearer.
			if c, found := ev.selfCriterion(pol); found {
				h = c
			}
		}
		if !ok && p.Self {
			// "ive had loads of students ride out with me - does that
			// count?": what the asker says of themselves sinks coverage;
			// a criterion sharing a particular word of it is the nearest
			// the person specification comes.
			h, ok = ev.selfCriterion(pol)
		}
	default:
		h, ok = ev.best(pol)
		if ok && p.Job && h.Item.Kind == corpus.Criterion {
			// "Will I work with older adults?" asks what the job involves,
			// which duties and the job scope say.
			if j, found := ev.bestOf(pol, 0, corpus.Duty, corpus.Scope, corpus.Supervision); found && j.Coverage >= 0.95*h.Coverage {
				h = j
			}
		}
	}
	if ok && h.Item.Kind == corpus.FAQ && h.Coverage < pol.SureCoverage {
		// A recruiter's FAQ answer answers only its own question.
		ok = false
	}
	if !ok {
		b.log.Debug("abstain: no hit the policy trusts", "role", r.ID, "hits", len(ev.Hits), "requirement", asksRequirement)
		return abstain(r, p)
	}
	if names := productAsked(p.Words, p.All); names != nil && !p.Which && !names(h.Item.Text) {
		// "which patient record system do they use?": the item that names
		// one answers, wherever it ranks.
		for _, o := range ev.Hits {
			if pol.confident(o) && names(o.Item.Text) {
				h = o
				break
			}
		}
	}
	if p.Count && !asksRequirement {
		// "how many pupils does the school have?": the item that puts a
		// number to the thing counted answers, wherever it ranks.
		// "how often do i get supervision?": the item that gives how often.
		for _, o := range ev.Hits {
			if pol.confident(o) && picksCount(p, o) {
				h = o
				break
			}
		}
	}
	if p.Count && !asksRequirement && (!hasNumber(h.Item.Text) || !matches(h, p.Counted) || !answersCount(p, h)) {
		// "How many OTs work there?" is not answered by an item that gives
		// no number, nor "how many kids are in the class?" by one that
		// counts something else, nor "how many cases would I carry?" by
		// "level 2 and level 3 MAPPA ... cases"; "how often" needs a
		// frequency ("monthly", "every"), "how long" a length of time.
		b.log.Debug("abstain: no number for what is counted", "role", r.ID)
		return abstain(r, p)
	}
	return answerFrom(r, p, pol, h, ev.related(pol, h))
}

// saysHowLong reports whether text gives a length of time: a number
// before minutes, hours, days, weeks, months or years ("a four-week
// induction").
func saysHowLong(text string) bool {
	return numberBefore(tokens(text), 2, func(w string) bool {
		switch strings.TrimSuffix(w, "s") {
		case "minute", "hour", "day", "week", "month", "year":
			return true
		}
		return false
	})
}

// answersCount reports whether a hit gives what a count question asks:
// a number next to the things counted ("how many"), a frequency ("how
// often"), or a length of time ("how long"); for other counts ("how
// much") any number will do.
func answersCount(p Parsed, h Hit) bool {
	if howMany(p.Words) || hasPair(p.Words, "how", "often") || hasPair(p.Words, "how", "long") {
		return picksCount(p, h)
	}
	return hasNumber(h.Item.Text)
}

// picksCount reports whether a hit is the one to give for a count
// question wherever it ranks: the one that puts a number to the thing
// counted, or gives how often or how long.
func picksCount(p Parsed, h Hit) bool {
	switch {
	case hasPair(p.Words, "how", "often"):
		return saysHowOften(h.Item.Text)
	case hasPair(p.Words, "how", "long"):
		return saysHowLong(h.Item.Text)
	}
	return countsOf(h.Item.Text, p.Counted)
}

// saysHowOften reports whether text gives a frequency: "monthly", "every
// four weeks", "twice a year", "one in four weekends".
func saysHowOften(text string) bool {
	ws := tokens(text)
	for i, w := range ws {
		switch w {
		case "daily", "weekly", "fortnightly", "monthly", "quarterly", "annually", "annual", "yearly", "termly",
			"nightly", "hourly", "every", "each", "per", "regular", "regularly":
			return true
		case "once", "twice":
			// "once a month", not "once onboarded"
			if i+1 < len(ws) && (ws[i+1] == "a" || ws[i+1] == "an" || ws[i+1] == "every" || ws[i+1] == "per") {
				return true
			}
		case "in":
			// "one week in six", "one in four weekends"
			if i > 0 && i+1 < len(ws) {
				_, before, _ := number(ws, i-1)
				if i > 1 && before == 0 {
					_, before, _ = number(ws, i-2)
				}
				if _, after, _ := number(ws, i+1); before > 0 && after > 0 {
					return true
				}
			}
		case "a", "an":
			if i > 1 && i+1 < len(ws) {
				if _, n, _ := number(ws, i-2); n > 0 || ws[i-1] == "times" {
					return true // "two days a week", "three times a year"
				}
			}
		}
	}
	return false
}

// hasPair reports whether ws holds a then b side by side.
func hasPair(ws []string, a, b string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == a && ws[i+1] == b {
			return true
		}
	}
	return false
}

// howMany reports whether a question counts things ("how many cases",
// "the number of beds"), which an item answers with a number next to
// them; "how often" and "how long" are answered otherwise.
func howMany(ws []string) bool {
	return hasPair(ws, "how", "many") || hasPair(ws, "number", "of")
}

// matches reports whether the hit matched word, alone or within a phrase;
// an empty word matches.
func matches(h Hit, word string) bool {
	if word == "" {
		return true
	}
	for _, m := range h.Matched {
		if m == word || slices.Contains(strings.Fields(m), word) {
			return true
		}
	}
	return false
}

// searchFailed is the honest answer when the search does not work.
func (b *Bot) searchFailed(r *corpus.Role, err error) Answer {
	b.searchErrors.Add(1)
	b.log.Error("search failed", "role", r.ID, "err", err)
	return cannotSearch()
}

// fact answers a recruiter-fact question. The fact answers only the
// question it is about; what else the question asks must be in the fact's
// value or in the job description, or the bot says it does not know.
func (b *Bot) fact(ctx context.Context, st *state, r *corpus.Role, p Parsed) Answer {
	t := p.Fact
	value := ""
	if t.fact != nil {
		value = t.fact(r.Facts)
	} else if o, v := factNaming(r, t, p.Words); o != nil {
		// "do you get extra for nights?": the salary note says "plus
		// enhancements for nights, weekends and bank holidays".
		return factAnswer(r, o, v, b.now())
	}
	rest := p.Focus
	if t == topicLocation && value != "" && lxRemoteAsked.has(p.Words) && !lxRemoteSaid.has(words(value)) {
		// "can i work from home?" is not answered by an address: the hours
		// may say ("two days a week in the office"), or the job
		// description; else the bot gives the place and says no more.
		if h := r.Facts.Hours; lxRemoteSaid.has(words(h)) {
			return factAnswer(r, topicByID("hours"), h, b.now())
		}
		ev, err := b.evidence(ctx, st, r, content(lxRemoteAsked.coveredWords(p.Words)))
		if err != nil {
			return b.searchFailed(r, err)
		}
		if h, ok := ev.speaking(b.policy, lxRemoteSaid, true); ok {
			return answerFrom(r, p, b.policy, h, ev.related(b.policy, h))
		}
		b.log.Debug("abstain: the location says nothing of remote working", "role", r.ID)
		return factUnknown(r, t, value, []string{"remote"})
	}
	if value != "" {
		have := factWords(value, p.Words)
		rest = notIn(rest, have)
		alt := alternatives(p.Words, func(w string) bool {
			return have[w] || prefixIn(w, have) || t.words.has([]string{w})
		})
		// "anything on top of basic pay?" is answered by a note that
		// states something on top ("plus a market supplement"); "where's
		// the depot?" by where the post is based.
		extra := statesExtra(have)
		where := slices.Contains(p.Words, "where")
		// "where is the control room?": the words of a workplace, one
		// word or more.
		place := lxWorkplace.coveredWords(p.Words)
		var keep []string
		for _, w := range rest {
			ww := []string{w}
			switch {
			case alt[w], lxFactFiller.has(ww):
			case extra && lxFactExtra.has(ww):
			case where && t == topicLocation && slices.Contains(place, w):
			default:
				keep = append(keep, w)
			}
		}
		rest = append(keep, unarranged(p.Words, have)...)
	}
	// "how do i apply for this hr one?": the words that name the role ask
	// nothing more.
	rest = slices.DeleteFunc(rest, func(w string) bool { return namesRole(r, w, p.Words) || inJobName(p.Words, w) })
	if value != "" && len(rest) == 0 {
		return factAnswer(r, t, value, b.now())
	}
	// The job description may still answer ("Full UK driving licence", "an
	// on-call rota"): it needs every part of the question.
	// A topic no recruiter field holds (visas, benefits) is searched for in
	// its own words; a field's topic only for what the question adds to it
	// ("is there on-call?" is not the hours).
	focus := rest
	if t.fact == nil {
		focus = notPlace(r, content(p.Words))
	} else if len(rest) > 0 {
		// "know your hours and WTD rules" is answered by "drivers' hours
		// rules": the topic's words search too, next to what the question
		// adds, and the answer must hold one of the added words.
		focus = append(slices.Clone(rest), topicWords(t, p.Words)...)
	}
	if len(focus) == 0 {
		b.log.Debug("abstain: nothing asked beyond the fact", "role", r.ID, "topic", t.id, "value", value != "")
		return factUnknown(r, t, value, rest)
	}
	ev, err := b.evidence(ctx, st, r, focus)
	if err != nil {
		return b.searchFailed(r, err)
	}
	// "how many days holiday do you get?" is not answered by "12-hour
	// days ... and bank holidays": a bank holiday is not leave.
	if h, ok := ev.best(b.policy); ok {
		ev.Hits[0].Matched = slices.DeleteFunc(slices.Clone(h.Matched), func(w string) bool { return compoundOnly(h.Item.Text, w, p.Words) })
	}
	// An FAQ entry the recruiter wrote for this question ("Is there
	// parking?") answers it on one word; anything else needs two.
	if h, ok := ev.best(b.policy); ok && h.Coverage >= b.policy.SureCoverage && (len(h.Matched) > 1 || h.Item.Kind == corpus.FAQ) && slices.ContainsFunc(h.Matched, func(w string) bool { return slices.Contains(rest, w) || t.fact == nil }) {
		// "would they pay for my ITIL foundation?": of the items that
		// answer, the one that speaks of the topic ("funded to take it").
		o, speaks := ev.speaking(b.policy, t.speech(), t.said != nil)
		if speaks {
			h = o
		}
		// "do i bring my own tools?" is not answered by "accounting for
		// all tools" that says nothing of who provides them.
		if speaks || t.said == nil {
			return answerFrom(r, p, b.policy, h, ev.related(b.policy, h))
		}
	}
	if t.fact == nil {
		// "would they pay for my ITIL foundation?": an item about the
		// thing asked for that speaks of the topic in its own words
		// ("funded to take it in their first year").
		if thing := notPlace(r, content(uncovered(p.Words, t.words))); len(thing) > 0 && len(thing) < len(focus) {
			ev, err := b.evidence(ctx, st, r, thing)
			if err != nil {
				return b.searchFailed(r, err)
			}
			if o, ok := ev.speaking(b.policy, t.speech(), t.said != nil); ok {
				return answerFrom(r, p, b.policy, o, ev.related(b.policy, o))
			}
		}
	}
	b.log.Debug("abstain: no item answers the rest of a fact question", "role", r.ID, "topic", t.id, "value", value != "", "rest", len(rest))
	return factUnknown(r, t, value, rest)
}

// factNaming finds a recruiter note that speaks of what a topic with no
// note of its own asks about: a note holding a word of the topic's phrase
// in the question ("enhancements") and a further word of the question
// ("bank holidays"), or two words of the phrase ("unsocial hours").
func factNaming(r *corpus.Role, t *topic, ws []string) (*topic, string) {
	named := t.words.coveredWords(ws)
	rest := content(ws)
	for _, o := range topics {
		if o.fact == nil {
			continue
		}
		v := o.fact(r.Facts)
		have := factWords(v, ws)
		// "plus" says extra pay only in the salary: "plus a share of the
		// on-call rota" in the hours pays nothing.
		extra := o.id == "salary" && statesExtra(have)
		hit := func(w string) bool {
			return len(w) > 3 && (have[w] || have[fieldStem(w)] || extra && lxFactExtra.has([]string{w}))
		}
		// A word of the topic's phrase and one more word of the question,
		// which may be another word of the phrase ("unsocial hours").
		hits := map[string]bool{}
		for _, w := range append(slices.Clone(named), rest...) {
			if hit(w) {
				hits[w] = true
			}
		}
		if slices.ContainsFunc(named, hit) && len(hits) >= 2 {
			return o, v
		}
	}
	return nil, ""
}

// notPlace are the words of ws that do not name where the role is: "how
// much annual leave do u get at wyvern" asks nothing about Wyvern County
// Council.
func notPlace(r *corpus.Role, ws []string) []string {
	ps := places(r.Facts.Location)
	return slices.DeleteFunc(slices.Clone(ws), func(w string) bool { return slices.Contains(ps, w) })
}

// factWords are the words of a fact's value (valueWords) less those it
// holds only inside a compound the question ws does not say: "bank
// holidays" in the hours are days worked, not the holiday a question about
// leave asks for, and "what's the bank rate of pay?" is not answered by
// "time and a half on bank holidays".
func factWords(value string, ws []string) map[string]bool {
	have := valueWords(value)
	for w := range have {
		if compoundOnly(value, w, ws) {
			delete(have, w)
			delete(have, fieldStem(w))
		}
	}
	return have
}

// compoundOnly reports whether text holds the word w only as the last
// word of a compound phrase ("bank holidays") that the question ws does
// not say.
func compoundOnly(text, w string, ws []string) bool {
	if strings.Contains(w, " ") || lxCompound.has(ws) {
		return false
	}
	tw := words(text)
	inner := lxCompound.cover(tw)
	seen := false
	for i, x := range tw {
		if x == w || x == w+"s" || w == x+"s" {
			if !inner[i] {
				return false
			}
			seen = true
		}
	}
	return seen
}

// without removes the words in drop.
func without(ws []string, drop map[string]bool) []string {
	if len(drop) == 0 {
		return ws
	}
	out := make([]string, 0, len(ws))
	for _, w := range ws {
		if !drop[w] {
			out = append(out, w)
		}
	}
	return out
}

// notIn are the words of ws that value does not contain.
func notIn(ws []string, have map[string]bool) []string {
	var out []string
	for _, w := range ws {
		if !have[w] && !have[w+"s"] && !prefixIn(w, have) && !have[fieldStem(w)] {
			out = append(out, w)
		}
	}
	return out
}

// prefixIn: "flexi" is in "flexible working", "hr" is not in "hours".
func prefixIn(w string, have map[string]bool) bool {
	if len(w) < 4 {
		return false
	}
	for h := range have {
		if strings.HasPrefix(h, w) || len(h) >= 4 && strings.HasPrefix(w, h) {
			return true
		}
	}
	return false
}

func hasNumber(s string) bool {
	for _, w := range tokens(s) {
		if _, n, _ := number([]string{w}, 0); n > 0 {
			return true
		}
		switch w {
		case "several", "dozen", "dozens", "hundreds", "thousands", "once", "twice", "daily", "weekly", "monthly", "annually", "per",
			"quarterly", "fortnightly", "yearly", "hourly", "termly", "nightly", "every", "each":
			return true
		}
	}
	return false
}

// countsOf reports whether text puts a number to word: "420 pupils" for
// "pupils", "two band 5 nurses" for "nurses".
func countsOf(text, word string) bool {
	if len(word) < 3 {
		return false
	}
	return numberBefore(tokens(text), 3, func(w string) bool {
		return commonPrefixLen(w, word) >= min(len(word), len(w), 5)-1 && commonPrefixLen(w, word) >= 3
	})
}

// numberBefore reports whether a number in ws has, at most within words
// after it, a word ok accepts.
func numberBefore(ws []string, within int, ok func(string) bool) bool {
	for i := range ws {
		if _, n, _ := number(ws, i); n == 0 {
			continue
		}
		for j := i + 1; j < len(ws) && j <= i+within; j++ {
			if ok(ws[j]) {
				return true
			}
		}
	}
	return false
}

func itemIndex(r *corpus.Role, c Citation) int {
	for i, it := range r.Items {
		if it.Kind == c.Kind && it.Number == c.Number && it.Text == c.Text {
			return i
		}
	}
	return -1
}

func cite(r *corpus.Role, it corpus.Item) Citation {
	return Citation{RoleID: r.ID, Role: r.Title, Kind: it.Kind, Section: it.Section, Number: it.Number,
		Area: it.Area, Level: it.Level, Text: it.Text}
}

func cites(r *corpus.Role, hits []Hit) []Citation {
	out := make([]Citation, len(hits))
	for i, h := range hits {
		out[i] = cite(r, h.Item)
	}
	return out
}

// choices splits a question's focus at "or" into the choices it offers,
// when there are at least two and each has words of its own.
func choices(p Parsed) [][]string {
	inFocus := map[string]bool{}
	for _, w := range p.Focus {
		inFocus[w] = true
	}
	var out [][]string
	var cur []string
	for i := 0; i <= len(p.Words); i++ {
		if i == len(p.Words) || p.Words[i] == "or" {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		if inFocus[p.Words[i]] {
			cur = append(cur, p.Words[i])
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// valueWords are the words of a fact's value, and their stems: "quote" is
// in "quoting".
func valueWords(value string) map[string]bool {
	have := map[string]bool{}
	for _, w := range tokens(value) {
		have[w] = true
		have[fieldStem(w)] = true
	}
	// and as a question's words are read: "on-call" is "oncall".
	for _, w := range words(value) {
		have[w] = true
	}
	return have
}

// namesRole reports whether a word of a question names the role itself: a
// word of its title ("hr" of "HR advisor"), one that says little alone
// before a job noun ("the deputy role"), or a one-word alias.
func namesRole(r *corpus.Role, w string, ws []string) bool {
	for _, t := range tokens(r.Title) {
		if t == w && (!titleFiller[t] || beforeJobNoun(ws, w)) {
			return true
		}
	}
	for _, a := range r.Aliases {
		if strings.EqualFold(a, w) {
			return true
		}
	}
	return false
}

// namesAreaOnly reports whether p asks what or which of a person
// specification area the job wants, naming nothing else: "what experience
// do they want?".
func namesAreaOnly(r *corpus.Role, p Parsed) bool {
	if p.YesNo || p.Self || p.Which || p.Fact != nil || len(p.Focus) == 0 {
		return false
	}
	if w := firstWord(p.Words); w != "what" && w != "which" {
		return false
	}
	area, used := findArea(r, p.Focus)
	return area != "" && len(uncovered(without(p.Focus, used), lxListFiller)) == 0
}

// placeAsked reports whether p asks where the job is ("where", "which
// store") in no words but the recruiter's location and words for a
// workplace.
func placeAsked(r *corpus.Role, p Parsed) bool {
	if r.Facts.Location == "" || len(p.Focus) == 0 || p.Requirement || p.Count {
		return false
	}
	asks := slices.Contains(p.Words, "where")
	for i := 0; i+1 < len(p.Words) && !asks; i++ {
		asks = p.Words[i] == "which" && lxWorkplace.at(p.Words, i+1) > 0
	}
	if !asks {
		return false
	}
	have := valueWords(r.Facts.Location)
	named := false
	for _, w := range p.Focus {
		switch {
		case have[w]:
			named = true
		case lxWorkplace.has([]string{w}):
		default:
			return false
		}
	}
	return named
}

// beforeJobNoun reports whether w stands just before a job noun in ws:
// "deputy" in "the deputy role".
func beforeJobNoun(ws []string, w string) bool {
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == w && jobNouns[ws[i+1]] {
			return true
		}
	}
	return false
}

// inJobName reports whether w is one of up to three words between a
// determiner and a job noun: "shift sparky" in "for the shift sparky one".
func inJobName(ws []string, w string) bool {
	for k, noun := range ws {
		if !jobNouns[noun] {
			continue
		}
		for d := k - 1; d >= 0 && d >= k-4; d-- {
			if determiners[ws[d]] {
				if slices.Contains(ws[d+1:k], w) {
					return true
				}
				break
			}
		}
	}
	return false
}
