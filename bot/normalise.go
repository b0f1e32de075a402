package bot

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxQuestion bounds a question. Longer messages get a reply asking for a
// shorter one rather than a search over an essay.
const MaxQuestion = 1000

// MaxProfile bounds the self-description of an eligibility check.
const MaxProfile = 4000

// UpperIT is "IT" written as an abbreviation, which lower-casing would turn
// into the filler word "it"; the index reads an item's "IT" the same way.
var UpperIT = regexp.MustCompile(`\bIT\b`)

// Signed finds a letter named with a sign: "C++", "C#", "A+" (CompTIA A+),
// which the analysis would read as the letter alone.
var Signed = regexp.MustCompile(`\b[A-Za-z](\+\+|\+|#)(\W|$)`)

// SpellSigns writes the signs of the names Signed finds as words, the
// same in a question and in an item: "C++" is "cplusplus".
func SpellSigns(s string) string {
	return Signed.ReplaceAllStringFunc(s, func(m string) string {
		tail := ""
		if last := m[len(m)-1]; last != '+' && last != '#' {
			tail, m = m[len(m)-1:], m[:len(m)-1]
		}
		letter := strings.ToLower(m[:1])
		switch m[1:] {
		case "++":
			return letter + "plusplus" + tail
		case "+":
			return letter + "plus" + tail
		}
		return letter + "sharp" + tail
	})
}

// clean makes user text safe to work with: valid UTF-8, no control
// characters, single spaces, curly quotes straightened, doubled apostrophes
// single.
// tldr is "tl;dr" in the ways people type it.
var tldr = regexp.MustCompile(`(?i)\btl\s*[;:,.]?\s*dr\b`)

func clean(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, " ")
	}
	// Regular expressions only where their first letters are: most
	// messages have neither.
	if strings.Contains(s, "IT") {
		s = UpperIT.ReplaceAllString(s, "information technology")
	}
	if strings.ContainsAny(s, "+#") {
		s = SpellSigns(s)
	}
	if hasFold(s, "tl") {
		s = tldr.ReplaceAllString(s, "tldr") // before ';' splits it into clauses
	}
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\u2019' || r == '\u2018' || r == '`' || r == '\u00b4':
			return '\''
		case r == '\u201c' || r == '\u201d':
			return '"'
		case r == '\u2013' || r == '\u2014':
			return '-'
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r):
			return ' '
		}
		return r
	}, s)
	for strings.Contains(s, "''") {
		s = strings.ReplaceAll(s, "''", "'")
	}
	return strings.Join(strings.Fields(s), " ")
}

// isContraction are the words whose 's is "is", not a possessive: chat.txt
// spells them out ("what's" reads as "what is", as "whats" does).
var isContraction = setOf(`what's who's where's when's how's it's that's there's here's`)

// tokens are the lower-case words of s, in order: letters and digits, with
// apostrophes and '&' inside a word kept ("i'm", "a&e"); a possessive 's is
// dropped and hyphenated words are split.
func tokens(s string) []string {
	out := make([]string, 0, strings.Count(s, " ")+1)
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		w := trimQuoteAmp(s[start:end])
		if !isContraction[strings.ToLower(w)] {
			w = strings.TrimSuffix(w, "'s")
		}
		if w != "" {
			out = append(out, strings.ToLower(w))
		}
		start = -1
	}
	for i, r := range s {
		if r == '-' && i > 0 && i+1 < len(s) && isDigit(s[i-1]) && isDigit(s[i+1]) {
			// "duties 18-20" is a range
			flush(i)
			out = append(out, "to")
			continue
		}
		inWord := unicode.IsLetter(r) || unicode.IsNumber(r) || (r == '\'' || r == '&') && start >= 0
		if inWord {
			if start < 0 {
				start = i
			}
			continue
		}
		flush(i)
	}
	flush(len(s))
	return out
}

// trimQuoteAmp is strings.Trim(w, "'&") without building the cutset on
// every word.
func trimQuoteAmp(w string) string {
	for len(w) > 0 && (w[0] == '\'' || w[0] == '&') {
		w = w[1:]
	}
	for len(w) > 0 && (w[len(w)-1] == '\'' || w[len(w)-1] == '&') {
		w = w[:len(w)-1]
	}
	return w
}

// allDigits reports whether w has no byte but digits: strings.Trim(w,
// "0123456789") == "", without building the cutset for every word.
func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if !isDigit(w[i]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// words are the lower-case tokens of s with chat forms rewritten: the form
// every rule and the search see.
func words(s string) []string { return chats.rewrite(tokens(s)) }

// clause is one sentence or part of a message.
type clause struct {
	words []string
	asks  bool // ends in '?' or reads as a question
}

// clauseEnds (clauseend.go) splits a message into the sentences and
// asides people type: "hi! newly qualified here - do I need HCPC?".

// abbrevDot is a full stop that does not end a sentence: "duty no. 14",
// "e.g. supervision".
var abbrevDot = regexp.MustCompile(`(?i)\b(no|nos|e\.g|i\.e|etc|approx|inc|vs)\.`)

func clauses(s string) []clause {
	if strings.IndexByte(s, '.') >= 0 {
		s = abbrevDot.ReplaceAllString(s, "$1")
	}
	var out []clause
	start := 0
	add := func(end int, sep string) {
		ws := words(s[start:end])
		if len(ws) > 0 {
			out = append(out, clause{words: ws, asks: strings.Contains(sep, "?") || startsQuestion(ws)})
		}
	}
	for _, m := range clauseEnds(s) {
		add(m[0], s[m[0]:m[1]])
		start = m[1]
	}
	if start < len(s) {
		add(len(s), "")
	}
	return out
}

// commaSplit rewrites the commas of a message that start a clause of their
// own as clause ends: a question after what the asker says of themselves
// ("first job after uni, is there a preceptorship?") or what they say of
// themselves after the question ("do i have to go on the residential, my
// partner works nights"). A comma inside a list ("SQL, Python or R")
// stays. ok is false when no comma starts a clause.
func commaSplit(text string) (string, bool) {
	parts := strings.Split(text, ",")
	if len(parts) == 1 {
		return text, false
	}
	var sb strings.Builder
	sb.WriteString(parts[0])
	ok := false
	for _, part := range parts[1:] {
		if ws := words(part); len(ws) > 0 && commaOpens[ws[0]] {
			sb.WriteString(" -")
			if !strings.HasPrefix(part, " ") {
				sb.WriteByte(' ')
			}
			ok = true
		} else {
			sb.WriteString(",")
		}
		sb.WriteString(part)
	}
	return sb.String(), ok
}

// commaOpens are the words that, after a comma, open a clause of its own:
// a question's first word, or the asker speaking of themselves.
var commaOpens = setOf(`do does did is are am was were will would can could should what whats which who
	whose where when why how any anything i my as because cos since but though`)

// questionStart are the words a question begins with.
var questionStart = setOf(`do does did doing is are am was were will would can could should shall must may
	might have has had what whats which who whom whose where when why how list show give tell
	any anything need needs required essential desirable`)

func startsQuestion(ws []string) bool { return questionStart[firstWord(ws)] }

// leadIns come before a question without changing what it asks.
var leadIns = setOf(`so and but also ok okay`)

// firstWord is the first word of ws after greetings and lead-ins.
func firstWord(ws []string) string {
	for _, w := range ws {
		if !leadIns[w] && lxGreeting.at([]string{w}, 0) == 0 {
			return w
		}
	}
	return ""
}

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

var (
	units = map[string]int{"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
		"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
		"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
	tens       = map[string]int{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
	ordinals   = map[string]int{"first": 1, "second": 2, "third": 3, "fifth": 5, "eighth": 8, "ninth": 9, "twelfth": 12}
	ordTens    = map[string]int{"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50}
	ordDigitRE = regexp.MustCompile(`^(\d{1,6})(?:st|nd|rd|th)$`)
)

// number reads a number at ts[i]: digits, "12th", "twelve", "twenty one",
// "twenty-first", "seventh". It returns the value, the tokens used and
// whether it was an ordinal; n is 0 when there is none.
func number(ts []string, i int) (v, n int, ordinal bool) {
	if i >= len(ts) {
		return 0, 0, false
	}
	w := ts[i]
	if allDigits(w) {
		if d, err := strconv.Atoi(w); err == nil && len(w) <= 6 {
			return d, 1, false
		}
		return 999999, 1, false // no list is that long
	}
	if isDigit(w[0]) { // "12th"; most words need no regular expression
		if m := ordDigitRE.FindStringSubmatch(w); m != nil {
			d, _ := strconv.Atoi(m[1])
			return d, 1, true
		}
	}
	if t, ok := tens[w]; ok {
		if i+1 < len(ts) {
			if u, ok := units[ts[i+1]]; ok && u > 0 && u < 10 {
				return t + u, 2, false
			}
			if o, ok := ordinalWord(ts[i+1]); ok && o < 10 {
				return t + o, 2, true
			}
		}
		return t, 1, false
	}
	if u, ok := units[w]; ok {
		return u, 1, false
	}
	if o, ok := ordinalWord(w); ok {
		return o, 1, true
	}
	return 0, 0, false
}

// ordinalWord reads "first" .. "nineteenth", "twentieth".
func ordinalWord(w string) (int, bool) {
	if o, ok := ordinals[w]; ok {
		return o, true
	}
	if o, ok := ordTens[w]; ok {
		return o, true
	}
	if base, ok := strings.CutSuffix(w, "th"); ok {
		if u, ok := units[base]; ok && u > 3 {
			return u, true
		}
		if u, ok := units[base+"e"]; ok { // "nineth"
			return u, true
		}
	}
	return 0, false
}

// shorten shortens s to about n characters at a word boundary.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	var out string
	if utf8.ValidString(s) {
		end := 0 // the first n runes, without converting s to runes
		for range n {
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		out = s[:end]
	} else {
		out = string([]rune(s)[:n]) // invalid bytes become U+FFFD
	}
	cut := strings.LastIndexByte(out, ' ')
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

// hasFold reports whether s holds the ASCII letters of sub in any case.
func hasFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		j := 0
		for j < len(sub) && s[i+j]|0x20 == sub[j] {
			j++
		}
		if j == len(sub) {
			return true
		}
	}
	return false
}
