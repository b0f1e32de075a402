package bot

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestion bounds a question. Longer messages get a reply asking for a
// shorter one rather than a search over an essay.
const MaxQuestion = 1000

// MaxProfile bounds the self-description of an eligibility check.
const MaxProfile = 4000

// upperIT is "IT" written as an abbreviation, which lower-casing would turn
// into the stop word "it".
var upperIT = regexp.MustCompile(`\bIT\b`)

// clean makes user text safe to work with: valid UTF-8, no control
// characters, single spaces, curly quotes straightened.
func clean(s string) string {
	s = upperIT.ReplaceAllString(s, "information technology")
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u2019' || r == '\u2018':
			return '\''
		case r == '\u201c' || r == '\u201d':
			return '"'
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}

var wordRE = regexp.MustCompile(`[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*`)

// words are the lower-case words of s, in order.
func words(s string) []string {
	ws := wordRE.FindAllString(strings.ToLower(s), -1)
	for i, w := range ws {
		ws[i] = strings.TrimSuffix(w, "'s")
	}
	return ws
}

// generic are words that say how something is asked, not what about: they
// are dropped before searching so they cannot make a weak match look strong.
var generic = set(`a an the this that these those it its is are am was were be been being
	do does did doing done i i'm i'll i've me my we our us you your yours they them their
	will would could should can may might must shall have has had having get got
	what which who whom whose where when why how whats what's there here any some all also
	need needs needed require requires required requirement requirements necessary mandatory
	essential desirable compulsory expected expect important matter matters
	role job post position vacancy applicant applicants candidate candidates
	involve involves involved involving include includes included part
	tell about know say says said mention mentions mentioned see show give list
	please thanks thank ok okay hi hello hey
	if of in on at to for from with by as or and but not no yes so than then too very just really
	much many more most lot lots kind sort bit anything something
	looked look looking want wants wanted ask asking question
	help helps helpful useful benefit beneficial advantage advantageous count counts considered
	application applications chances cv expectation expectations
	year years month months week weeks skill skills good great`)

func set(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// phrasal are verbs that only frame what follows: in "will I work with
// older adults?" the subject is older adults, not work.
var phrasal = set(`work works working worked deal deals dealing involved responsible`)
var phrasalNext = set(`with alongside for`)

// topicText is the question with generic words removed, for the searcher.
func topicText(ws []string, drop map[string]bool) string {
	var keep []string
	for i, w := range ws {
		if generic[w] || drop[w] {
			continue
		}
		if phrasal[w] && i+1 < len(ws) && phrasalNext[ws[i+1]] {
			continue
		}
		keep = append(keep, w)
	}
	return strings.Join(keep, " ")
}

// quote shortens s for a one-line answer, at a word boundary.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := strings.LastIndexByte(string(r), ' ')
	out := string(r)
	if cut > n/2 {
		out = out[:cut]
	}
	return strings.TrimRight(out, " ,;:.") + "…"
}

// firstSentence is the first sentence of s.
func firstSentence(s string) string {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '.' || s[i] == '!' || s[i] == '?') && s[i+1] == ' ' {
			return s[:i+1]
		}
	}
	return s
}
