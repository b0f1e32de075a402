package bot_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/internal/devset"
	"github.com/recruitbot/recruitbot/internal/testkit"
)

// newBot answers from the given corpus, or the built-in one when c is nil.
func newBot(t testing.TB, c *corpus.Corpus) *bot.Bot { return testkit.Bot(t, c) }

func ask(b *bot.Bot, q string) bot.Answer {
	return b.Answer(context.Background(), bot.Question{Text: q})
}

// evalCase is a line of shared/eval/questions.jsonl; see its README.
type evalCase = devset.Question

// judge applies the scorer's rules (shared/eval/score.py) to one answer:
// "" when it passes, else why not.
func judge(c evalCase, a bot.Answer) string {
	_, why := devset.Judge(c, a)
	return why
}

// TestVisibleQuestions runs the question set the product is scored on.
func TestVisibleQuestions(t *testing.T) {
	f, err := os.Open("../../shared/eval/questions.jsonl")
	if err != nil {
		t.Skipf("shared eval set not beside the project: %v", err)
	}
	defer f.Close()
	b := newBot(t, nil)
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var c evalCase
		if err := json.Unmarshal(sc.Bytes(), &c); err != nil {
			t.Fatalf("questions.jsonl: %v", err)
		}
		n++
		t.Run(c.Q, func(t *testing.T) {
			if why := judge(c, ask(b, c.Q)); why != "" {
				t.Error(why)
			}
		})
	}
	if n < 40 {
		t.Fatalf("only %d questions read", n)
	}
}

// TestApplicantPhrasings are questions worded as applicants word them,
// written independently of the scored set.
func TestApplicantPhrasings(t *testing.T) {
	b := newBot(t, nil)
	cases := []evalCase{
		{Q: "do i need to be registered with the hcpc", Kind: "top1", Expect: []string{"(HCPC) registration"}, Level: "essential"},
		{Q: "Is HCPC registration mandatory?", Kind: "top1", Expect: []string{"(HCPC) registration"}, Level: "essential"},
		{Q: "Would a motivational interviewing course help my application?", Kind: "top1", Expect: []string{"motivational interviewing"}, Level: "desirable"},
		{Q: "Do I need experiance with motivational interveiwing?", Kind: "top1", Expect: []string{"motivational interviewing"}, Level: "desirable"},
		{Q: "Will I be working with elderly patients?", Kind: "top1", Expect: []string{"older adults"}},
		{Q: "Does the job involve helping lonely people?", Kind: "top1", Expect: []string{"social isolation"}},
		{Q: "Is CBT experience useful?", Kind: "top1", Expect: []string{"cognitive behavioural"}, Level: "desirable"},
		{Q: "Do I need to understand data protection?", Kind: "top1", Expect: []string{"data protection (GDPR)"}, Level: "essential"},
		{Q: "Are there any continuing professional development expectations?", Kind: "top1", Expect: []string{"professional development"}},
		{Q: "Will I be part of an MDT?", Kind: "top1", Expect: []string{"multi-disciplinary team"}},
		{Q: "Is being able to juggle lots of tasks essential?", Kind: "top1", Expect: []string{"multi-task"}, Level: "essential"},
		{Q: "Do I need a degree in OT?", Kind: "top1", Expect: []string{"BSc/MSc in occupational therapy"}, Level: "essential"},
		{Q: "Will I help patients get back to work?", Kind: "top1", Expect: []string{"return to work", "returning to a particular job", "vocational"}},
		{Q: "What does responsibility 20 cover?", Kind: "top1", Expect: []string{"healthcare records"}},
		{Q: "show me the 7th duty", Kind: "top1", Expect: []string{"environmental and behavioral risk factors"}},
		{Q: "What personal attributes are essential?", Kind: "list", Expect: []string{"inspirational leadership", "co-ordinate and prioritise", "multi-task", "complex caseload", "staff development"}},
		{Q: "list the desirable analytical skills", Kind: "list", Expect: []string{"critical responses", "organisational boundaries", "Independent thinker"}},
		{Q: "What qualifications do I need?", Kind: "list", Expect: []string{"BSc/MSc in occupational therapy", "(HCPC) registration", "appropriate level of practice"}},
		{Q: "Give me an overview of the job", Kind: "summary", Expect: []string{"primary care occupational therapist"}},
		{Q: "How much does it pay?", Kind: "none"},
		{Q: "Is there free parking at the surgery?", Kind: "none"},
		{Q: "Can I work from home?", Kind: "none"},
		{Q: "Do I need a driving licence?", Kind: "none"},
		{Q: "Will I work with children?", Kind: "none"},
		{Q: "Do I need experience with children?", Kind: "none"},
		{Q: "Is a PhD required?", Kind: "none"},
		{Q: "How many days annual leave do I get?", Kind: "none"},
		{Q: "When does the advert close?", Kind: "none"},
		{Q: "Will I supervise students?", Kind: "none"},
		{Q: "Is it full time?", Kind: "none"},
		{Q: "What band is this?", Kind: "none"},
		{Q: "How much annual leave do I get?", Kind: "none"},
		{Q: "Do you need to be a good leader?", Kind: "top1", Expect: []string{"inspirational leadership"}, Level: "essential"},
		{Q: "Do I need to be good at presentations?", Kind: "top1", Expect: []string{"presentation skills"}, Level: "desirable"},
		{Q: "Do I need IT skills?", Kind: "top1", Expect: []string{"Microsoft"}, Level: "essential"},
	}
	for _, c := range cases {
		t.Run(c.Q, func(t *testing.T) {
			a := ask(b, c.Q)
			if why := judge(c, a); why != "" {
				t.Error(why)
			}
		})
	}
}

// TestOneSharedWordIsNotYes: an item that shares one word with the question
// is quoted as a mention, never as "Yes".
func TestOneSharedWordIsNotYes(t *testing.T) {
	b := newBot(t, nil)
	a := ask(b, "Is this a hospital job?")
	if strings.HasPrefix(a.Text, "Yes") {
		t.Errorf("a duty about hospital admissions does not make it a hospital job: %q", a.Text)
	}
	if a.Answered && !strings.Contains(a.Text, "mentions") {
		t.Errorf("should say the item mentions it: %q", a.Text)
	}
}

func TestAbstainingPointsToRecruiter(t *testing.T) {
	b := newBot(t, nil)
	for _, q := range []string{"What is the salary?", "Do you sponsor visas?", "Will I work with children?", "Do I need a PhD?"} {
		a := ask(b, q)
		if a.Answered || len(a.Citations) != 0 {
			t.Errorf("%q: answered with %v", q, a.Citations)
		}
		if !strings.Contains(a.Text, "recruiter") || !strings.Contains(a.Text, "job description doesn't") {
			t.Errorf("%q: abstention should say the JD doesn't cover it and point to the recruiter: %q", q, a.Text)
		}
	}
}

func TestRequirementSaysLevel(t *testing.T) {
	b := newBot(t, nil)
	for _, c := range []struct{ q, want, level string }{
		{"Do I need HCPC registration?", "Yes, it's Essential", "essential"},
		{"Is mentorship training essential?", "Desirable, not Essential", "desirable"},
		{"Is GDPR awareness desirable?", "more than desirable: it's Essential", "essential"},
	} {
		a := ask(b, c.q)
		if !strings.Contains(a.Text, c.want) || len(a.Citations) == 0 || string(a.Citations[0].Level) != c.level {
			t.Errorf("%q: got %q (%v)", c.q, a.Text, a.Citations)
		}
		if !strings.Contains(a.Text, a.Citations[0].Text) {
			t.Errorf("%q: answer should quote the criterion: %q", c.q, a.Text)
		}
	}
}

func TestDuty(t *testing.T) {
	b := newBot(t, nil)
	a := ask(b, "what does duty 12 say")
	if !a.Answered || len(a.Citations) != 1 || a.Citations[0].Number != 12 || a.Citations[0].Label() != "Key duty 12" {
		t.Fatalf("duty 12: %+v", a)
	}
	if !strings.Contains(a.Text, "medicines management") {
		t.Errorf("duty 12 should be quoted in full: %q", a.Text)
	}
	a = ask(b, "duties 3 and 19")
	if len(a.Citations) != 2 || a.Citations[0].Number != 3 || a.Citations[1].Number != 19 {
		t.Errorf("duties 3 and 19: %v", a.Citations)
	}
	for _, q := range []string{"show me duties 18 to 20", "duties 18-20"} {
		a = ask(b, q)
		if len(a.Citations) != 3 || a.Citations[0].Number != 18 || a.Citations[2].Number != 20 {
			t.Errorf("%q: %v", q, a.Citations)
		}
	}
	for _, q := range []string{"What does duty 21 say?", "duty 0", "duty 99999999999999999999"} {
		a = ask(b, q)
		if a.Answered || !strings.Contains(a.Text, "1 to 20") {
			t.Errorf("%q: %q", q, a.Text)
		}
	}
}

func TestListCitesExactlyTheItems(t *testing.T) {
	b := newBot(t, nil)
	a := ask(b, "list the essential communication criteria")
	if a.Intent != bot.IntentList || len(a.Citations) != 5 {
		t.Fatalf("got %s with %d citations", a.Intent, len(a.Citations))
	}
	for _, c := range a.Citations {
		if c.Area != "Communication" || c.Level != corpus.Essential {
			t.Errorf("extra citation %s", c.Label())
		}
		if !strings.Contains(a.Text, c.Text) {
			t.Errorf("list text should show %q", c.Text)
		}
	}
}

func TestListDutiesByGroup(t *testing.T) {
	b := newBot(t, nil)
	for q, want := range map[string][]int{
		"What are the administration responsibilities?": {18, 19, 20},
		"list the education and research duties":        {13, 16},
		"What are the key duties?":                      {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
	} {
		a := ask(b, q)
		var got []int
		for _, c := range a.Citations {
			got = append(got, c.Number)
		}
		if a.Intent != bot.IntentList || fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: %s %v, want %v", q, a.Intent, got, want)
		}
	}
}

func TestSummary(t *testing.T) {
	b := newBot(t, nil)
	a := ask(b, "summarise the role")
	if a.Intent != bot.IntentSummary || a.Posting == nil {
		t.Fatalf("intent %s", a.Intent)
	}
	p := a.Posting
	if p.Title != "Primary care occupational therapist" || p.Summary == "" || len(p.Essential) != 5 {
		t.Errorf("posting %+v", p)
	}
	n := 0
	for _, g := range p.Duties {
		n += len(g.Lines)
	}
	if n != 20 {
		t.Errorf("posting should brief all 20 duties, has %d", n)
	}
	if !strings.Contains(a.Text, "Essential criteria") || !strings.Contains(a.Text, "(HCPC) registration") {
		t.Errorf("summary text: %q", a.Text)
	}
}

func TestGreetingAndHelp(t *testing.T) {
	b := newBot(t, nil)
	for _, q := range []string{"hi", "Hello!", "good morning"} {
		if a := ask(b, q); a.Intent != bot.IntentGreeting || !strings.Contains(a.Text, "Ask me") {
			t.Errorf("%q: %s %q", q, a.Intent, a.Text)
		}
	}
	// Thanks is not a greeting: "Hello!" in reply to "thanks!" reads as a bot
	// that did not listen.
	for _, q := range []string{"thanks", "thanks!", "cheers, that's great", "thank you so much"} {
		if a := ask(b, q); a.Intent != bot.IntentThanks || strings.Contains(a.Text, "Hello") || !strings.Contains(a.Text, "welcome") {
			t.Errorf("%q: %s %q", q, a.Intent, a.Text)
		}
	}
	for _, q := range []string{"help", "what can you do?", "?"} {
		if a := ask(b, q); a.Intent != bot.IntentHelp || !strings.Contains(a.Text, "duty 12") {
			t.Errorf("%q: %s %q", q, a.Intent, a.Text)
		}
	}
}

// TestBadInput: every message gets a reply, nothing panics, and nothing is
// read as query syntax.
func TestBadInput(t *testing.T) {
	b := newBot(t, nil)
	inputs := map[string]string{
		"empty":          "",
		"spaces":         "   \t  ",
		"100KB":          strings.Repeat("do I need HCPC registration? ", 3500),
		"query syntax":   `+hcpc -registration field:value "unclosed * (group ~2 ^3 \ / {} [] && || !`,
		"syntax only":    `+ - : " * ( ~ ^`,
		"control chars":  "do I need\x00 HCPC\x1b[31m registration\x07?",
		"emoji":          "🙂🙂 do I need HCPC registration? 🎉",
		"only emoji":     "🤔🤔🤔",
		"invalid utf8":   "do I need \xff\xfe HCPC?",
		"rtl and cjk":    "هل أحتاج إلى تسجيل HCPC؟ 需要注册吗",
		"huge number":    "duty 123456789012345678901234567890",
		"zero width":     "do\u200b I\u200b need\u200b HCPC?",
		"newlines":       "do I need\nHCPC\r\nregistration?",
		"one letter":     "x",
		"long word":      strings.Repeat("a", 900),
		"many duty nums": "duties " + strings.Repeat("1, ", 300),
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			a := ask(b, in)
			if strings.TrimSpace(a.Text) == "" {
				t.Fatal("no reply")
			}
			if a.Answered != (len(a.Citations) > 0) && a.Intent != bot.IntentGreeting && a.Intent != bot.IntentHelp {
				t.Errorf("answered=%v with %d citations", a.Answered, len(a.Citations))
			}
		})
	}
	if a := ask(b, inputs["100KB"]); a.Answered || !strings.Contains(a.Text, "characters") {
		t.Errorf("100KB should be refused as too long: %q", a.Text)
	}
	if a := ask(b, inputs["control chars"]); !a.Answered || !strings.Contains(a.Citations[0].Text, "(HCPC) registration") {
		t.Errorf("control characters should be ignored, not break the answer: %q", a.Text)
	}
	if a := ask(b, inputs["emoji"]); !a.Answered {
		t.Errorf("emoji should not stop an answer: %q", a.Text)
	}
}

func TestCommands(t *testing.T) {
	b := newBot(t, nil)
	ctx := context.Background()
	run := func(s string) bot.Answer { return b.Run(ctx, bot.Question{}, bot.ParseCommand(s)) }
	if a := run("criteria communication essential"); len(a.Citations) != 5 {
		t.Errorf("criteria communication essential: %d", len(a.Citations))
	}
	if a := run("criteria"); len(a.Citations) != 41 {
		t.Errorf("criteria: %d", len(a.Citations))
	}
	if a := run("criteria Personal attributes & abilities desirable"); len(a.Citations) != 4 {
		t.Errorf("criteria personal desirable: %d", len(a.Citations))
	}
	if a := run("duty 7"); len(a.Citations) != 1 || a.Citations[0].Number != 7 {
		t.Errorf("duty 7: %v", a.Citations)
	}
	if a := run("duty"); a.Answered || !strings.Contains(a.Text, "number") {
		t.Errorf("duty without number: %q", a.Text)
	}
	if a := run("summary"); a.Posting == nil {
		t.Errorf("summary: no posting")
	}
	if a := run(""); a.Intent != bot.IntentHelp {
		t.Errorf("bare /role should be help, got %s", a.Intent)
	}
	if a := run("do I need HCPC registration?"); !a.Answered || a.Citations[0].Level != corpus.Essential {
		t.Errorf("bare text should be ask: %q", a.Text)
	}
	if a := run("list"); a.Intent != bot.IntentRoles || !strings.Contains(a.Text, "Primary care occupational therapist") {
		t.Errorf("list: %q", a.Text)
	}
}

func TestParseCommand(t *testing.T) {
	for in, want := range map[string]bot.Command{
		"":                   {Name: "help"},
		"ask do I need X":    {Name: "ask", Args: "do I need X"},
		"ASK   x":            {Name: "ask", Args: "x"},
		"duty 7":             {Name: "duty", Args: "7"},
		"criteria knowledge": {Name: "criteria", Args: "knowledge"},
		"summary":            {Name: "summary"},
		"do I need X":        {Name: "ask", Args: "do I need X"},
		"dutyfree shopping":  {Name: "ask", Args: "dutyfree shopping"},
		"check me: HCPC":     {Name: "check", Args: "me: HCPC"},
	} {
		if got := bot.ParseCommand(in); got != want {
			t.Errorf("ParseCommand(%q) = %+v, want %+v", in, got, want)
		}
	}
}

const factsRole = `---
id: test-ot
title: Test occupational therapist
salary: "Band 7: £46,148 to £52,809 a year"
closing_date: 2026-03-01
contact: Jo Bloggs, jo@example.org
---
# Test occupational therapist

## Job scope

The post holder will provide occupational therapy for older adults.

## Person specification

### Qualifications

- Essential: Health & Care Professions Council (HCPC) registration.
`

func TestRecruiterFacts(t *testing.T) {
	r, err := corpus.Parse("test.md", strings.NewReader(factsRole))
	if err != nil {
		t.Fatal(err)
	}
	b := newBot(t, &corpus.Corpus{Roles: []*corpus.Role{r}})
	b.SetClock(func() time.Time { return time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC) })
	a := ask(b, "What's the salary?")
	if !a.Answered || len(a.Citations) != 1 || a.Citations[0].Kind != corpus.Fact || !strings.Contains(a.Text, "£46,148") {
		t.Errorf("salary: %+v", a)
	}
	if a.Citations[0].Label() != "Recruiter note · Salary" {
		t.Errorf("label %q", a.Citations[0].Label())
	}
	a = ask(b, "When is the closing date?")
	if !a.Answered || !strings.Contains(a.Text, "closed on 1 March 2026") {
		t.Errorf("past closing date: %q", a.Text)
	}
	b.SetClock(func() time.Time { return time.Date(2026, 2, 1, 9, 0, 0, 0, time.UTC) })
	if a = ask(b, "What's the deadline to apply?"); !strings.Contains(a.Text, "close on 1 March 2026") {
		t.Errorf("future closing date: %q", a.Text)
	}
	a = ask(b, "Where is the job based?")
	if a.Answered || !strings.Contains(a.Text, "Jo Bloggs") {
		t.Errorf("absent fact should abstain and name the contact: %q", a.Text)
	}
}

// FuzzAnswer: whatever arrives, the bot replies, does not panic, and its
// answer is consistent with its citations.
func FuzzAnswer(f *testing.F) {
	for _, s := range []string{"Do I need HCPC registration?", "duty 12", `+a -b:c "d* (e ~f ^g`, "", "🙂", "list the essential communication criteria",
		"summarise the role", "what is the salary", "check me: HCPC registered", "\x00\xff", "duties 1, 2 and 30"} {
		f.Add(s)
	}
	b := newBot(f, nil)
	f.Fuzz(func(t *testing.T, q string) {
		a := ask(b, q)
		if strings.TrimSpace(a.Text) == "" {
			t.Fatalf("no reply to %q", q)
		}
		if !a.Answered && len(a.Citations) > 0 {
			t.Fatalf("abstained with citations for %q", q)
		}
		for _, c := range a.Citations {
			if c.Text == "" || c.Role == "" {
				t.Fatalf("empty citation for %q: %+v", q, c)
			}
		}
	})
}

// benchQuestions mix the intents: requirement, search, duty, fact.
var benchQuestions = []string{"Do I need to be HCPC registered?", "Will I work with older adults?", "What does duty 9 say?",
	"Is conflict resolution a requirement?", "What is the salary?", "Does this job involve medicines management?"}

func BenchmarkAnswer(b *testing.B) {
	bt := newBot(b, nil)
	qs := benchQuestions
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		bt.Answer(ctx, bot.Question{Text: qs[i%len(qs)]})
	}
}
