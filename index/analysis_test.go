package index

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
)

// TestAnalyseQuestion: a question's analysis with remembered stems is the
// analysis the items had, token for token, over every question the
// project has and some odd ones.
func TestAnalyseQuestion(t *testing.T) {
	m, err := newMapping()
	if err != nil {
		t.Fatal(err)
	}
	lex := &lexicon{an: m.AnalyzerNamed(analyzerName)}
	qs := []string{"", "HCPC-registered OT's caseload?", "the physio's role", "Running runners ran", "café naïve résumé",
		"3 years' experience", "duties 18-20", "ÉTUDES", "it's what it is", "a&e, A&E", "don't won't can't",
		"tl;dr", "日本語 text", "multi-tasking multitasking", "STAIR LIFTS and grab-rails", "x'y z's"}
	files, _ := filepath.Glob("../testdata/*/questions/*.jsonl")
	more, _ := filepath.Glob("../../shared/eval/*.jsonl")
	for _, f := range append(files, more...) {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			qs = append(qs, sc.Text()) // the whole line: words, quotes and braces
		}
		fh.Close()
	}
	if len(qs) < 500 {
		t.Fatalf("only %d texts", len(qs))
	}
	for round := 0; round < 2; round++ { // the second from remembered stems
		for _, q := range qs {
			want := lex.an.Analyze([]byte(q))
			got := lex.analyseQuestion([]byte(q))
			if !reflect.DeepEqual(tokens(got), tokens(want)) {
				t.Fatalf("%q:\n%v\nwant\n%v", q, tokens(got), tokens(want))
			}
		}
	}
}

func tokens(ts analysis.TokenStream) []analysis.Token {
	out := make([]analysis.Token, len(ts))
	for i, t := range ts {
		out[i] = *t
	}
	return out
}

// TestAcronymPlurals: the s of an acronym's plural goes, which the stemmer
// keeps on a word with no vowel; shortened units keep theirs.
func TestAcronymPlurals(t *testing.T) {
	for in, want := range map[string]string{
		"slts": "slt", "nqps": "nqp", "gps": "gp", "dps": "dp", "mdts": "mdt",
		"hrs": "hrs", "yrs": "yrs", "pts": "pts", "sts": "sts", "ts": "ts",
		"gaps": "gaps", "shifts": "shifts", "rns": "rn", "s": "s",
	} {
		if got := string(acronymSingular([]byte(in))); got != want {
			t.Errorf("acronymSingular(%q) = %q, want %q", in, got, want)
		}
	}
}
