package bot

import (
	"regexp"
	"slices"
	"testing"
)

// clauseEndRE is what clauseEnds finds by hand.
var clauseEndRE = regexp.MustCompile(`[.?!]+(?:\s|$)|\s[-–—]+\s|;\s*|\n`)

func TestClauseEnds(t *testing.T) {
	cases := []string{
		"", "a", ".", "?", "a.", "a. b", "a.b", "hi! newly qualified here - do I need HCPC?",
		"e.g. this", "what?? really!? ok", "a -- b", "a - b - c", "a -b", "a- b", "a – b — c",
		"a ;b", "a;  b", "x;", "line\nline", "a\n- b", "a \n b", "a\t-\tb", "…", "why?\n", "a ?! b",
		"a !", "a . . b", "-", " - ", "  -  ", "a\r\nb", "ok;\n", "a\f-\fb", "é? ü - ö",
	}
	// Every string of up to four of these pieces, too.
	pieces := []string{"a", " ", ".", "?", "-", "–", ";", "\n", "!", "\t"}
	var gen func(string, int)
	gen = func(s string, n int) {
		cases = append(cases, s)
		if n == 0 {
			return
		}
		for _, p := range pieces {
			gen(s+p, n-1)
		}
	}
	gen("", 4)
	for _, c := range cases {
		var want [][2]int
		for _, m := range clauseEndRE.FindAllStringIndex(c, -1) {
			want = append(want, [2]int{m[0], m[1]})
		}
		if got := clauseEnds(c); !slices.Equal(got, want) {
			t.Errorf("clauseEnds(%q) = %v, want %v", c, got, want)
		}
	}
}

// TestCommaSplit: a comma before a question's first word or the asker
// speaking of themselves ends a clause; one inside a list does not.
func TestCommaSplit(t *testing.T) {
	for in, want := range map[string]string{
		"first job after uni, is there a preceptorship?":              "first job after uni - is there a preceptorship?",
		"would they consider a job share, i have 2 kids":              "would they consider a job share - i have 2 kids",
		"do i need SQL, Python or R?":                                 "",
		"experience with kids, older people, carers - is that a must": "",
	} {
		got, ok := commaSplit(in)
		if !ok {
			got = ""
		}
		if got != want {
			t.Errorf("commaSplit(%q) = %q, want %q", in, got, want)
		}
	}
}
