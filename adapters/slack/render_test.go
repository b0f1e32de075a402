package slack

import (
	"encoding/json"
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

func TestRenderAnswerWithCitation(t *testing.T) {
	msgs := render(bot.Answer{Intent: bot.IntentRequirement, Answered: true,
		Text: "Yes: HCPC registration is essential.\nQualifications · Essential: Health & Care…",
		Lead: "Yes: HCPC registration is essential.", Citations: []bot.Citation{hcpc}})
	checkLimits(t, msgs)
	if len(msgs) != 1 || len(msgs[0].Blocks) != 2 {
		t.Fatalf("got %d messages, %d blocks; want 1 message of a section and a context", len(msgs), len(msgs[0].Blocks))
	}
	if got := sectionTexts(msgs); got[0] != "Yes: HCPC registration is essential." {
		t.Errorf("section = %q", got[0])
	}
	want := "*Qualifications · Essential* · “Health &amp; Care Professions Council (HCPC) registration.”"
	if got := contextTexts(msgs); got[0] != want {
		t.Errorf("context = %q, want %q", got[0], want)
	}
	if !strings.Contains(msgs[0].Text, "Yes: HCPC") || !strings.Contains(msgs[0].Text, "*Qualifications · Essential*") {
		t.Errorf("fallback lacks the answer or the citation: %q", msgs[0].Text)
	}
	// Verbatim keeps Slack from turning names in the text into links.
	s := msgs[0].Blocks[0].(*slackapi.SectionBlock)
	if s.Text.Type != slackapi.MarkdownType || !s.Text.Verbatim {
		t.Errorf("section text is %s verbatim=%v, want verbatim mrkdwn", s.Text.Type, s.Text.Verbatim)
	}
}

func TestRenderRoleOnlyWhenSeveral(t *testing.T) {
	other := hcpc
	other.Role = "Physiotherapist"
	got := contextTexts(render(bot.Answer{Text: "x", Citations: []bot.Citation{hcpc, other}}))
	if !strings.Contains(got[0], "· Occupational Therapist ·") || !strings.Contains(got[1], "· Physiotherapist ·") {
		t.Errorf("citations from two roles should name the role: %q", got)
	}
}

func TestRenderEscapesControlSequences(t *testing.T) {
	evil := "<!everyone> <@U123> <https://evil.example|click> & &lt;"
	c := hcpc
	c.Text = evil
	msgs := render(bot.Answer{Text: evil, Citations: []bot.Citation{c}})
	for _, s := range append(append(sectionTexts(msgs), contextTexts(msgs)...), msgs[0].Text) {
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
	text := strings.TrimSpace(strings.Repeat(para+"\n\n", 40))                                         // ~80,000 characters
	var cites []bot.Citation
	for i := range 60 {
		c := hcpc
		c.Kind, c.Number = corpus.Duty, i+1
		if i == 6 {
			c.Text = strings.Repeat("a duty & more ", 300) // longer than a context allows
		}
		cites = append(cites, c)
	}
	msgs := render(bot.Answer{Text: text, Citations: cites})
	checkLimits(t, msgs)
	if len(msgs) < 2 {
		t.Fatalf("a long answer should take several messages, got %d", len(msgs))
	}
	// Nothing of the answer is lost but whitespace at the cuts.
	var joined strings.Builder
	for _, s := range sectionTexts(msgs) {
		joined.WriteString(s)
	}
	if got, want := strip(joined.String()), strip(escape(text)); got != want {
		t.Errorf("the split answer differs from the answer (%d vs %d characters)", len(got), len(want))
	}
	for _, s := range sectionTexts(msgs) {
		if strings.HasSuffix(s, "&am") || strings.HasPrefix(s, "p;") {
			t.Errorf("an escape sequence was cut in two: …%q", s[max(0, len(s)-10):])
		}
	}
	ctx := contextTexts(msgs)
	if len(ctx) != 60 {
		t.Fatalf("%d citations rendered, want 60", len(ctx))
	}
	if !strings.HasPrefix(ctx[6], "*Key duty 7* · “") || !strings.HasSuffix(ctx[6], "…”") {
		t.Errorf("a long quote should be cut with an ellipsis: %q…", ctx[6][:40])
	}
}

func strip(s string) string { return strings.Join(strings.Fields(s), "") }

func TestRenderTooLongIsCutShort(t *testing.T) {
	var cites []bot.Citation
	for i := range 400 {
		c := hcpc
		c.Kind, c.Number = corpus.Duty, i+1
		cites = append(cites, c)
	}
	msgs := render(bot.Answer{Text: "many", Citations: cites})
	checkLimits(t, msgs)
	last := msgs[len(msgs)-1]
	if len(msgs) != maxMessages || !strings.Contains(last.Text, "cut short") {
		t.Errorf("%d messages, last fallback ends %q; want %d and a note", len(msgs), last.Text[len(last.Text)-40:], maxMessages)
	}
}

func TestRenderEmptyAnswerIsNotSilent(t *testing.T) {
	msgs := render(bot.Answer{})
	checkLimits(t, msgs)
	if got := sectionTexts(msgs); len(got) != 1 || got[0] == "" {
		t.Errorf("an empty answer should still say something: %q", got)
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
	msgs := render(bot.Answer{Intent: bot.IntentSummary, Answered: true, Text: "plain version", Posting: p,
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
	if got := contextTexts(msgs); len(got) != 1 || got[0] != "*Sources* · Drawn from the job description for Occupational Therapist: Qualifications · Essential" {
		t.Errorf("citations under a posting: %q", got)
	}
	if strings.Contains(msgs[0].Text, "plain version") {
		t.Errorf("the posting replaces the plain text, but the fallback has it")
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		max  int
		want []string
	}{
		{"", 10, nil},
		{"short", 10, []string{"short"}},
		{"one two three four", 10, []string{"one two", "three four"}},
		{"aaaaaaaaaaaaaaa", 10, []string{"aaaaaaaaaa", "aaaaa"}},
		{"para one.\n\npara two", 14, []string{"para one.", "para two"}},
		{"a&b&c&d", 10, []string{"a&b", "&c", "&d"}}, // "a&amp;b" is 7 characters, "&amp;c&amp;" 11
		{"héllo wörld", 6, []string{"héllo", "wörld"}},
	} {
		got := split(tc.in, tc.max)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("split(%q, %d) = %q, want %q", tc.in, tc.max, got, tc.want)
		}
		for _, p := range got {
			if width(p) > tc.max {
				t.Errorf("split(%q, %d): piece %q too long", tc.in, tc.max, p)
			}
		}
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

func TestRenderPostingSources(t *testing.T) {
	var cites []bot.Citation
	for _, n := range []int{1, 2, 3, 7} {
		cites = append(cites, bot.Citation{Kind: corpus.Duty, Number: n, Text: "duty"})
	}
	cites = append(cites, bot.Citation{Kind: corpus.Scope, Role: "OT & co", Text: "scope"}, hcpc, hcpc)
	got := contextTexts(render(bot.Answer{Posting: &bot.Posting{Title: "OT", Summary: "s"}, Citations: cites}))
	want := "*Sources* · Drawn from the job description for OT &amp; co, Occupational Therapist: Job scope; Qualifications · Essential; Key duties 1, 2, 3, 7"
	if len(got) != 1 || got[0] != want {
		t.Errorf("sources = %q, want %q", got, want)
	}
}

func TestRenderSelfCheckShowsEveryLine(t *testing.T) {
	text := "Self-check: you address 1 of 2 Essential criteria.\n✓ Qualifications · Essential: “HCPC” (you said: “HCPC registered”)\n✗ not mentioned · Knowledge · Essential: “GDPR”"
	msgs := render(bot.Answer{Intent: bot.IntentCheck, Answered: true, Text: text, Lead: "Self-check: you address 1 of 2 Essential criteria.",
		Citations: []bot.Citation{hcpc, {Kind: corpus.Criterion, Role: hcpc.Role, Area: "Knowledge", Level: corpus.Essential, Text: "GDPR"}}})
	if got := sectionTexts(msgs); len(got) != 1 || !strings.Contains(got[0], "✓ Qualifications") || !strings.Contains(got[0], "✗ not mentioned") {
		t.Errorf("the self-check lost its marks: %q", got)
	}
	if got := contextTexts(msgs); len(got) != 1 || !strings.HasPrefix(got[0], "*Sources* · ") {
		t.Errorf("a self-check's criteria are already quoted; want one line of sources: %q", got)
	}
}

func TestRenderRolesNamesThem(t *testing.T) {
	msgs := render(bot.Answer{Intent: bot.IntentRoles, Answered: true, Text: "I know 1 role:\n• Occupational Therapist (ot)", Lead: "I know 1 role:",
		Citations: []bot.Citation{{Kind: corpus.Scope, Role: "Occupational Therapist", Text: "This post requires…"}}})
	if got := sectionTexts(msgs); !strings.Contains(got[0], "• Occupational Therapist (ot)") {
		t.Errorf("the list of roles is missing: %q", got)
	}
	if got := contextTexts(msgs); len(got) != 1 || !strings.HasPrefix(got[0], "*Job scope* · Occupational Therapist · “") {
		t.Errorf("citations of roles should name the role: %q", got)
	}
}

func TestRenderAbstentionShowsText(t *testing.T) {
	msgs := render(bot.Answer{Text: "The job description doesn't say.\nTry asking about duties.", Lead: "The job description doesn't say."})
	if got := sectionTexts(msgs); len(got) != 1 || !strings.Contains(got[0], "Try asking") {
		t.Errorf("without citations the whole text is the answer: %q", got)
	}
}
