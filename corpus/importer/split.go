package importer

import (
	"strings"
	"unicode"
)

// Splitting text that an export ran together: "Degree in X. HCPC
// registration. Able to ..." is three criteria; "... clinical practitioner
// Mentorship or supervisory skills training." is two, with the full stop
// lost.

// abbrevs end in a full stop without ending a sentence.
var abbrevs = map[string]bool{"e.g.": true, "i.e.": true, "dr.": true, "mr.": true, "mrs.": true,
	"ms.": true, "st.": true, "no.": true, "incl.": true, "approx.": true, "vs.": true, "eg.": true, "ie.": true,
	"e.g.,": true, "ltd.": true, "co.": true, "min.": true, "max.": true, "govt.": true, "dept.": true}

// continuing words start a sentence that belongs to the one before.
var continuing = map[string]bool{"this": true, "these": true, "that": true, "it": true, "its": true, "they": true,
	"their": true, "such": true, "including": true, "which": true, "where": true, "or": true, "and": true,
	"but": true, "e.g.": true, "i.e.": true, "eg": true, "ie": true, "also": true, "especially": true, "particularly": true}

// glue words are never the last word of an item whose full stop was lost:
// "approved by the Royal College", "use of Microsoft", "using Excel".
var glue = map[string]bool{"a": true, "an": true, "the": true, "of": true, "and": true, "or": true, "to": true,
	"in": true, "on": true, "at": true, "by": true, "for": true, "with": true, "from": true, "into": true,
	"onto": true, "as": true, "via": true, "using": true, "use": true, "including": true, "include": true,
	"includes": true, "like": true, "such": true, "within": true, "across": true, "between": true, "among": true,
	"under": true, "over": true, "about": true, "per": true, "than": true, "particularly": true,
	"especially": true, "namely": true, "is": true, "are": true, "be": true, "our": true, "your": true,
	"their": true, "its": true, "his": true, "her": true, "new": true, "called": true, "named": true,
	"known": true, "entitled": true, "through": true, "towards": true, "toward": true, "around": true,
	"against": true, "e.g.": true, "eg": true, "i.e.": true, "ie": true, "not": true, "no": true, "any": true,
	"all": true, "both": true, "either": true, "each": true, "every": true, "other": true, "current": true,
	"registered": true, "qualified": true, "accredited": true, "approved": true, "chartered": true, "full": true,
	"valid": true, "relevant": true, "recognised": true, "recognized": true, "level": true,
	"speak": true, "speaking": true, "teach": true, "teaching": true, "read": true, "write": true, "know": true,
	"understand": true, "fluent": true, "basic": true, "good": true, "excellent": true, "conversational": true,
	"another": true, "some": true, "these": true, "those": true, "whose": true}

// splitRun splits run-together items. withCaps also splits where a lower-
// case word meets a capitalised one with no full stop between, which only
// makes sense in a list of items, never in prose; it reports each such
// split so a reviewer can check it.
func splitRun(s string, withCaps bool) (items []string, capSplits int) {
	words := strings.Fields(s)
	start := 0
	for i := 0; i+1 < len(words); i++ {
		w, next := words[i], words[i+1]
		if sentenceEnd(w, next, words[i+1:]) || withCaps && capBoundary(words, start, i) {
			if !sentenceEnd(w, next, words[i+1:]) {
				capSplits++
			}
			items = append(items, strings.Join(words[start:i+1], " "))
			start = i + 1
		}
	}
	if start < len(words) {
		items = append(items, strings.Join(words[start:], " "))
	}
	return items, capSplits
}

func sentenceEnd(w, next string, rest []string) bool {
	t := strings.TrimRight(w, "\"'”’)]")
	if !(strings.HasSuffix(t, ".") || strings.HasSuffix(t, "!") || strings.HasSuffix(t, "?")) {
		return false
	}
	lw := strings.ToLower(t)
	if abbrevs[lw] || len([]rune(t)) == 2 && unicode.IsUpper([]rune(t)[0]) { // "J." an initial
		return false
	}
	// "... maintenance. 18th Edition Wiring Regulations ...": an item may
	// open with a number before a capitalised word.
	if !startsUpper(strings.TrimLeft(next, "\"'“‘(")) && !(startsDigit(next) && len(rest) > 1 && startsUpper(rest[1])) {
		return false
	}
	ln := strings.ToLower(strings.Trim(next, ",;:"))
	if continuing[ln] && !allUpper(next) { // "It" continues; "IT skills" does not
		return false
	}
	if ln == "for" && len(rest) > 1 && strings.HasPrefix(strings.ToLower(rest[1]), "example") {
		return false
	}
	return true
}

// capBoundary reports whether an item whose full stop was lost ends at
// words[i]: "practitioner Mentorship or ...", "services Health coaching".
func capBoundary(words []string, start, i int) bool {
	if i-start < 3 || i+3 >= len(words) {
		return false // at least four words before the split and three after
	}
	w, next, after := words[i], words[i+1], words[i+2]
	// "practitioner Mentorship", "(MPharm) Registration"
	closed := strings.HasSuffix(w, ")") && len(w) > 2
	if !(isLowerWord(w) || closed) || glue[w] {
		return false
	}
	if !startsUpper(next) || !isLetters(next) || letterCompound(next) {
		return false
	}
	// "in plain English and", "in Welsh or": a language after a lower-case
	// word and before a small word is inside an item.
	if languages[strings.TrimRight(next, ",;:")] && glue[strings.ToLower(strings.TrimRight(after, ",;:"))] {
		return false
	}
	// An acronym starts an item ("GCSE maths", "IT skills") only after a
	// word that items end with; elsewhere it is a name inside one ("an
	// enhanced DBS check").
	// A word with two capitals or more ("PQiP", "SystmOne") is read the
	// same way.
	if capitals(next) > 1 && !closed && !itemEnd[w] {
		return false
	}
	return isLowerWord(strings.TrimRight(after, ",;:")) && !glue[next]
}

// capitals counts the upper-case letters of w.
func capitals(w string) int {
	n := 0
	for _, r := range w {
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n
}

// letterCompound: "X-ray", "T-shirt", "U-turn" are words inside an item,
// though they start with a capital; "A-levels" may start one.
func letterCompound(w string) bool {
	if len(w) < 3 || w[1] != '-' {
		return false
	}
	rest := strings.ToLower(strings.TrimRight(w[2:], ",;:"))
	return isLowerWord(w[2:]) && rest != "level" && rest != "levels"
}

// itemEnd are words criteria often end with, after which an acronym
// starts the next one.
var itemEnd = map[string]bool{"equivalent": true, "experience": true, "qualification": true, "qualifications": true,
	"registration": true, "required": true, "essential": true, "desirable": true, "skills": true, "training": true,
	"licence": true, "license": true, "certificate": true, "degree": true, "above": true, "status": true,
	"knowledge": true, "standard": true, "queries": true, "settings": true, "setting": true}

func isLowerWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) && r != '-' && r != '\'' && r != '’' {
			return false
		}
	}
	return true
}

func isLetters(w string) bool {
	for _, r := range w {
		if !unicode.IsLetter(r) && r != '-' {
			return false
		}
	}
	return w != ""
}

func allUpper(w string) bool {
	n := 0
	for _, r := range w {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsUpper(r) {
			n++
		}
	}
	return n > 1
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

var languages = map[string]bool{"English": true, "Welsh": true, "Gaelic": true, "British": true, "Irish": true, "French": true, "Spanish": true, "Polish": true}
