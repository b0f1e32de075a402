package corpus_test

import (
	"strings"
	"testing"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

func mustParse(t *testing.T, name, src string) *corpus.Role {
	t.Helper()
	r, err := corpus.Parse(name, strings.NewReader(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return r
}

// fullRole is a small role file using every part of the format.
const fullRole = `---
id: test-role
title: Test role
aliases: [TR, tester]
duty_groups:
  - name: Clinical
    duties: [1, 2]
  - name: Admin
    duties: [3]
salary: "Band 7, £46,148 to £52,809"
location: Leeds
hours: 37.5 hours, full time
contract: Permanent
closing_date: 2026-01-31
apply: https://example.org/apply
contact: Jo Bloggs, jo@example.org
---

# Ignored heading title

This job description is a test.

## Job scope

The post holder will
  test things
	carefully.

They will also write reports.

## Key duties and responsibilities

1. Assess patients
   in clinic.
2) Treat patients.

## Administration

3. Keep records.

## Supervision

Supervised by the lead.

## Person specification

### Qualifications

- Essential: A degree
  in testing.
- desirable: A masters.

### Communication

* ESSENTIAL : Clear writing.
`

func TestParseFullRole(t *testing.T) {
	r := mustParse(t, "whatever.md", fullRole)

	if r.ID != "test-role" || r.Title != "Test role" || r.File != "whatever.md" {
		t.Errorf("ID %q Title %q File %q", r.ID, r.Title, r.File)
	}
	if strings.Join(r.Aliases, "|") != "TR|tester" {
		t.Errorf("Aliases = %q", r.Aliases)
	}
	if len(r.DutyGroups) != 2 || r.DutyGroups[0].Name != "Clinical" || len(r.DutyGroups[0].Duties) != 2 ||
		r.DutyGroups[1].Name != "Admin" || len(r.DutyGroups[1].Duties) != 1 || r.DutyGroups[1].Duties[0] != 3 {
		t.Errorf("DutyGroups = %+v", r.DutyGroups)
	}
	if len(r.Intro) != 1 || r.Intro[0] != "This job description is a test." {
		t.Errorf("Intro = %q", r.Intro)
	}

	want := []corpus.Item{
		{Kind: corpus.Scope, Section: "Job scope", Text: "The post holder will test things carefully.", Line: 25},
		{Kind: corpus.Scope, Section: "Job scope", Text: "They will also write reports.", Line: 29},
		{Kind: corpus.Duty, Section: "Key duties and responsibilities", Number: 1, Text: "Assess patients in clinic.", Line: 33},
		{Kind: corpus.Duty, Section: "Key duties and responsibilities", Number: 2, Text: "Treat patients.", Line: 35},
		{Kind: corpus.Duty, Section: "Administration", Number: 3, Text: "Keep records.", Line: 39},
		{Kind: corpus.Supervision, Section: "Supervision", Text: "Supervised by the lead.", Line: 43},
		{Kind: corpus.Criterion, Section: "Person specification", Area: "Qualifications", Level: corpus.Essential, Text: "A degree in testing.", Line: 49},
		{Kind: corpus.Criterion, Section: "Person specification", Area: "Qualifications", Level: corpus.Desirable, Text: "A masters.", Line: 51},
		{Kind: corpus.Criterion, Section: "Person specification", Area: "Communication", Level: corpus.Essential, Text: "Clear writing.", Line: 55},
	}
	if len(r.Items) != len(want) {
		t.Fatalf("%d items, want %d: %+v", len(r.Items), len(want), r.Items)
	}
	for i := range want {
		if r.Items[i] != want[i] {
			t.Errorf("item %d:\n got %+v\nwant %+v", i, r.Items[i], want[i])
		}
	}

	f := r.Facts
	facts := []struct{ name, got, want string }{
		{"salary", f.Salary, "Band 7, £46,148 to £52,809"},
		{"location", f.Location, "Leeds"},
		{"hours", f.Hours, "37.5 hours, full time"},
		{"contract", f.Contract, "Permanent"},
		{"apply", f.Apply, "https://example.org/apply"},
		{"contact", f.Contact, "Jo Bloggs, jo@example.org"},
	}
	for _, ff := range facts {
		if ff.got != ff.want {
			t.Errorf("Facts %s = %q, want %q", ff.name, ff.got, ff.want)
		}
	}
	if want := time.Date(2026, time.January, 31, 0, 0, 0, 0, time.UTC); !f.ClosingDate.Equal(want) {
		t.Errorf("ClosingDate = %v, want %v", f.ClosingDate, want)
	}
	if f.Empty() {
		t.Error("Facts.Empty() is true with every fact set")
	}
}

func TestParseRoleAccessors(t *testing.T) {
	r := mustParse(t, "test-role.md", fullRole)

	if d, ok := r.Duty(2); !ok || d.Text != "Treat patients." {
		t.Errorf("Duty(2) = %+v, %v", d, ok)
	}
	for _, n := range []int{0, 4, -1} {
		if d, ok := r.Duty(n); ok {
			t.Errorf("Duty(%d) = %+v, want none", n, d)
		}
	}
	if got := len(r.Duties()); got != 3 {
		t.Errorf("Duties() = %d, want 3", got)
	}

	crit := []struct {
		area  string
		level corpus.Level
		want  []string
	}{
		{"Qualifications", corpus.Essential, []string{"A degree in testing."}},
		{"qualifications", corpus.Desirable, []string{"A masters."}},
		{"QUALIFICATIONS", "", []string{"A degree in testing.", "A masters."}},
		{"", corpus.Essential, []string{"A degree in testing.", "Clear writing."}},
		{"", "", []string{"A degree in testing.", "A masters.", "Clear writing."}},
		{"Communication", corpus.Desirable, nil},
		{"Knowledge", "", nil},
	}
	for _, c := range crit {
		var got []string
		for _, it := range r.Criteria(c.area, c.level) {
			got = append(got, it.Text)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("Criteria(%q, %q) = %q, want %q", c.area, c.level, got, c.want)
		}
	}

	if got := strings.Join(r.Areas(), "|"); got != "Qualifications|Communication" {
		t.Errorf("Areas() = %q", got)
	}
	kinds := map[corpus.Kind]int{corpus.Scope: 2, corpus.Duty: 3, corpus.Supervision: 1, corpus.Criterion: 3, corpus.Fact: 0}
	for k, n := range kinds {
		if got := len(r.Of(k)); got != n {
			t.Errorf("Of(%s) = %d items, want %d", k, got, n)
		}
	}

	c := &corpus.Corpus{Roles: []*corpus.Role{r}}
	if got, ok := c.Role("test-role"); !ok || got != r {
		t.Errorf("Corpus.Role(test-role) = %v, %v", got, ok)
	}
	if _, ok := c.Role("Test-Role"); ok {
		t.Error("Corpus.Role matched a differently cased id")
	}
}

func TestLevelTitle(t *testing.T) {
	for _, tt := range []struct {
		l    corpus.Level
		want string
	}{
		{corpus.Essential, "Essential"},
		{corpus.Desirable, "Desirable"},
		{"", ""},
	} {
		if got := tt.l.Title(); got != tt.want {
			t.Errorf("Level(%q).Title() = %q, want %q", tt.l, got, tt.want)
		}
	}
}

func TestFactsEmpty(t *testing.T) {
	date := corpus.Date{Time: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}
	for _, tt := range []struct {
		name string
		f    corpus.Facts
		want bool
	}{
		{"zero", corpus.Facts{}, true},
		{"salary", corpus.Facts{Salary: "Band 7"}, false},
		{"location", corpus.Facts{Location: "Leeds"}, false},
		{"hours", corpus.Facts{Hours: "37.5"}, false},
		{"contract", corpus.Facts{Contract: "Permanent"}, false},
		{"closing date", corpus.Facts{ClosingDate: date}, false},
		{"apply", corpus.Facts{Apply: "https://example.org"}, false},
		{"contact", corpus.Facts{Contact: "Jo"}, false},
	} {
		if got := tt.f.Empty(); got != tt.want {
			t.Errorf("%s: Empty() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestParseVariants: the same role written different ways parses the same.
func TestParseVariants(t *testing.T) {
	const base = "# Test role\n\n## Job scope\n\nLine one\nline two.\n\n## Duties\n\n1. First duty\n   continued.\n2. Second duty.\n\n## Person specification\n\n### Skills\n\n- Essential: Writing\n  well.\n"
	want := []string{"Line one line two.", "First duty continued.", "Second duty.", "Writing well."}
	tests := []struct {
		name, src string
	}{
		{"plain", base},
		{"BOM", "\ufeff" + base},
		{"CRLF", strings.ReplaceAll(base, "\n", "\r\n")},
		{"BOM and CRLF", "\ufeff" + strings.ReplaceAll(base, "\n", "\r\n")},
		{"no final newline", strings.TrimSuffix(base, "\n")},
		{"trailing spaces and tabs", strings.ReplaceAll(base, "\n", " \t\n")},
		{"1) numbering", strings.NewReplacer("1. ", "1) ", "2. ", "2) ").Replace(base)},
		{"extra spaces inside lines", strings.NewReplacer("Line one", "Line   one", "1. First", "1.    First", "Essential: ", "Essential:    ").Replace(base)},
		{"BOM before front matter", "\ufeff---\ntitle: Test role\n---\n" + strings.TrimPrefix(base, "# Test role\n")},
		{"CRLF front matter", strings.ReplaceAll("---\nid: test\ntitle: Test role\n---\n"+strings.TrimPrefix(base, "# Test role\n"), "\n", "\r\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, "test.md", tt.src)
			if r.Title != "Test role" {
				t.Errorf("Title = %q", r.Title)
			}
			var got []string
			for _, it := range r.Items {
				got = append(got, it.Text)
			}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("items = %q, want %q", got, want)
			}
			if d := r.Duties(); len(d) != 2 || d[0].Number != 1 || d[1].Number != 2 {
				t.Errorf("duties = %+v", d)
			}
		})
	}
}

func TestParseCRLFLineNumbers(t *testing.T) {
	src := strings.ReplaceAll("# T\n\n## Duties\n\n1. One.\n3. Three.\n", "\n", "\r\n")
	_, err := corpus.Parse("crlf.md", strings.NewReader(src))
	pes := parseErrors(err)
	if len(pes) != 1 || pes[0].Line != 6 {
		t.Errorf("err = %v, want crlf.md:6", err)
	}
}

func TestParseIDAndTitle(t *testing.T) {
	tests := []struct {
		name, file, src string
		id, title       string
	}{
		{"id from file name", "dir/community-ot.md", "# Community OT\n\n## Job scope\n\nS.\n", "community-ot", "Community OT"},
		{"id from front matter", "x.md", "---\nid: my-role-2\n---\n# Role\n\n## Job scope\n\nS.\n", "my-role-2", "Role"},
		{"title from front matter", "x.md", "---\ntitle: FM title\n---\n\n## Job scope\n\nS.\n", "x", "FM title"},
		{"front matter title wins", "x.md", "---\ntitle: FM title\n---\n# Heading title\n\n## Job scope\n\nS.\n", "x", "FM title"},
		{"title spaces trimmed", "x.md", "#    Spaced title   \n\n## Job scope\n\nS.\n", "x", "Spaced title"},
		{"empty front matter", "x.md", "---\n---\n# T\n\n## Job scope\n\nS.\n", "x", "T"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, tt.file, tt.src)
			if r.ID != tt.id || r.Title != tt.title {
				t.Errorf("ID %q Title %q, want %q %q", r.ID, r.Title, tt.id, tt.title)
			}
		})
	}
}

func TestParseSections(t *testing.T) {
	// Heading names are matched case-insensitively, with their synonyms.
	src := "# T\n\n## About this job description\n\nAbout.\n\n## SCOPE\n\nScope text.\n\n## supervision\n\nSup.\n\n## Person Specification\n\n### Skills\n\n- Desirable: X.\n"
	r := mustParse(t, "t.md", src)
	if len(r.Intro) != 1 || r.Intro[0] != "About." {
		t.Errorf("Intro = %q", r.Intro)
	}
	if s := r.Of(corpus.Scope); len(s) != 1 || s[0].Text != "Scope text." || s[0].Section != "SCOPE" {
		t.Errorf("scope = %+v", s)
	}
	if s := r.Of(corpus.Supervision); len(s) != 1 || s[0].Text != "Sup." {
		t.Errorf("supervision = %+v", s)
	}
	if c := r.Criteria("skills", corpus.Desirable); len(c) != 1 {
		t.Errorf("criteria = %+v", c)
	}

	// Duties are numbered on across duty headings.
	src = "# T\n\n## Clinical\n\n1. A.\n\n## Admin\n\n2. B.\n\n## Research\n\n3. C.\n"
	r = mustParse(t, "t.md", src)
	var secs []string
	for _, d := range r.Duties() {
		secs = append(secs, d.Section)
	}
	if strings.Join(secs, "|") != "Clinical|Admin|Research" {
		t.Errorf("duty sections = %q", secs)
	}

	// Restarting at 1 under a new heading is an error.
	_, err := corpus.Parse("t.md", strings.NewReader("# T\n\n## Clinical\n\n1. A.\n\n## Admin\n\n1. B.\n"))
	if pes := parseErrors(err); len(pes) != 1 || pes[0].Line != 9 {
		t.Errorf("restart at 1: err = %v, want t.md:9", err)
	}
}

func TestParseFrontMatterFacts(t *testing.T) {
	const body = "\n# T\n\n## Job scope\n\nS.\n"
	tests := []struct {
		name  string
		front string
		check func(t *testing.T, f corpus.Facts)
	}{
		{"none", "id: t", func(t *testing.T, f corpus.Facts) {
			if !f.Empty() {
				t.Errorf("Facts = %+v, want empty", f)
			}
		}},
		{"number salary", "salary: 46148", func(t *testing.T, f corpus.Facts) {
			if f.Salary != "46148" {
				t.Errorf("Salary = %q", f.Salary)
			}
		}},
		{"blank closing date", "closing_date:", func(t *testing.T, f corpus.Facts) {
			if !f.ClosingDate.IsZero() || !f.Empty() {
				t.Errorf("Facts = %+v, want no closing date", f)
			}
		}},
		{"quoted closing date", `closing_date: "2025-12-01"`, func(t *testing.T, f corpus.Facts) {
			if y, m, d := f.ClosingDate.Date(); y != 2025 || m != time.December || d != 1 {
				t.Errorf("ClosingDate = %v", f.ClosingDate)
			}
		}},
		{"multi-line apply", "apply: >-\n  Send a CV\n  to jo@example.org", func(t *testing.T, f corpus.Facts) {
			if f.Apply != "Send a CV to jo@example.org" {
				t.Errorf("Apply = %q", f.Apply)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := mustParse(t, "t.md", "---\n"+tt.front+"\n---\n"+body)
			tt.check(t, r.Facts)
		})
	}

	bad := []struct {
		name, front string
		line        int
		msg         string
	}{
		{"closing date with time", "id: t\nclosing_date: 2026-01-31T17:00:00Z", 3, "YYYY-MM-DD"},
		{"closing date day first", "closing_date: 31-01-2026", 2, "YYYY-MM-DD"},
		{"impossible date", "id: t\ntitle: T\nclosing_date: 2026-02-30", 4, "YYYY-MM-DD"},
		{"unknown key", "id: t\ntitle: T\nsalary: x\nwage: y", 5, "wage"},
		{"missing colon", "id: t\ntitle T\nsalary: x", 3, "front matter"},
		{"colon in value", "id: t\nsalary: Band 7: 46k", 3, "front matter"},
		{"duty groups not a list", "duty_groups: Clinical", 2, "front matter"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			_, err := corpus.Parse("t.md", strings.NewReader("---\n"+tt.front+"\n---\n"+body))
			pes := parseErrors(err)
			if len(pes) != 1 {
				t.Fatalf("err = %v, want one parse error", err)
			}
			if pes[0].Line != tt.line || !strings.Contains(pes[0].Msg, tt.msg) {
				t.Errorf("err = %v, want t.md:%d: ...%s...", err, tt.line, tt.msg)
			}
		})
	}
}

func TestParseLongLine(t *testing.T) {
	// A line over 1 MiB is reported, not silently cut.
	src := "# T\n\n## Job scope\n\n" + strings.Repeat("word ", (1<<20)/5+10) + "\n"
	_, err := corpus.Parse("long.md", strings.NewReader(src))
	pes := parseErrors(err)
	if len(pes) != 1 || pes[0].Line != 5 || !strings.Contains(pes[0].Msg, "longer than") {
		t.Errorf("err = %v, want long.md:5: line longer than ...", err)
	}
}

// TestReadmeExamples: the examples in README.md parse as the guide says.
func TestReadmeExamples(t *testing.T) {
	readme := mustRead(t, "README.md")
	block := func(after, lang string) string {
		t.Helper()
		i := strings.Index(readme, after)
		if i < 0 {
			t.Fatalf("README.md has no %q", after)
		}
		rest := readme[i:]
		start := strings.Index(rest, "```"+lang+"\n")
		if start < 0 {
			t.Fatalf("README.md has no ```%s block after %q", lang, after)
		}
		rest = rest[start+len("```"+lang+"\n"):]
		end := strings.Index(rest, "```\n")
		if end < 0 {
			t.Fatalf("unterminated block after %q", after)
		}
		return rest[:end]
	}

	r := mustParse(t, "example.md", block("## A minimal complete example", "markdown"))
	if r.ID != "community-physiotherapist" || r.Title != "Community physiotherapist" {
		t.Errorf("ID %q Title %q", r.ID, r.Title)
	}
	if len(r.Of(corpus.Scope)) != 1 || len(r.Duties()) != 3 || len(r.Of(corpus.Supervision)) != 1 ||
		len(r.Criteria("", corpus.Essential)) != 3 || len(r.Criteria("", corpus.Desirable)) != 1 {
		t.Errorf("example items: %+v", r.Items)
	}
	f := r.Facts
	if f.Salary == "" || f.Location == "" || f.Hours == "" || f.Contract == "" || f.ClosingDate.IsZero() || f.Apply == "" || f.Contact == "" {
		t.Errorf("example facts not all set: %+v", f)
	}
	if len(r.Aliases) != 2 {
		t.Errorf("aliases = %q", r.Aliases)
	}
	if c := r.Criteria("communication", corpus.Essential); len(c) != 1 || c[0].Text != "Able to explain exercise plans clearly to patients and their carers." {
		t.Errorf("wrapped criterion = %+v", c)
	}

	groups := block("`duty_groups` is a list", "yaml")
	r = mustParse(t, "example.md", "---\n"+groups+"---\n# T\n\n## Duties\n\n1. A.\n2. B.\n3. C.\n")
	if len(r.DutyGroups) != 2 {
		t.Errorf("duty groups = %+v", r.DutyGroups)
	}

	syn, err := corpus.ParseSynonyms("synonyms.txt", strings.NewReader(block("## Synonyms", "text")))
	if err != nil || len(syn) != 2 {
		t.Errorf("synonym example: %q, %v", syn, err)
	}
}

// TestNearMissItemsNotMerged: a line that is meant as a new duty or
// criterion but is written slightly wrong (a bullet copied from a PDF or
// Word, a non-breaking space, a missing dash) must not be silently glued onto
// the item above: the bot would then quote a desirable criterion as part of
// an essential one, or lose a duty. Either an error or a separate item is
// fine. BUG: the parser treats all of these as continuation lines (parse.go,
// the p.cur != nil && !isListItem(trimmed) branches of (*parser).line).
func TestNearMissItemsNotMerged(t *testing.T) {
	const duties = "# T\n\n## Key duties\n\n1. Assess patients.\n"
	const spec = "# T\n\n## Person specification\n\n### Qualifications\n\n- Essential: HCPC registration.\n"
	tests := []struct {
		name, src, first string
	}{
		{"non-breaking space after duty number", duties + "2.\u00a0Treat patients.\n", "Assess patients."},
		{"bullet copied from the seed export", spec + "• Desirable: Mentorship training.\n", "HCPC registration."},
		{"level without a dash", spec + "Desirable: Mentorship training.\n", "HCPC registration."},
		{"dash without a space", spec + "-Desirable: Mentorship training.\n", "HCPC registration."},
		{"non-breaking space after dash", spec + "-\u00a0Desirable: Mentorship training.\n", "HCPC registration."},
		{"en dash bullet", spec + "– Desirable: Mentorship training.\n", "HCPC registration."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := corpus.Parse("t.md", strings.NewReader(tt.src))
			if err != nil {
				return // reported: fine
			}
			if got := r.Items[0].Text; got != tt.first {
				t.Errorf("the next line was merged into the item above: %q (want %q, then a separate item or an error)", got, tt.first)
			}
		})
	}
}

// A criterion keeps the employer's word for its level as LevelLabel, while
// Level stays essential or desirable.
func TestLevelLabels(t *testing.T) {
	r := mustParse(t, "labels.md", `# Labels

## Person specification

### Skills

- Essential: Plain.
- Essential (Must have): Labelled.
- Desirable (Nice to have): Labelled too.
- Nice to have: A synonym on its own.
- Required: Another synonym.
- desirable (Desirable): Label equal to the level.
`)
	want := []struct {
		level corpus.Level
		label string
		show  string
		text  string
	}{
		{corpus.Essential, "", "Essential", "Plain."},
		{corpus.Essential, "Must have", "Must have", "Labelled."},
		{corpus.Desirable, "Nice to have", "Nice to have", "Labelled too."},
		{corpus.Desirable, "Nice to have", "Nice to have", "A synonym on its own."},
		{corpus.Essential, "Required", "Required", "Another synonym."},
		{corpus.Desirable, "", "Desirable", "Label equal to the level."},
	}
	got := r.Criteria("", "")
	if len(got) != len(want) {
		t.Fatalf("%d criteria, want %d", len(got), len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.Level != w.level || g.LevelLabel != w.label || g.LevelText() != w.show || g.Text != w.text {
			t.Errorf("criterion %d = %q %q %q %q, want %q %q %q %q", i+1, g.Level, g.LevelLabel, g.LevelText(), g.Text, w.level, w.label, w.show, w.text)
		}
	}
	if _, err := corpus.Parse("x.md", strings.NewReader("# X\n\n## Person specification\n\n### A\n\n- Sometimes: text.\n")); err == nil {
		t.Error("an unknown level word parsed")
	}
}

func TestParseLevel(t *testing.T) {
	for in, want := range map[string]corpus.Level{
		"Essential": corpus.Essential, "E": corpus.Essential, "Must have": corpus.Essential, "REQUIRED": corpus.Essential,
		"Desirable": corpus.Desirable, "d": corpus.Desirable, "Nice to have": corpus.Desirable, "Preferred:": corpus.Desirable,
		"sometimes": "",
	} {
		if got, _ := corpus.ParseLevel(in); got != want {
			t.Errorf("ParseLevel(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseFAQ(t *testing.T) {
	base := "# T\n\n## Job scope\n\nScope text.\n\n## FAQ\n\n"
	r, err := corpus.Parse("faq.md", strings.NewReader(base+"- Is there parking? Yes, free staff parking on site.\n- Can I work part time?\n  We consider 30 hours or more.\n"))
	if err != nil {
		t.Fatal(err)
	}
	faq := r.Of(corpus.FAQ)
	if len(faq) != 2 || faq[0].Text != "Is there parking? Yes, free staff parking on site." || faq[1].Text != "Can I work part time? We consider 30 hours or more." {
		t.Errorf("FAQ items: %+v", faq)
	}
	_, err = corpus.Parse("faq.md", strings.NewReader(base+"- Parking is free.\n"))
	if pes := parseErrors(err); len(pes) != 1 || pes[0].Line != 9 || !strings.Contains(pes[0].Msg, "a question and its answer") {
		t.Errorf("an entry with no question: %v", err)
	}
}
