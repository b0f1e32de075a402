package bot

import (
	"unicode/utf8"
)

// clauseEnds finds where a message's sentences and asides end: the
// matches of the regular expression
//
//	[.?!]+(?:\s|$)|\s[-–—]+\s|;\s*|\n
//
// (its leftmost-first matches, as FindAllStringIndex gives them), found by
// hand: every question is split, and the expression was a tenth of the
// time a question takes to parse. TestClauseEnds holds the two to each
// other.
func clauseEnds(s string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		if n := clauseEndAt(s, i); n > 0 {
			out = append(out, [2]int{i, i + n})
			i += n
			continue
		}
		i++
	}
	return out
}

// clauseEndAt is the length of the clause end that starts at s[i], 0 when
// none does; the alternatives are tried in the expression's order.
func clauseEndAt(s string, i int) int {
	switch c := s[i]; {
	case c == '.' || c == '?' || c == '!':
		j := i + 1
		for j < len(s) && (s[j] == '.' || s[j] == '?' || s[j] == '!') {
			j++
		}
		if j == len(s) {
			return j - i
		}
		if isSpaceRE(s[j]) {
			return j + 1 - i
		}
	case isSpaceRE(c):
		j := i + 1
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r != '-' && r != '–' && r != '—' {
				break
			}
			j += n
		}
		if j > i+1 && j < len(s) && isSpaceRE(s[j]) {
			return j + 1 - i
		}
		if c == '\n' {
			return 1
		}
	case c == ';':
		j := i + 1
		for j < len(s) && isSpaceRE(s[j]) {
			j++
		}
		return j - i
	}
	return 0
}

// isSpaceRE is \s of Go's regular expressions: [\t\n\f\r ].
func isSpaceRE(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'
}
