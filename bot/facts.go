package bot

import (
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// topic is something applicants ask that job descriptions leave out, which a
// recruiter may add to the role file as a fact.
type topic struct {
	id    string
	name  string // "the salary"
	label string // the citation label: "Salary"
	words *phraseSet
	fact  func(corpus.Facts) string // nil: never in a role file
	said  *phraseSet                // how an item speaks of it, when not in words
}

// speech are the phrases an item that speaks of the topic holds.
func (t *topic) speech() *phraseSet {
	if t.said != nil {
		return t.said
	}
	return t.words
}

// topics, in the order they are tried: the first one named wins.
var topics = []*topic{
	{"benefits", "leave, pension, allowances or other benefits", "", lex.set("fact.benefits"), nil, nil},
	{"interview", "the interview or selection process", "", lex.set("fact.interview"), nil, nil},
	{"visa", "visa sponsorship", "", lex.set("fact.visa"), nil, nil},
	{"progression", "career progression or promotion", "", lex.set("fact.progression"), nil, nil},
	{"kit", "what the employer provides", "", lex.set("fact.kit"), nil, lex.set("kit.said")},
	{"travel", "parking or travel", "", lex.set("fact.travel"), nil, nil},
	{"start", "the start date", "", lex.set("fact.start"), nil, nil},
	{"closing", "the closing date", "Closing date", lex.set("fact.closing"), func(f corpus.Facts) string { return dateString(f.ClosingDate) }, nil},
	{"salary", "the salary or pay band", "Salary", lex.set("fact.salary"), func(f corpus.Facts) string { return f.Salary }, nil},
	{"hours", "the hours or working pattern", "Hours", lex.set("fact.hours"), func(f corpus.Facts) string { return f.Hours }, nil},
	{"location", "where the post is based", "Location", lex.set("fact.location"), func(f corpus.Facts) string { return f.Location }, nil},
	{"contract", "the contract type", "Contract", lex.set("fact.contract"), func(f corpus.Facts) string { return f.Contract }, nil},
	{"apply", "how to apply", "How to apply", lex.set("fact.apply"), func(f corpus.Facts) string { return f.Apply }, nil},
	{"contact", "who to contact", "Contact", lex.set("fact.contact"), func(f corpus.Facts) string { return f.Contact }, nil},
}

// factTopic returns the first topic the words name.
func factTopic(ws []string) *topic {
	for _, t := range topics {
		if !t.words.has(ws) {
			continue
		}
		if t.id == "benefits" {
			// "whats the money like and is there extra for nights?" asks
			// the salary first, in words the benefits' phrases do not
			// hold ("pay for my course" is funding) and that are not the
			// verb ("do you pay an on-call allowance?").
			mask := t.words.cover(ws)
			for i, w := range ws {
				if w == "pay" || w == "paid" || w == "pays" {
					mask[i] = true
				}
			}
			if rest := blank(ws, mask); topicSalary.words.has(rest) {
				return topicSalary
			}
		}
		return t
	}
	// "where's the school?", "where is the depot"
	for i, w := range ws {
		if w != "where" {
			continue
		}
		j := i + 1
		for j < len(ws) && j <= i+3 && wherePlace[ws[j]] {
			j++
		}
		if j < len(ws) && lxWorkplace.at(ws, j) > 0 {
			return topicLocation
		}
	}
	return nil
}

// wherePlace are the words between "where" and the place asked about:
// "where is the depot", "where's our school".
var wherePlace = setOf(`is are the a this that our my their your`)

var topicLocation, topicSalary = topicByID("location"), topicByID("salary")

func topicByID(id string) *topic {
	for _, t := range topics {
		if t.id == id {
			return t
		}
	}
	panic("no topic " + id)
}

// alternatives are the words a question offers as choices next to the
// words the answer has: in "band 5 or 6?" answered by "Band 5", and "days
// or nights?" answered by "Nights", the other choice is not a further
// question.
func alternatives(ws []string, covered func(string) bool) map[string]bool {
	out := map[string]bool{}
	for k, w := range ws {
		if w != "or" || k == 0 {
			continue
		}
		var side []string
		for i := k - 1; i >= 0 && i >= k-2 && !lxFiller.has(ws[i:i+1]); i-- {
			side = append(side, ws[i])
		}
		for i := k + 1; i < len(ws) && i <= k+3; i++ {
			side = append(side, ws[i])
		}
		hit := false
		for _, s := range side {
			hit = hit || covered(s)
		}
		if hit {
			for _, s := range side {
				out[s] = true
			}
		}
	}
	return out
}

func dateString(d corpus.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.Format("2 January 2006")
}

// unarranged are the words of a particular arrangement the question asks
// for ("can I do part time?", "is there flexi?", "saturdays") that the note
// does not state: a note of "37.5 hours a week" does not say whether part
// time is possible, though it answers "is it part time?".
func unarranged(ws []string, have map[string]bool) []string {
	if !lxFactRequest.has(ws) {
		return nil
	}
	days := false
	for w := range have {
		days = days || lxFactDays.has([]string{w})
	}
	var out []string
	for i := 0; i < len(ws); i++ {
		n := lxFactArrange.at(ws, i)
		if n == 0 {
			continue
		}
		phrase := ws[i : i+n]
		i += n - 1
		if days && lxFactDays.has([]string{strings.TrimSuffix(phrase[0], "s")}) {
			continue
		}
		covered := true
		for _, w := range phrase {
			covered = covered && (have[w] || prefixIn(w, have) || have[fieldStem(w)])
		}
		if !covered {
			out = append(out, phrase...)
		}
	}
	return out
}

// statesExtra: a recruiter's note says what is paid on top ("plus
// enhancements", "a market supplement").
func statesExtra(have map[string]bool) bool {
	for w := range have {
		if lxFactExtra.has([]string{w}) {
			return true
		}
	}
	return false
}

// topicWords are the words of the question that name the topic.
func topicWords(t *topic, ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		if n := t.words.at(ws, i); n > 0 {
			out = append(out, content(ws[i:i+n])...)
			i += n - 1
		}
	}
	return out
}
