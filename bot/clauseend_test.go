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
