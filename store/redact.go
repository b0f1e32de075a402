package store

import (
	"regexp"
	"slices"
	"strings"
	"unicode"
)

var (
	email = regexp.MustCompile(`[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+`)
	// phone is a run of digits with the separators people type in phone
	// numbers; it is a phone number when it has at least nine digits, so
	// that "band 7", "2025" or "37.5 hours" are kept.
	phone = regexp.MustCompile(`\+?\(?\d[\d\s().-]*\d`)
)

const minPhoneDigits = 9

// Redact replaces e-mail addresses and phone numbers in a question with
// [email] and [phone], before it is stored.
func Redact(text string) string {
	text = email.ReplaceAllString(text, "[email]")
	return phone.ReplaceAllStringFunc(text, func(m string) string {
		digits := 0
		for _, r := range m {
			if r >= '0' && r <= '9' {
				digits++
			}
		}
		if digits < minPhoneDigits {
			return m
		}
		return "[phone]"
	})
}

// stopwords are the words that say how a question is asked, not what it
// is about; Topic leaves them out.
var stopwords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about after again all also am an and any anything are as at be been before
		being but by can could did do does doing for from get got had has have having he her here hi hello hey him his
		how i i'd i'll i'm i've if in into is isn't it it's its just know let me might more most much must my need
		needed no not now of on one only or other our out over please really role job position post same she should so
		some something such tell than thank thanks that the their them then there these they this those to too under
		up us very was we were what what's when where which while who why will with would yes you your you're
		offer offered provide provided available there's does doesn't don't`) {
		stopwords[w] = true
	}
}

// Topic is what an unanswered question is about, for grouping: the words
// of its first question (the first sentence ending in "?", else the whole
// text) without the ones that only frame a question, in alphabetical
// order, at most three. "Is there parking?" and "parking??" are both
// "parking".
func Topic(text string) string {
	if q := firstQuestion(text); q != "" {
		text = q
	}
	var ws []string
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
	}) {
		w = strings.Trim(w, "'")
		if len(w) < 3 || stopwords[w] || w == "email" || w == "phone" {
			continue
		}
		ws = append(ws, strings.TrimSuffix(w, "'s"))
	}
	slices.Sort(ws)
	ws = slices.Compact(ws)
	if len(ws) > 3 {
		ws = ws[:3]
	}
	if len(ws) == 0 {
		return "(other)"
	}
	return strings.Join(ws, " ")
}

// firstQuestion is the first sentence of text that ends in "?", or "".
func firstQuestion(text string) string {
	start := 0
	for i, r := range text {
		end := r == '?' || r == '!' || (r == '.' && (i+1 == len(text) || text[i+1] == ' '))
		if !end {
			continue
		}
		if r == '?' {
			return strings.TrimSpace(text[start : i+1])
		}
		start = i + 1
	}
	return ""
}
