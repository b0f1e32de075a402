package bot_test

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/rolegen"
)

// threeRoles is the OT role plus a physiotherapist and a practice nurse, with
// recruiter facts, as a recruiter running one bot for every role has them.
func threeRoles(t testing.TB) *bot.Bot {
	t.Helper()
	c, err := corpus.LoadDir("../testdata/roles")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Roles) != 3 {
		t.Fatalf("%d roles", len(c.Roles))
	}
	b := newBot(t, c)
	b.SetClock(func() time.Time { return time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC) })
	return b
}

func askRole(b *bot.Bot, q, role string) bot.Answer {
	return b.Answer(context.Background(), bot.Question{Text: q, RoleID: role})
}

func TestRoutingByName(t *testing.T) {
	b := threeRoles(t)
	for _, c := range []struct{ q, role, quote string }{
		{"Do practice nurses need NMC registration?", "Practice nurse", "(NMC) register"},
		{"Does the physio role need HCPC registration?", "First contact physiotherapist", "registration as a physiotherapist"},
		{"Does the OT need HCPC registration?", "Primary care occupational therapist", "(HCPC) registration."},
		{"Will the first contact physiotherapist give injections?", "First contact physiotherapist", "injection"},
		{"What does duty 3 say for the practice nurse?", "Practice nurse", "cervical smears"},
	} {
		a := askRole(b, c.q, "")
		if !a.Answered || a.Citations[0].Role != c.role || !strings.Contains(strings.ToLower(a.Citations[0].Text), strings.ToLower(c.quote)) {
			t.Errorf("%q: %q %+v", c.q, a.Text, a.Citations)
		}
		for _, ct := range a.Citations {
			if ct.Role != c.role {
				t.Errorf("%q: citation from %s", c.q, ct.Role)
			}
		}
	}
}

func TestRoutingByChannelAndAmbiguity(t *testing.T) {
	b := threeRoles(t)
	a := askRole(b, "Do I need HCPC registration?", "")
	if a.Answered || !strings.Contains(a.Text, "Which role") || !strings.Contains(a.Text, "Practice nurse") || !strings.Contains(a.Text, "First contact physiotherapist") {
		t.Errorf("ambiguous question should ask which role, listing them: %q", a.Text)
	}
	a = askRole(b, "Do I need HCPC registration?", "first-contact-physiotherapist")
	if !a.Answered || a.Citations[0].RoleID != "first-contact-physiotherapist" {
		t.Errorf("channel role: %+v", a)
	}
	// A role named in the question wins over the channel's.
	a = askRole(b, "Do practice nurses need HCPC registration?", "first-contact-physiotherapist")
	if a.Answered && a.Citations[0].RoleID != "practice-nurse" {
		t.Errorf("named role should win: %+v", a.Citations)
	}
	if !a.Answered && !strings.Contains(a.Text, "Practice nurse") {
		t.Errorf("abstention should be about the practice nurse: %q", a.Text)
	}
	a = askRole(b, "Do I need HCPC registration?", "no-such-role")
	if a.Answered || !strings.Contains(a.Text, "Which role") {
		t.Errorf("unknown channel role should ask which: %q", a.Text)
	}
}

func TestWhichRolesAreOpen(t *testing.T) {
	b := threeRoles(t)
	for _, q := range []string{"which roles are open?", "What jobs do you have?"} {
		a := askRole(b, q, "")
		if a.Intent != bot.IntentRoles || strings.Count(a.Text, "\n•") != 3 {
			t.Errorf("%q: %q", q, a.Text)
		}
	}
	a := b.Run(context.Background(), bot.Question{}, bot.Command{Name: "list"})
	if strings.Count(a.Text, "\n•") != 3 {
		t.Errorf("/role list: %q", a.Text)
	}
	// The clock says 24 November 2026: one role has closed, one has not.
	if !strings.Contains(a.Text, "closed 31 January 2026") || !strings.Contains(a.Text, "closing 15 December 2026") {
		t.Errorf("closing dates should say closed or closing: %q", a.Text)
	}
}

// TestRepliesDoNotEchoTheQuestion: an abstention says what it cannot do
// without repeating the asker's words, which a channel would then show.
func TestRepliesDoNotEchoTheQuestion(t *testing.T) {
	b := threeRoles(t)
	for _, q := range []string{"name jane doe - will i get zebra handling training?", "jane doe here, is there a zebra allowance?", "how many zebras does jane doe look after"} {
		a := askRole(b, q, "practice-nurse")
		if a.Answered || strings.Contains(strings.ToLower(a.Text), "jane") || strings.Contains(strings.ToLower(a.Text), "zebra") {
			t.Errorf("%q: %q", q, a.Text)
		}
	}
}

// TestCountsAgree: "1 essential criterion", never "1 essential criteria".
func TestCountsAgree(t *testing.T) {
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	checked := 0
	for _, r := range c.Roles {
		for _, area := range r.Areas() {
			for _, level := range []corpus.Level{corpus.Essential, corpus.Desirable} {
				if len(r.Criteria(area, level)) != 1 {
					continue
				}
				checked++
				q := "list the " + string(level) + " " + strings.ToLower(area) + " criteria"
				a := askRole(b, q, r.ID)
				if !strings.Contains(a.Text, "1 "+string(level)+" criterion") {
					t.Errorf("%s %q: %q", r.ID, q, a.Text)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no area with a single criterion of a level to check")
	}
}

func TestFactsPresentAbsentAndClosed(t *testing.T) {
	b := threeRoles(t)
	for _, c := range []struct{ q, role, want string }{
		{"What's the salary?", "first-contact-physiotherapist", "Band 8a"},
		{"Where is the job based?", "first-contact-physiotherapist", "Riverside"},
		{"Is it part time?", "practice-nurse", "30 hours a week"},
		{"Is the contract permanent?", "first-contact-physiotherapist", "Permanent"},
		{"How do I apply?", "first-contact-physiotherapist", "https://jobs.example.nhs.uk/fcp-riverside"},
		{"Who can I contact for an informal chat?", "practice-nurse", "Alex Morgan"},
		{"What's the closing date?", "first-contact-physiotherapist", "close on 15 December 2026"},
		{"What's the closing date?", "practice-nurse", "closed on 31 January 2026"},
	} {
		a := askRole(b, c.q, c.role)
		if !a.Answered || !strings.Contains(a.Text, c.want) || a.Citations[0].Kind != corpus.Fact {
			t.Errorf("%s %q: %q", c.role, c.q, a.Text)
		}
	}
	// The nurse's file has no location and the OT's no salary: abstain.
	for _, c := range []struct{ q, role string }{
		{"Where is the job based?", "practice-nurse"},
		{"What's the salary?", "primary-care-occupational-therapist"},
	} {
		if a := askRole(b, c.q, c.role); a.Answered || !strings.Contains(a.Text, "doesn't say") {
			t.Errorf("%s %q: %q", c.role, c.q, a.Text)
		}
	}
}

// TestVisibleQuestionsWithThreeRoles: asked for the OT role, the scored
// questions are answered as well as with the OT role alone.
func TestVisibleQuestionsWithThreeRoles(t *testing.T) {
	b := threeRoles(t)
	for _, c := range []evalCase{
		{Q: "Do I need to be HCPC registered?", Kind: "top1", Expect: []string{"(HCPC) registration"}, Level: "essential"},
		{Q: "What are the essential communication skills?", Kind: "list", Expect: []string{"interpersonal and organisational skills", "influence and persuade", "openness, honesty, trust", "project and programme management", "inspiring and motivating teams"}},
		{Q: "summarise the role", Kind: "summary", Expect: []string{"primary care occupational therapist"}},
		{Q: "What is the salary?", Kind: "none"},
		{Q: "What does duty 9 say?", Kind: "top1", Expect: []string{"collaborative problem solving"}},
	} {
		if why := judge(c, askRole(b, c.Q, "primary-care-occupational-therapist")); why != "" {
			t.Errorf("%q: %s", c.Q, why)
		}
	}
}

func TestPostingWithFacts(t *testing.T) {
	b := threeRoles(t)
	a := b.Run(context.Background(), bot.Question{}, bot.Command{Name: "summary", Args: "physio"})
	p := a.Posting
	if p == nil || p.Title != "First contact physiotherapist" {
		t.Fatalf("summary physio: %+v", a)
	}
	var names []string
	for _, g := range p.Duties {
		names = append(names, g.Name)
	}
	if strings.Join(names, "|") != "Clinical practice|Leadership and service development|Education and research|Administration" {
		t.Errorf("duty groups %v", names)
	}
	facts := map[string]string{}
	for _, f := range p.Facts {
		facts[f.Label] = f.Value
	}
	if facts["Salary"] == "" || facts["Closing date"] != "15 December 2026" || facts["How to apply"] == "" {
		t.Errorf("facts %v", facts)
	}
	if !strings.Contains(a.Text, "Band 8a") {
		t.Errorf("posting text should carry the facts")
	}
}

func TestSelfCheck(t *testing.T) {
	b := threeRoles(t)
	ot := "primary-care-occupational-therapist"
	for _, c := range []struct {
		profile       string
		addressed     []string // quotes of essential criteria marked as addressed
		notMentioned  []string
		desirableSeen []string
	}{
		{
			profile:      "check me: HCPC registered, BSc OT, 3 years in community mental health",
			addressed:    []string{"(HCPC) registration", "BSc/MSc in occupational therapy"},
			notMentioned: []string{"NHS principles and values", "project and programme management"},
		},
		{
			profile:       "check me: BSc occupational therapy, trained in motivational interviewing, I supervise two junior staff",
			addressed:     []string{"BSc/MSc in occupational therapy", "staff development"},
			notMentioned:  []string{"(HCPC) registration"},
			desirableSeen: []string{"motivational interviewing"},
		},
		{
			profile:      "am I eligible? I love gardening and cats",
			notMentioned: []string{"(HCPC) registration", "BSc/MSc in occupational therapy"},
		},
	} {
		a := askRole(b, c.profile, ot)
		if a.Intent != bot.IntentCheck || !strings.Contains(a.Text, "not a screening decision") {
			t.Fatalf("%q: %s %q", c.profile, a.Intent, a.Text)
		}
		lines := strings.Split(a.Text, "\n")
		find := func(quote string) string {
			for _, l := range lines {
				if strings.Contains(l, quote) {
					return l
				}
			}
			return ""
		}
		for _, q := range c.addressed {
			if l := find(q); !strings.HasPrefix(l, "✓") || !strings.Contains(l, "you said") {
				t.Errorf("%q: %q should be addressed: %q", c.profile, q, l)
			}
		}
		for _, q := range c.notMentioned {
			if l := find(q); !strings.HasPrefix(l, "✗ not mentioned") {
				t.Errorf("%q: %q should be not mentioned: %q", c.profile, q, l)
			}
		}
		for _, q := range c.desirableSeen {
			if l := find(q); !strings.Contains(l, "Desirable") || !strings.HasPrefix(l, "✓") {
				t.Errorf("%q: desirable %q should be matched: %q", c.profile, q, l)
			}
		}
	}
	// A nurse's profile is checked against the nurse's criteria.
	a := askRole(b, "check me: NMC registered adult nurse, cervical screening trained", "practice-nurse")
	if !strings.Contains(a.Text, "✓ Qualifications · Essential: “Registered nurse (adult)") {
		t.Errorf("nurse check: %q", a.Text)
	}
}

// BenchmarkAnswer1000Roles answers questions routed by channel to one of
// 1,000 roles made from the real one.
func BenchmarkAnswer1000Roles(b *testing.B) {
	base, err := corpus.Load(corpus.Default())
	if err != nil {
		b.Fatal(err)
	}
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 1000), Synonyms: base.Synonyms}
	bt := newBot(b, c)
	qs := benchQuestions
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		a := bt.Answer(ctx, bot.Question{Text: qs[i%len(qs)], RoleID: c.Roles[i%len(c.Roles)].ID})
		if !a.Answered {
			b.Fatalf("%q: %s", qs[i%len(qs)], a.Text)
		}
	}
}

// TestRoutingByPlaceFieldAndLongestName covers how people name roles in
// chat when a library holds several: by the town ("the Harlow job"), by a
// field narrowed by the words before it ("occupational therapy post"), and
// by the longest name that matches ("practice nurse", although "practice"
// ends another role's title). The words that named the role stay out of the
// question: "first contact physio: admin responsibilities" is not a
// question about the contact.
func TestRoutingByPlaceFieldAndLongestName(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, roleID, quote string }{
		{"the Harlow job - perm or temp?", "primary-teacher-ks2", "Permanent"},
		{"for the Lutterworth one, when does it close", "warehouse-shift-supervisor", "2027"},
		{"occupational therapy post - motivational interviewing skills required?", "primary-care-occupational-therapist", "motivational interviewing"},
		{"how much does the practice nurse job pay", "practice-nurse", "£29,970"},
		{"first contact physio: what are the admin responsibilities", "first-contact-physiotherapist", "clinical records"},
		{"council analyst role, hybrid or office based?", "council-data-analyst", "hybrid working"},
		// the end of a title: "occupational therapist" of "Primary care
		// occupational therapist"
		{"the occupational therapist one, duty 5 pls", "primary-care-occupational-therapist", "crisis and contingency plans"},
		// a field word or place up to two words before the job noun, and
		// a place after it
		{"the social care team post: is it permanent?", "social-worker-adults", "Permanent"},
		{"the ambulance service role, whats the salary", "paramedic", "Band 6"},
		{"the analyst one in northampton - is it hybrid?", "council-data-analyst", "hybrid"},
		// a label opening the message; a field word names the role whose
		// name ends in it (the nurse, not the nursing assistant)
		{"teaching, do they take ECTs?", "primary-teacher-ks2", "early career teachers"},
		{"practice nursing: what's the contract?", "practice-nurse", "Fixed term"},
		// "class" is the driver's and the class teacher's; "1" the driver's
		{"for the class 1 job, whats the pay?", "hgv-class-1-driver", "£18.40"},
	} {
		a := askRole(b, tc.q, "")
		if !a.Answered || a.Citations[0].RoleID != tc.roleID || !strings.Contains(a.Citations[0].Text, tc.quote) {
			t.Errorf("%q: want %s citing %q, got %q %+v", tc.q, tc.roleID, tc.quote, a.Text, a.Citations)
		}
	}
	// Two roles end in "nurse": the asker chooses between them, and the
	// nursing assistant is not offered.
	a := askRole(b, "nursing: what's the contract?", "")
	if a.Answered || !strings.Contains(a.Text, "Practice nurse") || !strings.Contains(a.Text, "Registered veterinary nurse") || strings.Contains(a.Text, "Healthcare assistant") {
		t.Errorf("nursing: want a choice of the two nurses, got %q", a.Text)
	}
}

// TestFactQuestionsWithChoicesAndCompanions: a fact answers "band 5 or 6?"
// and "is it days or nights?" (the other choice is not a further question)
// and "who do I email with questions?" (words that come with a fact
// question), while a question adding something the fact does not state is
// still not answered from it.
func TestFactQuestionsWithChoicesAndCompanions(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ role, q, area string }{
		{"practice-nurse", "band 5 or 6?", "Salary"},
		{"warehouse-shift-supervisor", "is it days or nights", "Hours"},
		{"council-data-analyst", "is it hybrid or fully in office", "Location"},
		{"speech-and-language-therapist-adult-community", "who do i email with questions about the post", "Contact"},
		{"primary-teacher-ks2", "where's the school? i'd be commuting from bishops stortford", "Location"},
		{"first-contact-physiotherapist", "any weekend working or is it mon-fri", "Hours"},
		{"clinical-pharmacist-general-practice", "what ref number do i quote when i apply", "How to apply"},
		{"clinical-pharmacist-general-practice", "how do i go about applying", "How to apply"},
		{"diagnostic-radiographer", "what ref do i quote on nhs jobs", "How to apply"},
	} {
		a := askRole(b, tc.q, tc.role)
		if !a.Answered || a.Citations[0].Area != tc.area {
			t.Errorf("%q: want the %s fact, got %q %+v", tc.q, tc.area, a.Text, a.Citations)
		}
	}
	// "extra" with pay asks about pay, not for a level; the salary note
	// that says "plus ... on-call payments" answers, while "plus a share
	// of the on-call rota" in the hours pays nothing.
	if a := askRole(b, "on call paid extra?", "diagnostic-radiographer"); !a.Answered || a.Citations[0].Area != "Salary" {
		t.Errorf("on call paid extra: want the salary, got %q %+v", a.Text, a.Citations)
	}
	if a := askRole(b, "is on call paid extra?", "it-service-desk-analyst"); a.Answered {
		t.Errorf("the hours do not say on-call is paid: %q", a.Text)
	}
	if a := askRole(b, "is there a weekend allowance?", "speech-and-language-therapist-adult-community"); a.Answered {
		t.Errorf("an allowance is not in the hours: %q", a.Text)
	}
	// A size is not a place: the location does not say how big the site is.
	if a := askRole(b, "how big is the site", "warehouse-shift-supervisor"); a.Answered {
		t.Errorf("how big is the site: %q", a.Text)
	}
}

// TestListsAsHiringManagersAsk: a heading named with its duty noun lists
// its duties, even where a person-specification area shares its words, and
// the words a hiring manager frames a list with leave the area alone.
func TestListsAsHiringManagersAsk(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct {
		role, q, want string
		n             int
	}{
		{"practice-nurse", "admin and professional responsibilities?", "under Administration and professional responsibilities", 2},
		{"warehouse-shift-supervisor", "list the health, safety and quality duties", "under Health, safety and quality", 4},
		{"warehouse-shift-supervisor", "desirable tech skills", "desirable criteria for Technical skills", 2},
		{"clinical-pharmacist-general-practice", "list the essential skills", "essential criteria for Skills", 3},
		{"warehouse-shift-supervisor", "recruiter here, can u pull the essential personal qualities so i can screen on them", "essential criteria for Personal qualities", 5},
		// "skill" names the one area of skills, and the shortlisting
		// matrix only frames the list.
		{"housing-officer", "hiring mgr - can you list every essential skill for the shortlisting matrix", "essential criteria for Skills", 3},
		// "what's under" a heading lists it without a duty noun.
		{"housing-officer", "whats under rent and income", "under Rent and income", 3},
	} {
		a := askRole(b, tc.q, tc.role)
		if !a.Answered || !strings.Contains(a.Text, tc.want) || len(a.Citations) != tc.n {
			t.Errorf("%q: want %d items %q, got %d: %q", tc.q, tc.n, tc.want, len(a.Citations), a.Text)
		}
	}
}

// TestCountingOnesIsNotARoleName: "the second one" counts duties in the
// role asked about, though "second" is a word of another role's name
// ("second chef").
func TestCountingOnesIsNotARoleName(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "what's the second one on the duties list", "paramedic")
	if !a.Answered || a.RoleID != "paramedic" || len(a.Citations) != 1 || a.Citations[0].Number != 2 {
		t.Errorf("want the paramedic's duty 2, got %s %q %+v", a.RoleID, a.Text, a.Citations)
	}
}

// TestHeadingsNamedLoosely: "the first one under <heading>" needs no duty
// noun, a heading may be named by its initials, and "heading" only frames
// the name.
func TestHeadingsNamedLoosely(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct {
		role, q string
		nums    []int
	}{
		{"diagnostic-radiographer", "what's the first one under radiation protection", []int{9}},
		{"housing-officer", "2nd duty under the ASB heading", []int{9}},
		{"dietitian-community", "duties under the education, audit and service development heading", []int{16, 17, 18, 19}},
	} {
		a := askRole(b, tc.q, tc.role)
		var got []int
		for _, c := range a.Citations {
			got = append(got, c.Number)
		}
		if !a.Answered || !slices.Equal(got, tc.nums) {
			t.Errorf("%q: want duties %v, got %v %q", tc.q, tc.nums, got, a.Text)
		}
	}
	// Not a heading: the search answers, not duty 1.
	if a := askRole(b, "the first one under the sink?", "diagnostic-radiographer"); a.Answered && len(a.Citations) > 0 && a.Citations[0].Number == 1 {
		t.Errorf("the first one under the sink is not duty 1: %q", a.Text)
	}
}

// TestQuestionsOfferingChoices: "X or Y?" is answered when the job
// description answers one of the choices, though the question as a whole
// shares too few words with any item.
func TestQuestionsOfferingChoices(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "any forecasting involved or is it all backward looking KPIs", "council-data-analyst")
	if !a.Answered || !strings.Contains(a.Citations[0].Text, "forecasting") {
		t.Errorf("want the forecasting item, got %q", a.Text)
	}
}

// TestEligibilityIsAnsweredByThePersonSpecification: "is that a problem?"
// about oneself asks what the employer requires, so a criterion answers it
// before a recruiter fact or a duty that shares its words.
func TestEligibilityIsAnsweredByThePersonSpecification(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "never done nights before, is that gonna be a problem?", "warehouse-shift-supervisor")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, "night") {
		t.Errorf("want a criterion about nights, got %q %+v", a.Text, a.Citations)
	}
	// A level word after what the asker says of themselves does not ask
	// for the whole list of essentials.
	a = askRole(b, "never done nights, dealbreaker?", "healthcare-assistant-ward")
	if !a.Answered || len(a.Citations) > 2 || !strings.Contains(a.Citations[0].Text, "night") {
		t.Errorf("want the item about nights, got %q %+v", a.Text, a.Citations)
	}
	// Chat drops the "I": "never touched", "only had", "on placement" say
	// who asks as well.
	a = askRole(b, "never touched a CT scanner tbh, only plain film on placement. dealbreaker?", "diagnostic-radiographer")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, "CT scanning") {
		t.Errorf("want the criterion about CT, got %q %+v", a.Text, a.Citations)
	}
	// A duty near what the asker has done is not what is required of
	// them: the criterion on what they ask about answers.
	a = askRole(b, "only ever done a la carte myself - do they want banqueting experience?", "sous-chef")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Citations[0].Text, "banqueting") {
		t.Errorf("want the criterion about banqueting, got %q %+v", a.Text, a.Citations)
	}
}

// TestRoutingAsksWhenNothingNamesARole: with several roles, a question
// naming none asks which; "teaching experience" may be asked of any role,
// so a field word alone is not a name.
func TestRoutingAsksWhenNothingNamesARole(t *testing.T) {
	b := devBot(t)
	for _, q := range []string{"do i need a degree?", "is there any travel involved", "is the therapist job full time?", "do i need teaching experience?"} {
		if a := askRole(b, q, ""); a.Answered || !strings.Contains(a.Text, "Which role") {
			t.Errorf("%q should ask which role: %q", q, a.Text)
		}
	}
}

// TestExamplesAreAnswered: the example questions shown for a role (App
// Home, assistant prompts) are ones the bot answers for that role.
func TestExamplesAreAnswered(t *testing.T) {
	c, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	for _, r := range c.Roles {
		ex := bot.Examples(r, 5)
		if len(ex) < 3 {
			t.Errorf("%s: only %d examples", r.ID, len(ex))
		}
		for _, q := range ex {
			if a := askRole(b, q, r.ID); !a.Answered {
				t.Errorf("%s: example %q is not answered: %q", r.ID, q, a.Text)
			}
		}
	}
}

// TestParticularsAreNotGuessed: "which ...", "what tool ...", "how long
// ..." ask for a particular; an item that only comes near the question
// does not give it, so the bot declines rather than quote it, while "what
// does it say about ..." is still answered by the nearest item.
func TestParticularsAreNotGuessed(t *testing.T) {
	b := devBot(t)
	for _, q := range []string{"what audit tool do they use for the audits?", "which WMS do they use there", "how long are the clinic appointments"} {
		for _, r := range []string{"primary-care-occupational-therapist", "warehouse-shift-supervisor", "clinical-pharmacist-general-practice"} {
			if a := askRole(b, q, r); a.Answered && !strings.Contains(strings.ToLower(a.Citations[0].Text), strings.ToLower(strings.Fields(q)[1])) {
				t.Errorf("%s %q: %q", r, q, a.Text)
			}
		}
	}
	if a := askRole(b, "what does the scope say about leisure, hobbies etc?", "primary-care-occupational-therapist"); !a.Answered {
		t.Errorf("the nearest item answers a question about what the job description says: %q", a.Text)
	}
	// An item near the question that names a product beside what it
	// matched says which.
	if a := askRole(b, "what system are the patient records on", "dietitian-community"); !a.Answered || !strings.Contains(a.Text, "SystmOne") {
		t.Errorf("want the duty naming SystmOne: %q", a.Text)
	}
	if a := askRole(b, "which ePCR software do they use", "paramedic"); a.Answered {
		t.Errorf("the duty on the ePCR names no software: %q", a.Text)
	}
	// "what if ...?" asks what happens, not for a particular.
	if a := askRole(b, "what if someone reacts badly to the contrast", "diagnostic-radiographer"); !a.Answered || !strings.Contains(a.Citations[0].Text, "contrast") {
		t.Errorf("want the duty about reactions to contrast: %q", a.Text)
	}
}

// TestRequirementsRestOnCriteria: "is X a dealbreaker?" is not answered
// from a duty that only comes near X; the person specification states
// requirements.
func TestRequirementsRestOnCriteria(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ role, q string }{
		{"practice-nurse", "havent done my smear taker training yet, is that a problem"},
		{"council-data-analyst", "no degree but 4 yrs as an analyst in retail - am i wasting my time applying?"},
	} {
		if a := askRole(b, tc.q, tc.role); a.Answered && a.Citations[0].Kind != corpus.Criterion {
			t.Errorf("%q answered from %s: %q", tc.q, a.Citations[0].Label(), a.Text)
		}
	}
}

// TestOneOfTheOptionsIsNotAYes: "do I need a masters?" of a criterion asking
// for a BSc or an MSc is not answered as if the masters were required.
func TestOneOfTheOptionsIsNotAYes(t *testing.T) {
	c, err := corpus.LoadDir("../corpus/default")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	a := askRole(b, "do i need a masters?", "")
	if !a.Answered || strings.HasPrefix(a.Text, "Yes") || !strings.Contains(a.Text, "one of the options") || !strings.Contains(a.Text, "BSc/MSc") {
		t.Errorf("%q", a.Text)
	}
}

// TestSupervisionAndWhatIsOffered: "who would I report to?" is answered by
// what the job description says about supervision, not by an item that
// has the word "report"; "is there training?" quotes the post holder's own
// development duty without calling it a yes.
func TestSupervisionAndWhatIsOffered(t *testing.T) {
	c, err := corpus.LoadDir("../corpus/default")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	a := askRole(b, "who would I report to?", "")
	if !a.Answered || a.Citations[0].Kind != corpus.Supervision {
		t.Errorf("who would I report to: %q", a.Text)
	}
	if a := askRole(b, "is there training or CPD?", ""); strings.HasPrefix(a.Text, "Yes") {
		t.Errorf("is there training: %q", a.Text)
	}
	// Whether the post holder manages others leads with the paragraph
	// saying so; whom they report to with the one saying that.
	dev, err := corpus.LoadDir("../testdata/dev/roles")
	if err != nil {
		t.Fatal(err)
	}
	b = newBot(t, dev)
	for q, want := range map[string]string{
		"data role - would i line manage anyone?": "does not have line management",
		"who would be my line manager":            "reports to the Senior Data Analyst",
	} {
		a := askRole(b, q, "council-data-analyst")
		if !a.Answered || !strings.Contains(a.Citations[0].Text, want) {
			t.Errorf("%q: want %q first, got %q", q, want, a.Text)
		}
	}
}

// TestSelfCheckReadsAroundLinks: a link in a self-check ends a clause, so
// "HCPC registered see https://..., BSc OT" credits both criteria, and
// "URGENT apply now" credits none.
func TestSelfCheckReadsAroundLinks(t *testing.T) {
	c, err := corpus.LoadDir("../corpus/default")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	a := askRole(b, "check me: URGENT apply now. HCPC registered see https://example.org/me, BSc OT", "")
	if !strings.Contains(a.Text, "addresses 2 of") || !strings.Contains(a.Text, "(HCPC) registration.” (you said: “HCPC registered") {
		t.Errorf("%s", a.Text)
	}
}

// TestOneEverydayWordIsNotAnAnswer: an item that shares only "day" or
// "report" with a question does not answer it, and the decline quotes
// nothing.
func TestOneEverydayWordIsNotAnAnswer(t *testing.T) {
	c, err := corpus.LoadDir("../corpus/default")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	for _, q := range []string{"any day trips?", "is there a report card?"} {
		if a := askRole(b, q, ""); a.Answered || strings.Contains(a.Text, "“") {
			t.Errorf("%q: %q", q, a.Text)
		}
	}
}

// TestRecruiterFAQ: a question the recruiter answered once in the role
// file's FAQ is answered from it, cited as a recruiter note, and the
// answer answers only its own question.
func TestRecruiterFAQ(t *testing.T) {
	src, err := os.ReadFile("../corpus/default/primary-care-occupational-therapist.md")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	faq := "\n## FAQ\n\n- Is there parking? Yes, free staff parking on site.\n- Can I work part time? We will consider 30 hours a week or more.\n"
	if err := os.WriteFile(filepath.Join(dir, "ot.md"), append(src, faq...), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := corpus.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	for _, q := range []string{"is there parking?", "hi, any staff parking there?"} {
		a := askRole(b, q, "")
		if !a.Answered || a.Citations[0].Label() != "Recruiter note · FAQ" || !strings.Contains(a.Text, "free staff parking") || strings.HasPrefix(a.Text, "Yes. ") {
			t.Errorf("%q: %q %+v", q, a.Text, a.Citations)
		}
	}
	for _, q := range []string{"is there a staff canteen?", "is there a parking allowance?"} {
		if a := askRole(b, q, ""); a.Answered && a.Citations[0].Label() == "Recruiter note · FAQ" {
			t.Errorf("%q answered from an FAQ entry about something else: %q", q, a.Text)
		}
	}
	if a := askRole(b, "Do I need HCPC registration?", ""); !a.Answered || a.Citations[0].Kind != corpus.Criterion {
		t.Errorf("the FAQ changed a criterion's answer: %q", a.Text)
	}
}

// TestPartOfTheJobIsADuty: "SATs prep part of this?" asks what the job
// involves, which the duty answers rather than the criterion about
// experience of it.
func TestPartOfTheJobIsADuty(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ role, q string }{
		{"primary-teacher-ks2", "SATs prep part of this?"},
		{"first-contact-physiotherapist", "do the FCPs here do steroid injections"},
		// "have to" with something done asks about the work, not for a
		// level.
		{"hgv-class-1-driver", "would we have to log the fridge temps?"},
		{"housing-officer", "would i need to go to court and give evidence"},
		// Words that name a recruiter fact ("shifts", "paid") in a
		// question about doing something: the duty answers.
		{"sous-chef", "will i be doing the breakfast shifts too"},
		{"housing-officer", "is sorting out direct rent payments from UC part of the job"},
	} {
		if a := askRole(b, tc.q, tc.role); !a.Answered || a.Citations[0].Kind != corpus.Duty {
			t.Errorf("%q: %q %+v", tc.q, a.Text, a.Citations)
		}
	}
}

// TestCountsNameWhatTheyCount: a count is answered only by an item that
// counts the thing asked about, not by any item with a number in it.
func TestCountsNameWhatTheyCount(t *testing.T) {
	b := devBot(t)
	// The school's scope gives 420 pupils; nothing counts the children in a class.
	if a := askRole(b, "roughly how many kids in a class?", "primary-teacher-ks2"); a.Answered {
		t.Errorf("answered a count from an item counting something else: %q", a.Text)
	}
	if a := askRole(b, "how many pupils does the school have?", "primary-teacher-ks2"); !a.Answered || !strings.Contains(a.Citations[0].Text, "420 pupils") {
		t.Errorf("the count the scope gives was not answered: %q", a.Text)
	}
}

// TestLevelChoiceIsNotAFact: "essential or just a bonus?" asks for a level;
// "bonus" is pay only when the question is not choosing between levels.
func TestLevelChoiceIsNotAFact(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "loads of my stuff is in excel - is a maths mastery background essential or just a bonus?", "primary-teacher-ks2")
	if !a.Answered || a.Citations[0].Kind != corpus.Criterion || !strings.Contains(a.Text, "Desirable") {
		t.Errorf("level choice: %q %+v", a.Text, a.Citations)
	}
	if p := bot.Parse("is there a bonus?"); p.Fact == nil {
		t.Errorf("a bonus alone is a benefits question: %+v", p)
	}
}

// TestEligibilityPrefersTheCriterionCoveringMore: "haven't done X training,
// is that a problem?" is answered by the criterion about X training, which
// covers more of the question, not by the duty that ranks higher on X.
func TestEligibilityPrefersTheCriterionCoveringMore(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "no smear taker course done yet, would that be a problem?", "practice-nurse")
	if !a.Answered || !strings.Contains(a.Citations[0].Text, "Cervical screening training") {
		t.Errorf("%q %+v", a.Text, a.Citations)
	}
}

// TestHowFastIsAnsweredByATime: "how quickly ... have to be seen?" asks
// about the job, not for a level, and is answered by the item that gives a
// time; "how long ...?" is not answered by an item giving only how often.
func TestHowFastIsAnsweredByATime(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "how quickly do urgent swallowing referrals have to be seen?", "speech-and-language-therapist-adult-community")
	if !a.Answered || !strings.Contains(a.Citations[0].Text, "within two working days") {
		t.Errorf("%q %+v", a.Text, a.Citations)
	}
	if a := askRole(b, "how long does each clinic appointment last?", "clinical-pharmacist-general-practice"); a.Answered {
		t.Errorf("answered a duration from an item without one: %q", a.Text)
	}
}

// TestAskersContextDoesNotSinkAStrongMatch: what applicants say of
// themselves ("from a uni in Canada") lowers the share of the question an
// item covers; a criterion sharing much substance with the question still
// answers.
func TestAskersContextDoesNotSinkAStrongMatch(t *testing.T) {
	c, err := corpus.LoadDir("../corpus/default")
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	a := askRole(b, "my OT degree came from a small uni out in cape town in south africa, so not RCOT approved - would that rule me out?", "")
	if !a.Answered || !strings.Contains(a.Citations[0].Text, "(RCOT)") {
		t.Errorf("%q %+v", a.Text, a.Citations)
	}
}

// TestAPhraseIsAsRareAsItsItems: an abbreviation found through its phrase
// ("AfL", assessment for learning) weighs as much as the phrase is rare,
// not as common as its commonest word, so a question about it alone is
// answered.
func TestAPhraseIsAsRareAsItsItems(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "AfL - how much does it matter to them?", "primary-teacher-ks2")
	if !a.Answered || !strings.Contains(a.Citations[0].Text, "assessment for learning") {
		t.Errorf("%q %+v", a.Text, a.Citations)
	}
}

// TestDutiesCountedUnderAHeading: "the 2nd duty under the safety heading"
// counts within the heading, not across the whole list.
func TestDutiesCountedUnderAHeading(t *testing.T) {
	b := devBot(t)
	for _, tc := range []struct{ q, quote string }{
		{"the first duty under the communication heading pls", "Welcome new patients"},
		{"whats the last duty in the learning and development section", "work experience students"},
		{"duty 2 under safety?", "restock the clinical room"},
	} {
		a := askRole(b, tc.q, "healthcare-assistant-ward")
		if !a.Answered || len(a.Citations) != 1 || !strings.Contains(a.Citations[0].Text, tc.quote) {
			t.Errorf("%q: %q %+v", tc.q, a.Text, a.Citations)
		}
	}
	if a := askRole(b, "the 9th duty under the safety heading?", "healthcare-assistant-ward"); len(a.Citations) != 0 || !strings.Contains(a.Text, "has 4 duties under") {
		t.Errorf("past the heading's end: %q", a.Text)
	}
}

// TestBenefitsInAnotherNote: a benefit the recruiter states inside another
// note ("plus enhancements for nights, weekends and bank holidays" in the
// salary) answers a question about it; a benefit no note names is still
// declined, and extra pay is never answered with the hours.
func TestBenefitsInAnotherNote(t *testing.T) {
	b := devBot(t)
	if a := askRole(b, "are there enhancements for weekends?", "healthcare-assistant-ward"); !a.Answered || !strings.Contains(a.Text, "enhancements for nights, weekends") {
		t.Errorf("enhancements: %q", a.Text)
	}
	for _, q := range []string{"is there a pension scheme?", "do you get paid extra for nights?"} {
		if a := askRole(b, q, "healthcare-assistant-ward"); a.Answered && strings.Contains(a.Text, "37.5 hours") {
			t.Errorf("%q answered with the hours: %q", q, a.Text)
		}
	}
}

// TestWhatSomeoneIsDoesNotNameARole: "I worked as a physio" and "train up to
// be a nurse" say what the asker is or wants to be; the question stays with
// the role it was asked about.
func TestWhatSomeoneIsDoesNotNameARole(t *testing.T) {
	b := threeRoles(t)
	for _, q := range []string{"i worked as a physio for 3 yrs, would that count for anything?", "could i train up to become a practice nurse from here?"} {
		a := askRole(b, q, "primary-care-occupational-therapist")
		if a.RoleID != "primary-care-occupational-therapist" {
			t.Errorf("%q went to %q: %q", q, a.RoleID, a.Text)
		}
	}
	if a := askRole(b, "does the physio role need HCPC registration?", "primary-care-occupational-therapist"); a.RoleID == "primary-care-occupational-therapist" {
		t.Errorf("naming the physio role did not route to it: %q", a.Text)
	}
}

// TestFundingAndHeadingLists: "would they pay for my X?" is answered by the
// item that says X is funded, not by the criterion naming X; "duties under
// <heading>" lists the heading's duties, numbers in its name included.
func TestFundingAndHeadingLists(t *testing.T) {
	b := devBot(t)
	if a := askRole(b, "would they pay for the ITIL foundation then?", "it-service-desk-analyst"); !a.Answered || !strings.Contains(a.Citations[0].Text, "funded") {
		t.Errorf("funding: %q %+v", a.Text, a.Citations)
	}
	a := askRole(b, "what are the duties under accounts, devices and microsoft 365?", "it-service-desk-analyst")
	if len(a.Citations) < 3 || !strings.Contains(a.Text, "Microsoft 365") {
		t.Errorf("heading list: %q %+v", a.Text, a.Citations)
	}
}

// nightPorter is a small role whose recruiter notes speak of pay on top,
// days and a place, for the fact tests.
const nightPorter = `---
id: night-porter
title: Night porter
salary: "£12.10 an hour, plus a £1.50 an hour premium for nights"
location: "The Harbour Hotel, Pier Road, Whitby"
hours: "Four nights a week, Sunday to Wednesday, 22:00 to 07:00"
contract: Permanent
contact: "Jo Best, front office manager, 01947 000 000"
---

# Night porter

## Job scope

The Harbour Hotel has 40 rooms and welcomes families, walkers and business guests all year.

The night porter looks after the hotel and its guests overnight.

## Duties

1. Check guests in and out after the front desk closes.
2. Walk the building every two hours and log the fire doors.
3. Follow the fire safety rules and the rules for lost property.
4. Hand over to the day staff at the end of the shift.

## Person specification

### Experience

- Essential: Experience of customer service.
- Essential: Knowledge of the licensing hours rules for the bar.
- Desirable: Experience of night audits.
`

// TestFactsAskedInOtherWords: pay on top, days, the workplace and ringing
// someone are answered by the recruiter's notes that state them; a
// particular arrangement the notes do not state (part time, flexitime) is
// not answered by them.
func TestFactsAskedInOtherWords(t *testing.T) {
	c, err := corpus.Load(fstest.MapFS{"night-porter.md": {Data: []byte(nightPorter)}})
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	for _, tc := range []struct{ q, want string }{
		{"whats the hourly rate", "£12.10 an hour"},
		{"anything on top of basic pay?", "premium for nights"},
		{"do u get extra for nights", "premium for nights"},
		{"do i work fridays?", "Sunday to Wednesday"},
		{"where's the hotel", "Pier Road"},
		{"who do i ring about it b4 applying", "Jo Best"},
		{"what time do shifts start", "22:00"},
		// The hours' word searches with what the question adds to it.
		{"do they expect you to know the hours rules inside out", "licensing hours rules"},
	} {
		a := askRole(b, tc.q, "night-porter")
		if !a.Answered || !strings.Contains(a.Text, tc.want) {
			t.Errorf("%q: %q", tc.q, a.Text)
		}
	}
	// What kind of people or place: the job scope's first paragraph that
	// speaks of them.
	if a := askRole(b, "what sort of guests stay there?", "night-porter"); !a.Answered || !strings.Contains(a.Text, "families, walkers") {
		t.Errorf("setting: %q", a.Text)
	}
	// What the asker says of themselves does not sink the criterion that
	// shares a particular word with it.
	if a := askRole(b, "i did the audits at a busy pub, would that count", "night-porter"); !a.Answered || !strings.Contains(a.Text, "night audits") {
		t.Errorf("asker's experience: %q", a.Text)
	}
	for _, q := range []string{"can i do it part time?", "is there flexitime?", "is there a gym on site?", "what kind of software do they use?",
		// a thing the job description never mentions, next to one it does
		"is there a staff canteen?"} {
		if a := askRole(b, q, "night-porter"); a.Answered {
			t.Errorf("%q answered: %q", q, a.Text)
		}
	}
}

// TestTheRolesOwnAbbreviation: "a hospital SW team" in the social worker's
// job description is a hospital social work team; the alias is searched as
// the words of the title its items use.
func TestTheRolesOwnAbbreviation(t *testing.T) {
	r := &corpus.Role{Title: "Social worker (adult community team)", Aliases: []string{"SW", "adult social worker"}}
	got := strings.Join(bot.SearchWords(r, []string{"hospital", "sw", "team"}), " ")
	if got != "hospital social team" {
		t.Errorf("got %q", got)
	}
	if got := bot.SearchWords(r, []string{"adult", "social"}); strings.Join(got, " ") != "adult social" {
		t.Errorf("words that are no alias changed: %q", got)
	}
}

// TestWhichProductIsUsed: "which ticketing system?" is answered by an item
// that names one; "which WMS?" and "SAP or Manhattan?" are not answered by
// an item that names only the kind of system.
func TestWhichProductIsUsed(t *testing.T) {
	const role = `---
id: stores-assistant
title: Stores assistant
---

# Stores assistant

## Job scope

The stores assistant runs the hospital's central stores.

## Duties

1. Book stock in and out on the warehouse management system (WMS).
2. Log every fault on the ServiceNow ticketing system.
3. Count the stock each week and report shortages.

## Person specification

### Skills

- Essential: Able to use a handheld scanner.
`
	c, err := corpus.Load(fstest.MapFS{"stores-assistant.md": {Data: []byte(role)}})
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, c)
	if a := askRole(b, "which ticketing system do they use?", "stores-assistant"); !a.Answered || !strings.Contains(a.Text, "ServiceNow") {
		t.Errorf("named product: %q", a.Text)
	}
	for _, q := range []string{"which WMS do they use?", "is the wms SAP or Manhattan?", "do they use SAP or Manhattan", "what wms is it - SAP or manhattan?"} {
		if a := askRole(b, q, "stores-assistant"); a.Answered {
			t.Errorf("%q answered: %q", q, a.Text)
		}
	}
}

// TestRoutingKeepsTheRoleANameFits: a name several roles share ("the
// technician job") names the conversation's role when it is one of them,
// and "manager" alone ("hiring manager here") names no role: people say
// it of themselves and of others.
func TestRoutingKeepsTheRoleANameFits(t *testing.T) {
	b := devBot(t)
	a := askRole(b, "quick rundown of the technician job?", "vehicle-technician")
	if !a.Answered || a.Citations[0].RoleID != "vehicle-technician" {
		t.Errorf("technician job in the vehicle technician's conversation: %q", a.Text)
	}
	if a := askRole(b, "quick rundown of the technician job?", ""); a.Answered || !strings.Contains(a.Text, "Which role") {
		t.Errorf("with no role, two technicians should ask which: %q", a.Text)
	}
	a = askRole(b, "hiring manager here - list the desirable knowledge criteria", "social-worker-adults")
	if !a.Answered || a.Citations[0].RoleID != "social-worker-adults" {
		t.Errorf("a hiring manager's list: %q", a.Text)
	}
}
