package importer

import (
	"regexp"
	"strings"
)

// The vocabulary of job descriptions: what their headings and labels are
// called. Matching is on lower-cased text with trailing ':' and numbering
// removed.

type section int

const (
	secNone section = iota
	secIntro
	secScope
	secDuties
	secSupervision
	secSpec
	secOther // a heading the rules do not know; what follows decides
	secApply // how to apply: its paragraphs are the apply fact
	secFact  // a heading naming a fact ("Salary"): the paragraph under it is its value
	secFAQ   // questions the recruiter answers: "Is there parking? Yes, ..."
)

var headingNumber = regexp.MustCompile(`^(?:(?:section|part)\s+)?(?:\d{1,2}(?:\.\d{1,2})*|[a-h]|[ivx]{1,4})[.):]?\s+|^(?:section|part)\s+\d+\s*[-–—:]\s*`)

// headKey is a heading as the tables below spell it.
func headKey(s string) string {
	s = strings.ToLower(clean(s))
	s = strings.Trim(s, " :.-–—*_")
	s = headingNumber.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "’", "'")
	return strings.TrimSpace(s)
}

var sectionNames = map[string]section{
	"introduction": secIntro, "about this job description": secIntro, "about us": secIntro,
	"about the organisation": secIntro, "about the organization": secIntro, "about the employer": secIntro,
	"about the company": secIntro, "who we are": secIntro, "background": secIntro, "our organisation": secIntro,
	"about the trust": secIntro, "about the practice": secIntro, "about the council": secIntro,
	"about the school": secIntro, "about the service": secIntro, "about the team": secIntro, "the team": secIntro,

	"job scope": secScope, "scope": secScope, "job purpose": secScope, "purpose of the job": secScope,
	"purpose of the post": secScope, "purpose of the role": secScope, "job summary": secScope,
	"role summary": secScope, "summary": secScope, "overview": secScope, "about the role": secScope,
	"the role": secScope, "main purpose": secScope, "main purpose of the job": secScope,
	"main purpose of the post": secScope, "main purpose of the role": secScope, "job overview": secScope,
	"role purpose": secScope, "position summary": secScope, "about the job": secScope, "role overview": secScope,
	"key purpose": secScope, "purpose": secScope, "summary of the role": secScope, "overall purpose": secScope,
	"job role": secScope, "post summary": secScope, "purpose of the position": secScope, "scope of the role": secScope,

	"faq": secFAQ, "faqs": secFAQ, "frequently asked questions": secFAQ, "questions and answers": secFAQ,
	"your questions answered": secFAQ, "common questions": secFAQ,

	"supervision": secSupervision, "who you report to": secSupervision, "reporting": secSupervision,
	"reporting line": secSupervision, "reporting lines": secSupervision, "reports to": secSupervision,
	"reporting arrangements": secSupervision, "accountable to": secSupervision, "responsible to": secSupervision,
	"line management": secSupervision, "line manager": secSupervision, "managed by": secSupervision,
	"supervision and support": secSupervision, "reporting relationships": secSupervision,
	"organisational position": secSupervision, "reporting structure": secSupervision,
	"reporting to": secSupervision, "who you will report to": secSupervision, "line manager and team": secSupervision,

	"how to apply": secApply, "to apply": secApply, "applying": secApply, "application process": secApply,
	"how to apply for this job": secApply, "making an application": secApply,

	"person specification": secSpec, "person spec": secSpec, "personal specification": secSpec,
	"person specification criteria": secSpec, "selection criteria": secSpec,
	"essential and desirable criteria": secSpec, "criteria": secSpec, "skills and experience": secSpec,
	"about you": secSpec, "what we are looking for": secSpec, "what we're looking for": secSpec,
	"requirements": secSpec, "candidate requirements": secSpec, "the person": secSpec,
	"person requirements": secSpec, "the ideal candidate": secSpec, "shortlisting criteria": secSpec,
	"your skills and experience": secSpec, "who we are looking for": secSpec, "who you are": secSpec,
}

var dutyWords = []string{"duties", "duty", "responsibilities", "responsibility", "accountabilities",
	"tasks", "what you will do", "what you'll do", "main activities", "key result areas", "key areas",
	"deliverables", "objectives", "what the job involves", "day to day", "day-to-day"}

// sectionOf says which part of a job description a heading starts, and
// secOther for a heading it does not know.
func sectionOf(h string) section {
	k := headKey(h)
	if s, ok := sectionNames[k]; ok {
		return s
	}
	if strings.Contains(k, "person spec") || strings.Contains(k, "selection criteria") {
		return secSpec
	}
	if strings.Contains(k, "report to") || strings.HasPrefix(k, "reporting") || strings.HasPrefix(k, "supervision") {
		return secSupervision
	}
	for _, w := range dutyWords {
		if strings.Contains(k, w) {
			return secDuties
		}
	}
	return secOther
}

// leadIn reports whether a line introduces the list below it ("The post
// holder will:", "Duties include:") rather than naming a section.
func leadIn(s string) bool {
	t := strings.TrimSpace(s)
	if !strings.HasSuffix(t, ":") || knownHeading(t) {
		return false
	}
	k := " " + strings.ToLower(t)
	for _, w := range []string{" will", " include", " including", " you ", " be ", " are ", " is ", " to:", " following", " such as", " should", " must", " expected"} {
		if strings.Contains(k, w) {
			return true
		}
	}
	return false
}

// knownHeading reports whether s is a heading the rules know by name.
func knownHeading(s string) bool {
	return len(s) <= 80 && headingLike(s) && sectionOf(s) != secOther
}

// headingLike reports whether a one-line paragraph reads as a heading:
// short, no full stop, not starting in lower case.
func headingLike(s string) bool {
	if s == "" || len(s) > 90 || startsLower(s) {
		return false
	}
	t := strings.TrimRight(s, " ")
	if strings.HasSuffix(t, ".") || strings.HasSuffix(t, ",") || strings.HasSuffix(t, ";") {
		return false
	}
	if strings.Contains(t, ". ") {
		return false
	}
	return len(strings.Fields(t)) <= 12
}

// The facts a recruiter asks about, by the labels employers give them.
type factKey int

const (
	fNone factKey = iota
	fTitle
	fScope
	fSalary
	fBand
	fHours
	fContract
	fLocation
	fClosing
	fReference
	fContact
	fApply
	fSupervision // "Reports to: ...": the line is the supervision paragraph
)

var factLabels = map[string]factKey{
	"job title": fTitle, "post title": fTitle, "role title": fTitle, "title": fTitle, "position": fTitle,
	"post": fTitle, "role": fTitle, "job": fTitle, "position title": fTitle, "vacancy": fTitle,

	"job scope": fScope, "job purpose": fScope, "job summary": fScope, "main purpose": fScope,
	"purpose of the role": fScope, "purpose of the post": fScope, "role summary": fScope,

	"salary": fSalary, "pay": fSalary, "salary range": fSalary, "pay scale": fSalary, "remuneration": fSalary,
	"wage": fSalary, "rate of pay": fSalary, "starting salary": fSalary, "salary scale": fSalary, "pay range": fSalary,
	"band": fBand, "grade": fBand, "pay band": fBand, "pay grade": fBand, "agenda for change band": fBand, "afc band": fBand,
	"hours": fHours, "working hours": fHours, "hours of work": fHours, "working pattern": fHours,
	"hours per week": fHours, "working time": fHours, "shift pattern": fHours, "hours/working pattern": fHours,
	"working hours/pattern": fHours, "hours and working pattern": fHours, "pattern": fHours,
	"contract": fContract, "contract type": fContract, "type of contract": fContract, "employment type": fContract,
	"job type": fContract, "tenure": fContract, "contract length": fContract, "term": fContract,
	"location": fLocation, "base": fLocation, "based at": fLocation, "place of work": fLocation,
	"work location": fLocation, "site": fLocation, "office location": fLocation, "workplace": fLocation,
	"work base": fLocation, "job location": fLocation, "job locations": fLocation, "locations": fLocation, "base location": fLocation, "town": fLocation, "where": fLocation,
	"closing date": fClosing, "closing": fClosing, "apply by": fClosing, "application deadline": fClosing,
	"deadline": fClosing, "closes": fClosing, "closing date for applications": fClosing, "date posted": fNone,
	"reference": fReference, "job reference": fReference, "ref": fReference, "reference number": fReference,
	"job ref": fReference, "vacancy reference": fReference, "job id": fReference, "vacancy number": fReference,
	"ref no": fReference, "job reference number": fReference, "vacancy ref": fReference,
	"contact": fContact, "contact details": fContact, "informal enquiries": fContact, "enquiries": fContact,
	"for more information contact": fContact, "contact name": fContact, "for informal enquiries contact": fContact,
	"reports to": fSupervision, "responsible to": fSupervision, "accountable to": fSupervision,
	"line manager": fSupervision, "reporting to": fSupervision, "managed by": fSupervision,
	"supervised by": fSupervision, "reports into": fSupervision, "report to": fSupervision,
	"apply": fApply, "how to apply": fApply, "to apply": fApply, "application": fApply, "applications": fApply,
}

var labelRe = regexp.MustCompile(`^([\pL][\pL0-9 /&'’()-]{0,40}?)[\s\p{Zs}]*(?:[:：]|\.[\s\p{Zs}])[\s\p{Zs}]*(\S.*)$`)

// labelled splits "Salary: £30,000" into its fact and value. A full stop
// counts as the colon only for the title and scope ("Job title. ..."), as
// some exports write them.
func labelled(s string) (factKey, string, bool) {
	m := labelRe.FindStringSubmatch(s)
	if m == nil {
		return fNone, "", false
	}
	k, ok := factLabels[headKey(m[1])]
	if !ok || k == fNone {
		return fNone, "", false
	}
	colon := strings.ContainsAny(s[len(m[1]):], ":：") && !strings.HasPrefix(strings.TrimSpace(s[len(m[1]):]), ".")
	if !colon && k != fTitle && k != fScope {
		return fNone, "", false
	}
	return k, m[2], true
}

func isLabelLine(s string) bool {
	_, _, ok := labelled(s)
	return ok
}

// ticks are what a person specification writes in a level column to say
// the criterion is at that level.
func isTick(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "✓", "✔", "√", "x", "yes", "y", "*", "•", "+", "☑", "☒", "■", "●", "tick", "✗", "✘":
		return true
	}
	return false
}

// headerWords name the columns of a person specification that are not levels.
var areaHeads = map[string]bool{"area": true, "element": true, "category": true, "attribute": true,
	"attributes": true, "section": true, "heading": true, "factor": true, "competency": true, "competence": true,
	"criteria type": true, "": true, "requirement": true, "domain": true, "elements": true, "areas": true}

var textHeads = map[string]bool{"criteria": true, "criterion": true, "description": true, "requirements": true,
	"specification": true, "skills": true, "person specification": true, "qualities": true,
	"knowledge, skills and experience": true, "details": true, "selection criteria": true}

var assessHeads = []string{"assess", "how identified", "evidence", "method", "measured", "tested", "identified by", "a/i/t", "source"}

var levelValueHeads = map[string]bool{"e/d": true, "essential/desirable": true, "essential or desirable": true,
	"level": true, "e or d": true, "priority": true, "importance": true, "e / d": true, "essential / desirable": true}
