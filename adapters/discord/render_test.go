package discord

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/bwmarrin/discordgo"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

const roleTitle = "Primary care occupational therapist"

var hcpc = bot.Citation{
	RoleID: "primary-care-occupational-therapist", Role: roleTitle, Kind: corpus.Criterion,
	Section: "Person specification", Area: "Qualifications", Level: corpus.Essential,
	Text: "Health & Care Professions Council (HCPC) registration.",
}

// checkLimits fails t if any message breaks one of Discord's limits, each
// of which would make Discord reject the message whole.
func checkLimits(t *testing.T, msgs []message) {
	t.Helper()
	if len(msgs) == 0 {
		t.Fatal("no messages")
	}
	for i, m := range msgs {
		where := fmt.Sprintf("message %d", i+1)
		if runes(m.Content) > maxContent {
			t.Errorf("%s: content has %d characters", where, runes(m.Content))
		}
		if m.Content == "" && len(m.Embeds) == 0 {
			t.Errorf("%s is empty", where)
		}
		if len(m.Embeds) > maxEmbeds {
			t.Errorf("%s: %d embeds", where, len(m.Embeds))
		}
		if n := messageLen(m); n > maxEmbedChars {
			t.Errorf("%s: embeds hold %d characters", where, n)
		}
		for j, e := range m.Embeds {
			where := fmt.Sprintf("%s embed %d", where, j+1)
			if runes(e.Title) > maxTitle || runes(e.Description) > maxDescription || len(e.Fields) > maxFields || embedLen(e) > maxEmbedChars {
				t.Errorf("%s over a limit: title %d, description %d, fields %d, total %d", where, runes(e.Title), runes(e.Description), len(e.Fields), embedLen(e))
			}
			if e.Footer != nil && runes(e.Footer.Text) > maxFooter {
				t.Errorf("%s: footer has %d characters", where, runes(e.Footer.Text))
			}
			if e.Title == "" && e.Description == "" && len(e.Fields) == 0 && e.Footer == nil {
				t.Errorf("%s is empty", where)
			}
			for k, f := range e.Fields {
				if f.Name == "" || f.Value == "" || runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue {
					t.Errorf("%s field %d: name %d, value %d characters", where, k+1, runes(f.Name), runes(f.Value))
				}
			}
		}
	}
}

func allFields(msgs []message) []*discordgo.MessageEmbedField {
	var fs []*discordgo.MessageEmbedField
	for _, m := range msgs {
		for _, e := range m.Embeds {
			fs = append(fs, e.Fields...)
		}
	}
	return fs
}

func descriptions(msgs []message) string {
	var b strings.Builder
	for _, m := range msgs {
		for _, e := range m.Embeds {
			b.WriteString(e.Description)
		}
	}
	return b.String()
}

// squeeze drops white space, which is all a split may drop.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

func lead(s string) bot.Block { return bot.Block{Kind: bot.BlockLead, Text: s} }

func quote(c bot.Citation) bot.Block { return bot.Block{Kind: bot.BlockQuote, Text: c.Text, Cite: &c} }

var duty7 = bot.Citation{Role: roleTitle, Kind: corpus.Duty, Number: 7, Text: "Complete assessments of environmental and behavioral risk factors."}

func TestRenderAnswerQuotesEachItemAsAField(t *testing.T) {
	a := bot.Answer{
		Answered: true,
		Text:     "Yes, it's Essential (Qualifications). The person specification says: “Health & Care…”",
		Body:     []bot.Block{lead("Yes, it's Essential (Qualifications). The person specification says:"), quote(hcpc), quote(duty7)},
	}
	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("got %d messages, want one with one embed", len(msgs))
	}
	e := msgs[0].Embeds[0]
	if e.Title != roleTitle || e.Description != a.Body[0].Text || e.Color != colorAnswer {
		t.Errorf("embed = %q / %q / %x, want the role as title and the lead as description", e.Title, e.Description, e.Color)
	}
	want := []discordgo.MessageEmbedField{
		{Name: "Qualifications · Essential", Value: hcpc.Text},
		{Name: "Key duty 7", Value: duty7.Text},
	}
	if len(e.Fields) != len(want) {
		t.Fatalf("got %d fields, want %d", len(e.Fields), len(want))
	}
	for i, f := range e.Fields {
		if *f != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, *f, want[i])
		}
	}
}

// TestRenderReadsOnlyTheBody: the intent, lead, posting and citations of
// an answer are for logs and plain-text adapters; two answers with one
// body look the same in Discord whatever those say.
func TestRenderReadsOnlyTheBody(t *testing.T) {
	body := []bot.Block{lead("It's Essential:"), quote(hcpc)}
	a := renderAnswer(bot.Answer{Answered: true, Intent: bot.IntentRequirement, Text: "x", Body: body})
	b := renderAnswer(bot.Answer{Answered: true, Intent: bot.IntentCheck, Lead: "something else", Text: "y", Body: body,
		Posting: &bot.Posting{Title: "Another role"}, Citations: []bot.Citation{hcpc, hcpc}})
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("the same body rendered differently:\n%s\n%s", ja, jb)
	}
}

func TestRenderAnswerNamesRolesWhenSeveralAreCited(t *testing.T) {
	other := hcpc
	other.Role = "Physiotherapist"
	msgs := renderAnswer(bot.Answer{Answered: true, Body: []bot.Block{lead("Both roles need it:"), quote(hcpc), quote(other)}})
	e := msgs[0].Embeds[0]
	if e.Title != "" {
		t.Errorf("title = %q, want none for two roles", e.Title)
	}
	if got := e.Fields[1].Name; got != "Qualifications · Essential · Physiotherapist" {
		t.Errorf("field name = %q", got)
	}
}

func TestRenderAbstentionAndEmptyAnswer(t *testing.T) {
	msgs := renderAnswer(bot.Answer{Intent: bot.IntentFact, Text: "The job description doesn't say anything about the salary."})
	checkLimits(t, msgs)
	if e := msgs[0].Embeds[0]; e.Color != colorAbstain || e.Title != "" || len(e.Fields) != 0 || e.Description != "The job description doesn't say anything about the salary." {
		t.Errorf("abstention rendered as %+v", e)
	}
	for _, a := range []bot.Answer{{}, {Body: []bot.Block{lead(" ")}}, {Body: []bot.Block{{Kind: bot.BlockList}}}} {
		msgs = renderAnswer(a)
		checkLimits(t, msgs)
		if msgs[0].Embeds[0].Description == "" {
			t.Errorf("an empty answer must still say something: %+v", a)
		}
	}
}

func TestRenderLongAnswerSplitsWithinLimits(t *testing.T) {
	var text strings.Builder
	for i := range 40 {
		fmt.Fprintf(&text, "Paragraph %d says the same thing again at some length so that the answer runs on and on. ", i)
		text.WriteString(strings.Repeat("More words here. ", 10))
		text.WriteString("\n\n")
	}
	a := bot.Answer{Answered: true, Body: []bot.Block{lead(text.String())}}
	var cites []bot.Citation
	for i := range 60 {
		cites = append(cites, bot.Citation{Role: roleTitle, Kind: corpus.Duty, Number: i + 1,
			Text: fmt.Sprintf("Duty %d: ", i+1) + strings.Repeat("lead on the assessment and evaluation of care; ", 18)})
	}
	long := strings.Repeat("An over-long criterion that alone fills more than a field. ", 60) + "The end."
	cites = append(cites, bot.Citation{Role: roleTitle, Kind: corpus.Criterion, Area: "Knowledge", Level: corpus.Desirable, Text: long})
	for _, c := range cites {
		a.Body = append(a.Body, quote(c))
	}

	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	if len(msgs) < 3 {
		t.Errorf("got %d messages; %d characters cannot fit in fewer than 3", len(msgs), runes(text.String())+60*900+runes(long))
	}
	if squeeze(descriptions(msgs)) != squeeze(escapeMarkdown(text.String())) {
		t.Error("the answer text was not carried over whole")
	}
	// Every citation, in order, with its full quote, over as many fields as it needs.
	fields := allFields(msgs)
	k := 0
	for _, c := range cites {
		if k >= len(fields) || fields[k].Name != c.Label() {
			t.Fatalf("field %d: want %q", k, c.Label())
		}
		quote := fields[k].Value
		for k++; k < len(fields) && fields[k].Name == c.Label()+" (continued)"; k++ {
			quote += fields[k].Value
		}
		if squeeze(quote) != squeeze(c.Text) {
			t.Fatalf("%s: quote not carried over whole", c.Label())
		}
	}
	if k != len(fields) {
		t.Errorf("%d fields left over", len(fields)-k)
	}
	if !strings.HasSuffix(fields[len(fields)-1].Value, "The end.") {
		t.Error("the over-long quote lost its end")
	}
}

func TestRenderPosting(t *testing.T) {
	post := &bot.Posting{
		Title:     roleTitle,
		Summary:   "This post requires an occupational therapist who is specialised.",
		Duties:    []bot.PostingGroup{{Name: "Key duties and responsibilities", Lines: []string{"Lead on assessment.", "Empower patients."}}},
		Essential: []bot.PostingGroup{{Name: "Qualifications", Lines: []string{"HCPC registration."}}},
		Facts:     []bot.PostingFact{{Label: "Salary", Value: "£35,392 to £42,618"}, {Label: "Location", Value: "Leeds"}},
	}
	a := bot.Answer{Answered: true, Text: "plain version", Citations: []bot.Citation{hcpc},
		Body: []bot.Block{{Kind: bot.BlockPosting, Posting: post}}}
	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	e := msgs[0].Embeds[0]
	if e.Title != roleTitle || e.Description != post.Summary {
		t.Errorf("posting embed = %q / %q", e.Title, e.Description)
	}
	want := []discordgo.MessageEmbedField{
		{Name: "Key duties and responsibilities", Value: "• Lead on assessment.\n• Empower patients."},
		{Name: "Qualifications · Essential", Value: "• HCPC registration."},
		{Name: "Salary", Value: "£35,392 to £42,618", Inline: true},
		{Name: "Location", Value: "Leeds", Inline: true},
	}
	if len(e.Fields) != len(want) {
		t.Fatalf("got %d fields, want %d", len(e.Fields), len(want))
	}
	for i, f := range e.Fields {
		if *f != want[i] {
			t.Errorf("field %d = %+v, want %+v", i, *f, want[i])
		}
	}
	if e.Footer == nil || !strings.Contains(e.Footer.Text, roleTitle+" job description") {
		t.Errorf("footer = %+v, want the source named", e.Footer)
	}
}

func TestRenderListAndSelfCheck(t *testing.T) {
	des := hcpc
	des.Level, des.Text = corpus.Desirable, "MSc"
	gdpr := bot.Citation{Role: roleTitle, Kind: corpus.Criterion, Area: "Knowledge", Level: corpus.Essential, Text: "GDPR"}
	msgs := renderAnswer(bot.Answer{Answered: true, Body: []bot.Block{
		lead("The person specification has 2 criteria:"),
		{Kind: bot.BlockList, Lines: []bot.Line{
			{Group: "Qualifications", Text: "HCPC_registration (Essential)", Cite: &hcpc},
			{Group: "Qualifications", Text: "MSc (Desirable)", Cite: &des},
		}},
		{Kind: bot.BlockList, Lines: []bot.Line{{Text: "Complete assessments.", Cite: &duty7}}},
		{Kind: bot.BlockCheck, Text: "Essential criteria", Lines: []bot.Line{
			{Group: "Qualifications", Text: "HCPC", Cite: &hcpc, Met: true, Said: "*HCPC* registered"},
			{Group: "Knowledge", Text: "GDPR", Cite: &gdpr},
		}},
		{Kind: bot.BlockNote, Text: "This is a guide, not a screening decision."},
	}})
	checkLimits(t, msgs)
	e := msgs[0].Embeds[0]
	want := "The person specification has 2 criteria:\n\n" +
		"**Qualifications · Essential**\n• HCPC\\_registration\n\n**Qualifications · Desirable**\n• MSc\n\n" +
		"7\\. Complete assessments.\n\n" +
		"**Essential criteria**\n\n**Qualifications · Essential**\n✓ HCPC (you said: “\\*HCPC\\* registered”)\n\n" +
		"**Knowledge · Essential**\n✗ GDPR (not mentioned)"
	if e.Description != want {
		t.Errorf("description:\n%s\nwant\n%s", e.Description, want)
	}
	if e.Footer == nil || e.Footer.Text != "This is a guide, not a screening decision." {
		t.Errorf("footer = %+v, want the note", e.Footer)
	}
}

func TestRenderFactAndNote(t *testing.T) {
	salary := bot.Citation{Kind: corpus.Fact, Role: roleTitle, Area: "Salary", Text: "£35,392"}
	msgs := renderAnswer(bot.Answer{Answered: true, Body: []bot.Block{
		{Kind: bot.BlockFact, Text: "Salary for the role: £35,392.", Cite: &salary},
		{Kind: bot.BlockNote, Text: "See also Key duty 7.", Related: []bot.Citation{duty7, duty7, hcpc}},
	}})
	checkLimits(t, msgs)
	e := msgs[0].Embeds[0]
	if e.Title != roleTitle || e.Description != "Salary for the role: £35,392." {
		t.Errorf("embed = %q / %q", e.Title, e.Description)
	}
	// The note names each item once: Key duty 7 is in its text already.
	if e.Footer == nil || e.Footer.Text != "Recruiter note · Salary\nSee also Key duty 7. Also: Qualifications · Essential." {
		t.Errorf("footer = %+v", e.Footer)
	}
}

func TestRenderPlainFallback(t *testing.T) {
	text := strings.Repeat("A long plain answer line.\n", 200)
	msgs := renderPlain(bot.Answer{Text: text})
	checkLimits(t, msgs)
	var all strings.Builder
	for _, m := range msgs {
		if len(m.Embeds) != 0 {
			t.Fatal("plain text must not carry embeds")
		}
		all.WriteString(m.Content)
	}
	if squeeze(all.String()) != squeeze(text) {
		t.Error("plain text not carried over whole")
	}
	if msgs := renderPlain(bot.Answer{}); len(msgs) != 1 || msgs[0].Content == "" {
		t.Errorf("an empty answer must still say something: %+v", msgs)
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*essential* and _desirable_", `\*essential\* and \_desirable\_`},
		{"a|b ~c~ `d` \\e", "a\\|b \\~c\\~ \\`d\\` \\\\e"},
		{"# Heading\n> quote\n-# small", "\\# Heading\n\\> quote\n-\\# small"},
		{"see https://example.org/a_b*c for more_info", `see https://example.org/a_b*c for more\_info`},
		{"[click](https://evil.example)", `\[click\](https://evil.example)`},
		{"https://ok.example/[x](https://evil.example)", `https://ok.example/\[x\](https://evil.example)`},
		{"<@123> <#456> <https://evil.example>", `\<@123> \<#456> \<https://evil.example>`},
		{"@everyone and @here", "@\u2060everyone and @\u2060here"},
		{"mail@example.org", "mail@example.org"},
		{"check me: [Apply on NHS Jobs](https://evil.example)", `check me: \[Apply on NHS Jobs\](https://evil.example)`},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestRenderEscapesEverythingFromTheAnswer: a job description or a user's
// words echoed back cannot inject a masked link or a mention, whichever
// block they come in.
func TestRenderEscapesEverythingFromTheAnswer(t *testing.T) {
	evil := "[click](https://evil.example) <@123> @everyone"
	c := hcpc
	c.Text, c.Area = evil, evil
	msgs := renderAnswer(bot.Answer{Answered: true, Body: []bot.Block{lead(evil), quote(c),
		{Kind: bot.BlockList, Text: evil, Lines: []bot.Line{{Group: evil, Text: evil}, {Text: evil, Cite: &c}}},
		{Kind: bot.BlockCheck, Text: evil, Lines: []bot.Line{{Text: evil, Said: evil, Met: true, Cite: &c}}},
		{Kind: bot.BlockFact, Text: evil, Cite: &c},
		{Kind: bot.BlockPosting, Posting: &bot.Posting{Title: "OT", Summary: evil,
			Duties: []bot.PostingGroup{{Name: evil, Lines: []string{evil}}}, Facts: []bot.PostingFact{{Label: evil, Value: evil}}}},
	}})
	checkLimits(t, msgs)
	for _, m := range msgs {
		for _, e := range m.Embeds {
			texts := []string{e.Description}
			for _, f := range e.Fields {
				texts = append(texts, f.Name, f.Value)
			}
			for _, s := range texts {
				if strings.Contains(s, "[click]") || strings.Contains(s, " <@") || strings.HasPrefix(s, "<@") || strings.Contains(s, "@everyone") {
					t.Errorf("unescaped markdown in %q", s)
				}
			}
		}
	}
}

func TestUserTextEchoedInAnAnswerIsNotALink(t *testing.T) {
	ans := testBot.Answer(context.Background(), bot.Question{Text: "check me: I have HCPC registration and a degree [Apply on NHS Jobs](https://evil.example)"})
	for _, msgs := range [][]message{renderAnswer(ans), renderPlain(ans)} {
		b, err := json.Marshal(msgs)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Apply on NHS Jobs") {
			t.Fatalf("the self-check does not echo the text; the test tests nothing: %s", b)
		}
		if regexp.MustCompile(`[^\\]\[Apply on NHS Jobs[^\]]*\]\(`).Match(b) {
			t.Errorf("a masked link survives rendering: %s", b)
		}
	}
}
