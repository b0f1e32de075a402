package bot

import (
	"fmt"
	"regexp"
	"time"

	"github.com/recruitbot/recruitbot/corpus"
)

// topic is something applicants ask that job descriptions leave out, which a
// recruiter may add to the role file as a fact.
type topic struct {
	name  string // "the salary"
	label string // the citation label: "Salary"
	re    *regexp.Regexp
	fact  func(corpus.Facts) string // nil: never in a role file
}

var topics = []topic{
	{"the closing date", "Closing date", regexp.MustCompile(`\bclos(e|es|ing)\s+date|\bdeadline|\b(when|what time)\b.*\b(close|closes|closing|end|ends)\b|\blast\s+(day|date)\b|\bapply\s+by\b|\bstill\s+open\b`),
		func(f corpus.Facts) string {
			if f.ClosingDate.IsZero() {
				return ""
			}
			return f.ClosingDate.Format("2 January 2006")
		}},
	{"the salary or pay band", "Salary", regexp.MustCompile(`\b(salary|salaries|pay|paid|wages?|earn|earnings|remuneration|compensation|band|afc|agenda for change)\b|£`),
		func(f corpus.Facts) string { return f.Salary }},
	{"the hours or working pattern", "Hours", regexp.MustCompile(`\b(hours?|part[\s-]?time|full[\s-]?time|working pattern|shifts?|weekends?|evenings?|nights?|on[\s-]call|rota|job[\s-]share|days a week|flexible working|compressed)\b`),
		func(f corpus.Facts) string { return f.Hours }},
	{"where the post is based", "Location", regexp.MustCompile(`\bwhere\b.*\b(based|located|work|working|job|role|post|office|site)\b|\b(location|located|remote|remotely|hybrid|work from home|wfh|relocat\w*|commute|commuting|which (town|city|area|region|practice|surgery))\b`),
		func(f corpus.Facts) string { return f.Location }},
	{"the contract type", "Contract", regexp.MustCompile(`\b(contract|permanent|fixed[\s-]term|temporary|secondment|locum|bank staff|maternity cover)\b`),
		func(f corpus.Facts) string { return f.Contract }},
	{"how to apply", "How to apply", regexp.MustCompile(`\bhow\b.*\bapply\b|\bapply\s+(for|to|online)\b|\bwhere\b.*\bapply\b|\bapplication\s+(form|process|pack|link)\b|\binterview\s+(process|date|stage)s?\b|\b(is there|will there be|do i get|will i have|when is) an interview\b`),
		func(f corpus.Facts) string { return f.Apply }},
	{"who to contact", "Contact", regexp.MustCompile(`\bwho\b.*\b(contact|ask|speak|talk|email)\b|\bcontact\s+(details|person|email|number|name)\b|\b(get in touch|informal (chat|discussion|visit)|recruiter'?s (email|name|number))\b`),
		func(f corpus.Facts) string { return f.Contact }},
	{"visa sponsorship", "", regexp.MustCompile(`\b(visas?|sponsor|sponsors|sponsorship|certificate of sponsorship|tier 2|skilled worker)\b`), nil},
	{"leave, pension or other benefits", "", regexp.MustCompile(`\b(annual leave|holidays?|pension|benefits|perks|maternity leave|paternity leave|sick pay|study leave)\b`), nil},
	{"parking or travel", "", regexp.MustCompile(`\b(parking|car park|mileage|travel expenses|driving licen[cs]e|own car)\b`), nil},
	{"the start date", "", regexp.MustCompile(`\bstart\s+date\b|\bwhen\b.*\b(start|begin)\b`), nil},
}

// factTopic returns the recruiter-fact topic the question is about, if any.
func factTopic(lower string) (topic, bool) {
	for _, t := range topics {
		if t.re.MatchString(lower) {
			return t, true
		}
	}
	return topic{}, false
}

// answerFact answers from the role's recruiter facts, or abstains.
func answerFact(q string, t topic, r *corpus.Role, now time.Time) Answer {
	value := ""
	if t.fact != nil {
		value = t.fact(r.Facts)
	}
	if value == "" {
		who := "the recruiter"
		if r.Facts.Contact != "" {
			who = "the recruiter (" + r.Facts.Contact + ")"
		}
		return Answer{Question: q, Intent: IntentFact,
			Text: fmt.Sprintf("The %s job description doesn't say anything about %s, so I can't answer that. Please ask %s.", r.Title, t.name, who)}
	}
	cite := Citation{RoleID: r.ID, Role: r.Title, Kind: corpus.Fact, Section: "Recruiter notes", Area: t.label, Text: value}
	text := fmt.Sprintf("%s for the %s role: %s.", t.label, r.Title, value)
	if t.label == "Closing date" {
		closes := r.Facts.ClosingDate.Time
		today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
		if closes.Before(today) {
			text = fmt.Sprintf("Applications for the %s role closed on %s.", r.Title, value)
		} else {
			text = fmt.Sprintf("Applications for the %s role close on %s.", r.Title, value)
		}
	}
	return Answer{Question: q, Intent: IntentFact, Answered: true, Text: text, Lead: text, Citations: []Citation{cite}}
}
