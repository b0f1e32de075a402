package index

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recruitbot/recruitbot/corpus"
)

// Everyday words that must not stand alone as a term of a symmetric group:
// they would make a question about anything find every item that uses them
// (lexicon/README.md, Rules).
var everyday = []string{
	"people", "work", "team", "day", "support", "report",
	"staff", "service", "care", "time", "role", "job",
}

// Words that abbreviations and jargon stem to by accident ("paye" is "pay",
// "seniors" is "senior", "intern" is "international", "medication" is
// "medical"): a one-word term with one of these stems, on either side of a
// group, would make everyday questions find it.
var traps = []string{
	"pay", "good", "senior", "international", "medical", "early", "late",
	"second", "concern", "content", "visual",
}

// TestBuiltinLexiconRules checks the embedded lexicon against the rules in
// lexicon/README.md that the analyser can decide: every term must keep a
// word after stop words are dropped, must not be only single letters or
// only numbers (a question's numbers are ignored, and "a&e" is just "e"),
// must not be one word that stems like a common one, and a symmetric group
// must not hold an everyday word on its own.
func TestBuiltinLexiconRules(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	lex := &lexicon{an: m.AnalyzerNamed(analyzerName)}
	if lex.an == nil {
		t.Fatal("analyzer missing")
	}
	banned := map[string]string{}
	for _, w := range everyday {
		st := lex.stems(w)
		if len(st) != 1 {
			t.Fatalf("everyday word %q analyses to %v", w, st)
		}
		banned[st[0]] = w
	}
	trapped := map[string]string{}
	for _, w := range traps {
		if st := lex.stems(w); len(st) == 1 {
			trapped[st[0]] = w
		}
	}
	groups := builtinLexicon()
	if len(groups) == 0 {
		t.Fatal("built-in lexicon is empty")
	}
	for _, g := range groups {
		symmetric := true
		for _, term := range g {
			if term == corpus.OneWay {
				symmetric = false
			}
		}
		line := strings.Join(g, ", ")
		if len(line) > 80 {
			line = line[:80] + "..."
		}
		for _, term := range g {
			if term == corpus.OneWay {
				continue
			}
			st := lex.stems(term)
			switch {
			case len(st) == 0:
				t.Errorf("%q analyses to nothing (only stop words) in group %q", term, line)
			case allShort(st):
				t.Errorf("%q analyses to single letters %v in group %q", term, st, line)
			case allNumbers(st):
				t.Errorf("%q analyses to numbers only %v in group %q", term, st, line)
			case symmetric && len(st) == 1 && banned[st[0]] != "":
				t.Errorf("symmetric group %q holds the everyday word %q alone (as %q)", line, banned[st[0]], term)
			case len(st) == 1 && banned[st[0]] != "" && strings.Contains(term, " "):
				// "work on my own" is "work" once its stop words go.
				t.Errorf("%q is the everyday word %q once its stop words go, in group %q", term, banned[st[0]], line)
			case len(st) == 1 && trapped[st[0]] != "":
				t.Errorf("%q analyses to %q, the stem of the everyday word %q, in group %q", term, st[0], trapped[st[0]], line)
			}
		}
	}
}

func allShort(stems []string) bool {
	for _, s := range stems {
		if utf8.RuneCountInString(s) > 1 {
			return false
		}
	}
	return true
}

func allNumbers(stems []string) bool {
	for _, s := range stems {
		if !isNumber([]byte(s)) {
			return false
		}
	}
	return true
}

// TestLexiconRulesCatchMistakes makes sure the checks above would fail on
// the mistakes they are for, using the same analysis.
func TestLexiconRulesCatchMistakes(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	lex := &lexicon{an: m.AnalyzerNamed(analyzerName)}
	for _, c := range []struct {
		term string
		ok   func([]string) bool
	}{
		{"out of hours", func(st []string) bool { return len(st) == 1 && st[0] == "hour" }},
		{"the", func(st []string) bool { return len(st) == 0 }},
		{"a&e", func(st []string) bool { return allShort(st) }},
		{"2:1", func(st []string) bool { return allNumbers(st) }},
		{"teams", func(st []string) bool { return len(st) == 1 && st[0] == lex.stems("team")[0] }},
		{"paye", func(st []string) bool { return len(st) == 1 && st[0] == lex.stems("pay")[0] }},
		{"work on my own", func(st []string) bool { return len(st) == 1 && st[0] == lex.stems("work")[0] }},
	} {
		if st := lex.stems(c.term); !c.ok(st) {
			t.Errorf("%q analyses to %v, which the lexicon checks do not expect", c.term, st)
		}
	}
}

// TestAffixedIsNotATypo: a word that is another with letters added at its
// end ("taker", "take") is another word, not a misspelling of it.
func TestAffixedIsNotATypo(t *testing.T) {
	for _, c := range []struct {
		corpus, asked string
		want          bool
	}{{"take", "taker", true}, {"manage", "manager", true}, {"safeguarding", "safegaurding", false}, {"take", "take", false}} {
		if got := affixed(c.corpus, c.asked); got != c.want {
			t.Errorf("affixed(%q, %q) = %v", c.corpus, c.asked, got)
		}
	}
}
