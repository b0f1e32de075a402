// Package chat holds what the chat adapters share: fitting text within a
// platform's limits, reading an answer's body the same way on every
// platform, and remembering the threads the bot answered in. It knows no
// platform's SDK.
package chat

import (
	"strings"
	"unicode"
)

// Width is what one rune costs against a platform's limit once the text is
// escaped for it, e.g. 5 for '&' in Slack's mrkdwn ("&amp;"). Platforms
// count characters, not bytes. A nil Width counts every rune as one.
type Width func(r rune) int

// Len is the length of s as the platform counts it once escaped.
func Len(s string, w Width) int {
	n := 0
	for _, r := range s {
		n += w.of(r)
	}
	return n
}

func (w Width) of(r rune) int {
	if w == nil {
		return 1
	}
	return w(r)
}

// Split cuts s into pieces that each cost at most limit, preferring to cut
// between paragraphs, then lines, sentences and words, so that a text
// split across sections or fields still reads naturally. A natural break
// is taken only in the second half of the room, so pieces are substantial;
// a word longer than the room is cut mid-word, but never just after an
// escaping backslash. Only white space at a cut is dropped, and blank text
// gives no pieces.
func Split(s string, limit int, w Width) []string {
	var pieces []string
	s = strings.TrimSpace(s)
	for s != "" && limit > 0 {
		head, rest := cutAt(s, limit, w)
		if rest != "" {
			natural := false
			for _, sep := range []string{"\n\n", "\n", ". ", " "} {
				if i := strings.LastIndex(head, sep); i > 0 && i >= len(head)/2 {
					head, rest, natural = s[:i+len(sep)], s[i+len(sep):], true
					break
				}
			}
			if trailing := len(head) - len(strings.TrimRight(head, `\`)); !natural && trailing%2 == 1 && len(head) > 1 {
				// Never between a backslash and the character it escapes
				// in markdown: "\[" cut in two would leave a live "[".
				head, rest = head[:len(head)-1], s[len(head)-1:]
			}
		}
		if head = strings.TrimRightFunc(head, unicode.IsSpace); head != "" {
			pieces = append(pieces, head)
		}
		s = strings.TrimLeftFunc(rest, unicode.IsSpace)
	}
	return pieces
}

// Truncate shortens s so that it costs at most limit, marking a cut with
// an ellipsis after the last whole word that fits, or mid-word when the
// first word alone is too long.
func Truncate(s string, limit int, w Width) string {
	if Len(s, w) <= limit {
		return s
	}
	if limit < 1 {
		return ""
	}
	head, _ := cutAt(s, limit-1, w) // room for the ellipsis
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i > len(head)/2 {
		head = head[:i]
	}
	return strings.TrimRight(head, " \t\n,;:") + "…"
}

// cutAt splits s after the most runes that cost at most limit.
func cutAt(s string, limit int, w Width) (string, string) {
	n := 0
	for i, r := range s {
		if n += w.of(r); n > limit {
			return s[:i], s[i:]
		}
	}
	return s, ""
}
