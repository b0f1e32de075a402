package index_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
	"github.com/recruitbot/recruitbot/index"
	"github.com/recruitbot/recruitbot/internal/rolegen"
)

func load(t testing.TB) *corpus.Corpus {
	t.Helper()
	c, err := corpus.Load(corpus.Default())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func build(t testing.TB, c *corpus.Corpus, opts index.Options) *index.Index {
	t.Helper()
	ix, err := index.Build(c, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func top(t *testing.T, ix *index.Index, req bot.SearchRequest) bot.Hit {
	t.Helper()
	hits, err := ix.Search(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatalf("%q: no hits", req.Text)
	}
	return hits[0]
}

func TestOneDocumentPerItem(t *testing.T) {
	c := load(t)
	ix := build(t, c, index.Options{})
	if got, want := ix.DocCount(), len(c.Roles[0].Items); got != want {
		t.Errorf("DocCount = %d, want %d (one per scope paragraph, duty, supervision and criterion)", got, want)
	}
}

func TestSearchAnalysis(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	for _, c := range []struct{ name, q, want string }{
		{"stemming", "supervise", "clinical supervision"},
		{"registered/registration", "hcpc registered", "(HCPC) registration"},
		{"synonym elderly", "elderly", "older adults"},
		{"synonym loneliness", "loneliness", "social isolation"},
		{"abbreviation GDPR", "data protection", "GDPR"},
		{"abbreviation MDT", "mdt", "multi-disciplinary team"},
		{"closed compound", "multitask", "multi-task"},
		{"misspelling", "motivationl interveiwing", "motivational interviewing"},
		{"UK/US spelling", "behavioural risk", "behavioral risk factors"},
		{"words side by side", "patient groups", "agreed patient groups"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := top(t, ix, bot.SearchRequest{Text: c.q})
			if !strings.Contains(h.Item.Text, c.want) {
				t.Errorf("%q: top hit %q, want one containing %q", c.q, h.Item.Text, c.want)
			}
			if h.Coverage < 0.5 {
				t.Errorf("%q: coverage %.2f for a full match", c.q, h.Coverage)
			}
		})
	}
}

// TestEverydayWordsWeighLess: a word no item has sinks a question less when
// it is one of the verbs and adverbs people wrap questions in ("pick it up
// as I go") than when it names a thing ("children") or is a term of the
// trade.
func TestEverydayWordsWeighLess(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	cov := func(q string) float64 {
		hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: q})
		if err != nil || len(hits) == 0 {
			t.Fatalf("%q: %v %d hits", q, err, len(hits))
		}
		return hits[0].Coverage
	}
	wrapped, named, trade := cov("hcpc registration starting pick"), cov("hcpc registration children crocodile"), cov("hcpc registration dysphagia zzyzx")
	if wrapped <= named || wrapped <= trade {
		t.Errorf("coverage with everyday verbs %.2f, with nouns %.2f, with trade terms %.2f: the verbs should weigh least", wrapped, named, trade)
	}
	if wrapped < bot.DefaultPolicy.MinCoverage {
		t.Errorf("everyday verbs still sink the question: coverage %.2f", wrapped)
	}
}

// TestPhraseWordsApartAreWeak: a phrase matches an item fully where its
// words are side by side; scattered, they match weakly, and an item matched
// only weakly is not direct evidence.
func TestPhraseWordsApartAreWeak(t *testing.T) {
	dir := t.TempDir()
	role := "---\nid: nurse\ntitle: Nurse\n---\n\n# Nurse\n\n## Key duties\n\n1. Assess and dress wounds, and manage leg ulcers.\n2. Provide mental health occupational support to staff.\n3. Keep records.\n"
	syn := "leg ulcer management, leg ulcer care\noccupational health, occ health\n"
	if err := os.WriteFile(filepath.Join(dir, "nurse.md"), []byte(role), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, corpus.SynonymsFile), []byte(syn), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := corpus.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := build(t, c, index.Options{})
	h := top(t, ix, bot.SearchRequest{Text: "leg ulcer management"})
	if h.Item.Number != 1 || h.Direct <= 0 {
		t.Errorf("\"manage leg ulcers\" should match \"leg ulcer management\" directly: %+v", h)
	}
	h = top(t, ix, bot.SearchRequest{Text: "occupational health"})
	if h.Direct > 0 {
		t.Errorf("\"health occupational\" matched \"occupational health\" directly: %+v", h)
	}
}

// TestWordsTheAnalysisWouldLose: "IT" in capitals is information
// technology, not the stop word "it", "IR(ME)R" is found as "IRMER", and
// "C++" as the question writes it (bot.SpellSigns).
func TestWordsTheAnalysisWouldLose(t *testing.T) {
	dir := t.TempDir()
	role := "---\nid: tech\ntitle: Technician\n---\n\n# Technician\n\n## Key duties\n\n1. Work to IR(ME)R and local rules.\n2. Keep it tidy.\n3. Support users with C# and C++ tools.\n4. Work with the SLT and the wider team.\n\n## Person specification\n\n### Skills\n\n- Essential: IT skills to complete electronic records.\n- Essential: Able to use it safely.\n"
	if err := os.WriteFile(filepath.Join(dir, "tech.md"), []byte(role), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := corpus.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix := build(t, c, index.Options{})
	for q, want := range map[string]string{
		"information technology": "IT skills",
		"computer skills":        "IT skills",
		"irmer":                  "IR(ME)R",
		"cplusplus":              "C++",
		"SLTs":                   "SLT",
	} {
		h := top(t, ix, bot.SearchRequest{Text: q})
		if !strings.Contains(h.Item.Text, want) || h.Direct <= 0 || h.Coverage < 0.5 {
			t.Errorf("%q: top hit %q (coverage %.2f, direct %.2f), want %q matched directly", q, h.Item.Text, h.Coverage, h.Direct, want)
		}
	}
}

func TestCoverageAndUnknownWords(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: "experience children"})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range hits {
		if h.Coverage >= 0.5 {
			t.Errorf("an item matching only 'experience' should not cover 'children': %.2f %q", h.Coverage, h.Item.Text)
		}
		if len(h.Unknown) != 1 || h.Unknown[0] != "children" {
			t.Errorf("Unknown = %v", h.Unknown)
		}
	}
}

func TestFilters(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	hits, err := ix.Search(context.Background(), bot.SearchRequest{Text: "older adults", Kinds: []corpus.Kind{corpus.Criterion},
		Area: "Knowledge", Level: corpus.Desirable, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	for _, h := range hits {
		if h.Item.Kind != corpus.Criterion || h.Item.Area != "Knowledge" || h.Item.Level != corpus.Desirable {
			t.Errorf("filter let through %s %s %s", h.Item.Kind, h.Item.Area, h.Item.Level)
		}
	}
	if hits, _ := ix.Search(context.Background(), bot.SearchRequest{Text: "hcpc", RoleIDs: []string{"no-such-role"}}); len(hits) != 0 {
		t.Errorf("role filter: %d hits", len(hits))
	}
}

// TestQuerySyntaxIsText: Bleve query-string syntax in a question is just
// text; it can neither fail the search nor change its meaning.
func TestQuerySyntaxIsText(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	for _, q := range []string{`+hcpc -registration`, `text:hcpc`, `"hcpc`, `hcp*`, `(hcpc`, `hcpc~2`, `hcpc^10`, `/.*/`, `+ - : " * ( ~ ^`, `\`, `{}[]`, ``} {
		if _, err := ix.Search(context.Background(), bot.SearchRequest{Text: q}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	a := top(t, ix, bot.SearchRequest{Text: "hcpc registration"})
	b := top(t, ix, bot.SearchRequest{Text: `+hcpc -registration`})
	if a.Item.Text != b.Item.Text {
		t.Errorf("'-registration' changed the result: %q vs %q", a.Item.Text, b.Item.Text)
	}
}

func TestHugeQueryIsBounded(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	if _, err := ix.Search(context.Background(), bot.SearchRequest{Text: strings.Repeat("hcpc registration older adults ", 10000)}); err != nil {
		t.Fatal(err)
	}
}

func TestFragmentIsBestSentence(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	h := top(t, ix, bot.SearchRequest{Text: "triage emergency referrals"})
	if h.Fragment != "It will also include triage and coordination of emergency referrals." {
		t.Errorf("fragment %q", h.Fragment)
	}
}

// TestOnDisk: with a directory the index survives a restart, and a changed
// corpus rebuilds it.
func TestOnDisk(t *testing.T) {
	dir := t.TempDir()
	c := load(t)
	ix, err := index.Build(c, index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !ix.Rebuilt {
		t.Error("first build should build")
	}
	want := top(t, ix, bot.SearchRequest{Text: "hcpc registration"}).Item.Text
	ix.Close()

	ix, err = index.Build(c, index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if ix.Rebuilt {
		t.Error("same corpus should reuse the index on disk")
	}
	if got := top(t, ix, bot.SearchRequest{Text: "hcpc registration"}).Item.Text; got != want {
		t.Errorf("reopened index answers %q, want %q", got, want)
	}
	ix.Close()

	c.Roles[0].Items = append(c.Roles[0].Items, corpus.Item{Kind: corpus.Scope, Section: "Job scope", Text: "Applicants must enjoy gardening."})
	ix, err = index.Build(c, index.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Rebuilt {
		t.Error("a changed corpus should rebuild")
	}
	if h := top(t, ix, bot.SearchRequest{Text: "gardening"}); !strings.Contains(h.Item.Text, "gardening") {
		t.Errorf("rebuilt index misses the new item: %q", h.Item.Text)
	}
}

func BenchmarkBuild(b *testing.B) {
	c := load(b)
	b.ReportAllocs()
	for b.Loop() {
		ix, err := index.Build(c, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		ix.Close()
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := build(b, load(b), index.Options{})
	qs := []string{"hcpc registered", "older adults", "motivational interviewing", "audits", "triage emergency referrals", "salary"}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := ix.Search(ctx, bot.SearchRequest{Text: qs[i%len(qs)]}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestMisspellings(t *testing.T) {
	ix := build(t, load(t), index.Options{})
	for q, want := range map[string]string{
		"hcpc registraton":   "(HCPC) registration",
		"mentorhsip":         "Mentorship",
		"assistve technolgy": "assistive technology",
		"confidentality":     "confidentiality",
	} {
		h := top(t, ix, bot.SearchRequest{Text: q})
		if !strings.Contains(h.Item.Text, want) || h.Coverage < 0.5 {
			t.Errorf("%q: top %q (coverage %.2f), want %q", q, h.Item.Text, h.Coverage, want)
		}
	}
}

// BenchmarkBuild1000Roles builds the index for 1,000 roles made from the
// real one, and reports the heap the built index holds.
func BenchmarkBuild1000Roles(b *testing.B) {
	base := load(b)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 1000), Synonyms: base.Synonyms}
	var heap uint64
	b.ReportAllocs()
	for b.Loop() {
		runtime.GC()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		ix, err := index.Build(c, index.Options{})
		if err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		heap = after.HeapAlloc - min(before.HeapAlloc, after.HeapAlloc)
		ix.Close()
	}
	b.ReportMetric(float64(heap)/(1<<20), "MB-held")
}

// BenchmarkSearch1000Roles searches one role among 1,000.
func BenchmarkSearch1000Roles(b *testing.B) {
	base := load(b)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 1000), Synonyms: base.Synonyms}
	ix := build(b, c, index.Options{})
	qs := []string{"hcpc registered", "older adults", "motivational interviewing", "audits", "triage emergency referrals", "salary"}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		role := c.Roles[i%len(c.Roles)].ID
		if _, err := ix.Search(ctx, bot.SearchRequest{Text: qs[i%len(qs)], RoleIDs: []string{role}}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReuse: rebuilding after an edit to one role shares the other roles'
// indexes, and closing the old index leaves the new one working.
func TestReuse(t *testing.T) {
	base := load(t)
	c := &corpus.Corpus{Roles: rolegen.Roles(base.Roles[0], 3), Synonyms: base.Synonyms}
	old, err := index.Build(c, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	edited := *c.Roles[1]
	edited.Items = append([]corpus.Item{{Kind: corpus.Scope, Section: "Job scope", Text: "Applicants must enjoy gardening."}}, edited.Items...)
	c2 := &corpus.Corpus{Roles: []*corpus.Role{c.Roles[0], &edited, c.Roles[2]}, Synonyms: c.Synonyms}
	ix, err := index.Build(c2, index.Options{Reuse: old})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if !ix.Rebuilt {
		t.Error("the edited role should be rebuilt")
	}
	old.Close()
	for _, r := range c2.Roles {
		h := top(t, ix, bot.SearchRequest{Text: "hcpc registration", RoleIDs: []string{r.ID}})
		if h.RoleID != r.ID || !strings.Contains(h.Item.Text, "(HCPC) registration") {
			t.Errorf("%s after the old index closed: %+v", r.ID, h)
		}
	}
	if h := top(t, ix, bot.SearchRequest{Text: "gardening", RoleIDs: []string{edited.ID}}); !strings.Contains(h.Item.Text, "gardening") {
		t.Errorf("edited role misses its new item")
	}
	if hits, _ := ix.Search(context.Background(), bot.SearchRequest{Text: "gardening", RoleIDs: []string{c.Roles[0].ID}}); len(hits) > 0 && hits[0].Coverage > 0 {
		t.Errorf("an unedited role found the edit: %+v", hits[0])
	}
}

// TestOnDiskDamaged: a role's index on disk that no longer opens is built
// again when the role is first searched.
func TestOnDiskDamaged(t *testing.T) {
	dir := t.TempDir()
	c := load(t)
	ix := build(t, c, index.Options{Dir: dir})
	want := top(t, ix, bot.SearchRequest{Text: "hcpc registration"}).Item.Text
	ix.Close()
	stores, err := filepath.Glob(filepath.Join(dir, "*", "bleve"))
	if err != nil || len(stores) != 1 {
		t.Fatalf("stores %v, %v", stores, err)
	}
	if err := os.RemoveAll(stores[0]); err != nil {
		t.Fatal(err)
	}
	ix = build(t, c, index.Options{Dir: dir})
	if got := top(t, ix, bot.SearchRequest{Text: "hcpc registration"}).Item.Text; got != want {
		t.Errorf("after rebuilding a damaged index: %q, want %q", got, want)
	}
}
