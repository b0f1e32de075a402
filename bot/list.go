package bot

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

var (
	listVerb   = regexp.MustCompile(`\b(list|show|give|enumerate|what are|which are|what're|what is|tell me)\b|^(what|which)\b`)
	listWords  = set(`list show give enumerate tell criteria criterion skills skill qualities attributes spec specification person key main duties duty responsibilities areas area level levels everything every each nice`)
	dutyWords  = set(`duties responsibilities duty responsibility`)
	critWords  = set(`criteria criterion requirements requirement skills qualities specification spec`)
	needLevel  = regexp.MustCompile(`\b(need|needs|needed|must|required|require|essential)\b`)
	desireWord = regexp.MustCompile(`\b(desirable|nice to have|preferred|advantage|bonus|plus)\b`)
)

// list answers "list the essential communication criteria", "what are the
// desirable qualifications?", "what are the duties?".
func (b *Bot) list(r *request) (Answer, bool) {
	area, areaWords := findArea(r.role, r.words)
	level := corpus.Level("")
	switch {
	case desireWord.MatchString(r.lower):
		level = corpus.Desirable
	case needLevel.MatchString(r.lower):
		level = corpus.Essential
	}
	var crit, duties bool
	for _, w := range r.words {
		crit = crit || critWords[w]
		duties = duties || dutyWords[w]
	}
	drop := map[string]bool{}
	for w := range areaWords {
		drop[w] = true
	}
	for w := range listWords {
		drop[w] = true
	}
	asksList := listVerb.MatchString(r.lower)
	if duties && !crit && area == "" && asksList {
		// "what are the administration responsibilities?" names a group
		if g, used := findDutyGroup(r.role, r.words); g != nil {
			for w := range used {
				drop[w] = true
			}
			if topicText(r.words, drop) == "" {
				return listDuties(r.role, g), true
			}
		}
	}
	if topicText(r.words, drop) != "" {
		return Answer{}, false // it asks about something in particular
	}
	switch {
	case duties && !crit && area == "" && asksList:
		return listDuties(r.role, nil), true
	case area != "" && (asksList || isRequirement(r.lower)):
	case (crit || level != "") && asksList:
	default:
		return Answer{}, false
	}
	return criteria(r.role, area, level), true
}

// findArea finds a person-specification area named by the words, e.g.
// "communication" for "Communication" or "analytical" for "Analytical skills".
func findArea(r *corpus.Role, ws []string) (string, map[string]bool) {
	for _, area := range r.Areas() {
		used := map[string]bool{}
		for _, aw := range words(area) {
			if aw == "skills" || aw == "and" || len(aw) < 4 {
				continue
			}
			for _, w := range ws {
				if sameWord(w, aw) {
					used[w] = true
				}
			}
		}
		if len(used) > 0 {
			return area, used
		}
	}
	return "", nil
}

// sameWord matches a word against an area word loosely enough for
// "qualification"/"qualifications" and "communicate"/"communication", but
// not "community".
func sameWord(w, area string) bool {
	if w == area || w+"s" == area || w == area+"s" {
		return true
	}
	n := commonPrefixLen(w, area)
	return n >= 8 || (n >= 6 && n == min(len(w), len(area))-1)
}

func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// criteria lists the criteria of an area and level (either may be empty).
func criteria(r *corpus.Role, area string, level corpus.Level) Answer {
	items := r.Criteria(area, level)
	what := "criteria"
	if level != "" {
		what = strings.ToLower(level.Title()) + " criteria"
	}
	if area != "" {
		what = fmt.Sprintf("%s for %s", what, area)
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s person specification has no %s.", r.Title, what)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s person specification has %d %s:", r.Title, len(items), what)
	lastArea := ""
	for _, it := range items {
		if area == "" && it.Area != lastArea {
			fmt.Fprintf(&b, "\n%s:", it.Area)
			lastArea = it.Area
		}
		if level == "" {
			fmt.Fprintf(&b, "\n• %s (%s)", it.Text, it.Level.Title())
		} else {
			fmt.Fprintf(&b, "\n• %s", it.Text)
		}
	}
	cs := make([]Citation, len(items))
	for i, it := range items {
		cs[i] = cite(r, it)
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs}
}

// findDutyGroup finds the group of duties the words name: a heading the
// duties sit under, or a group from the role file's duty_groups.
func findDutyGroup(r *corpus.Role, ws []string) (*corpus.DutyGroup, map[string]bool) {
	groups := append(append([]corpus.DutyGroup{}, r.DutyGroups...), r.SectionGroups()...)
	for i, g := range groups {
		used := map[string]bool{}
		for _, gw := range words(g.Name) {
			if generic[gw] || dutyWords[gw] || len(gw) < 4 || gw == "key" {
				continue
			}
			for _, w := range ws {
				if sameWord(w, gw) {
					used[w] = true
				}
			}
		}
		if len(used) > 0 {
			return &groups[i], used
		}
	}
	return nil, nil
}

// listDuties lists the duties in brief: all of them, or those of a group.
func listDuties(r *corpus.Role, g *corpus.DutyGroup) Answer {
	items := r.Duties()
	what := "key duties"
	if g != nil {
		items = nil
		for _, n := range g.Duties {
			if d, ok := r.Duty(n); ok {
				items = append(items, d)
			}
		}
		what = "duties under " + g.Name
	}
	if len(items) == 0 {
		return Answer{Intent: IntentList, Text: fmt.Sprintf("The %s job description has no numbered duties.", r.Title)}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The %s role has %d %s:", r.Title, len(items), what)
	cs := make([]Citation, len(items))
	for i, it := range items {
		fmt.Fprintf(&b, "\n%d. %s", it.Number, shorten(firstSentence(it.Text), 120))
		cs[i] = cite(r, it)
	}
	return Answer{Intent: IntentList, Answered: true, Text: b.String(), Citations: cs}
}
