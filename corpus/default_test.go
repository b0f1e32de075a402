package corpus_test

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

const defaultID = "primary-care-occupational-therapist"

// loadDefault loads the built-in corpus and fails the test on any error.
func loadDefault(t testing.TB) (*corpus.Corpus, *corpus.Role) {
	t.Helper()
	c, err := corpus.Load(corpus.Default())
	if err != nil {
		t.Fatalf("Load(Default()) error: %v", err)
	}
	if c == nil {
		t.Fatal("Load(Default()) returned a nil corpus")
	}
	r, ok := c.Role(defaultID)
	if !ok {
		t.Fatalf("default corpus has no role %q", defaultID)
	}
	return c, r
}

func TestDefaultCorpusShape(t *testing.T) {
	c, r := loadDefault(t)

	if len(c.Roles) != 1 {
		t.Errorf("default corpus has %d roles, want 1", len(c.Roles))
	}
	if r.ID != defaultID {
		t.Errorf("ID = %q, want %q", r.ID, defaultID)
	}
	if want := "Primary care occupational therapist"; r.Title != want {
		t.Errorf("Title = %q, want %q", r.Title, want)
	}
	if want := "primary-care-occupational-therapist.md"; r.File != want {
		t.Errorf("File = %q, want %q", r.File, want)
	}
	if len(r.Intro) != 3 {
		t.Errorf("Intro has %d paragraphs, want 3 (the introduction is kept apart from the citable items)", len(r.Intro))
	}
	if len(c.Synonyms) == 0 {
		t.Error("default corpus has no synonyms; synonyms.txt should load")
	}

	kinds := []struct {
		kind corpus.Kind
		want int
	}{
		{corpus.Scope, 4},
		{corpus.Duty, 20},
		{corpus.Supervision, 1},
		{corpus.Criterion, 41},
		{corpus.Fact, 0},
	}
	total := 0
	for _, k := range kinds {
		got := len(r.Of(k.kind))
		total += got
		if got != k.want {
			t.Errorf("%d %s items, want %d", got, k.kind, k.want)
		}
	}
	if total != len(r.Items) {
		t.Errorf("items of known kinds = %d, all items = %d", total, len(r.Items))
	}

	// Document order: scope, duties, supervision, criteria.
	order := []corpus.Kind{corpus.Scope, corpus.Duty, corpus.Supervision, corpus.Criterion}
	stage := 0
	for _, it := range r.Items {
		for stage < len(order) && order[stage] != it.Kind {
			stage++
		}
		if stage == len(order) {
			t.Errorf("item at line %d (%s) is out of document order", it.Line, it.Kind)
			break
		}
	}

	for _, it := range r.Of(corpus.Scope) {
		if it.Section != "Job scope" {
			t.Errorf("scope item at line %d has Section %q, want %q", it.Line, it.Section, "Job scope")
		}
	}
	if sup := r.Of(corpus.Supervision); len(sup) == 1 {
		if !strings.HasPrefix(sup[0].Text, "The postholder will have access to appropriate clinical supervision") {
			t.Errorf("supervision text = %q", sup[0].Text)
		}
	}
	if !r.Facts.Empty() {
		t.Errorf("default role has facts %+v; the seed job description has none", r.Facts)
	}
}

func TestDefaultDuties(t *testing.T) {
	_, r := loadDefault(t)
	duties := r.Duties()
	if len(duties) != 20 {
		t.Fatalf("%d duties, want 20", len(duties))
	}
	prevLine := 0
	for i, d := range duties {
		n := i + 1
		if d.Number != n {
			t.Errorf("duty %d has Number %d", n, d.Number)
		}
		want := "Key duties and responsibilities"
		if n >= 18 {
			want = "Administration and professional responsibilities"
		}
		if d.Section != want {
			t.Errorf("duty %d Section = %q, want %q", n, d.Section, want)
		}
		if d.Line <= prevLine {
			t.Errorf("duty %d starts at line %d, not after the previous duty (line %d)", n, d.Line, prevLine)
		}
		prevLine = d.Line
		if got, ok := r.Duty(n); !ok || got.Text != d.Text {
			t.Errorf("Duty(%d) = %q, %v; want the %d-th duty", n, got.Text, ok, n)
		}
	}
	// Spot checks that the right text landed under the right number.
	spot := map[int]string{
		1:  "Lead on the systematic assessment, planning, implementation, and evaluation of occupational therapy interventions.",
		15: "Proactively use occupational analysis and formulation",
		18: "Demonstrate high standards of personal and professional development",
		20: "Maintains accurate, timely healthcare records appropriate to the consultation.",
	}
	for n, prefix := range spot {
		if d, _ := r.Duty(n); !strings.HasPrefix(d.Text, prefix) {
			t.Errorf("duty %d = %q, want it to start %q", n, d.Text, prefix)
		}
	}
}

func TestDefaultCriteria(t *testing.T) {
	_, r := loadDefault(t)

	wantAreas := []string{"Qualifications", "Knowledge", "Analytical skills", "Communication", "Personal attributes & abilities"}
	if got := r.Areas(); strings.Join(got, "|") != strings.Join(wantAreas, "|") {
		t.Errorf("Areas() = %q, want %q", got, wantAreas)
	}

	tests := []struct {
		area                 string
		essential, desirable int
	}{
		{"Qualifications", 3, 2},
		{"Knowledge", 6, 8},
		{"Analytical skills", 2, 3},
		{"Communication", 5, 3},
		{"Personal attributes & abilities", 5, 4},
	}
	total := 0
	for _, tt := range tests {
		t.Run(tt.area, func(t *testing.T) {
			e := r.Criteria(tt.area, corpus.Essential)
			d := r.Criteria(tt.area, corpus.Desirable)
			if len(e) != tt.essential || len(d) != tt.desirable {
				t.Errorf("%s: %d essential / %d desirable, want %d / %d", tt.area, len(e), len(d), tt.essential, tt.desirable)
			}
			all := r.Criteria(tt.area, "")
			if len(all) != len(e)+len(d) {
				t.Errorf("Criteria(%q, \"\") = %d items, want %d", tt.area, len(all), len(e)+len(d))
			}
			// The file lists essential criteria before desirable ones.
			for i, it := range all {
				wantLevel := corpus.Essential
				if i >= len(e) {
					wantLevel = corpus.Desirable
				}
				if it.Level != wantLevel {
					t.Errorf("criterion %d of %s has level %q, want %q", i+1, tt.area, it.Level, wantLevel)
				}
				if it.Section != "Person specification" || it.Area != tt.area {
					t.Errorf("criterion at line %d: Section %q Area %q", it.Line, it.Section, it.Area)
				}
			}
		})
		total += tt.essential + tt.desirable
	}
	if got := len(r.Criteria("", "")); got != total || got != 41 {
		t.Errorf("Criteria(\"\", \"\") = %d, want %d (41)", got, total)
	}
}

// criterionContaining returns the criteria whose text contains s.
func criterionContaining(r *corpus.Role, s string) []corpus.Item {
	var out []corpus.Item
	for _, it := range r.Of(corpus.Criterion) {
		if strings.Contains(it.Text, s) {
			out = append(out, it)
		}
	}
	return out
}

// TestDefaultStitchedItems checks the items the seed export split across
// page breaks, or ran together, came out whole and separate.
func TestDefaultStitchedItems(t *testing.T) {
	_, r := loadDefault(t)

	d3, ok := r.Duty(3)
	if !ok {
		t.Fatal("no duty 3")
	}
	if !strings.HasSuffix(d3.Text, "in collaboration with the third sector.") {
		t.Errorf("duty 3 = %q, want it to end %q", d3.Text, "in collaboration with the third sector.")
	}
	if !strings.Contains(d3.Text, "impact of the social determinants of health") {
		t.Errorf("duty 3 = %q, want it to contain %q", d3.Text, "impact of the social determinants of health")
	}
	if !strings.HasPrefix(d3.Text, "Co-create and select specifically graded") {
		t.Errorf("duty 3 = %q", d3.Text)
	}

	whole := []struct {
		name  string
		area  string
		level corpus.Level
		text  string
	}{
		{"Mental Capacity Act", "Knowledge", corpus.Desirable,
			"Extensive risk assessment experience including use of the Mental Health or Mental Capacity Act."},
		{"inspiring teams", "Communication", corpus.Essential,
			"Evidence of inspiring and motivating teams with the ability to communicate passionately, effectively, and persuasively across a diverse set of stakeholders."},
	}
	for _, tt := range whole {
		t.Run(tt.name, func(t *testing.T) {
			// Each half of the split text must be found in exactly one criterion, the whole one.
			words := strings.Fields(tt.text)
			half := len(words) / 2
			for _, piece := range []string{strings.Join(words[:half], " "), strings.Join(words[half:], " ")} {
				got := criterionContaining(r, piece)
				if len(got) != 1 {
					t.Fatalf("%d criteria contain %q, want 1", len(got), piece)
				}
				if got[0].Text != tt.text {
					t.Errorf("criterion = %q, want %q", got[0].Text, tt.text)
				}
				if got[0].Area != tt.area || got[0].Level != tt.level {
					t.Errorf("criterion is %s/%s, want %s/%s", got[0].Area, got[0].Level, tt.area, tt.level)
				}
			}
		})
	}

	// Bullets the export ran together without punctuation are separate criteria.
	pairs := []struct {
		name          string
		first, second string
		area          string
		level         corpus.Level
	}{
		{"social prescribing / health coaching",
			"Experience of working within a primary care setting and working with, for example, social prescribing services",
			"Health coaching, cognitive behavioural and motivational interviewing approaches / skills.",
			"Knowledge", corpus.Desirable},
		{"ACP / mentorship",
			"Relevant post registration qualifications such as first contact clinician or advanced clinical practitioner",
			"Mentorship or supervisory skills training.",
			"Qualifications", corpus.Desirable},
	}
	for _, tt := range pairs {
		t.Run(tt.name, func(t *testing.T) {
			a := criterionContaining(r, tt.first)
			b := criterionContaining(r, tt.second)
			if len(a) != 1 || len(b) != 1 {
				t.Fatalf("criteria containing first: %d, second: %d; want 1 each", len(a), len(b))
			}
			if a[0].Line == b[0].Line {
				t.Fatalf("both texts are in one criterion (line %d): %q", a[0].Line, a[0].Text)
			}
			if a[0].Text != tt.first || b[0].Text != tt.second {
				t.Errorf("got %q and %q, want %q and %q", a[0].Text, b[0].Text, tt.first, tt.second)
			}
			if strings.Contains(a[0].Text, tt.second) || strings.Contains(b[0].Text, tt.first) {
				t.Error("one criterion contains the other's text")
			}
			for _, it := range []corpus.Item{a[0], b[0]} {
				if it.Area != tt.area || it.Level != tt.level {
					t.Errorf("%q is %s/%s, want %s/%s", it.Text, it.Area, it.Level, tt.area, tt.level)
				}
			}
		})
	}
}

// seedPath is the export the default role was transcribed from, relative to
// this package's folder.
const seedPath = "../../shared/seed/job-description.txt"

var (
	htmlTag = regexp.MustCompile(`<[^>]*>`)
	spaces  = regexp.MustCompile(`\s+`)
)

// normaliseSeed strips the export's HTML tags and bullets and collapses white
// space, so that text the export wrapped or broke across pages compares
// equal to the corpus text.
func normaliseSeed(s string) string {
	s = htmlTag.ReplaceAllString(s, " ")
	s = strings.ReplaceAll(s, "•", " ")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	return strings.TrimSpace(spaces.ReplaceAllString(s, " "))
}

// inSeed reports whether text occurs in seed whole, or in two pieces split
// at a word boundary (a page break in the export): the longest prefix that
// occurs, and then the rest.
func inSeed(seed, text string) (ok bool, why string) {
	if strings.Contains(seed, text) {
		return true, ""
	}
	words := strings.Fields(text)
	if len(words) == 0 {
		return false, "empty text"
	}
	k := 0
	for i := len(words) - 1; i >= 1; i-- {
		if strings.Contains(seed, strings.Join(words[:i], " ")) {
			k = i
			break
		}
	}
	if k == 0 {
		return false, fmt.Sprintf("not even its first word %q is in the seed", words[0])
	}
	rest := strings.Join(words[k:], " ")
	if strings.Contains(seed, rest) {
		return true, ""
	}
	return false, fmt.Sprintf("the seed has %q but not the rest: %q", strings.Join(words[:k], " "), rest)
}

func readSeed(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(seedPath)
	if os.IsNotExist(err) {
		t.Skipf("seed export %s is absent; nothing to compare the default role with", seedPath)
	}
	if err != nil {
		t.Fatalf("read seed: %v", err)
	}
	return normaliseSeed(string(b))
}

func TestNormaliseSeed(t *testing.T) {
	in := "a\tb  <ul style=\"list-style-type: none\"> • c\n\n<p>d</p>\te"
	if got, want := normaliseSeed(in), "a b c d e"; got != want {
		t.Errorf("normaliseSeed = %q, want %q", got, want)
	}
	tests := []struct {
		seed, text string
		want       bool
	}{
		{"one two three", "two three", true},
		{"one two X three four", "one two three four", true},
		{"one two X three Y four", "one two three four", false},
		{"one two", "zero", false},
	}
	for _, tt := range tests {
		if got, _ := inSeed(tt.seed, tt.text); got != tt.want {
			t.Errorf("inSeed(%q, %q) = %v, want %v", tt.seed, tt.text, got, tt.want)
		}
	}
}

// TestDefaultFaithfulToSeed checks the default role says what the seed
// export says: every item's text is in the seed verbatim (allowing for one
// page break), and so is every numbered duty with its number.
func TestDefaultFaithfulToSeed(t *testing.T) {
	seed := readSeed(t)
	_, r := loadDefault(t)

	if ok, why := inSeed(seed, r.Title); !ok {
		t.Errorf("title %q: %s", r.Title, why)
	}
	for _, p := range r.Intro {
		if ok, why := inSeed(seed, p); !ok {
			t.Errorf("introduction paragraph %q: %s", p, why)
		}
	}
	// Only the two criteria the export broke across a page need two pieces;
	// the page break inside duty 3 is just white space once normalised.
	split := map[string]bool{
		"Extensive risk assessment experience including use of the Mental Health or Mental Capacity Act.":                                                              true,
		"Evidence of inspiring and motivating teams with the ability to communicate passionately, effectively, and persuasively across a diverse set of stakeholders.": true,
	}
	for _, it := range r.Items {
		if ok, why := inSeed(seed, it.Text); !ok {
			t.Errorf("%s at line %d %q: %s", it.Kind, it.Line, it.Text, why)
		}
		if whole := strings.Contains(seed, it.Text); whole == split[it.Text] {
			t.Errorf("%s at line %d %q: in the seed whole = %v, want %v", it.Kind, it.Line, it.Text, whole, !split[it.Text])
		}
	}
	for n := 1; n <= 20; n++ {
		d, ok := r.Duty(n)
		if !ok {
			t.Errorf("no duty %d", n)
			continue
		}
		numbered := fmt.Sprintf("%d. %s", n, d.Text)
		if ok, why := inSeed(seed, numbered); !ok {
			t.Errorf("duty %q: %s", numbered, why)
		}
	}
	// And the other way round: the seed has no more numbered duties than the role.
	if got := len(regexp.MustCompile(`(?m)^\d+\. `).FindAllString(mustRead(t, seedPath), -1)); got != len(r.Duties()) {
		t.Errorf("seed has %d numbered duties, role has %d", got, len(r.Duties()))
	}
}

func mustRead(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
