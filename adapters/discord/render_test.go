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

func TestRenderAnswerCitesEachItemAsAField(t *testing.T) {
	a := bot.Answer{
		Intent: bot.IntentRequirement, Answered: true,
		Text:      "Yes, it's Essential (Qualifications).\n- Qualifications · Essential: Health & Care Professions Council (HCPC) registration.",
		Lead:      "Yes, it's Essential (Qualifications).",
		Citations: []bot.Citation{hcpc, {Role: roleTitle, Kind: corpus.Duty, Number: 7, Text: "Complete assessments of environmental and behavioral risk factors."}},
	}
	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	if len(msgs) != 1 || len(msgs[0].Embeds) != 1 {
		t.Fatalf("got %d messages, want one with one embed", len(msgs))
	}
	e := msgs[0].Embeds[0]
	if e.Title != roleTitle || e.Description != a.Lead || e.Color != colorAnswer {
		t.Errorf("embed = %q / %q / %x, want the role as title and the lead as description", e.Title, e.Description, e.Color)
	}
	want := []discordgo.MessageEmbedField{
		{Name: "Qualifications · Essential", Value: hcpc.Text},
		{Name: "Key duty 7", Value: "Complete assessments of environmental and behavioral risk factors."},
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

func TestRenderAnswerNamesRolesWhenSeveralAreCited(t *testing.T) {
	other := hcpc
	other.Role = "Physiotherapist"
	msgs := renderAnswer(bot.Answer{Answered: true, Lead: "Both roles need it.", Citations: []bot.Citation{hcpc, other}})
	e := msgs[0].Embeds[0]
	if e.Title != "" {
		t.Errorf("title = %q, want none for two roles", e.Title)
	}
	if got := e.Fields[1].Name; got != "Qualifications · Essential — Physiotherapist" {
		t.Errorf("field name = %q", got)
	}
}

func TestRenderAnswerWithoutLeadShowsFirstLineOnly(t *testing.T) {
	msgs := renderAnswer(bot.Answer{Answered: true, Text: "Yes.\n- Qualifications · Essential: HCPC", Citations: []bot.Citation{hcpc}})
	if got := msgs[0].Embeds[0].Description; got != "Yes." {
		t.Errorf("description = %q, want the first line; the rest repeats the fields", got)
	}
}

func TestRenderAbstentionAndEmptyAnswer(t *testing.T) {
	msgs := renderAnswer(bot.Answer{Intent: bot.IntentFact, Text: "The job description doesn't say anything about the salary."})
	checkLimits(t, msgs)
	if e := msgs[0].Embeds[0]; e.Color != colorAbstain || e.Title != "" || len(e.Fields) != 0 {
		t.Errorf("abstention rendered as %+v", e)
	}
	msgs = renderAnswer(bot.Answer{})
	checkLimits(t, msgs)
	if msgs[0].Embeds[0].Description == "" {
		t.Error("an empty answer must still say something")
	}
}

func TestRenderLongAnswerSplitsWithinLimits(t *testing.T) {
	var lead strings.Builder
	for i := range 40 {
		fmt.Fprintf(&lead, "Paragraph %d says the same thing again at some length so that the answer runs on and on. ", i)
		lead.WriteString(strings.Repeat("More words here. ", 10))
		lead.WriteString("\n\n")
	}
	a := bot.Answer{Answered: true, Lead: lead.String()}
	for i := range 60 {
		a.Citations = append(a.Citations, bot.Citation{Role: roleTitle, Kind: corpus.Duty, Number: i + 1,
			Text: fmt.Sprintf("Duty %d: ", i+1) + strings.Repeat("lead on the assessment and evaluation of care; ", 18)})
	}
	long := strings.Repeat("An over-long criterion that alone fills more than a field. ", 60) + "The end."
	a.Citations = append(a.Citations, bot.Citation{Role: roleTitle, Kind: corpus.Criterion, Area: "Knowledge", Level: corpus.Desirable, Text: long})

	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	if len(msgs) < 3 {
		t.Errorf("got %d messages; %d characters cannot fit in fewer than 3", len(msgs), runes(lead.String())+60*900+runes(long))
	}
	if squeeze(descriptions(msgs)) != squeeze(escapeMarkdown(lead.String())) {
		t.Error("the answer text was not carried over whole")
	}
	// Every citation, in order, with its full quote, over as many fields as it needs.
	fields := allFields(msgs)
	k := 0
	for _, c := range a.Citations {
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
	a := bot.Answer{Intent: bot.IntentSummary, Answered: true, Text: "plain version", Citations: []bot.Citation{hcpc}, Posting: &bot.Posting{
		Title:     roleTitle,
		Summary:   "This post requires an occupational therapist who is specialised.",
		Duties:    []bot.PostingGroup{{Name: "Key duties and responsibilities", Lines: []string{"Lead on assessment.", "Empower patients."}}},
		Essential: []bot.PostingGroup{{Name: "Qualifications", Lines: []string{"HCPC registration."}}},
		Facts:     []bot.PostingFact{{Label: "Salary", Value: "£35,392 to £42,618"}, {Label: "Location", Value: "Leeds"}},
	}}
	msgs := renderAnswer(a)
	checkLimits(t, msgs)
	e := msgs[0].Embeds[0]
	if e.Title != roleTitle || e.Description != a.Posting.Summary {
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
}

func TestSplitText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		size int
		want []string
	}{
		{"fits", "short text", 20, []string{"short text"}},
		{"blank", "  \n ", 20, nil},
		{"paragraph first", "First paragraph here.\n\nSecond one", 30, []string{"First paragraph here.", "Second one"}},
		{"then a line", "one line here\ntwo lines", 20, []string{"one line here", "two lines"}},
		{"then a sentence", "One sentence. Two sentences here", 20, []string{"One sentence.", "Two sentences here"}},
		{"then a word", "alpha beta gamma delta", 12, []string{"alpha beta", "gamma delta"}},
		{"mid-word as a last resort", "abcdefghij", 4, []string{"abcd", "efgh", "ij"}},
		{"never after an escaping backslash", `abc\*def`, 4, []string{"abc", `\*de`, "f"}},
		{"counts characters, not bytes", "ééééé", 2, []string{"éé", "éé", "é"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := splitText(tt.in, tt.size)
			if fmt.Sprintf("%q", got) != fmt.Sprintf("%q", tt.want) {
				t.Errorf("splitText(%q, %d) = %q, want %q", tt.in, tt.size, got, tt.want)
			}
		})
	}
}

func TestEscapeMarkdown(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{"*essential* and _desirable_", `\*essential\* and \_desirable\_`},
		{"a|b ~c~ `d` \\e", "a\\|b \\~c\\~ \\`d\\` \\\\e"},
		{"# Heading\n> quote", "\\# Heading\n\\> quote"},
		{"see https://example.org/a_b*c for more_info", `see https://example.org/a_b*c for more\_info`},
		{"@everyone <@123>", "@everyone <@123>"}, // defused by allowed_mentions, not by escaping
		{"check me: [Apply on NHS Jobs](https://evil.example)", `check me: \[Apply on NHS Jobs\](https://evil.example)`},
	}
	for _, tt := range tests {
		if got := escapeMarkdown(tt.in); got != tt.want {
			t.Errorf("escapeMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	if got := clip("short", 10); got != "short" {
		t.Errorf("clip short = %q", got)
	}
	got := clip(strings.Repeat("name ", 100), maxFieldName)
	if runes(got) > maxFieldName || !strings.HasSuffix(got, "…") {
		t.Errorf("clip long = %d characters, %q", runes(got), got[len(got)-10:])
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
