package slack

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	slackapi "github.com/slack-go/slack"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

// checkLimits fails if any message breaks one of Slack's limits.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	if len(msgs) == 0 || len(msgs) > maxMessages {
		t.Fatalf("%d messages, want 1 to %d", len(msgs), maxMessages)
	}
	for i, m := range msgs {
		if n := len(m.Blocks); n == 0 || n > maxBlocks {
			t.Errorf("message %d: %d blocks", i, n)
		}
		if n := utf8.RuneCountInString(m.Text); n == 0 || n > maxFallbackText {
			t.Errorf("message %d: fallback of %d characters", i, n)
		}
		for j, b := range m.Blocks {
			switch b := b.(type) {
			case *slackapi.SectionBlock:
				if b.Text != nil {
					if err := b.Text.Validate(); err != nil {
						t.Errorf("message %d block %d: %v", i, j, err)
					}
				}
				if len(b.Fields) > maxFields {
					t.Errorf("message %d block %d: %d fields", i, j, len(b.Fields))
				}
				for _, f := range b.Fields {
					if n := utf8.RuneCountInString(f.Text); n > maxFieldText {
						t.Errorf("message %d block %d: field of %d characters", i, j, n)
					}
				}
				if b.Text == nil && len(b.Fields) == 0 {
					t.Errorf("message %d block %d: empty section", i, j)
				}
			case *slackapi.ContextBlock:
				for _, e := range b.ContextElements.Elements {
					if err := e.(*slackapi.TextBlockObject).Validate(); err != nil {
						t.Errorf("message %d block %d: %v", i, j, err)
					}
				}
			case *slackapi.HeaderBlock:
				if n := utf8.RuneCountInString(b.Text.Text); n > maxHeaderText {
					t.Errorf("message %d block %d: header of %d characters", i, j, n)
				}
			default:
				t.Errorf("message %d block %d: unexpected %T", i, j, b)
			}
		}
		if _, err := json.Marshal(m.Blocks); err != nil {
			t.Errorf("message %d: %v", i, err)
		}
	}
}

// sectionTexts is the text of every section, in order.
func sectionTexts(msgs []message) []string {
	var out []string
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if s, ok := b.(*slackapi.SectionBlock); ok && s.Text != nil {
				out = append(out, s.Text.Text)
			}
		}
	}
	return out
}

func contextTexts(msgs []message) []string {
	var out []string
	for _, m := range msgs {
		for _, b := range m.Blocks {
			if c, ok := b.(*slackapi.ContextBlock); ok {
				for _, e := range c.ContextElements.Elements {
					out = append(out, e.(*slackapi.TextBlockObject).Text)
				}
			}
		}
	}
	return out
}

var hcpc = bot.Citation{
	RoleID: "ot", Role: "Occupational Therapist", Kind: corpus.Criterion,
	Area: "Qualifications", Level: corpus.Essential,
	Text: "Health & Care Professions Council (HCPC) registration.",
}

func duty(n int, text string) bot.Citation {
	return bot.Citation{RoleID: "ot", Role: "Occupational Therapist", Kind: corpus.Duty, Number: n, Text: text}
}

func lead(s string) bot.Block { return bot.Block{Kind: bot.BlockLead, Text: s} }

func quote(c bot.Citation) bot.Block { return bot.Block{Kind: bot.BlockQuote, Text: c.Text, Cite: &c} }

func TestRenderAnswerWithQuote(t *testing.T) {
	msgs := render(bot.Answer{Answered: true, Citations: []bot.Citation{hcpc},
		Text: "Yes, it's Essential (Qualifications). The person specification says: “Health & Care…”",
		Body: []bot.Block{lead("Yes, it's Essential (Qualifications). The person specification says:"), quote(hcpc)}})
	checkLimits(t, msgs)
	if len(msgs) != 1 || len(msgs[0].Blocks) != 3 {
		t.Fatalf("got %d messages, %d blocks; want 1 message of a lead, a quote and its label", len(msgs), len(msgs[0].Blocks))
	}
	want := []string{"Yes, it's Essential (Qualifications). The person specification says:",
		"> Health &amp; Care Professions Council (HCPC) registration."}
	if got := sectionTexts(msgs); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections = %q, want %q", got, want)
	}
	if got := contextTexts(msgs); len(got) != 1 || got[0] != "*Qualifications · Essential*" {
		t.Errorf("small print = %q, want the label", got)
	}
	if !strings.Contains(msgs[0].Text, "Yes, it's Essential") || !strings.Contains(msgs[0].Text, "*Qualifications · Essential*") {
		t.Errorf("fallback lacks the answer or the citation: %q", msgs[0].Text)
	}
	// Verbatim keeps Slack from turning names in the text into links.
	s := msgs[0].Blocks[0].(*slackapi.SectionBlock)
	if s.Text.Type != slackapi.MarkdownType || !s.Text.Verbatim {
		t.Errorf("section text is %s verbatim=%v, want verbatim mrkdwn", s.Text.Type, s.Text.Verbatim)
	}
}

// TestRenderReadsOnlyTheBody: the intent, lead, posting and citations of
// an answer are for logs and plain-text adapters; two answers with one
// body look the same in Slack whatever those say.
func TestRenderReadsOnlyTheBody(t *testing.T) {
	body := []bot.Block{lead("It's Essential:"), quote(hcpc)}
	a := render(bot.Answer{Intent: bot.IntentRequirement, Text: "x", Body: body})
	b := render(bot.Answer{Intent: bot.IntentCheck, Lead: "something else", Text: "y", Body: body,
		Posting: &bot.Posting{Title: "Another role"}, Citations: []bot.Citation{hcpc, hcpc}})
	ja, _ := json.Marshal(a[0].Blocks)
	jb, _ := json.Marshal(b[0].Blocks)
	if string(ja) != string(jb) {
		t.Errorf("the same body rendered differently:\n%s\n%s", ja, jb)
	}
}

func TestRenderRoleOnlyWhenSeveral(t *testing.T) {
	other := hcpc
	other.Role = "Physiotherapist"
	got := contextTexts(render(bot.Answer{Body: []bot.Block{quote(hcpc), quote(other)}}))
	if len(got) != 2 || got[0] != "*Qualifications · Essential · Occupational Therapist*" || got[1] != "*Qualifications · Essential · Physiotherapist*" {
		t.Errorf("citations from two roles should name the role: %q", got)
	}
	got = contextTexts(render(bot.Answer{Body: []bot.Block{quote(hcpc)}}))
	if len(got) != 1 || strings.Contains(got[0], "Occupational") {
		t.Errorf("a citation from the only role need not name it: %q", got)
	}
}

func TestRenderEscapesControlSequences(t *testing.T) {
	evil := "<!everyone> <@U123> <https://evil.example|click> & &lt;"
	c := hcpc
	c.Text, c.Area = evil, evil
	msgs := render(bot.Answer{Body: []bot.Block{lead(evil), quote(c),
		{Kind: bot.BlockList, Text: evil, Lines: []bot.Line{{Group: evil, Text: evil}, {Text: evil, Cite: &c}}},
		{Kind: bot.BlockCheck, Text: evil, Lines: []bot.Line{{Text: evil, Said: evil, Met: true, Cite: &c}}},
		{Kind: bot.BlockFact, Text: evil, Cite: &c},
		{Kind: bot.BlockNote, Text: evil, Related: []bot.Citation{c}},
		{Kind: bot.BlockPosting, Posting: &bot.Posting{Title: evil, Summary: evil,
			Duties: []bot.PostingGroup{{Name: evil, Lines: []string{evil}}}, Facts: []bot.PostingFact{{Label: evil, Value: evil}}}},
	}})
	checkLimits(t, msgs)
	texts := append(sectionTexts(msgs), contextTexts(msgs)...)
	for _, m := range msgs {
		texts = append(texts, m.Text)
		for _, b := range m.Blocks {
			if s, ok := b.(*slackapi.SectionBlock); ok {
				for _, f := range s.Fields {
					texts = append(texts, f.Text)
				}
			}
		}
	}
	for _, s := range texts {
		// The only '>' of our own starts a block quote's line.
		s = regexp.MustCompile(`(?m)^> `).ReplaceAllString(s, "")
		if strings.ContainsAny(strings.NewReplacer("&amp;", "", "&lt;", "", "&gt;", "").Replace(s), "<>&") {
			t.Errorf("unescaped control character in %q", s)
		}
	}
	if got := sectionTexts(msgs)[0]; got != "&lt;!everyone&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; &amp;lt;" {
		t.Errorf("section = %q", got)
	}
}

func TestRenderSplitsLongAnswer(t *testing.T) {
	para := strings.Repeat("Applicants must show evidence of <clinical> reasoning & reflection. ", 30) // ~2,000 characters
	text := strings.TrimSpace(strings.Repeat(para+"\n\n", 15))                                         // ~30,000 characters
	body := []bot.Block{lead(text)}
	for i := range 40 {
		c := duty(i+1, "Lead on the assessment & evaluation of care.")
		if i == 6 {
			c.Text = strings.TrimSpace(strings.Repeat("a duty & more ", 300)) // longer than a section allows
		}
		body = append(body, quote(c))
	}
	msgs := render(bot.Answer{Text: text, Body: body})
	checkLimits(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("a long answer should take several messages, got %d", len(msgs))
	}
	// Nothing of the answer is lost but white space at the cuts.
	secs := sectionTexts(msgs)
	var joined strings.Builder
	for _, s := range secs {
		if strings.HasPrefix(s, "> ") {
			break
		}
		joined.WriteString(s)
	}
	if got, want := strip(joined.String()), strip(escape(text)); got != want {
		t.Errorf("the split answer differs from the answer (%d vs %d characters)", len(got), len(want))
	}
	for _, s := range secs {
		if strings.HasSuffix(s, "&am") || strings.HasPrefix(s, "p;") {
			t.Errorf("an escape sequence was cut in two: …%q", s[max(0, len(s)-10):])
		}
	}
	ctx := contextTexts(msgs)
	if len(ctx) != 40 || ctx[6] != "*Key duty 7*" {
		t.Fatalf("%d labels rendered (the 7th %q), want 40", len(ctx), ctx[6])
	}
	var long strings.Builder
	for _, s := range secs {
		if strings.HasPrefix(s, "> ") && strings.Contains(s, "a duty &amp; more") {
			long.WriteString(strings.TrimPrefix(s, "> "))
		}
	}
	for _, s := range secs {
		if n := chars(s); n > maxSectionText {
			t.Errorf("a section of %d characters", n)
		}
	}
	if got, want := strip(long.String()), strip(escape(body[7].Text)); got != want {
		t.Errorf("a long quote should continue whole in a further section: %d vs %d characters", len(got), len(want))
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestRenderTooLongIsCutShort(t *testing.T) {
	var body []bot.Block
	for i := range 400 {
		body = append(body, quote(duty(i+1, "duty")))
	}
	msgs := render(bot.Answer{Text: "many", Body: body})
	checkLimits(t, msgs)
	last := msgs[len(msgs)-1]
	if len(msgs) != maxMessages || !strings.Contains(last.Text, "cut short") {
		t.Errorf("%d messages, last fallback ends %q; want %d and a note", len(msgs), last.Text[len(last.Text)-40:], maxMessages)
	}
}

func TestRenderEmptyAnswerIsNotSilent(t *testing.T) {
	for _, a := range []bot.Answer{{}, {Body: []bot.Block{lead("  ")}}, {Body: []bot.Block{{Kind: bot.BlockList}}}} {
		msgs := render(a)
		checkLimits(t, msgs)
		if got := sectionTexts(msgs); len(got) != 1 || got[0] == "" {
			t.Errorf("an empty answer should still say something: %q", got)
		}
	}
}

func TestRenderBodilessAnswerShowsItsText(t *testing.T) {
	// The adapter's own notices are answers with text and no body.
	msgs := render(bot.Answer{Text: "Only recruiters can post the role summary."})
	if got := sectionTexts(msgs); len(got) != 1 || got[0] != "Only recruiters can post the role summary." {
		t.Errorf("sections = %q", got)
	}
}

func TestRenderPosting(t *testing.T) {
	p := &bot.Posting{
		Title:   strings.Repeat("Occupational Therapist ", 10), // longer than a header allows
		Summary: "Work across primary care & the community.",
		Duties: []bot.PostingGroup{
			{Name: "Clinical", Lines: []string{"Assess patients", "Plan <treatment>"}},
			{Name: "Long", Lines: []string{strings.Repeat("x", 2500), strings.Repeat("y", 2500), ""}},
		},
		Essential: []bot.PostingGroup{{Name: "Qualifications", Lines: []string{"HCPC registration"}}},
	}
	for i := range 12 {
		p.Facts = append(p.Facts, bot.PostingFact{Label: "Fact", Value: strings.Repeat("v", i*300)})
	}
	msgs := render(bot.Answer{Answered: true, Text: "plain version", Body: []bot.Block{{Kind: bot.BlockPosting, Posting: p}},
		Citations: []bot.Citation{hcpc, hcpc}})
	checkLimits(t, msgs)
	blocks := msgs[0].Blocks
	h, ok := blocks[0].(*slackapi.HeaderBlock)
	if !ok || !strings.HasPrefix(h.Text.Text, "Occupational Therapist") || !strings.HasSuffix(h.Text.Text, "…") {
		t.Fatalf("first block %#v, want a shortened header", blocks[0])
	}
	texts := sectionTexts(msgs)
	want := []string{
		"Work across primary care &amp; the community.",
		"*Key duties · Clinical*\n• Assess patients\n• Plan &lt;treatment&gt;",
		"*Key duties · Long*\n• " + strings.Repeat("x", 2500),
		"*Key duties · Long*\n• " + strings.Repeat("y", 2500),
		"*Essential · Qualifications*\n• HCPC registration",
	}
	if len(texts) != len(want) {
		t.Fatalf("sections %q, want %q", texts, want)
	}
	for i := range want {
		if texts[i] != want[i] {
			t.Errorf("section %d = %.60q, want %.60q", i, texts[i], want[i])
		}
	}
	var fields int
	for _, b := range blocks {
		if s, ok := b.(*slackapi.SectionBlock); ok {
			fields += len(s.Fields)
		}
	}
	if fields != 12 {
		t.Errorf("%d fact fields, want 12 in two sections", fields)
	}
	if got := contextTexts(msgs); len(got) != 1 || !strings.HasPrefix(got[0], "Summarised from the Occupational Therapist") {
		t.Errorf("small print under a posting: %q", got)
	}
	if strings.Contains(msgs[0].Text, "plain version") {
		t.Errorf("the posting replaces the plain text, but the fallback has it")
	}
}

func TestTruncateEscaped(t *testing.T) {
	if got := truncateEscaped("abc &amp; def", 7); got != "abc …" {
		t.Errorf("got %q", got)
	}
	if got := truncateEscaped("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
}

func TestRenderList(t *testing.T) {
	c1, c2 := hcpc, hcpc
	c2.Level, c2.Text = corpus.Desirable, "Masters degree"
	d3 := duty(3, "Co-create interventions.")
	msgs := render(bot.Answer{Body: []bot.Block{
		lead("The person specification has 2 criteria:"),
		{Kind: bot.BlockList, Lines: []bot.Line{
			{Group: "Qualifications", Text: c1.Text + " (Essential)", Cite: &c1},
			{Group: "Qualifications", Text: "Masters degree (Desirable)", Cite: &c2},
		}},
		{Kind: bot.BlockList, Text: "Duties", Lines: []bot.Line{{Text: "Co-create interventions.", Cite: &d3}}},
		{Kind: bot.BlockList, Text: "You can ask:", Lines: []bot.Line{{Text: "for a summary"}}},
	}})
	checkLimits(t, msgs)
	want := []string{
		"The person specification has 2 criteria:",
		"*Qualifications · Essential*\n• Health &amp; Care Professions Council (HCPC) registration.",
		"*Qualifications · Desirable*\n• Masters degree",
		"*Duties*",
		"3. Co-create interventions.",
		"*You can ask:*",
		"• for a summary",
	}
	if got := sectionTexts(msgs); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections:\n%q\nwant\n%q", got, want)
	}
}

func TestRenderSelfCheckShowsEveryRow(t *testing.T) {
	gdpr := bot.Citation{Kind: corpus.Criterion, Role: hcpc.Role, Area: "Knowledge", Level: corpus.Essential, Text: "GDPR"}
	msgs := render(bot.Answer{Answered: true, Body: []bot.Block{
		lead("Self-check: your description addresses 1 of 2 Essential criteria."),
		{Kind: bot.BlockCheck, Text: "Essential criteria", Lines: []bot.Line{
			{Group: "Qualifications", Text: "HCPC", Cite: &hcpc, Met: true, Said: "HCPC registered"},
			{Group: "Knowledge", Text: "GDPR", Cite: &gdpr},
		}},
		{Kind: bot.BlockNote, Text: "This is a guide, not a screening decision."},
	}})
	checkLimits(t, msgs)
	want := []string{
		"Self-check: your description addresses 1 of 2 Essential criteria.",
		"*Essential criteria*",
		"*Qualifications · Essential*\n✓ HCPC (you said: “HCPC registered”)",
		"*Knowledge · Essential*\n✗ GDPR (not mentioned)",
	}
	if got := sectionTexts(msgs); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sections:\n%q\nwant\n%q", got, want)
	}
	if got := contextTexts(msgs); len(got) != 1 || got[0] != "This is a guide, not a screening decision." {
		t.Errorf("the guide should be small print: %q", got)
	}
}

func TestRenderFactAndNote(t *testing.T) {
	salary := bot.Citation{Kind: corpus.Fact, Area: "Salary", Role: hcpc.Role, Text: "£35,392"}
	d7 := duty(7, "risk")
	msgs := render(bot.Answer{Answered: true, Body: []bot.Block{
		{Kind: bot.BlockFact, Text: "Salary for the Occupational Therapist role: £35,392.", Cite: &salary},
		{Kind: bot.BlockNote, Text: "See also Key duty 7.", Related: []bot.Citation{d7, d7, hcpc}},
	}})
	if got := sectionTexts(msgs); len(got) != 1 || got[0] != "Salary for the Occupational Therapist role: £35,392." {
		t.Errorf("sections = %q", got)
	}
	// The note names each item once: Key duty 7 is in its text already.
	want := []string{"*Recruiter note · Salary*", "See also Key duty 7. Also: Qualifications · Essential."}
	if got := contextTexts(msgs); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("small print = %q, want %q", got, want)
	}
}

// TestRenderQuoteFitsWithItsMarks: every line of a block quote starts with
// "> ", which counts against the section's limit.
func TestRenderQuoteFitsWithItsMarks(t *testing.T) {
	for _, text := range []string{strings.Repeat("x", 5999), strings.Repeat("a\n", 2000), strings.Repeat("&", 1500)} {
		c := hcpc
		c.Text = text
		msgs := render(bot.Answer{Body: []bot.Block{quote(c)}})
		checkLimits(t, msgs)
		var got strings.Builder
		for _, s := range sectionTexts(msgs) {
			got.WriteString(strings.ReplaceAll(strings.TrimPrefix(s, "> "), "\n> ", "\n"))
		}
		if strip(got.String()) != strip(escape(text)) {
			t.Errorf("a quote of %d characters was not carried over whole", len(text))
		}
	}
}
