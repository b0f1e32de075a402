package corpus_test

import (
	"strings"
	"testing"

	"github.com/recruitbot/recruitbot/corpus"
)

func TestParseSynonyms(t *testing.T) {
	tests := []struct {
		name    string
		src     string
		want    string // groups joined: terms by ",", groups by "|"
		errLine int    // 0: no error
		errMsg  string
	}{
		{"empty file", "", "", 0, ""},
		{"comments and blank lines", "# a comment\n\n   \n# another\n", "", 0, ""},
		{"one group", "ot, occupational therapy\n", "ot,occupational therapy", 0, ""},
		{"lower-cased", "HCPC, Health and Care Professions Council\n", "hcpc,health and care professions council", 0, ""},
		{"phrase spaces collapsed", "  gp ,  general    practice\t, GP  surgery  \n", "gp,general practice,gp surgery", 0, ""},
		{"trailing comment", "mdt, multi-disciplinary team # the team\n", "mdt,multi-disciplinary team", 0, ""},
		{"several groups", "a, b\n# c\nc, d, e\n", "a,b|c,d,e", 0, ""},
		{"CRLF", "a, b\r\nc, d\r\n", "a,b|c,d", 0, ""},
		{"no final newline", "a, b", "a,b", 0, ""},
		{"empty term", "a, b\nc,,d\n", "a,b", 2, "empty term"},
		{"trailing comma", "a, b,\n", "", 1, "empty term"},
		{"blank term", "a, b\n\nc,  ,d\n", "a,b", 3, "empty term"},
		{"one term", "a, b\n# x\nlonely\n", "a,b", 3, "at least two terms"},
		{"one term before comment", "lonely # no partner\n", "", 1, "at least two terms"},
		{"only a comma", ",\n", "", 1, "empty term"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, err := corpus.ParseSynonyms("syn.txt", strings.NewReader(tt.src))
			var got []string
			for _, g := range groups {
				got = append(got, strings.Join(g, ","))
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("groups = %q, want %q", strings.Join(got, "|"), tt.want)
			}
			pes := parseErrors(err)
			if tt.errLine == 0 {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if len(pes) != 1 {
				t.Fatalf("err = %v, want syn.txt:%d", err, tt.errLine)
			}
			pe := pes[0]
			if pe.File != "syn.txt" || pe.Line != tt.errLine || !strings.Contains(pe.Msg, tt.errMsg) {
				t.Errorf("err = %v, want syn.txt:%d: ...%s...", err, tt.errLine, tt.errMsg)
			}
		})
	}
}

// TestParseSynonymsBOM: role files may start with a byte-order mark (Windows
// editors add one), and so may synonyms.txt. BUG: ParseSynonyms does not
// strip it, so a first line that is a comment fails as a one-term group, and
// a first line that is a group gets a first term that never matches.
func TestParseSynonymsBOM(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"comment first", "\ufeff# synonyms\nhcpc, health and care professions council\n", "hcpc,health and care professions council"},
		{"group first", "\ufeffhcpc, health and care professions council\n", "hcpc,health and care professions council"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			groups, err := corpus.ParseSynonyms("syn.txt", strings.NewReader(tt.src))
			if err != nil {
				t.Errorf("error %v", err)
			}
			var got []string
			for _, g := range groups {
				got = append(got, strings.Join(g, ","))
			}
			if strings.Join(got, "|") != tt.want {
				t.Errorf("groups = %q, want %q", got, tt.want)
			}
		})
	}
}
