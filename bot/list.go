package bot

import (
	"fmt"
	"slices"
	"strings"

	"github.com/recruitbot/recruitbot/corpus"
)

// list answers "list the essential communication criteria", "what are the
// desirable qualifications?", "what are the admin responsibilities?" and,
// after a list, "and the desirable ones?". ok is false when the question
// asks about something in particular rather than for a list.
func (b *Bot) list(r *corpus.Role, p Parsed, last turn, haveLast bool) (a Answer, area string, level corpus.Level, ok bool) {
	area, used := findArea(r, p.Focus)
	if area == "" {
		if area = skillsArea(r, p.Words); area != "" {
			used = map[string]bool{"skill": true, "skills": true}
		}
	}
	rest := without(without(p.Focus, used), listFrame)
	rest = uncovered(rest, lxListFiller)
	level = p.Level
	if p.DutyNoun && !p.CriteriaCue && p.Level == "" {
		// Duties have no area: "the health, safety and quality duties" name
		// a heading even where an area shares its words.
		rest := uncovered(without(p.Focus, listFrame), lxListFiller)
		if g := groupNamed(r, rest); g != nil {
			return listDuties(r, g), "", "", true
		}
		if len(rest) == 0 && (p.ListCue || p.Level == "") {
			return listDuties(r, nil), "", "", true
		}
		return Answer{}, "", "", false
	}
	if len(rest) > 0 && area == "" && level == "" && !p.CriteriaCue {
		// "what's under rent and income?" names a heading without a duty
		// noun.
		if g := groupNamed(r, rest); g != nil {
			return listDuties(r, g), "", "", true
		}
	}
	if len(rest) > 0 {
		return Answer{}, "", "", false
	}
	if area == "" && haveLast && last.Intent == IntentList {
		// "and the desirable ones?" keeps the area of the list before.
		area = last.Area
		if level == "" {
			level = last.Level
		}
	}
	if area == "" && level == "" && !p.CriteriaCue {
		return Answer{}, "", "", false
	}
	return criteria(r, area, level), area, level, true
}

// listFrame are words that qualify a list without narrowing it: "the key
// duties", "the main criteria".
var listFrame = setOf(`key main core overall whole full general`)

// findArea finds the person-specification area the words name best, e.g.
// "communication" for "Communication" or "analytical" for "Analytical
// skills", and the words that named it.
func findArea(r *corpus.Role, ws []string) (string, map[string]bool) {
	best, bestN := "", 0
	var bestUsed map[string]bool
	stems := fieldStems(ws)
	for _, area := range r.Areas() {
		var used map[string]bool
		for _, aw := range tokens(area) {
			if aw == "skills" || aw == "and" || aw == "of" || len(aw) < 4 {
				continue
			}
			awStem := fieldStem(aw)
			for i, w := range ws {
				if sameWordStem(w, aw, stems[i], awStem) {
					if used == nil {
						used = map[string]bool{}
					}
					used[w] = true
				}
			}
		}
		if len(used) > bestN {
			best, bestN, bestUsed = area, len(used), used
		}
	}
	return best, bestUsed
}

// fieldStems are the fieldStem of each word, worked out once for a
// comparison with many.
func fieldStems(ws []string) []string {
	out := make([]string, len(ws))
	for i, w := range ws {
		out[i] = fieldStem(w)
	}
	return out
}

// skillsArea: "the essential skills" names the one area called skills,
// though "skills" alone is also a word for criteria in general.
func skillsArea(r *corpus.Role, ws []string) string {
	asks := false
	for _, w := range ws {
		asks = asks || w == "skills" || w == "skill"
	}
	if !asks {
		return ""
	}
	var only []string
	for _, area := range r.Areas() {
		if strings.Contains(strings.ToLower(area), "skill") {
			only = append(only, area)
		}
	}
	if len(only) != 1 {
		return ""
	}
	return only[0]
}

// sameWordStem matches a word against an area word loosely enough for
// "qualification"/"qualifications" and "communicate"/"communication", but
// not "community".
//
// wStem and areaStem are fieldStem(w) and fieldStem(area), worked out once
// by the caller.
func sameWordStem(w, area, wStem, areaStem string) bool {
	if w == area || w+"s" == area || w == area+"s" {
		return true
	}
	if len(w) == 4 && len(area) >= 8 && strings.HasPrefix(area, w) {
		return true // "tech" for "technical", "prof" for "professional"
	}
	n := commonPrefixLen(w, area)
	return n >= 8 || (n >= 6 && n == min(len(w), len(area))-1) || len(w) >= 4 && wStem == areaStem ||
		len(w) >= 5 && n == len(w) // "admin" for "administration"
}

func commonPrefixLen(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// findDutyGroup finds the group of duties the words name: a heading the
// duties sit under, or a group from the role file's duty_groups.
func findDutyGroup(r *corpus.Role, ws []string) (*corpus.DutyGroup, map[string]bool) {
	groups := append(append([]corpus.DutyGroup{}, r.DutyGroups...), r.SectionGroups()...)
	best, bestN := -1, 0
	var bestUsed map[string]bool
	stems := fieldStems(ws)
	for i, g := range groups {
		var used map[string]bool
		for _, gw := range tokens(g.Name) {
			if lxDuty.at([]string{gw}, 0) > 0 || lxFiller.at([]string{gw}, 0) > 0 || len(gw) < 4 || gw == "key" {
				continue
			}
			gwStem := fieldStem(gw)
			for j, w := range ws {
				if sameWordStem(w, gw, stems[j], gwStem) {
					if used == nil {
						used = map[string]bool{}
					}
					used[w] = true
				}
			}
		}
		if len(used) > bestN {
			best, bestN, bestUsed = i, len(used), used
		}
	}
	if best < 0 {
		// "the ASB heading": the initials of a heading's words.
		for i, g := range groups {
			ini := initials(tokens(g.Name))
			for _, w := range ws {
				if len(w) >= 3 && ini[w] && !lxFiller.has([]string{w}) {
					return &groups[i], map[string]bool{w: true}
				}
			}
		}
		return nil, nil
	}
	// The heading's short words and numbers name it too: "365" in
	// "accounts, devices and microsoft 365".
	for _, gw := range tokens(groups[best].Name) {
		if slices.Contains(ws, gw) {
			bestUsed[gw] = true
		}
	}
	return &groups[best], bestUsed
}

// groupNamed is the group of duties ws name with nothing else but the
// words a list is framed with ("heading", "section"); nil when they name
// none or say more.
func groupNamed(r *corpus.Role, ws []string) *corpus.DutyGroup {
	g, used := findDutyGroup(r, ws)
	if g == nil || len(uncovered(without(ws, used), lxListFiller)) > 0 {
		return nil
	}
	return g
}

// initials are the initials of each run of two to five of ts's words, past
// the small words a heading joins them with: "asb" for "anti-social
// behaviour and estate management".
func initials(ts []string) map[string]bool {
	var ws []string
	for _, t := range ts {
		if t != "and" && t != "of" && t != "the" && t != "&" && t != "" {
			ws = append(ws, t)
		}
	}
	out := map[string]bool{}
	for i := range ws {
		b := make([]byte, 0, 5)
		for j := i; j < len(ws) && j < i+5; j++ {
			b = append(b, ws[j][0])
			if len(b) >= 2 {
				out[string(b)] = true
			}
		}
	}
	return out
}

// listDuties lists the duties in brief: all of them, or those of a group.
func listDuties(r *corpus.Role, g *corpus.DutyGroup) Answer {
	items := r.Duties()
	name := ""
	if g != nil {
		items = nil
		for _, n := range g.Duties {
			if d, ok := r.Duty(n); ok {
				items = append(items, d)
			}
		}
		name = g.Name
	}
	return dutyList(r, name, items)
}

// duties answers a question naming duties by number or position.
func duties(r *corpus.Role, ref DutyRef) Answer {
	if len(ref.Under) > 0 {
		// "the 2nd duty under the safety heading" counts within the
		// heading; a duty number the heading holds is that duty.
		if g, _ := findDutyGroup(r, ref.Under); g != nil {
			return dutiesUnder(r, g, ref)
		}
	}
	var all []int // the duties' numbers, in order
	for _, it := range r.Items {
		if it.Kind == corpus.Duty {
			all = append(all, it.Number)
		}
	}
	total := len(all)
	nums := append([]int{}, ref.Nums...)
	if ref.First > 0 {
		for i := 1; i <= min(ref.First, total, 20); i++ {
			nums = append(nums, i)
		}
	}
	if ref.Last > 0 && total > 0 {
		for i := max(total-min(ref.Last, 20)+1, 1); i <= total; i++ {
			nums = append(nums, all[i-1])
		}
	}
	if ref.FromEnd > 0 && ref.FromEnd <= total {
		nums = append(nums, all[total-ref.FromEnd])
	}
	var found []corpus.Item
	var missing []int
	seen := map[int]bool{}
	for _, n := range nums {
		if seen[n] {
			continue
		}
		seen[n] = true
		if it, ok := r.Duty(n); ok {
			found = append(found, it)
		} else {
			missing = append(missing, n)
		}
	}
	return dutyAnswer(r, found, missing, total)
}

// dutiesUnder answers a question counting duties within group g.
func dutiesUnder(r *corpus.Role, g *corpus.DutyGroup, ref DutyRef) Answer {
	var in []corpus.Item
	for _, n := range g.Duties {
		if d, ok := r.Duty(n); ok {
			in = append(in, d)
		}
	}
	total := len(in)
	var pos []int // 1-based places within the group
	for _, n := range ref.Nums {
		if slices.Contains(g.Duties, n) {
			pos = append(pos, slices.Index(g.Duties, n)+1)
		} else {
			pos = append(pos, n)
		}
	}
	for i := 1; i <= min(ref.First, total, 20); i++ {
		pos = append(pos, i)
	}
	for i := max(total-min(ref.Last, 20)+1, 1); ref.Last > 0 && i <= total; i++ {
		pos = append(pos, i)
	}
	if ref.FromEnd > 0 && ref.FromEnd <= total {
		pos = append(pos, total-ref.FromEnd+1)
	}
	var found []corpus.Item
	seen := map[int]bool{}
	for _, p := range pos {
		if !seen[p] && p >= 1 && p <= total {
			found = append(found, in[p-1])
		}
		seen[p] = true
	}
	if len(found) == 0 {
		// "the 9th duty under safety" of four: say how many there are.
		return Answer{Intent: IntentDuty, Text: fmt.Sprintf("The %s job description has %d %s under %q.", r.Title, total, plural(total, "duty", "duties"), g.Name)}
	}
	return dutyAnswer(r, found, nil, len(r.Duties()))
}
