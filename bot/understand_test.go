package bot_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// TestParse: what a message asks is worked out from its words alone.
func TestParse(t *testing.T) {
	for _, c := range []struct {
		q      string
		intent bot.Intent
		want   string // a property of the parse, printed
	}{
		{"hey, quick one - what does duty twelve actually involve?", bot.IntentDuty, "[12] 0 0"},
		{"duties eight and nine", bot.IntentDuty, "[8 9] 0 0"},
		{"responsibility number 12?", bot.IntentDuty, "[12] 0 0"},
		{"the 7th duty pls", bot.IntentDuty, "[7] 0 0"},
		{"what's the second duty about?", bot.IntentDuty, "[2] 0 0"},
		{"first 3 duties?", bot.IntentDuty, "[] 3 0"},
		{"the first three responsibilities pls", bot.IntentDuty, "[] 3 0"},
		{"whats the very last duty on the list?", bot.IntentDuty, "[] 0 1"},
		{"duty no. 14?", bot.IntentDuty, "[14] 0 0"},
		{"whats number 9 about", bot.IntentDuty, "[9] 0 0"},
		{"duties 18-20", bot.IntentDuty, "[18 19 20] 0 0"},
		{"duty twenty one", bot.IntentDuty, "[21] 0 0"},
		{"the sixth one in the key duties list?", bot.IntentDuty, "[6] 0 0"},
	} {
		p := bot.Parse(c.q)
		got := fmt.Sprint(p.Duties.Nums, " ", p.Duties.First, " ", p.Duties.Last)
		if p.Intent != c.intent || got != c.want {
			t.Errorf("%q: %s %s, want %s %s", c.q, p.Intent, got, c.intent, c.want)
		}
	}
	for _, c := range []struct {
		q      string
		intent bot.Intent
		level  corpus.Level
		focus  string
	}{
		// Context and filler leave the focus; the clause that asks is read.
		{"hi! newly qualified here, sorry if this is obvious - do I need HCPC registration?", bot.IntentRequirement, corpus.Essential, "hcpc registration"},
		// "skills" makes it a list candidate; with a subject left, it is answered
		// as a requirement.
		{"do I need good interpersonal skills? im quite shy tbh but fine once i know people", bot.IntentList, corpus.Essential, "interpersonal"},
		{"I've done a fair bit with social prescribers. Is that something they look for?", bot.IntentRequirement, "", "fair social prescribers"},
		{"terraform exp - must have?", bot.IntentList, corpus.Essential, "terraform experience"},
		{"CBT skills - nice to have?", bot.IntentList, corpus.Desirable, "cbt"},
		{"is TDD a dealbreaker", bot.IntentRequirement, corpus.Essential, "tdd"},
		{"tl;dr of the role pls", bot.IntentSummary, "", ""},
		// "give" asks for a list only when it is asked of the bot.
		{"can the nurses give flu jabs?", bot.IntentSearch, "", "nurses flu jabs"},
		{"give me the essentials", bot.IntentList, corpus.Essential, ""},
		{"can u give me a rundown of the job?", bot.IntentSummary, "", ""},
		// Words for an overview ask for the role whatever context comes with
		// them, unless they ask for duties or criteria.
		{"give me the rundown of this one pls, thinking of moving over from the NHS", bot.IntentSummary, "", "moving over nhs"},
		// A clause that only asks whether it matters points back to the one
		// before; the asker's framing leaves the focus.
		{"no teaching degree, 3 yrs as a TA - am i wasting my time?", bot.IntentRequirement, "", "teaching degree ta experience"},
		{"IMD data - do they want people who already know it", bot.IntentRequirement, "", "imd data"},
		{"is SQL essential or just a bonus?", bot.IntentRequirement, "", "sql"},
		// a level word that does or describes something is not a level
		{"who sorts out hiring the extra xmas temps", bot.IntentSearch, "", "sorts out hiring extra xmas temps"},
		{"would the club be extra?", bot.IntentRequirement, "desirable", "club"},
		// "need the ..." asks to be given something
		{"hiring manager here, need the desirable technical knowledge criteria for the scoring sheet", bot.IntentList, "desirable", "technical knowledge scoring sheet"},
		{"tl;dr of the ks2 job?", bot.IntentSummary, "", "ks2"},
		{"what's a typical day like?", bot.IntentSummary, "", ""},
		{"SATs prep part of this?", bot.IntentSearch, "", "sats prep"},
		{"can someone sum up the nurse role for me", bot.IntentSummary, "", "nurse"},
		// "this role" is the role, not something said before it.
		{"thinking of retraining - can someone explain what this role actually involves?", bot.IntentSummary, "", ""},
		{"CDP thinking of stepping up - what does this role involve overall", bot.IntentSummary, "", "cdp stepping up"},
		{"can someone explain what this job is like day to day, im a HCA", bot.IntentSummary, "", "hca"},
		{"wats the band n salary", bot.IntentFact, "", ""},
		// A fact's words before a duty noun name a kind of duty.
		{"out of hours duties?", bot.IntentSearch, "", "out hours"},
		// "problem?" alone asks whether what was said matters.
		{"no NVQ, just learnt on the job. problem?", bot.IntentRequirement, "", "nvq learnt"},
		{"what are the desirable experience bits", bot.IntentList, corpus.Desirable, "experience bits"},
		{"give me a rundown of the duties", bot.IntentList, "", ""},
		// A short clause before the question names what "them" points to.
		{"mis-picks - who investigates them", bot.IntentSearch, "", "mis picks investigates"},
		// "how much do they care about X" asks how much X matters.
		{"how much do they care about AfL?", bot.IntentRequirement, "", "afl"},
		// A clause after it saying what the question meant is read with it.
		{"what does the wider school bit cover? the duties i mean", bot.IntentSearch, "", "wider school"},
		{"thanks!", bot.IntentThanks, "", ""},
		{"cheers, that's great", bot.IntentThanks, "", ""},
		{"hiya", bot.IntentGreeting, "", ""},
		{"what r the nice-to-haves under knowledge? pls list them all", bot.IntentList, corpus.Desirable, "knowledge"},
		{"do you pay an on-call allowance?", bot.IntentFact, "", "pay"},
		{"how many OTs work at the practice?", bot.IntentSearch, "", "ots work practice"},
		// "duty" in a compound is a thing the job has, not the list.
		{"is there a duty system in the team?", bot.IntentSearch, "", "duty system team"},
		{"any playground duty?", bot.IntentSearch, "", "playground duty"},
		{"what does the 3rd duty say", bot.IntentDuty, "", ""},
		// Who asks and why leave the focus.
		{"transport manager here, can u give me the essential personal qualities so i can screen CVs", bot.IntentList, corpus.Essential, "personal"},
		{"is there parking here?", bot.IntentFact, "", ""},
		// A question about the job that asks nothing in particular asks
		// what it is; one about a part of it does not.
		{"what would my role be", bot.IntentSummary, "", ""},
		{"what's this vacancy?", bot.IntentSummary, "", ""},
		{"main purpose of the job?", bot.IntentSummary, "", ""},
		{"what's involved in the on-call rota?", bot.IntentSearch, "", "oncall rota"},
		{"is this job permanent?", bot.IntentFact, "", ""},
		// "what's" is "what is", as "whats" is.
		{"where's the depot", bot.IntentFact, "", "depot"},
		// A question about what happens asks what the job involves, not
		// for a fact its words name.
		{"what if someone forwards me a dodgy email?", bot.IntentSearch, "", "forwards dodgy email"},
		{"what r you meant to do if a kid discloses something", bot.IntentSearch, "", "kid discloses"},
		// Lists asked for in other words.
		{"what are the non negotiables", bot.IntentList, corpus.Essential, ""},
		{"what would be a bonus", bot.IntentList, corpus.Desirable, ""},
		{"what are the preferred requirements", bot.IntentList, corpus.Desirable, ""},
		{"what are they looking for in a candidate", bot.IntentList, "", ""},
		{"responsibilities?", bot.IntentList, "", ""},
		{"what would i be responsible for", bot.IntentList, "", ""},
		// ... while a bonus on its own is pay, and a chat is with the contact.
		{"is there a bonus?", bot.IntentFact, "", ""},
		{"can i ring someone for a chat", bot.IntentFact, "", "chat"},
		// Eligibility is not how to apply.
		{"just finished my ASYE - can i apply for this one?", bot.IntentRequirement, "", "finished asye"},
	} {
		p := bot.Parse(c.q)
		if p.Intent != c.intent || p.Level != c.level || strings.Join(p.Focus, " ") != c.focus {
			t.Errorf("%q: %s %q focus %q, want %s %q focus %q", c.q, p.Intent, p.Level, strings.Join(p.Focus, " "), c.intent, c.level, c.focus)
		}
	}
	for q, want := range map[string]string{"Harlow - do they take ECTs?": "harlow", "nursing role: is it permanent?": "nursing role", "is it permanent?": "", "what's the pay, roughly?": "", "at 18:00, is that the start?": ""} {
		if got := strings.Join(bot.Parse(q).Label, " "); got != want {
			t.Errorf("%q: label %q, want %q", q, got, want)
		}
	}
	if p := bot.Parse("vocational rehab - essential or desirable??"); !p.Which || p.Level != "" {
		t.Errorf("asking which level: %+v", p)
	}
	if p := bot.Parse("how many OTs work at the practice?"); !p.Count {
		t.Errorf("a count question: %+v", p)
	}
}

// TestFollowUps: a conversation remembers the last role, list and item.
func TestFollowUps(t *testing.T) {
	b := newBot(t, nil)
	ctx := context.Background()
	say := func(conv, q string) bot.Answer {
		return b.Answer(ctx, bot.Question{Text: q, Conversation: conv})
	}
	a := say("c1", "list the essential communication criteria")
	if a.Intent != bot.IntentList || len(a.Citations) != 5 {
		t.Fatalf("list: %s %d", a.Intent, len(a.Citations))
	}
	a = say("c1", "and the desirable ones?")
	if !a.Answered || len(a.Citations) == 0 {
		t.Fatalf("follow-up list: %q", a.Text)
	}
	for _, c := range a.Citations {
		if c.Area != "Communication" || c.Level != corpus.Desirable {
			t.Errorf("follow-up should list desirable communication criteria, got %s", c.Label())
		}
	}
	// Another conversation does not share the memory.
	if a := say("c2", "and the desirable ones?"); a.Answered && len(a.Citations) > 0 && a.Citations[0].Area == "Communication" && len(a.Citations) < 10 {
		t.Errorf("conversation c2 should not see c1's list: %q", a.Text)
	}
	a = say("c3", "do I need mentorship training?")
	if !a.Answered || a.Citations[0].Level != corpus.Desirable {
		t.Fatalf("requirement: %q", a.Text)
	}
	a = say("c3", "is that essential?")
	if !a.Answered || a.Citations[0].Level != corpus.Desirable || !strings.Contains(a.Text, "Desirable, not Essential") {
		t.Errorf("is that essential? %q", a.Text)
	}
	a = say("c3", "what about duty 5?")
	if !a.Answered || a.Citations[0].Number != 5 {
		t.Errorf("what about duty 5? %q", a.Text)
	}
}

// TestMemoryBoundedAndExpiring: the memory keeps at most MemoryKeys
// conversations and forgets one after MemoryTTL.
func TestMemoryBoundedAndExpiring(t *testing.T) {
	b := newBot(t, nil)
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	b.SetClock(func() time.Time { return now })
	ctx := context.Background()
	b.Answer(ctx, bot.Question{Text: "list the essential communication criteria", Conversation: "old"})
	now = now.Add(bot.MemoryTTL + time.Minute)
	a := b.Answer(ctx, bot.Question{Text: "and the desirable ones?", Conversation: "old"})
	for _, c := range a.Citations {
		if c.Area == "Communication" && len(a.Citations) < 5 {
			t.Fatalf("a conversation quiet for longer than MemoryTTL is forgotten: %q", a.Text)
		}
	}
	for i := range bot.MemoryKeys + 50 {
		b.Answer(ctx, bot.Question{Text: "duty 1", Conversation: fmt.Sprint("k", i)})
	}
	if n := b.Conversations(); n > bot.MemoryKeys {
		t.Errorf("memory holds %d conversations, bound is %d", n, bot.MemoryKeys)
	}
}

// TestSearchErrorIsNotAnAbstention: over a failing index the bot says it
// cannot search, counts it, and never says the job description is silent.
func TestSearchErrorIsNotAnAbstention(t *testing.T) {
	lib, closeLib, err := testkit.Library(nil)
	if err != nil {
		t.Fatal(err)
	}
	closeLib() // a real index, closed: every search fails
	b := bot.New(lib, nil)
	for i, q := range []string{"Do I need HCPC registration?", "will I work with older adults?", "check me: HCPC registered, BSc OT"} {
		a := b.Answer(context.Background(), bot.Question{Text: q})
		if a.Answered || a.Intent != bot.IntentError || strings.Contains(a.Text, "doesn't") || !strings.Contains(a.Text, "can't search") {
			t.Errorf("%q: %s %q", q, a.Intent, a.Text)
		}
		if got := b.SearchErrors(); got != int64(i+1) {
			t.Errorf("SearchErrors = %d after %d failures", got, i+1)
		}
	}
	// What needs no search still works.
	if a := b.Answer(context.Background(), bot.Question{Text: "what does duty 12 say"}); !a.Answered {
		t.Errorf("duty 12 needs no search: %q", a.Text)
	}
}

// TestSameAnswerEveryRun: two libraries built from the same corpus give the
// same first citation for every question of the development set.
func TestSameAnswerEveryRun(t *testing.T) {
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b1, b2 := newBot(t, c), newBot(t, c)
	qs := []string{"experience?", "do i need a degree", "will i work with people", "communication skills", "is there training",
		"what about safety", "do I need to be organised", "team working", "supervision", "planning"}
	for _, r := range c.Roles {
		for _, q := range qs {
			a1 := b1.Answer(context.Background(), bot.Question{Text: q, RoleID: r.ID})
			a2 := b2.Answer(context.Background(), bot.Question{Text: q, RoleID: r.ID})
			if a1.Text != a2.Text {
				t.Errorf("%s %q: answers differ between runs:\n%s\n%s", r.ID, q, a1.Text, a2.Text)
			}
		}
	}
}

// TestFactsAnswerOnlyTheirQuestion: a recruiter fact is not stretched to
// what it does not state.
func TestFactsAnswerOnlyTheirQuestion(t *testing.T) {
	b := threeRoles(t)
	for _, q := range []string{"do you pay an on-call allowance for the physio post?", "is there a relocation package for the physio role?",
		"what's the interview process for the physio job?", "is the physio salary negotiable?"} {
		a := askRole(b, q, "")
		if a.Answered {
			t.Errorf("%q: answered %q", q, a.Text)
		}
		if !strings.Contains(a.Text, "recruiter") {
			t.Errorf("%q: should point to the recruiter: %q", q, a.Text)
		}
	}
	a := askRole(b, "whats the salary for the physio role?", "")
	if !a.Answered || a.Citations[0].Kind != corpus.Fact || a.Citations[0].Area != "Salary" {
		t.Errorf("salary: %q", a.Text)
	}
}

func TestDutyCountedFromTheEnd(t *testing.T) {
	for _, q := range []string{"what is the 2nd to last duty", "the penultimate duty?", "second to last duty pls"} {
		if p := bot.Parse(q); p.Intent != bot.IntentDuty || p.Duties.FromEnd != 2 {
			t.Errorf("%q: %+v", q, p.Duties)
		}
	}
}

// TestTasks: "have to" before something done asks whether the job
// involves it; before what the asker must be or know, and beside another
// level word, it asks for a level.
func TestTasks(t *testing.T) {
	for q, want := range map[string]bool{
		"do we have to log the fridge temps?":                        true,
		"would i have to stand up in court":                          true,
		"do i have to be HCPC registered?":                           false,
		"do i need to know NEWS2":                                    false,
		"will I have to travel between sites? is that a requirement": false,
		"do i have to write reports - essential or desirable?":       false,
	} {
		if got := bot.Parse(q).Task; got != want {
			t.Errorf("%q: Task %v, want %v", q, got, want)
		}
	}
}

// TestCloseIsNotAlwaysClosing: "close" asks for the closing date only
// when something closes.
func TestCloseIsNotAlwaysClosing(t *testing.T) {
	for q, want := range map[string]bool{
		"when does it close?":                        true,
		"when will the job close":                    true,
		"when do applications close":                 true,
		"do you have to live close to the depot?":    false,
		"is the practice close to the train station": false,
	} {
		p := bot.Parse(q)
		if got := p.Intent == bot.IntentFact; got != want {
			t.Errorf("%q: intent %s", q, p.Intent)
		}
	}
}

// TestSignsAreSpelled: "C++", "C#" and "A+" keep their signs as words, in
// questions and (see the index) in items; "A+E" is not A+.
func TestSignsAreSpelled(t *testing.T) {
	for in, want := range map[string]string{
		"C++ or C#?":         "cplusplus or csharp?",
		"CompTIA A+ cert":    "CompTIA aplus cert",
		"A+":                 "aplus",
		"A+E experience":     "A+E experience",
		"5+ years of python": "5+ years of python",
	} {
		if got := bot.SpellSigns(in); got != want {
			t.Errorf("SpellSigns(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCommaOpensAClause: what the asker says of themselves after a comma
// does not sink the question before it; a comma inside a list splits
// nothing.
func TestCommaOpensAClause(t *testing.T) {
	b := threeRoles(t)
	a := askRole(b, "do i need to be HCPC registered for the OT job, my registration lapsed last year while i was on maternity leave", "")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, "HCPC") || !strings.Contains(a.Text, "Essential") {
		t.Errorf("HCPC after a comma: %q", a.Text)
	}
}

// TestNearestIsNotAnAnswer: what the employer gives or allows, and what a
// thing is, are not answered by the item nearest the question: "free meals"
// by a duty to help patients with meal trays, "the notice period" by
// standing for long periods, a sign-on bonus by British Sign Language.
func TestNearestIsNotAnAnswer(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role string }{
		{"do i get free meals?", "healthcare-assistant-ward"},
		{"what's the notice period?", "healthcare-assistant-ward"},
		{"what's the dress code?", "practice-nurse"},
		{"is there a sign on bonus?", "social-worker-adults"},
		{"do you get TOIL for the evening meetings", "primary-teacher-ks2"},
		// whether something is so, which an item naming it does not say
		{"is the team friendly?", "first-contact-physiotherapist"},
		// the hours' "bank holidays" are days worked, not leave
		{"how many days hol do deputies get", "deputy-store-manager"},
		// a gym is a benefit; "never leave the vehicle unattended" is not
		// about annual leave
		{"is there a gym on site?", "hgv-class-1-driver"},
	} {
		if a := askRole(b, tc.q, tc.role); a.Answered {
			t.Errorf("%q (%s): answered %q", tc.q, tc.role, a.Lead)
		} else if !strings.Contains(a.Text, "recruiter") {
			t.Errorf("%q (%s): should point to the recruiter: %q", tc.q, tc.role, a.Text)
		}
	}
	// An item that says it still answers.
	if a := askRole(b, "what's the closing date?", "healthcare-assistant-ward"); !a.Answered {
		t.Errorf("closing date: %q", a.Text)
	}
}

// TestFactWordsThatAskNothingMore: words that name the role, say when
// ("first") or name the hours as office hours ask nothing the fact does
// not state.
func TestFactWordsThatAskNothingMore(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role, area string }{
		{"is it mon-fri office hours?", "hr-advisor", "Hours"},
		{"can i ring someone for an informal chat first", "hr-advisor", "Contact"},
		{"whats the pay for this hr one", "hr-advisor", "Salary"},
		{"whats the pay like for the deputy role", "deputy-store-manager", "Salary"},
		{"whats the start and finish time each day", "deputy-store-manager", "Hours"},
		// the place named in the recruiter's own words
		{"where abouts is ravensbrook academy", "science-technician", "Location"},
		{"which store is it exactly, wakefield?", "deputy-store-manager", "Location"},
		{"where abouts is the control room, which town", "police-call-handler", "Location"},
		{"hw do i apply for the shift sparky one", "maintenance-electrician", "How to apply"},
		{"is there a name and number if i want a chat first", "maintenance-electrician", "Contact"},
		{"when does this one close", "site-manager", "Closing date"},
		{"what are the actual shift times", "site-manager", "Hours"},
		{"can i just email my cv over or is there a form", "site-manager", "How to apply"},
	} {
		a := askRole(b, tc.q, tc.role)
		if !a.Answered || a.Citations[0].Kind != corpus.Fact || a.Citations[0].Area != tc.area {
			t.Errorf("%q: want the %s fact, got %q", tc.q, tc.area, a.Lead)
		}
	}
}

// TestHowLongTheAskerHasDoneIt: an asker who says how long they have done
// something, with or without "I", asks whether that experience is what the
// person specification wants; the criterion on experience answers.
func TestHowLongTheAskerHasDoneIt(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role, want string }{
		{"got 8 months in a nursing home, is that enough time in care", "senior-care-assistant", "one year's experience"},
		{"qualified 18 months ago and been working since, is that enough exp for them", "vehicle-technician", "two years' experience"},
		// "paid experience" is a kind of experience, not the salary
		{"is ED and ward mobiles from my placements enough or do they want paid experience", "diagnostic-radiographer", "employment experience"},
	} {
		a := askRole(b, tc.q, tc.role)
		if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, tc.want) || !strings.Contains(a.Text, "Essential") {
			t.Errorf("%q: want the criterion with %q, got %q", tc.q, tc.want, a.Text)
		}
	}
}

// TestListsAskedLoosely: "what falls under the X heading?" lists the
// duties under it; "what quals do they ask for?" and "essential and
// desirable both" list the area at both levels, not the nearest criterion.
func TestListsAskedLoosely(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "what falls under the service charges heading", "management-accountant")
	if !a.Answered || len(a.Citations) != 4 || a.Citations[0].Kind != corpus.Duty || !strings.Contains(a.Text, "Service charges") {
		t.Errorf("duties under a heading: %q", a.Text)
	}
	for _, q := range []string{"what quals do they ask for", "what quals do they ask for, essential and desirable both"} {
		a := askRole(b, q, "management-accountant")
		levels := map[corpus.Level]bool{}
		for _, c := range a.Citations {
			if c.Kind != corpus.Criterion || c.Area != "Qualifications" {
				t.Errorf("%q: cites %s %q", q, c.Kind, c.Area)
			}
			levels[c.Level] = true
		}
		if !a.Answered || !levels[corpus.Essential] || !levels[corpus.Desirable] {
			t.Errorf("%q: want the qualifications at both levels: %q", q, a.Text)
		}
	}
}

// TestCodesAreSearched: a number that names a qualification ("2391") finds
// the criterion that names it; numbers that count ("3 years") and years do
// not search.
func TestCodesAreSearched(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "dont have my 2391 yet, does that rule me out", "maintenance-electrician")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, "2391") || !strings.Contains(a.Text, "Desirable") {
		t.Errorf("2391: %q", a.Text)
	}
}

// devBot is a bot on the development set's roles.
func devBot(t testing.TB) *bot.Bot {
	t.Helper()
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	return newBot(t, c)
}

// TestWorkingFromHome: an address does not say whether one may work from
// home. Where the location or the hours say (hybrid, days in the office),
// they answer; where neither does, the bot gives the place and says the
// job description says no more.
func TestWorkingFromHome(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role, quote string }{
		{"council analyst: can i work from home some days?", "council-data-analyst", "hybrid working"},
		{"can i wfh at all", "backend-developer", "(hybrid)"},
		{"the Kendal job - can i work from home?", "social-worker-adults", "agile working"},
	} {
		a := askRole(b, tc.q, tc.role)
		if !a.Answered || a.Citations[0].Kind != corpus.Fact || !strings.Contains(a.Citations[0].Text, tc.quote) {
			t.Errorf("%q: want the fact saying %q, got %q", tc.q, tc.quote, a.Text)
		}
	}
	for _, tc := range []struct{ q, role string }{
		{"can i do some days wfh or is it all office based", "probation-officer"},
		{"hybrid?? how many days a week would i have to be in the office", "highways-engineer"},
	} {
		a := askRole(b, tc.q, tc.role)
		if a.Answered || !strings.Contains(a.Text, "gives location as") {
			t.Errorf("%q: want the place and no more, got %q", tc.q, a.Text)
		}
	}
}

// TestLeaveIsNotStretched: a question about annual leave is not answered by
// the bank holidays one works, nor by the scope paragraph that names the
// employer the asker mentions.
func TestLeaveIsNotStretched(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role string }{
		{"how many days holiday do u get", "senior-care-assistant"},
		{"how much annual leave do u get at wyvern", "highways-engineer"},
	} {
		a := askRole(b, tc.q, tc.role)
		if a.Answered || !strings.Contains(a.Text, "doesn't say anything about leave") {
			t.Errorf("%q: want no answer on leave, got %q", tc.q, a.Text)
		}
	}
	// The bank holidays asked about are the ones the job description names.
	if a := askRole(b, "do i have to work bank holidays", "senior-care-assistant"); !a.Answered || !strings.Contains(a.Citations[0].Text, "bank holidays") {
		t.Errorf("bank holidays: want the criterion naming them, got %q", a.Text)
	}
}

// TestProgression: a question about promotion is answered only by an item
// that speaks of progressing; a role that names the senior post ("reports
// to the Head Nurse") says nothing of a route up to it.
func TestProgression(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "is there a route up to senior nurse or head nurse from this", "veterinary-nurse")
	if a.Answered || !strings.Contains(a.Text, "career progression") {
		t.Errorf("route up: want no answer on progression, got %q", a.Text)
	}
	wantQuote(t, b, "can i progress to master technician", "vehicle-technician", "Ambition to progress to Master Technician")
}

// TestWhatIsProvided: "do I bring my own tools?" is answered by an item that
// says what is provided or owned, not by one that merely names tools.
func TestWhatIsProvided(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role string }{
		{"are scrubs provided or do i have to buy my own", "veterinary-nurse"},
		{"do i need to bring my own tools or do they supply a kit", "maintenance-electrician"},
	} {
		a := askRole(b, tc.q, tc.role)
		if a.Answered || !strings.Contains(a.Text, "what the employer provides") {
			t.Errorf("%q: want no answer on what is provided, got %q", tc.q, a.Text)
		}
	}
	for _, tc := range []struct{ q, role, quote string }{
		{"is ppe provided", "vehicle-technician", "wearing the PPE provided"},
		{"do i need my own spanners and a box or do they provide kit", "vehicle-technician", "Own a comprehensive set of hand tools"},
	} {
		wantQuote(t, b, tc.q, tc.role, tc.quote)
	}
}

// TestWhatNewStartersGet: "is there any training when you start?" is
// answered by what the job description says of a new starter's first
// weeks, not by the duty to induct others; "how long" needs a length.
func TestWhatNewStartersGet(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role, quote string }{
		{"is there any training for new supervisors or do u just get thrown in", "warehouse-shift-supervisor", "First Line Leader programme"},
		{"is there any training when you start or are u straight on the phones", "it-service-desk-analyst", "shadow an experienced colleague"},
		{"is there proper training at the start or do they just chuck u the keys", "deputy-store-manager", "four-week induction"},
	} {
		wantQuote(t, b, tc.q, tc.role, tc.quote)
	}
	if a := askRole(b, "how long is the induction period for ECTs, 1 year or 2?", "primary-teacher-ks2"); a.Answered {
		t.Errorf("induction length: the job description gives none, got %q", a.Text)
	}
}

// TestLongContextNamesTheSubject: a question that names hardly anything of
// its own ("who sorts that") takes its subject from the clause before,
// though that clause runs to several words.
func TestLongContextNamesTheSubject(t *testing.T) {
	b := devBot(t)
	wantQuote(t, b, "natasha's law labels on the grab n go stuff - who sorts that", "sous-chef", "PPDS")
	// A question with a subject of its own keeps it.
	wantQuote(t, b, "I did a practice educator course last year for supervising students. does the spec want mentorship training or is it just a bonus?", "primary-care-occupational-therapist", "Mentorship")
}

// TestHowOftenAndHowLong: "how often" is answered by an item that gives a
// frequency, "how long" by one that gives a length of time, wherever it
// ranks; "one-to-one sessions" and "ground-based advice" give neither.
func TestHowOftenAndHowLong(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, role, quote string }{
		{"how often do i get supervision with my manager", "probation-officer", "monthly reflective supervision"},
		{"how often would i be on call", "it-service-desk-analyst", "one week in six"},
	} {
		wantQuote(t, b, tc.q, tc.role, tc.quote)
	}
	if a := askRole(b, "how long do u actually get on the ground between flights", "cabin-crew"); a.Answered && strings.Contains(a.Citations[0].Text, "first aid") {
		t.Errorf("turnaround: the first aid duty gives no length of time, got %q", a.Text)
	}
}

// wantQuote asks q about role and wants an answer whose first citation
// holds quote.
func wantQuote(t *testing.T, b *bot.Bot, q, role, quote string) {
	t.Helper()
	a := askRole(b, q, role)
	if !a.Answered || !strings.Contains(a.Citations[0].Text, quote) {
		t.Errorf("%q: want the item saying %q, got %q", q, quote, a.Text)
	}
}
