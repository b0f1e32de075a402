package chat

import (
	"fmt"
	"testing"

	"github.com/recruitbot/recruitbot/bot"
	"github.com/recruitbot/recruitbot/corpus"
)

var (
	hcpc = bot.Citation{Role: "OT", Kind: corpus.Criterion, Area: "Qualifications", Level: corpus.Essential, Text: "HCPC registration."}
	msc  = bot.Citation{Role: "OT", Kind: corpus.Criterion, Area: "Qualifications", Level: corpus.Desirable, Text: "MSc."}
	d7   = bot.Citation{Role: "OT", Kind: corpus.Duty, Number: 7, Text: "Assess risk."}
)

func TestBody(t *testing.T) {
	body := []bot.Block{{Kind: bot.BlockLead, Text: "Yes."}}
	for _, tt := range []struct {
		a    bot.Answer
		want string
	}{
		{bot.Answer{Text: "plain", Body: body}, "Yes."},
		{bot.Answer{Text: "  a notice "}, "a notice"},
		{bot.Answer{}, NoAnswer},
	} {
		got := Body(tt.a)
		if len(got) != 1 || got[0].Kind != bot.BlockLead || got[0].Text != tt.want {
			t.Errorf("Body(%+v) = %+v, want a lead %q", tt.a, got, tt.want)
		}
	}
}

func TestRolesAndName(t *testing.T) {
	pt := hcpc
	pt.Role = "Physio"
	one := []bot.Block{{Kind: bot.BlockQuote, Cite: &hcpc}, {Kind: bot.BlockNote, Related: []bot.Citation{d7}}}
	if got := Roles(one); fmt.Sprint(got) != "[OT]" {
		t.Errorf("Roles = %q", got)
	}
	if got := Name(hcpc, Roles(one)); got != "Qualifications · Essential" {
		t.Errorf("Name with one role = %q", got)
	}
	two := append(one, bot.Block{Kind: bot.BlockList, Lines: []bot.Line{{Cite: &pt}}})
	if got := Roles(two); fmt.Sprint(got) != "[OT Physio]" {
		t.Errorf("Roles = %q", got)
	}
	if got := Name(pt, Roles(two)); got != "Qualifications · Essential · Physio" {
		t.Errorf("Name with two roles = %q", got)
	}
	if got := len(Citations(append(two, bot.Block{Kind: bot.BlockQuote, Cite: &hcpc}))); got != 3 {
		t.Errorf("%d citations, want each once: 3", got)
	}
}

func TestSections(t *testing.T) {
	tests := []struct {
		name string
		b    bot.Block
		want string
	}{
		{"a criterion's label is its run's title, its level said once",
			bot.Block{Kind: bot.BlockList, Lines: []bot.Line{
				{Group: "Qualifications", Text: "HCPC registration. (Essential)", Cite: &hcpc},
				{Group: "Qualifications", Text: "Another (Essential)", Cite: &hcpc},
				{Group: "Qualifications", Text: "MSc. (Desirable)", Cite: &msc},
			}},
			`[{Qualifications · Essential [{• HCPC registration.} {• Another}]} {Qualifications · Desirable [{• MSc.}]}]`},
		{"duties are numbered",
			bot.Block{Kind: bot.BlockList, Lines: []bot.Line{{Text: "Assess risk.", Cite: &d7}}},
			`[{ [{7. Assess risk.}]}]`},
		{"groups without citations",
			bot.Block{Kind: bot.BlockList, Lines: []bot.Line{{Group: "A", Text: "x"}, {Group: "A", Text: "y"}, {Text: "z"}}},
			`[{A [{• x} {• y}]} { [{• z}]}]`},
		{"self-check rows are marked",
			bot.Block{Kind: bot.BlockCheck, Lines: []bot.Line{
				{Text: "HCPC", Cite: &hcpc, Met: true, Said: "HCPC registered"},
				{Text: "GDPR", Cite: &hcpc},
				{Text: "Driving", Cite: &hcpc, Met: true},
			}},
			`[{Qualifications · Essential [{✓ HCPC (you said: “HCPC registered”)} {✗ GDPR (not mentioned)} {✓ Driving}]}]`},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(Sections(tt.b)); got != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestNoteNamesEachLabelOnce(t *testing.T) {
	b := bot.Block{Kind: bot.BlockNote, Text: "See also Key duty 7. ", Related: []bot.Citation{d7, hcpc, hcpc, msc}}
	if got := Note(b); got != "See also Key duty 7. Also: Qualifications · Essential; Qualifications · Desirable." {
		t.Errorf("Note = %q", got)
	}
	b.Related = []bot.Citation{d7}
	if got := Note(b); got != "See also Key duty 7." {
		t.Errorf("Note = %q", got)
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0 items", 1: "1 item", 2: "2 items"} {
		if got := Count(n, "item", "items"); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}
